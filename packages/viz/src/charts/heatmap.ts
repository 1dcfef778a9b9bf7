import { mixHex, type SequentialScheme, schemeInterpolator } from '../colors.js';
import { contourLevels, linePath } from '../contour-geometry.js';
import { VizError } from '../errors.js';
import { type GridInput, sampleGrid } from '../grid.js';
import { gridChartLayout, renderGridChart } from '../grid-frame.js';
import type { LegendEntry } from '../legend.js';
import { fraction, lerp } from '../numeric.js';
import { type AxesOptions, positiveInt, resolveBase } from '../options.js';
import { svgDocument } from '../svg/document.js';
import { el } from '../svg/element.js';
import { num, sig, sigList } from '../svg/format.js';

/**
 * A labelled data point drawn over a {@link heatmap} or {@link decisionBoundary}.
 *
 * @example
 * ```ts
 * import type { LabeledPoint } from '@descent/viz';
 * const p: LabeledPoint = { x: 0.3, y: -1.2, label: 1, set: 'test' };
 * ```
 */
export interface LabeledPoint {
  readonly x: number;
  readonly y: number;
  /** Class or target, coloured with the same scale as the field (e.g. 0/1, or −1/1 with `domain: [-1, 1]`). */
  readonly label: number;
  /** Training points are filled, test points outlined (default `'train'`). */
  readonly set?: 'train' | 'test';
}

/**
 * The surface of a {@link heatmap} — a function or a grid of values — with optional points on top.
 *
 * @example
 * ```ts
 * import type { HeatmapInput } from '@descent/viz';
 * const input: HeatmapInput = {
 *   f: (x, y) => 1 / (1 + Math.exp(-(x + y))), x: [-3, 3], y: [-3, 3],
 *   points: [{ x: 1, y: 1, label: 1 }, { x: -2, y: -1, label: 0, set: 'test' }],
 * };
 * ```
 */
export type HeatmapInput = GridInput & { readonly points?: readonly LabeledPoint[] };

/**
 * Options of {@link heatmap} and {@link decisionBoundary}.
 *
 * @example
 * ```ts
 * import type { HeatmapOptions } from '@descent/viz';
 * const o: HeatmapOptions = { domain: [0, 1], colorScheme: 'playground', boundary: 0.5 };
 * ```
 */
export interface HeatmapOptions extends AxesOptions {
  /** Values mapped to the ends of the colour scheme (default: the data's range; `[0, 1]` for decisionBoundary). */
  readonly domain?: readonly [number, number];
  /** Colour scheme (default `'viridis'`; `'playground'` for decisionBoundary). */
  readonly colorScheme?: SequentialScheme | ((t: number) => string);
  /** Number of distinct colours; fewer makes a smaller file (default 24). */
  readonly steps?: number;
  /**
   * How strongly the field is coloured, 0–1 (default 1; 0.65 for decisionBoundary): a paler field
   * lets points in the same colour stand out, as in TensorFlow Playground.
   */
  readonly fieldOpacity?: number;
  /** Draw the contour line at this value (default: none; 0.5 for decisionBoundary). */
  readonly boundary?: number | false;
  /** Show the colour scale beside the plot (default true). */
  readonly colorbar?: boolean;
  /** Same data units per pixel on both axes (default false). */
  readonly equalAspect?: boolean;
  /** Radius of the data points in pixels (default 4). */
  readonly pointRadius?: number;
  /**
   * Names of the classes for the legend, by label: `classNames[0]` for the points labelled 0.
   * decisionBoundary always shows its classes (as `class 0`, `class 1` without names); heatmap
   * shows them when this is given.
   */
  readonly classNames?: readonly string[];
}

/**
 * A scalar field over a rectangle as coloured cells — adjacent cells of one colour are merged into
 * one rect per run (and across rows), so the SVG stays small — with labelled points on top.
 * Non-finite cells are left empty (the background shows).
 *
 * @returns a standalone SVG document string.
 * @throws {@link VizError} for a zero or non-finite range, a bad grid, or malformed points.
 * @example
 * ```ts
 * import { heatmap } from '@descent/viz';
 * const svg = heatmap(
 *   { f: (x, y) => Math.sin(x) * Math.cos(y), x: [-3, 3], y: [-3, 3], resolution: 60 },
 *   { title: 'sin x · cos y', colorScheme: 'magma' },
 * );
 * ```
 */
export function heatmap(input: HeatmapInput, options: HeatmapOptions = {}): string {
  return render('heatmap', input, options, {});
}

/**
 * A classifier's output over a 2-D region as TensorFlow Playground draws it: orange (0) to blue
 * (1) through grey, the 0.5 boundary as a line, training points filled and test points outlined.
 *
 * @param input - the model's probability (in [0, 1]) as a function or grid, and the data points.
 * @returns a standalone SVG document string.
 * @throws {@link VizError} for a zero or non-finite range, a bad grid, or malformed points.
 * @example
 * ```ts
 * import { decisionBoundary } from '@descent/viz';
 * const svg = decisionBoundary({
 *   f: (x, y) => 1 / (1 + Math.exp(-3 * (x * x + y * y - 4))),
 *   x: [-6, 6], y: [-6, 6],
 *   points: [
 *     { x: 0.5, y: 0.2, label: 0 }, { x: 4, y: 3, label: 1 }, { x: -1, y: 0.3, label: 0, set: 'test' },
 *   ],
 * }, { title: 'circle dataset' });
 * ```
 */
export function decisionBoundary(input: HeatmapInput, options: HeatmapOptions = {}): string {
  return render('decisionBoundary', input, options, {
    domain: [0, 1],
    colorScheme: 'playground',
    boundary: 0.5,
    fieldOpacity: 0.65,
  });
}

/** At most this many classes get a legend entry (more labels are a regression target). */
const MAX_CLASSES = 10;

/**
 * Legend entries for the classes: one per distinct label of the points (or, without points, the
 * two ends of the colour domain), in the colour points of that label get. decisionBoundary
 * always has them; heatmap only with `classNames`.
 */
function classEntries(
  fn: string,
  options: HeatmapOptions,
  pts: readonly LabeledPoint[],
  domain: readonly [number, number],
  color: (label: number) => string,
): LegendEntry[] {
  const names = options.classNames;
  if (names !== undefined) {
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
      throw new VizError(fn, `classNames must be an array of strings, got ${String(names)}`);
    }
  } else if (fn !== 'decisionBoundary') {
    return [];
  }
  const found = new Set<number>();
  for (const p of pts) if (Number.isFinite(p.label)) found.add(p.label);
  const labels = found.size > 0 ? [...found].sort((a, b) => a - b) : [domain[0], domain[1]];
  if (labels.length > MAX_CLASSES) return [];
  return labels.map((label) => ({
    name: (Number.isInteger(label) ? names?.[label] : undefined) ?? `class ${sig(label)}`,
    color: color(label),
    kind: 'rect' as const,
  }));
}

/** Labels at the ends and the middle of a colour bar of `steps` bands, in one notation. */
function colorbarLabels(d0: number, d1: number, steps: number): string[] {
  const marked = (k: number): boolean => k === 0 || k === steps || k * 2 === steps;
  const ks = Array.from({ length: steps + 1 }, (_, k) => k).filter(marked);
  const text = sigList(
    ks.map((k) => lerp(d0, d1, k, steps)),
    3,
  );
  return Array.from({ length: steps + 1 }, (_, k) =>
    marked(k) ? (text[ks.indexOf(k)] ?? '') : '',
  );
}

interface Defaults {
  readonly domain?: readonly [number, number];
  readonly colorScheme?: SequentialScheme;
  readonly boundary?: number;
  readonly fieldOpacity?: number;
}

function render(
  fn: string,
  input: HeatmapInput,
  options: HeatmapOptions,
  defaults: Defaults,
): string {
  let base = resolveBase(fn, options, { width: 520, height: 440 });
  const grid = sampleGrid(fn, input, 80);
  const steps = options.steps ?? 24;
  positiveInt(fn, 'steps', steps, 2, 1024);
  const scheme = options.colorScheme ?? defaults.colorScheme ?? 'viridis';
  const interp = schemeInterpolator(fn, scheme);

  let domain = options.domain ?? defaults.domain;
  if (domain !== undefined) {
    if (
      !Array.isArray(domain) ||
      domain.length !== 2 ||
      !domain.every(Number.isFinite) ||
      !(domain[0] < domain[1])
    ) {
      throw new VizError(
        fn,
        `domain must be [min, max] with finite min < max, got ${JSON.stringify(domain)}`,
      );
    }
  } else {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const v of grid.values) {
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (lo > hi) throw new VizError(fn, 'the surface has no finite value in the given range');
    domain = lo < hi ? [lo, hi] : [lo - 0.5, lo + 0.5];
  }
  const [d0, d1] = domain;
  const level = (v: number): number =>
    Math.round(Math.min(1, Math.max(0, fraction(v, d0, d1))) * (steps - 1));
  const colorOf = (lvl: number): string => interp(lvl / (steps - 1));
  const fieldOpacity = options.fieldOpacity ?? defaults.fieldOpacity ?? 1;
  if (typeof fieldOpacity !== 'number' || !(fieldOpacity >= 0 && fieldOpacity <= 1)) {
    throw new VizError(fn, `fieldOpacity must be a number in [0, 1], got ${String(fieldOpacity)}`);
  }
  // Paler by mixing with white rather than with opacity: overlapping cells would show seams.
  const fieldColor = (lvl: number): string => {
    const c = colorOf(lvl);
    return /^#[0-9a-fA-F]{6}$/.test(c) ? mixHex(c, '#ffffff', 1 - fieldOpacity) : c;
  };

  const pts = (input.points ?? []).map((p, i) => {
    if (
      typeof p !== 'object' ||
      p === null ||
      typeof p.x !== 'number' ||
      typeof p.y !== 'number' ||
      typeof p.label !== 'number'
    ) {
      throw new VizError(
        fn,
        `points[${i}] must be { x: number, y: number, label: number, set?: 'train' | 'test' }`,
      );
    }
    if (p.set !== undefined && p.set !== 'train' && p.set !== 'test') {
      throw new VizError(
        fn,
        `points[${i}].set must be 'train' or 'test', got ${JSON.stringify(p.set)}`,
      );
    }
    return p;
  });
  const sets = new Set(pts.map((p) => p.set ?? 'train'));
  const classes = classEntries(fn, options, pts, [d0, d1], (label) => colorOf(level(label)));
  const entries: LegendEntry[] =
    (options.legend ?? (pts.length > 0 || classes.length > 0))
      ? [
          ...classes,
          ...(sets.has('train')
            ? [{ name: 'train', color: '#555555', kind: 'circle' as const }]
            : []),
          ...(sets.has('test') ? [{ name: 'test', color: '#555555', kind: 'ring' as const }] : []),
        ]
      : [];
  const bar =
    (options.colorbar ?? true)
      ? {
          colors: Array.from({ length: steps }, (_, k) => fieldColor(k)),
          labels: colorbarLabels(d0, d1, steps),
          minHeight: base.fontSize * 3 + 120,
        }
      : undefined;
  const layout = gridChartLayout(fn, base, options, grid, entries, bar);
  base = layout.base;
  const { plot, x, y } = layout;
  const r = options.pointRadius ?? 4;

  const description =
    base.description ??
    `${fn === 'decisionBoundary' ? 'Decision boundary' : 'Heatmap'} over ${grid.x[0]} ≤ x ≤ ${grid.x[1]}, ${grid.y[0]} ≤ y ≤ ${grid.y[1]} (${grid.nx}×${grid.ny} cells, colour range ${sig(d0)} to ${sig(d1)})` +
      (pts.length > 0 ? ` with ${pts.length} points.` : '.');

  return svgDocument({
    kind: fn === 'decisionBoundary' ? 'boundary' : 'heatmap',
    ...base,
    title: base.title ?? (fn === 'decisionBoundary' ? 'Decision boundary' : 'Heatmap'),
    description,
    body: (id) => {
      const cw = plot.width / grid.nx;
      const ch = plot.height / grid.ny;
      // Runs of one colour, merged down across rows while the same run repeats. Rects overlap by
      // half a pixel so anti-aliasing leaves no hairline seams; the clip path trims the overlap.
      type Open = { i0: number; i1: number; lvl: number; j0: number; j1: number };
      const open = new Map<string, Open>();
      const done: Open[] = [];
      for (let row = 0; row < grid.ny; row++) {
        const j = grid.ny - 1 - row; // top row of the picture is the largest y
        const seen = new Set<string>();
        let i = 0;
        while (i < grid.nx) {
          const v = grid.values[j * grid.nx + i] as number;
          if (!Number.isFinite(v)) {
            i++;
            continue;
          }
          const lvl = level(v);
          let k = i + 1;
          while (k < grid.nx) {
            const w = grid.values[j * grid.nx + k] as number;
            if (!Number.isFinite(w) || level(w) !== lvl) break;
            k++;
          }
          const key = `${i},${k},${lvl}`;
          const prev = open.get(key);
          if (prev && prev.j1 === row) prev.j1 = row + 1;
          else {
            if (prev) done.push(prev);
            open.set(key, { i0: i, i1: k, lvl, j0: row, j1: row + 1 });
          }
          seen.add(key);
          i = k;
        }
        for (const [key, o] of open) {
          if (!seen.has(key)) {
            done.push(o);
            open.delete(key);
          }
        }
      }
      for (const o of open.values()) done.push(o);
      done.sort((a, b) => a.j0 - b.j0 || a.i0 - b.i0);
      // One path per colour whose subpaths are the merged rectangles: the same picture as one
      // <rect> per run at about half the bytes.
      const byLevel = new Map<number, string>();
      for (const o of done) {
        const x0 = plot.x + o.i0 * cw;
        const y0 = plot.y + o.j0 * ch;
        const w = (o.i1 - o.i0) * cw + 0.5;
        const h = (o.j1 - o.j0) * ch + 0.5;
        byLevel.set(
          o.lvl,
          `${byLevel.get(o.lvl) ?? ''}M${num(x0, 1)},${num(y0, 1)}h${num(w, 1)}v${num(h, 1)}h-${num(w, 1)}z`,
        );
      }
      const cells = [...byLevel.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([lvl, d]) =>
          el('path', { class: 'viz-cell', 'data-level': lvl, d, fill: fieldColor(lvl) }),
        );
      const boundary = options.boundary ?? defaults.boundary;
      let boundaryPath = '';
      if (boundary !== undefined && boundary !== false) {
        if (typeof boundary !== 'number' || !Number.isFinite(boundary)) {
          throw new VizError(
            fn,
            `boundary must be a finite number or false, got ${String(boundary)}`,
          );
        }
        const [lvl] = contourLevels(grid, [boundary]);
        const toPx = (gx: number, gy: number): readonly [number, number] => [
          plot.x + (gx / grid.nx) * plot.width,
          plot.y + plot.height - (gy / grid.ny) * plot.height,
        ];
        const d = lvl ? linePath(lvl, grid.nx, grid.ny, toPx) : '';
        if (d !== '') {
          boundaryPath = el('path', {
            class: 'viz-boundary',
            d,
            fill: 'none',
            stroke: '#222222',
            'stroke-opacity': 0.6,
            'stroke-width': 1.2,
            'stroke-dasharray': '5 3',
          });
        }
      }
      const dots = pts.flatMap((p) => {
        if (!Number.isFinite(p.x) || !Number.isFinite(p.y) || !Number.isFinite(p.label)) return [];
        const cx = x.map(p.x);
        const cy = y.map(p.y);
        if (
          cx < plot.x - r ||
          cx > plot.x + plot.width + r ||
          cy < plot.y - r ||
          cy > plot.y + plot.height + r
        )
          return [];
        const c = colorOf(level(p.label));
        return (p.set ?? 'train') === 'train'
          ? [
              el('circle', {
                class: 'viz-point-train',
                cx,
                cy,
                r,
                fill: c,
                stroke: 'white',
                'stroke-width': 1,
              }),
            ]
          : [
              el('circle', {
                class: 'viz-point-test',
                cx,
                cy,
                r,
                fill: 'none',
                stroke: c,
                'stroke-width': 2,
              }),
              el('circle', {
                cx,
                cy,
                r: r + 1.5,
                fill: 'none',
                stroke: '#333333',
                'stroke-width': 0.8,
              }),
            ];
      });
      return renderGridChart(
        layout,
        id,
        { class: 'viz-cells', marks: [...cells, boundaryPath] },
        { class: 'viz-points', marks: dots },
      );
    },
  });
}
