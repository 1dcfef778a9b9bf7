import { playgroundColors } from '../colors.js';
import { VizError } from '../errors.js';
import { renderTitle } from '../layout.js';
import { type LegendEntry, legendWidth, renderLegend } from '../legend.js';
import { type BaseOptions, positiveInt, requireOptions, resolveBase } from '../options.js';
import { svgDocument } from '../svg/document.js';
import { el, group, text } from '../svg/element.js';
import { num, sig } from '../svg/format.js';
import { textWidth, truncate } from '../svg/measure.js';

/**
 * Input of {@link networkDiagram}.
 *
 * @example
 * ```ts
 * import type { NetworkDiagramOptions } from '@descent/viz';
 * const o: NetworkDiagramOptions = {
 *   layers: [2, 3, 1],
 *   weights: [
 *     [[0.5, -1], [2, 0.1], [-0.3, 0.8]], // 3 × 2: hidden ← input
 *     [[1.2, -0.7, 0.4]],                  // 1 × 3: output ← hidden
 *   ],
 *   labels: ['input', 'hidden', 'output'],
 *   unitLabels: [['x1', 'x2']],
 * };
 * ```
 */
export interface NetworkDiagramOptions extends BaseOptions {
  /** Units per layer, input first. */
  readonly layers: readonly number[];
  /**
   * `weights[l][out][in]`: the weight from unit `in` of layer `l` to unit `out` of layer `l + 1`.
   * Edges are coloured by sign and drawn thicker for larger |weight|; non-finite weights are not drawn.
   * Each edge carries `data-layer`, `data-out` and `data-in` (and each unit `data-layer` and
   * `data-unit`), so a page can tell which weight or unit was clicked.
   */
  readonly weights?: readonly (readonly (readonly number[])[])[];
  /** A name under each layer, e.g. `['input', 'hidden 1', 'output']`. */
  readonly labels?: readonly string[];
  /** Names of units, per layer (e.g. the input features); layers may be left out. */
  readonly unitLabels?: readonly (readonly string[] | undefined)[];
  /** Colour of positive weights (default the playground's blue). */
  readonly positiveColor?: string;
  /** Colour of negative weights (default the playground's orange). */
  readonly negativeColor?: string;
  /** Stroke width of the largest |weight| (default 5). */
  readonly maxStrokeWidth?: number;
  /** Layers with more units show the first ones, "⋮" and the last (default 12). */
  readonly maxUnits?: number;
  /** Legend explaining the edge colours (default true when weights are given). */
  readonly legend?: boolean;
}

const FN = 'networkDiagram';

/**
 * How {@link networkDiagram} draws one edge.
 *
 * @example
 * ```ts
 * import type { NetworkEdgeStyle } from '@descent/viz';
 * const style: NetworkEdgeStyle = { stroke: '#0877bd', strokeWidth: 5, strokeOpacity: 1 };
 * ```
 */
export interface NetworkEdgeStyle {
  /** The colour: positive or negative. */
  readonly stroke: string;
  /** From 0.4 (weight 0) to `maxStrokeWidth` (the largest |weight|). */
  readonly strokeWidth: number;
  /** From 0.35 (weight 0) to 1 (the largest |weight|). */
  readonly strokeOpacity: number;
}

/**
 * The colour, width and opacity {@link networkDiagram} gives an edge of `weight` when the largest
 * |weight| in the diagram is `maxAbs`. A page that shows a diagram can restyle its edges in place
 * as the weights change (each edge carries `data-layer`, `data-out` and `data-in`) and get what a
 * new diagram would draw, without parsing a new SVG every frame.
 *
 * @example
 * ```ts
 * import { networkEdgeStyle } from '@descent/viz';
 * networkEdgeStyle(-0.5, 2); // orange, width 0.4 + 4.6/4, opacity 0.35 + 0.65/4
 * ```
 */
export function networkEdgeStyle(
  weight: number,
  maxAbs: number,
  options: Pick<NetworkDiagramOptions, 'positiveColor' | 'negativeColor' | 'maxStrokeWidth'> = {},
): NetworkEdgeStyle {
  const fn = 'networkEdgeStyle';
  if (typeof weight !== 'number')
    throw new VizError(fn, `weight must be a number, got ${typeof weight}`);
  if (typeof maxAbs !== 'number' || !(maxAbs >= 0) || !Number.isFinite(maxAbs)) {
    throw new VizError(
      fn,
      `maxAbs must be a finite number ≥ 0 (the largest |weight|), got ${String(maxAbs)}`,
    );
  }
  if (typeof options !== 'object' || options === null) {
    throw new VizError(
      fn,
      `options must be an object, got ${options === null ? 'null' : typeof options}`,
    );
  }
  const maxStrokeWidth = options.maxStrokeWidth ?? 5;
  const magnitude =
    maxAbs > 0 && Number.isFinite(weight) ? Math.min(1, Math.abs(weight) / maxAbs) : 0;
  return {
    stroke:
      weight >= 0
        ? (options.positiveColor ?? playgroundColors.positive)
        : (options.negativeColor ?? playgroundColors.negative),
    strokeWidth: 0.4 + (maxStrokeWidth - 0.4) * magnitude,
    strokeOpacity: 0.35 + 0.65 * magnitude,
  };
}

/**
 * A fully connected network as TensorFlow Playground draws it: layers of units left to right, every
 * edge coloured by the sign of its weight and as thick as its magnitude.
 *
 * @returns a standalone SVG document string.
 * @throws {@link VizError} for an empty `layers`, non-integer unit counts, or weights whose shape
 * does not match `layers`.
 * @example
 * ```ts
 * import { networkDiagram } from '@descent/viz';
 * const svg = networkDiagram({
 *   layers: [2, 2, 1],
 *   weights: [[[1, -2], [0.5, 0.5]], [[-1, 3]]],
 *   labels: ['input', 'hidden', 'output'],
 *   title: 'A 2-2-1 network',
 * });
 * ```
 */
export function networkDiagram(options: NetworkDiagramOptions): string {
  requireOptions(FN, options, 'a layers array');
  const base = resolveBase(FN, options, { width: 560, height: 360 });
  const { layers, weights } = options;
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new VizError(FN, 'layers must be a non-empty array of unit counts, e.g. [2, 4, 1]');
  }
  layers.forEach((n, l) => {
    positiveInt(FN, `layers[${l}]`, n);
  });
  const maxUnits = options.maxUnits ?? 12;
  positiveInt(FN, 'maxUnits', maxUnits, 3, 1000);
  let maxAbs = 0;
  if (weights !== undefined) {
    if (!Array.isArray(weights) || weights.length !== layers.length - 1) {
      throw new VizError(
        FN,
        `weights must hold one matrix per pair of adjacent layers: ${layers.length - 1} for ${layers.length} layers, got ${Array.isArray(weights) ? weights.length : typeof weights}`,
      );
    }
    weights.forEach((m, l) => {
      const outs = layers[l + 1] as number;
      const ins = layers[l] as number;
      if (
        !Array.isArray(m) ||
        m.length !== outs ||
        !m.every((row) => Array.isArray(row) && row.length === ins)
      ) {
        throw new VizError(
          FN,
          `weights[${l}] must be ${outs}×${ins} (weights[l][out][in], layers ${l} → ${l + 1}), got ${
            Array.isArray(m)
              ? `${m.length} rows of lengths ${m
                  .map((r) => (Array.isArray(r) ? r.length : '?'))
                  .slice(0, 5)
                  .join(', ')}`
              : typeof m
          }`,
        );
      }
      for (const row of m) {
        for (const w of row) {
          if (typeof w !== 'number')
            throw new VizError(FN, `weights[${l}] holds a ${typeof w}; expected numbers`);
          if (Number.isFinite(w)) maxAbs = Math.max(maxAbs, Math.abs(w));
        }
      }
    });
  }
  const pos = options.positiveColor ?? playgroundColors.positive;
  const neg = options.negativeColor ?? playgroundColors.negative;
  const fs = base.fontSize;

  // Which units are drawn: all, or the first ones, a gap, and the last one.
  const shown = layers.map((n) =>
    n <= maxUnits
      ? Array.from({ length: n }, (_, i) => i)
      : [...Array.from({ length: maxUnits - 2 }, (_, i) => i), -1, n - 1],
  );
  const entries: LegendEntry[] =
    (options.legend ?? weights !== undefined)
      ? [
          { name: 'positive weight', color: pos, kind: 'line' },
          { name: 'negative weight', color: neg, kind: 'line' },
        ]
      : [];
  const unitLabel = (l: number, i: number): string | undefined => options.unitLabels?.[l]?.[i];
  const labelW = (l: number): number =>
    shown[l]?.reduce(
      (m, i) => Math.max(m, i >= 0 ? textWidth(truncate(unitLabel(l, i) ?? '', fs, 120), fs) : 0),
      0,
    ) ?? 0;
  const legendH = entries.length > 0 ? Math.round(fs * 1.6) + 6 : 0;
  const top = (base.title ? Math.round(fs * 3) : Math.round(fs)) + legendH + 4;
  const bottom = options.labels ? Math.round(fs * 2.2) : Math.round(fs);
  const left = 12 + labelW(0) + (labelW(0) > 0 ? 8 : 0);
  const right =
    12 +
    (layers.length > 1 ? labelW(layers.length - 1) + (labelW(layers.length - 1) > 0 ? 8 : 0) : 0);
  const areaW = base.width - left - right;
  const areaH = base.height - top - bottom;
  const mostShown = shown.reduce((m, s) => Math.max(m, s.length), 0);
  const r = Math.max(3, Math.min(16, areaH / (mostShown * 2.6), areaW / (layers.length * 4)));
  if (areaW < 4 * r || areaH < 2 * r) {
    throw new VizError(
      FN,
      `a ${base.width}×${base.height} diagram is too small for ${layers.length} layers; make it larger`,
    );
  }
  const colX = (l: number): number =>
    layers.length === 1 ? left + areaW / 2 : left + r + ((areaW - 2 * r) * l) / (layers.length - 1);
  const gapY = mostShown > 1 ? Math.min(r * 3.2, (areaH - 2 * r) / (mostShown - 1)) : 0;
  const unitY = (l: number, k: number): number => {
    const n = shown[l]?.length ?? 1;
    return top + areaH / 2 + (k - (n - 1) / 2) * gapY;
  };

  const edgeEls: { w: number; s: string }[] = [];
  for (let l = 0; l + 1 < layers.length; l++) {
    const from = shown[l] as number[];
    const to = shown[l + 1] as number[];
    to.forEach((o, ko) => {
      if (o < 0) return;
      from.forEach((i, ki) => {
        if (i < 0) return;
        const w = weights ? (weights[l]?.[o]?.[i] as number) : Number.NaN;
        if (weights && !Number.isFinite(w)) return;
        const x1 = colX(l) + r;
        const y1 = unitY(l, ki);
        const x2 = colX(l + 1) - r;
        const y2 = unitY(l + 1, ko);
        const mx = (x1 + x2) / 2;
        const d = `M${num(x1)},${num(y1)}C${num(mx)},${num(y1)} ${num(mx)},${num(y2)} ${num(x2)},${num(y2)}`;
        const style = weights ? networkEdgeStyle(w, maxAbs, options) : null;
        edgeEls.push({
          w: weights ? Math.abs(w) : 0,
          s: el('path', {
            class: 'viz-edge',
            'data-layer': l,
            'data-in': i,
            'data-out': o,
            'data-weight': weights ? sig(w, 4) : undefined,
            d,
            fill: 'none',
            stroke: style ? style.stroke : '#b0b0b0',
            'stroke-width': style ? style.strokeWidth : 1,
            'stroke-opacity': style ? style.strokeOpacity : 0.8,
          }),
        });
      });
    });
  }
  // Strong edges last, so they are not hidden under weak ones.
  const edgesSorted = edgeEls
    .map((e, i) => ({ ...e, i }))
    .sort((a, b) => a.w - b.w || a.i - b.i)
    .map((e) => e.s);

  const units: string[] = [];
  layers.forEach((n, l) => {
    (shown[l] as number[]).forEach((i, k) => {
      const cx = colX(l);
      const cy = unitY(l, k);
      if (i < 0) {
        units.push(
          el(
            'text',
            { x: cx, y: cy + fs * 0.35, 'text-anchor': 'middle', fill: '#555' },
            text('⋮'),
          ),
        );
        return;
      }
      units.push(
        el('circle', {
          class: 'viz-unit',
          'data-layer': l,
          'data-unit': i,
          cx,
          cy,
          r,
          fill: 'white',
          stroke: '#333',
          'stroke-width': 1.4,
        }),
      );
      const name = unitLabel(l, i);
      if (name) {
        const leftSide = l === 0;
        units.push(
          el(
            'text',
            {
              x: leftSide ? cx - r - 6 : cx + r + 6,
              y: cy + fs * 0.35,
              'text-anchor': leftSide ? 'end' : 'start',
              fill: '#222',
            },
            text(truncate(name, fs, 120)),
          ),
        );
      }
    });
    const layerName = options.labels?.[l];
    if (layerName) {
      const extra = n > maxUnits ? ` (${n})` : '';
      units.push(
        el(
          'text',
          {
            class: 'viz-layer-label',
            x: Math.min(
              Math.max(colX(l), textWidth(layerName + extra, fs) / 2 + 4),
              base.width - textWidth(layerName + extra, fs) / 2 - 4,
            ),
            y: base.height - fs * 0.8,
            'text-anchor': 'middle',
            fill: '#222',
          },
          text(layerName + extra),
        ),
      );
    }
  });

  const description =
    base.description ??
    `Network diagram with ${layers.length} layers of ${layers.join(', ')} units${weights ? `; edges coloured by weight sign, width by |weight| (max ${sig(maxAbs, 3)})` : ''}.`;
  return svgDocument({
    kind: 'network',
    ...base,
    title: base.title ?? 'Network diagram',
    description,
    body: () => {
      const title = renderTitle(base);
      // The legend is laid out horizontally above the diagram.
      const legendY = (base.title ? Math.round(fs * 3) : Math.round(fs)) - 4;
      const widths = entries.map((e) => legendWidth([e], fs));
      const total = widths.reduce((a, b) => a + b, 0) + 24 * Math.max(0, entries.length - 1);
      let lx = (base.width - total) / 2;
      const legend = entries
        .map((e, i) => {
          const out = renderLegend([e], lx, legendY, fs);
          lx += (widths[i] as number) + 24;
          return out;
        })
        .join('');
      return [
        title,
        legend,
        group({ class: 'viz-edges' }, edgesSorted),
        group({ class: 'viz-units' }, units),
      ].join('');
    },
  });
}
