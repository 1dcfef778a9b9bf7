import { type SequentialScheme, schemeInterpolator } from '../colors.js';
import { contourLevels, fillPath, type Level, linePath } from '../contour-geometry.js';
import { type PointList, points } from '../data.js';
import { VizError } from '../errors.js';
import { polylineRuns, runsPath } from '../geometry.js';
import { type GridInput, sampleGrid } from '../grid.js';
import { gridChartLayout, renderGridChart } from '../grid-frame.js';
import type { LegendEntry } from '../legend.js';
import { arrowHead, endMarker, startMarker } from '../markers.js';
import { type AxesOptions, positiveInt, resolveBase } from '../options.js';
import { svgDocument } from '../svg/document.js';
import { el, group } from '../svg/element.js';
import { sig, sigList } from '../svg/format.js';

/**
 * A path across a {@link contourPlot}, e.g. the parameters an optimizer visited.
 *
 * @example
 * ```ts
 * import type { Trajectory } from '@descent/viz';
 * const gd: Trajectory = { name: 'GD', points: [[-8, 3], [-6, 1], [-4.5, 0.3]], arrows: true };
 * ```
 */
export interface Trajectory {
  /** Shown in the legend. */
  readonly name: string;
  /** Points `[w1, w2]` in order; non-finite points break the path. */
  readonly points: PointList;
  /** Stroke colour (default: the next trajectory colour). */
  readonly color?: string;
  /** Arrowheads along the path: `true` for up to 6, or how many (default false). */
  readonly arrows?: boolean | number;
  /** Start (circle) and end (star) markers (default true). */
  readonly markers?: boolean;
  /** Small dots at every point, to show individual steps (default false). */
  readonly dots?: boolean;
  /** Stroke width (default 2). */
  readonly strokeWidth?: number;
}

/**
 * Options of {@link contourPlot}.
 *
 * @example
 * ```ts
 * import type { ContourPlotOptions } from '@descent/viz';
 * const o: ContourPlotOptions = { levels: 12, levelSpacing: 'log', equalAspect: true, xLabel: 'w1' };
 * ```
 */
export interface ContourPlotOptions extends AxesOptions {
  /**
   * How many levels (default 10). With linear spacing d3-contour picks nice values close to this
   * count, exactly as `contours().thresholds(levels)`; with log spacing there are exactly this many.
   */
  readonly levels?: number;
  /** `'log'` spaces levels geometrically, for surfaces spanning decades (default `'linear'`). */
  readonly levelSpacing?: 'linear' | 'log';
  /** Explicit level values; overrides `levels` and `levelSpacing`. */
  readonly thresholds?: readonly number[];
  /** Fill the bands between levels (default true); otherwise draw coloured lines only. */
  readonly filled?: boolean;
  /** Draw the isolines (default true). */
  readonly lines?: boolean;
  /** Colour scheme of the levels, low to high (default `'ylgnbu'` reversed: dark = low). */
  readonly colorScheme?: SequentialScheme | ((t: number) => string);
  /** Reverse the scheme (default true for the default scheme, false otherwise). */
  readonly reverseColors?: boolean;
  /** Paths to draw over the surface. */
  readonly trajectories?: readonly Trajectory[];
  /** Same data units per pixel on both axes, so circles look round (default false). */
  readonly equalAspect?: boolean;
  /** Show the levels as a colour bar beside the plot (default true). */
  readonly colorbar?: boolean;
  /** Title above the colour bar (e.g. `'loss'`). */
  readonly colorbarLabel?: string;
  /** Colours for trajectories without their own. */
  readonly trajectoryColors?: readonly string[];
}

/**
 * Default trajectory colours: strong hues that stay visible on the default blue-green surface.
 *
 * @example
 * ```ts
 * import { trajectoryPalette } from '@descent/viz';
 * trajectoryPalette[0]; // '#e4002b'
 * ```
 */
export const trajectoryPalette: readonly string[] = [
  '#e4002b',
  '#ff8c00',
  '#b000b5',
  '#111111',
  '#00a651',
];

/** The most contour levels: each is traced over the whole grid. */
const MAX_LEVELS = 1000;

const FN = 'contourPlot';

/** Geometric levels from the smallest positive to the largest value, rounded to 2 significant digits. */
function logLevels(values: Float64Array, count: number): number[] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v > 0 && v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > 0) || !(lo < hi)) {
    throw new VizError(
      FN,
      `levelSpacing 'log' needs positive values spanning a range; the surface's positive values span [${sig(lo)}, ${sig(hi)}]`,
    );
  }
  const ratio = (hi / lo) ** (1 / count);
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    const v = Number((lo * ratio ** k).toPrecision(2));
    if (out[out.length - 1] !== v) out.push(v);
  }
  return out;
}

/**
 * Contours of a 2-D surface — the error surface of a two-parameter model — with the paths
 * optimizers took across it. Levels come from d3-contour's marching squares; bands are filled with
 * a sequential scheme; trajectories get a start circle, an end star, optional arrowheads, and are
 * clipped to the plot so a diverging path is not drawn across the page.
 *
 * @param surface - a function sampled over `x` × `y`, or precomputed grid values.
 * @returns a standalone SVG document string.
 * @throws {@link VizError} for a zero or non-finite range, a bad grid, a surface with no finite value,
 * or malformed trajectories.
 * @example
 * ```ts
 * import { contourPlot } from '@descent/viz';
 * // gradient descent on an elongated bowl
 * const path: [number, number][] = [[-9, 3]];
 * for (let t = 0; t < 30; t++) {
 *   const [a, b] = path[path.length - 1] as [number, number];
 *   path.push([a - 0.09 * 2 * a, b - 0.09 * 20 * b]);
 * }
 * const svg = contourPlot(
 *   { f: (w1, w2) => w1 ** 2 + 10 * w2 ** 2, x: [-10, 10], y: [-4, 4] },
 *   { levels: 10, levelSpacing: 'log', equalAspect: true,
 *     trajectories: [{ name: 'gradient descent', points: path, arrows: true }],
 *     title: 'Unscaled features', xLabel: 'w1', yLabel: 'w2' },
 * );
 * ```
 */
export function contourPlot(surface: GridInput, options: ContourPlotOptions = {}): string {
  let base = resolveBase(FN, options, { width: 560, height: 440 });
  const grid = sampleGrid(FN, surface, 100);
  let finite = 0;
  for (const v of grid.values) if (Number.isFinite(v)) finite++;
  if (finite === 0) throw new VizError(FN, 'the surface has no finite value in the given range');

  let thresholds: number | number[];
  if (options.thresholds !== undefined) {
    if (!Array.isArray(options.thresholds) || options.thresholds.length === 0) {
      throw new VizError(FN, 'thresholds must be a non-empty array of finite numbers');
    }
    if (options.thresholds.length > MAX_LEVELS) {
      throw new VizError(
        FN,
        `thresholds must hold at most ${MAX_LEVELS} levels, got ${options.thresholds.length}`,
      );
    }
    for (const t of options.thresholds) {
      if (typeof t !== 'number' || !Number.isFinite(t)) {
        throw new VizError(FN, `thresholds must be finite numbers, got ${String(t)}`);
      }
    }
    thresholds = [...new Set(options.thresholds as number[])].sort((a, b) => a - b);
  } else {
    const count = options.levels ?? 10;
    positiveInt(FN, 'levels', count, 1, MAX_LEVELS);
    const spacing = options.levelSpacing ?? 'linear';
    if (spacing !== 'linear' && spacing !== 'log') {
      throw new VizError(
        FN,
        `levelSpacing must be 'linear' or 'log', got ${JSON.stringify(spacing)}`,
      );
    }
    thresholds = spacing === 'log' ? logLevels(grid.values, count) : count;
  }
  const levels: Level[] = contourLevels(grid, thresholds);

  const scheme = options.colorScheme ?? 'ylgnbu';
  const interp = schemeInterpolator(FN, scheme);
  const reverse = options.reverseColors ?? options.colorScheme === undefined;
  const filled = options.filled ?? true;
  // Filled bands start a little into the scheme so the lowest band is not white-on-white.
  const colorAt = (k: number): string => {
    const t = levels.length === 1 ? 0.5 : k / (levels.length - 1);
    const u = filled ? 0.08 + 0.84 * t : 0.25 + 0.75 * t;
    return interp(reverse ? 1 - u : u);
  };

  const trajColors =
    options.trajectoryColors && options.trajectoryColors.length > 0
      ? options.trajectoryColors
      : trajectoryPalette;
  const trajectories = (options.trajectories ?? []).map((t, i) => {
    if (typeof t !== 'object' || t === null || typeof t.name !== 'string') {
      throw new VizError(FN, `trajectories[${i}] must be an object with a string name and points`);
    }
    const p = points(FN, `trajectory "${t.name}" points`, t.points);
    if (p.xs.length === 0) throw new VizError(FN, `trajectory "${t.name}" has no points`);
    return { t, ...p, color: t.color ?? (trajColors[i % trajColors.length] as string) };
  });

  const showLegend = options.legend ?? trajectories.length > 0;
  const entries: LegendEntry[] = showLegend
    ? trajectories.map((t) => ({ name: t.t.name, color: t.color, kind: 'line' }))
    : [];
  const barLabels = sigList(
    levels.map((l) => l.value),
    3,
  );
  const bar =
    (options.colorbar ?? true) && levels.length > 0
      ? {
          colors: levels.map((_, k) => colorAt(k)),
          labels: barLabels,
          title: options.colorbarLabel,
          minHeight: base.fontSize * 2.5 + Math.min(levels.length, 12) * 9,
        }
      : undefined;
  const layout = gridChartLayout(FN, base, options, grid, entries, bar);
  base = layout.base;
  const { plot, x, y } = layout;
  const toPx = (gx: number, gy: number): readonly [number, number] => [
    plot.x + (gx / grid.nx) * plot.width,
    plot.y + plot.height - (gy / grid.ny) * plot.height,
  ];

  const description =
    base.description ??
    `Contour plot over ${grid.x[0]} ≤ x ≤ ${grid.x[1]}, ${grid.y[0]} ≤ y ≤ ${grid.y[1]} with ${levels.length} levels (${barLabels.join(', ')})` +
      (trajectories.length > 0
        ? ` and ${trajectories.length} trajectories: ${trajectories.map((t) => `${t.t.name} (${t.xs.length} points)`).join(', ')}.`
        : '.');

  return svgDocument({
    kind: 'contour',
    ...base,
    title: base.title ?? 'Contour plot',
    description,
    body: (id) => {
      const bands = filled
        ? levels.map((l, k) =>
            el('path', {
              class: 'viz-band',
              'data-value': sig(l.value, 6),
              d: fillPath(l, toPx),
              fill: colorAt(k),
              'fill-rule': 'evenodd',
            }),
          )
        : [];
      const lines =
        (options.lines ?? true)
          ? levels.map((l, k) =>
              el('path', {
                class: 'viz-contour',
                'data-value': sig(l.value, 6),
                d: linePath(l, grid.nx, grid.ny, toPx),
                fill: 'none',
                stroke: filled ? '#ffffff' : colorAt(k),
                'stroke-opacity': filled ? 0.45 : undefined,
                'stroke-width': filled ? 0.7 : 1.3,
              }),
            )
          : [];
      const bounds = {
        x: plot.x - 20,
        y: plot.y - 20,
        width: plot.width + 40,
        height: plot.height + 40,
      };
      const inBounds = (px: number, py: number) =>
        px >= bounds.x &&
        px <= bounds.x + bounds.width &&
        py >= bounds.y &&
        py <= bounds.y + bounds.height;
      const paths = trajectories.map((tr) => {
        const n = tr.xs.length;
        const px = new Float64Array(n);
        const py = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          px[i] = Number.isFinite(tr.xs[i] as number) ? x.map(tr.xs[i] as number) : Number.NaN;
          py[i] = Number.isFinite(tr.ys[i] as number) ? y.map(tr.ys[i] as number) : Number.NaN;
        }
        const runs = polylineRuns(px, py, bounds);
        const d = runsPath(runs);
        const sw = tr.t.strokeWidth ?? 2;
        const parts = [
          el('path', {
            d,
            fill: 'none',
            stroke: 'white',
            'stroke-opacity': 0.7,
            'stroke-width': sw + 2.5,
            'stroke-linejoin': 'round',
            'stroke-linecap': 'round',
          }),
          el('path', {
            class: 'viz-trajectory',
            'data-name': tr.t.name,
            d,
            fill: 'none',
            stroke: tr.color,
            'stroke-width': sw,
            'stroke-linejoin': 'round',
            'stroke-linecap': 'round',
          }),
        ];
        if (tr.t.dots) {
          for (let i = 0; i < n; i++) {
            const a = px[i] as number;
            const b = py[i] as number;
            if (Number.isFinite(a) && Number.isFinite(b) && inBounds(a, b)) {
              parts.push(
                el('circle', {
                  class: 'viz-step',
                  cx: a,
                  cy: b,
                  r: sw * 0.9 + 0.6,
                  fill: tr.color,
                }),
              );
            }
          }
        }
        const arrows = tr.t.arrows === true ? 6 : typeof tr.t.arrows === 'number' ? tr.t.arrows : 0;
        if (arrows > 0) {
          const segs: [number, number, number, number][] = [];
          for (const run of runs) {
            for (let k = 1; k < run.length; k++) {
              const [ax, ay] = run[k - 1] as readonly [number, number];
              const [bx, by] = run[k] as readonly [number, number];
              if (Math.hypot(bx - ax, by - ay) >= 10) segs.push([ax, ay, bx, by]);
            }
          }
          const count = Math.min(arrows, segs.length);
          for (let a = 0; a < count; a++) {
            const [ax, ay, bx, by] = segs[Math.floor(((a + 0.5) * segs.length) / count)] as [
              number,
              number,
              number,
              number,
            ];
            const len = Math.hypot(bx - ax, by - ay);
            parts.push(
              arrowHead(
                (ax + bx) / 2,
                (ay + by) / 2,
                (bx - ax) / len,
                (by - ay) / len,
                4 + sw * 1.5,
                tr.color,
              ),
            );
          }
        }
        if (tr.t.markers ?? true) {
          let first = -1;
          let last = -1;
          for (let i = 0; i < n; i++) {
            if (Number.isFinite(px[i] as number) && Number.isFinite(py[i] as number)) {
              if (first < 0) first = i;
              last = i;
            }
          }
          if (first >= 0 && inBounds(px[first] as number, py[first] as number)) {
            parts.push(startMarker(px[first] as number, py[first] as number, tr.color, tr.t.name));
          }
          if (last >= 0 && last !== first && inBounds(px[last] as number, py[last] as number)) {
            parts.push(endMarker(px[last] as number, py[last] as number, tr.color, tr.t.name));
          }
        }
        return group({ class: 'viz-trajectory-group' }, parts);
      });
      return renderGridChart(
        layout,
        id,
        { class: 'viz-surface', marks: [...bands, ...lines] },
        { class: 'viz-trajectories', marks: paths },
      );
    },
  });
}
