import { padDomain } from '../axes.js';
import { bandPolygons, polygonsPath } from '../band.js';
import { type NumericData, numbers, union } from '../data.js';
import { VizError } from '../errors.js';
import { decimate, polylineRuns, runsPath } from '../geometry.js';
import type { LegendEntry } from '../legend.js';
import { type AxesOptions, requireOptions, resolveBase } from '../options.js';
import type { palette } from '../palette.js';
import { mapSeries, requireSeries } from '../series.js';
import { svgDocument } from '../svg/document.js';
import { el } from '../svg/element.js';
import { renderXYChart, xyChartFrame } from '../xy-frame.js';

/**
 * One named line of a {@link lineChart}.
 *
 * @example
 * ```ts
 * import type { LineSeries } from '@descent/viz';
 * const train: LineSeries = { name: 'train', y: [2.3, 1.1, 0.6, 0.4] };
 * const test: LineSeries = { name: 'test', y: [2.4, 1.3, 0.9], x: [0, 2, 3], dash: '4 3' };
 * ```
 */
export interface LineSeries {
  /** Shown in the legend. */
  readonly name: string;
  /** The values; NaN and ±Infinity are drawn as gaps. */
  readonly y: NumericData;
  /** x of each value (default 0, 1, 2, …); must have as many entries as `y`. */
  readonly x?: NumericData;
  /** Stroke colour (default: the next {@link palette} colour). */
  readonly color?: string;
  /** SVG stroke-dasharray, e.g. `'4 3'`. */
  readonly dash?: string;
  /** Stroke width (default 2). */
  readonly strokeWidth?: number;
  /**
   * A shaded band around the line, e.g. the spread over seeds or the 15th–85th percentiles:
   * `lower` and `upper` have one value per y value; a non-finite value breaks the band.
   */
  readonly band?: LineBand;
}

/**
 * The shaded band of a {@link LineSeries}: a filled area from `lower` to `upper`, drawn in the
 * series' colour under its line.
 *
 * @example
 * ```ts
 * import type { LineBand } from '@descent/viz';
 * const spread: LineBand = { lower: [0.8, 0.9, 0.93], upper: [0.86, 0.94, 0.95], opacity: 0.2 };
 * ```
 */
export interface LineBand {
  readonly lower: NumericData;
  readonly upper: NumericData;
  /** Fill opacity (default 0.2). */
  readonly opacity?: number;
}

/**
 * Input of {@link lineChart}.
 *
 * @example
 * ```ts
 * import type { LineChartOptions } from '@descent/viz';
 * const o: LineChartOptions = {
 *   series: [{ name: 'loss', y: [1, 0.1, 0.01] }], yScale: 'log', xLabel: 'step', yLabel: 'loss',
 * };
 * ```
 */
export interface LineChartOptions extends AxesOptions {
  readonly series: readonly LineSeries[];
  /** `'log'` drops values ≤ 0 as gaps (default `'linear'`). */
  readonly yScale?: 'linear' | 'log';
  /** Fixed x range; by default the data's range, extended to nice ticks. */
  readonly xDomain?: readonly [number, number];
  /** Fixed y range; parts of lines outside it are clipped. */
  readonly yDomain?: readonly [number, number];
  /** Cycle through these colours (default {@link palette}). */
  readonly colors?: readonly string[];
}

interface Prepared {
  readonly s: LineSeries;
  readonly xs: ArrayLike<number>;
  readonly ys: ArrayLike<number>;
  readonly band: PreparedBand | null;
  readonly color: string;
}

interface PreparedBand {
  readonly lower: ArrayLike<number>;
  readonly upper: ArrayLike<number>;
  readonly opacity: number;
}

const FN = 'lineChart';

/**
 * Draws named series as lines, for loss curves and the like: linear or log y axis, ticks, labels,
 * and a legend. Non-finite values (and values ≤ 0 on a log axis) break the line.
 *
 * @returns a standalone SVG document string.
 * @throws {@link VizError} for no series, an empty series, mismatched x/y lengths or bad ranges.
 * @example
 * ```ts
 * import { lineChart } from '@descent/viz';
 * const svg = lineChart({
 *   title: 'Learning rate',
 *   series: [
 *     { name: 'η = 0.001', y: [10, 9.8, 9.6, 9.4] },
 *     { name: 'η = 0.1', y: [10, 2, 0.5, 0.1] },
 *   ],
 *   yScale: 'log',
 *   xLabel: 'update',
 *   yLabel: 'loss',
 * });
 * ```
 */
export function lineChart(options: LineChartOptions): string {
  requireOptions(FN, options, 'a series array');
  const base = resolveBase(FN, options, { width: 640, height: 400 });
  const log = (options.yScale ?? 'linear') === 'log';
  if (options.yScale !== undefined && options.yScale !== 'linear' && options.yScale !== 'log') {
    throw new VizError(
      FN,
      `yScale must be 'linear' or 'log', got ${JSON.stringify(options.yScale)}`,
    );
  }
  requireSeries(FN, options.series, 'y');
  const series: Prepared[] = mapSeries(FN, options, 'a y array', (s, color) => {
    const ys = numbers(FN, `series "${s.name}" y`, s.y);
    if (ys.length === 0) throw new VizError(FN, `series "${s.name}" has no y values`);
    let xs: ArrayLike<number>;
    if (s.x === undefined) {
      xs = Array.from({ length: ys.length }, (_, j) => j);
    } else {
      xs = numbers(FN, `series "${s.name}" x`, s.x);
      if (xs.length !== ys.length) {
        throw new VizError(
          FN,
          `series "${s.name}" has ${xs.length} x values but ${ys.length} y values`,
        );
      }
    }
    return { s, xs, ys, band: prepareBand(s, ys.length), color };
  });

  const keepY = log ? (v: number) => v > 0 : () => true;
  let xExt: [number, number] | undefined;
  let yExt: [number, number] | undefined;
  for (const p of series) {
    for (let i = 0; i < p.ys.length; i++) {
      const x = p.xs[i] as number;
      const y = p.ys[i] as number;
      if (!Number.isFinite(x)) continue;
      for (const v of [y, p.band?.lower[i] ?? y, p.band?.upper[i] ?? y]) {
        if (!Number.isFinite(v) || !keepY(v)) continue;
        xExt = union(xExt, [x, x]);
        yExt = union(yExt, [v, v]);
      }
    }
  }
  const xDomain = options.xDomain
    ? rangeOf('xDomain', options.xDomain, false)
    : padDomain(xExt, false);
  const yDomain = options.yDomain ? rangeOf('yDomain', options.yDomain, log) : padDomain(yExt, log);

  const showLegend = options.legend ?? true;
  const entries: LegendEntry[] = showLegend
    ? series.map((p) => ({ name: p.s.name, color: p.color, kind: 'line', dash: p.s.dash }))
    : [];
  const frame = xyChartFrame(FN, base, options, entries, {
    x: { domain: xDomain, nice: !options.xDomain },
    y: { domain: yDomain, nice: !options.yDomain, log },
  });
  const { plot, x, y } = frame;
  // Clip a little outside the plot so lines on the edge keep their full stroke width.
  const bounds = { x: plot.x - 4, y: plot.y - 4, width: plot.width + 8, height: plot.height + 8 };

  const description =
    base.description ??
    `Line chart (${log ? 'log' : 'linear'} y axis) of ${series.length} series: ${series
      .map((p) => `${p.s.name} (${p.ys.length} points${p.band ? ', with a shaded band' : ''})`)
      .join(', ')}.`;
  return svgDocument({
    kind: 'line',
    ...base,
    title: base.title ?? 'Line chart',
    description,
    body: (id) => {
      const bands = series.flatMap((p) => {
        if (!p.band) return [];
        const { lower, upper, opacity } = p.band;
        const px = Float64Array.from(p.xs, (v) => x.map(v));
        const pixels = (vs: ArrayLike<number>): Float64Array =>
          Float64Array.from(vs, (v) => (keepY(v) ? y.map(v) : Number.NaN));
        const polygons = bandPolygons(px, pixels(lower), pixels(upper), bounds);
        if (polygons.length === 0) return [];
        return [
          el('path', {
            class: 'viz-band',
            'data-name': p.s.name,
            d: polygonsPath(polygons),
            fill: p.color,
            'fill-opacity': opacity,
            stroke: 'none',
          }),
        ];
      });
      const paths = series.map((p) => {
        const px = new Float64Array(p.ys.length);
        const py = new Float64Array(p.ys.length);
        for (let i = 0; i < p.ys.length; i++) {
          const yv = p.ys[i] as number;
          const xv = p.xs[i] as number;
          const ok = Number.isFinite(xv) && Number.isFinite(yv) && keepY(yv);
          px[i] = ok ? x.map(xv) : Number.NaN;
          py[i] = ok ? y.map(yv) : Number.NaN;
        }
        // More points than pixel columns can show: keep each column's first, lowest, highest
        // and last point (the same picture, and a file that does not grow with the run).
        const line = px.length > 4 * plot.width ? decimate(px, py) : { px, py };
        return el('path', {
          class: 'viz-series',
          'data-name': p.s.name,
          d: runsPath(polylineRuns(line.px, line.py, bounds)),
          fill: 'none',
          stroke: p.color,
          'stroke-width': p.s.strokeWidth ?? 2,
          'stroke-dasharray': p.s.dash,
          'stroke-linejoin': 'round',
          'stroke-linecap': 'round',
        });
      });
      // Bands first, so every line stays visible on top of every band.
      return renderXYChart(frame, id, [...bands, ...paths], 0);
    },
  });

  function prepareBand(s: LineSeries, length: number): PreparedBand | null {
    if (s.band === undefined) return null;
    const what = `series "${s.name}" band`;
    if (typeof s.band !== 'object' || s.band === null) {
      throw new VizError(FN, `${what} must be an object { lower, upper }, got ${s.band}`);
    }
    const lower = numbers(FN, `${what} lower`, s.band.lower);
    const upper = numbers(FN, `${what} upper`, s.band.upper);
    for (const [name, vs] of [
      ['lower', lower],
      ['upper', upper],
    ] as const) {
      if (vs.length !== length) {
        throw new VizError(FN, `${what} has ${vs.length} ${name} values but ${length} y values`);
      }
    }
    const opacity = s.band.opacity ?? 0.2;
    if (typeof opacity !== 'number' || !(opacity >= 0 && opacity <= 1)) {
      throw new VizError(FN, `${what} opacity must be a number in [0, 1], got ${opacity}`);
    }
    return { lower, upper, opacity };
  }

  function rangeOf(
    name: string,
    r: readonly [number, number],
    positiveOnly: boolean,
  ): [number, number] {
    if (!Array.isArray(r) || r.length !== 2 || !r.every(Number.isFinite) || !(r[0] < r[1])) {
      throw new VizError(
        FN,
        `${name} must be [min, max] with finite min < max, got ${JSON.stringify(r)}`,
      );
    }
    if (positiveOnly && r[0] <= 0) {
      throw new VizError(FN, `${name} must be positive on a log scale, got [${r[0]}, ${r[1]}]`);
    }
    return [r[0], r[1]];
  }
}
