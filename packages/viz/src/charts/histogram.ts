import { padDomain } from '../axes.js';
import { extent, type NumericData, numbers, union } from '../data.js';
import { VizError } from '../errors.js';
import type { LegendEntry } from '../legend.js';
import { lerp } from '../numeric.js';
import { type AxesOptions, positiveInt, requireOptions, resolveBase } from '../options.js';
import type { palette } from '../palette.js';
import { mapSeries, requireSeries } from '../series.js';
import { svgDocument } from '../svg/document.js';
import { el } from '../svg/element.js';
import { num, sig } from '../svg/format.js';
import { renderXYChart, xyChartFrame } from '../xy-frame.js';

/**
 * One distribution of a {@link histogram}.
 *
 * @example
 * ```ts
 * import type { HistogramSeries } from '@descent/viz';
 * const s: HistogramSeries = { name: 'pre-activations', values: new Float32Array([0.1, -2, 3.5]) };
 * ```
 */
export interface HistogramSeries {
  readonly name: string;
  /** Samples; NaN and ±Infinity are skipped (and counted in the description). */
  readonly values: NumericData;
  /** Fill and stroke colour (default: the next {@link palette} colour). */
  readonly color?: string;
}

/**
 * Input of {@link histogram}.
 *
 * @example
 * ```ts
 * import type { HistogramOptions } from '@descent/viz';
 * const o: HistogramOptions = { series: [{ name: 'x', values: [1, 2, 2, 3] }], bins: 3, normalize: 'density' };
 * ```
 */
export interface HistogramOptions extends AxesOptions {
  /** Distributions drawn overlaid and semi-transparent, sharing the same bins. */
  readonly series: readonly HistogramSeries[];
  /**
   * A bin count (equal widths over `range`, default 30) or explicit increasing bin edges. The last
   * bin includes its upper edge; values outside the edges are left out.
   */
  readonly bins?: number | readonly number[];
  /** Range the equal-width bins cover (default: the finite data's min to max). */
  readonly range?: readonly [number, number];
  /** `'count'` (default), `'probability'` (count / n) or `'density'` (probability / bin width). */
  readonly normalize?: 'count' | 'probability' | 'density';
  /** Fill opacity of the bars (default 0.45). */
  readonly opacity?: number;
  /** Cycle through these colours (default {@link palette}). */
  readonly colors?: readonly string[];
}

/**
 * Counts of `values` in the bins between consecutive `edges` (the last bin includes its upper edge;
 * non-finite and out-of-range values are not counted).
 *
 * @example
 * ```ts
 * import { binCounts } from '@descent/viz';
 * binCounts([0, 0.5, 1, 1.5, 2, Number.NaN], [0, 1, 2]); // [2, 3]
 * ```
 */
export function binCounts(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const data = numbers('binCounts', 'values', values);
  checkEdges('binCounts', edges);
  const n = edges.length - 1;
  const counts = new Array<number>(Math.max(0, n)).fill(0);
  if (n < 1) return counts;
  const lo = edges[0] as number;
  const hi = edges[n] as number;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (!Number.isFinite(v) || v < lo || v > hi) continue;
    // Binary search for the last edge ≤ v.
    let a = 0;
    let b = n;
    while (b - a > 1) {
      const m = (a + b) >> 1;
      if ((edges[m] as number) <= v) a = m;
      else b = m;
    }
    counts[a] = (counts[a] as number) + 1;
  }
  return counts;
}

const FN = 'histogram';

/** Throws unless `edges` is an array of at least 2 finite, strictly increasing numbers. */
function checkEdges(fn: string, edges: unknown): void {
  if (
    !Array.isArray(edges) ||
    edges.length < 2 ||
    !edges.every(
      (e, k) => typeof e === 'number' && Number.isFinite(e) && (k === 0 || e > edges[k - 1]),
    )
  ) {
    const shown = Array.isArray(edges)
      ? `[${edges.slice(0, 6).map(String).join(', ')}${edges.length > 6 ? ', …' : ''}]`
      : String(edges);
    throw new VizError(
      fn,
      `bins as edges must be ≥ 2 finite, strictly increasing numbers, got ${shown}`,
    );
  }
}

/** The most equal-width bins: each is a segment of the path, and the counts are written out. */
const MAX_BINS = 1_000_000;

/**
 * Overlaid, semi-transparent histograms sharing one set of bins — e.g. a layer's pre-activations
 * with and without Batch Normalization.
 *
 * @returns a standalone SVG document string.
 * @throws {@link VizError} for no series, bad bins, or a series with no finite value.
 * @example
 * ```ts
 * import { histogram } from '@descent/viz';
 * const svg = histogram({
 *   series: [
 *     { name: 'before', values: [3, 5, 7, 9, 11, 13] },
 *     { name: 'after', values: [-1.5, -0.9, -0.3, 0.3, 0.9, 1.5] },
 *   ],
 *   bins: 12,
 *   xLabel: 'pre-activation',
 * });
 * ```
 */
export function histogram(options: HistogramOptions): string {
  requireOptions(FN, options, 'a series array');
  const base = resolveBase(FN, options, { width: 600, height: 380 });
  requireSeries(FN, options.series, 'values');
  const normalize = options.normalize ?? 'count';
  if (!['count', 'probability', 'density'].includes(normalize)) {
    throw new VizError(
      FN,
      `normalize must be 'count', 'probability' or 'density', got ${JSON.stringify(normalize)}`,
    );
  }
  const series = mapSeries(FN, options, 'values', (s, color) => {
    const values = numbers(FN, `series "${s.name}" values`, s.values);
    const ext = extent(values);
    if (!ext)
      throw new VizError(FN, `series "${s.name}" has no finite values (${values.length} given)`);
    return { s, values, ext, color };
  });

  let edges: number[];
  if (Array.isArray(options.bins)) {
    edges = options.bins as number[];
    checkEdges(FN, edges);
  } else {
    const count = (options.bins as number | undefined) ?? 30;
    positiveInt(FN, 'bins', count, 1, MAX_BINS);
    let r: [number, number];
    if (options.range) {
      const [a, b] = options.range;
      if (!Number.isFinite(a) || !Number.isFinite(b) || !(a < b)) {
        throw new VizError(FN, `range must be [min, max] with finite min < max, got [${a}, ${b}]`);
      }
      r = [a, b];
    } else {
      r = padDomain(
        series.reduce<[number, number] | undefined>((u, p) => union(u, p.ext), undefined),
        false,
      );
    }
    edges = Array.from({ length: count + 1 }, (_, k) =>
      k === count ? r[1] : lerp(r[0], r[1], k, count),
    );
  }
  const nb = edges.length - 1;
  const heights = series.map((p) => {
    const counts = binCounts(p.values, edges);
    let finite = 0;
    for (let i = 0; i < p.values.length; i++) if (Number.isFinite(p.values[i] as number)) finite++;
    const h = counts.map((c, k) =>
      normalize === 'count'
        ? c
        : normalize === 'probability'
          ? c / finite
          : c / finite / ((edges[k + 1] as number) - (edges[k] as number)),
    );
    return { counts, h, finite };
  });
  let maxH = 0;
  for (const { h } of heights) for (const v of h) if (v > maxH) maxH = v;

  const entries: LegendEntry[] =
    (options.legend ?? true)
      ? series.map((p) => ({
          name: p.s.name,
          color: p.color,
          kind: 'rect',
          opacity: options.opacity ?? 0.45,
        }))
      : [];
  const frame = xyChartFrame(FN, base, options, entries, {
    x: { domain: [edges[0] as number, edges[nb] as number], nice: false },
    y: { domain: [0, maxH > 0 ? maxH : 1], nice: true },
    defaultYLabel: normalize === 'count' ? 'count' : normalize,
  });
  const { plot, x, y } = frame;
  const baseline = plot.y + plot.height;

  const description =
    base.description ??
    `Histogram with ${nb} bins from ${sig(edges[0] as number)} to ${sig(edges[nb] as number)} of ${series.length} series: ${series
      .map((p, i) => {
        const h = heights[i] as { finite: number };
        const skipped = p.values.length - h.finite;
        return `${p.s.name} (${h.finite} values${skipped > 0 ? `, ${skipped} non-finite skipped` : ''})`;
      })
      .join(', ')}.`;
  return svgDocument({
    kind: 'histogram',
    ...base,
    title: base.title ?? 'Histogram',
    description,
    body: (id) => {
      const paths = series.map((p, i) => {
        const { h, counts } = heights[i] as { h: number[]; counts: number[] };
        let d = `M${num(x.map(edges[0] as number))},${num(baseline)}`;
        for (let k = 0; k < nb; k++) {
          d += `V${num(y.map(h[k] as number))}H${num(x.map(edges[k + 1] as number))}`;
        }
        d += `V${num(baseline)}Z`;
        return el('path', {
          class: 'viz-series',
          'data-name': p.s.name,
          'data-counts': counts.join(','),
          d,
          fill: p.color,
          'fill-opacity': options.opacity ?? 0.45,
          stroke: p.color,
          'stroke-width': 1.2,
          'stroke-linejoin': 'round',
        });
      });
      return renderXYChart(frame, id, paths, 1);
    },
  });
}
