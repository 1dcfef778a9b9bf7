import { padDomain } from '../axes.js';
import { type PointList, points, union } from '../data.js';
import { VizError } from '../errors.js';
import type { LegendEntry } from '../legend.js';
import { type AxesOptions, requireOptions, resolveBase } from '../options.js';
import type { palette } from '../palette.js';
import { mapSeries, requireSeries } from '../series.js';
import { svgDocument } from '../svg/document.js';
import { el, element } from '../svg/element.js';
import { renderXYChart, xyChartFrame } from '../xy-frame.js';

/**
 * One named point set of a {@link scatter}.
 *
 * @example
 * ```ts
 * import type { ScatterSeries } from '@descent/viz';
 * const s: ScatterSeries = { name: 'class 0', points: [[0.1, 0.2], { x: 0.3, y: 0.1 }] };
 * ```
 */
export interface ScatterSeries {
  readonly name: string;
  /** Points; any with a non-finite coordinate is skipped. */
  readonly points: PointList;
  /** Fill colour (default: the next {@link palette} colour). */
  readonly color?: string;
  /** Radius in pixels (default 3.5). */
  readonly radius?: number;
}

/**
 * Input of {@link scatter}.
 *
 * @example
 * ```ts
 * import type { ScatterOptions } from '@descent/viz';
 * const o: ScatterOptions = { series: [{ name: 'data', points: [[1, 2], [2, 3]] }], xLabel: 'HP' };
 * ```
 */
export interface ScatterOptions extends AxesOptions {
  readonly series: readonly ScatterSeries[];
  /** Fixed x range (default: the data's, extended to nice ticks). */
  readonly xDomain?: readonly [number, number];
  /** Fixed y range (default: the data's, extended to nice ticks). */
  readonly yDomain?: readonly [number, number];
  /** Fill opacity of the points (default 0.8). */
  readonly opacity?: number;
  /** Cycle through these colours (default {@link palette}). */
  readonly colors?: readonly string[];
}

const FN = 'scatter';

/**
 * Named sets of points with axes and a legend. Points with a non-finite coordinate are skipped.
 *
 * @returns a standalone SVG document string.
 * @throws {@link VizError} for no series, malformed points or bad domains.
 * @example
 * ```ts
 * import { scatter } from '@descent/viz';
 * const svg = scatter({
 *   series: [
 *     { name: 'raw', points: [[10, 120], [20, 300], [35, 510]] },
 *     { name: 'standardized', points: [[-1.1, -1.2], [-0.2, 0], [1.3, 1.2]] },
 *   ],
 *   xLabel: 'x1', yLabel: 'x2',
 * });
 * ```
 */
export function scatter(options: ScatterOptions): string {
  requireOptions(FN, options, 'a series array');
  const base = resolveBase(FN, options, { width: 560, height: 420 });
  requireSeries(FN, options.series, 'points');
  let xExt: [number, number] | undefined;
  let yExt: [number, number] | undefined;
  const series = mapSeries(FN, options, 'points', (s, color) => {
    const p = points(FN, `series "${s.name}" points`, s.points);
    let kept = 0;
    for (let k = 0; k < p.xs.length; k++) {
      const a = p.xs[k] as number;
      const b = p.ys[k] as number;
      if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
      kept++;
      xExt = union(xExt, [a, a]);
      yExt = union(yExt, [b, b]);
    }
    return { s, ...p, kept, color };
  });
  const dom = (
    name: string,
    d: readonly [number, number] | undefined,
    ext: [number, number] | undefined,
  ): [number, number] => {
    if (d === undefined) return padDomain(ext, false);
    if (!Array.isArray(d) || d.length !== 2 || !d.every(Number.isFinite) || !(d[0] < d[1])) {
      throw new VizError(
        FN,
        `${name} must be [min, max] with finite min < max, got ${JSON.stringify(d)}`,
      );
    }
    return [d[0], d[1]];
  };
  const xDomain = dom('xDomain', options.xDomain, xExt);
  const yDomain = dom('yDomain', options.yDomain, yExt);
  const entries: LegendEntry[] =
    (options.legend ?? true)
      ? series.map((p) => ({ name: p.s.name, color: p.color, kind: 'circle' }))
      : [];
  const frame = xyChartFrame(FN, base, options, entries, {
    x: { domain: xDomain, nice: options.xDomain === undefined },
    y: { domain: yDomain, nice: options.yDomain === undefined },
  });
  const { x, y } = frame;
  const description =
    base.description ??
    `Scatter plot of ${series.length} series: ${series.map((p) => `${p.s.name} (${p.kept} points${p.kept < p.xs.length ? `, ${p.xs.length - p.kept} non-finite skipped` : ''})`).join(', ')}.`;
  return svgDocument({
    kind: 'scatter',
    ...base,
    title: base.title ?? 'Scatter plot',
    description,
    body: (id) => {
      const groups = series.map((p) => {
        const dots: string[] = [];
        for (let k = 0; k < p.xs.length; k++) {
          const a = p.xs[k] as number;
          const b = p.ys[k] as number;
          if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
          const cx = x.map(a);
          const cy = y.map(b);
          if (
            !Number.isFinite(cx) ||
            !Number.isFinite(cy) ||
            Math.abs(cx) > 1e6 ||
            Math.abs(cy) > 1e6
          )
            continue;
          dots.push(el('circle', { cx, cy, r: p.s.radius ?? 3.5 }));
        }
        return element(
          'g',
          {
            class: 'viz-series',
            'data-name': p.s.name,
            fill: p.color,
            'fill-opacity': options.opacity ?? 0.8,
            stroke: 'white',
            'stroke-width': 0.6,
          },
          dots,
        );
      });
      return renderXYChart(frame, id, groups, 4);
    },
  });
}
