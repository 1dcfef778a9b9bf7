import { type Edge, Graph, layout } from '@dagrejs/dagre';
import { curveBasis, line } from 'd3-shape';
import { VizError } from '../errors.js';
import { type BaseOptions, resolveBase } from '../options.js';
import { svgDocument } from '../svg/document.js';
import { el, group, text } from '../svg/element.js';
import { sig } from '../svg/format.js';
import { textWidth } from '../svg/measure.js';
import { isTensorLike, type TensorLike } from '../tensor-like.js';

/**
 * Options of {@link computationGraph}. Without `width`/`height` the SVG takes the laid-out graph's
 * own size; with them, the graph is scaled to fit.
 *
 * @example
 * ```ts
 * import type { ComputationGraphOptions, TensorLike } from '@descent/viz';
 * declare const w: TensorLike;
 * const o: ComputationGraphOptions = { labels: new Map([[w, 'w']]), showValues: true };
 * ```
 */
export interface ComputationGraphOptions extends BaseOptions {
  /** Names to show on nodes, e.g. the variable names of leaves. */
  readonly labels?: ReadonlyMap<TensorLike, string>;
  /** Show data and gradients of tensors with at most `maxValues` elements (default true). */
  readonly showValues?: boolean;
  /** Largest tensor whose values are printed (default 4). */
  readonly maxValues?: number;
  /** `'TB'` (default: inputs on top, result at the bottom) or `'LR'` (left to right, as micrograd). */
  readonly direction?: 'TB' | 'LR';
  /** Refuse graphs with more nodes than this (default 400), since the layout would be unreadable. */
  readonly maxNodes?: number;
}

interface GNode {
  readonly id: string;
  readonly t: TensorLike;
  readonly kind: 'leaf' | 'op' | 'freed';
  readonly lines: readonly string[];
  readonly root: boolean;
  width: number;
  height: number;
}

const FN = 'computationGraph';

function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : `[${shape.join(', ')}]`;
}

function formatValues(data: ArrayLike<number>, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(sig(Number(data[i]), 4));
  return n === 1 ? (out[0] as string) : `[${out.join(', ')}]`;
}

/**
 * The autograd graph behind a tensor, micrograd's `draw_dot` picture: each tensor is a node with
 * its op name (or "leaf") and shape, and for small tensors its values and gradient; leaves are
 * square boxes, op results rounded boxes, edges point from inputs to the op's result. A node whose
 * graph was freed by backward is drawn as "(freed)". Laid out with dagre.
 *
 * @param tensor - the result to trace back from (anything satisfying {@link TensorLike}).
 * @returns a standalone SVG document string.
 * @throws {@link VizError} when `tensor` is not tensor-like or the graph exceeds `maxNodes`.
 * @example
 * ```ts
 * import { computationGraph, type TensorLike } from '@descent/viz';
 * const leaf = (v: number): TensorLike => ({
 *   shape: [], dtype: 'float32', size: 1, requiresGrad: true, grad: null, gradFn: null,
 *   dataSync: () => [v],
 * });
 * const a = leaf(2);
 * const b = leaf(-3);
 * const c: TensorLike = {
 *   shape: [], dtype: 'float32', size: 1, requiresGrad: true, grad: null,
 *   gradFn: { name: 'mul', inputs: [a, b] }, dataSync: () => [-6],
 * };
 * const svg = computationGraph(c, { labels: new Map([[a, 'a'], [b, 'b'], [c, 'c']]) });
 * ```
 */
export function computationGraph(
  tensor: TensorLike,
  options: ComputationGraphOptions = {},
): string {
  if (!isTensorLike(tensor)) {
    throw new VizError(
      FN,
      `expected a tensor (an object with shape, size and data), got ${tensor === null ? 'null' : typeof tensor}`,
    );
  }
  const fontSize = options.fontSize ?? 12;
  const maxValues = options.maxValues ?? 4;
  const maxNodes = options.maxNodes ?? 400;
  const showValues = options.showValues ?? true;
  const direction = options.direction ?? 'TB';
  if (direction !== 'TB' && direction !== 'LR') {
    throw new VizError(FN, `direction must be 'TB' or 'LR', got ${JSON.stringify(direction)}`);
  }

  // Depth-first from the result, numbering tensors in visit order so ids are deterministic.
  const ids = new Map<TensorLike, GNode>();
  const edges: { from: string; to: string; index: number }[] = [];
  const order: GNode[] = [];
  const visit = (t: TensorLike, path: string): GNode => {
    const seen = ids.get(t);
    if (seen) return seen;
    if (!isTensorLike(t))
      throw new VizError(FN, `${path} is not a tensor (needs shape, size and data)`);
    if (ids.size >= maxNodes) {
      throw new VizError(
        FN,
        `the graph has more than maxNodes = ${maxNodes} tensors; pass a larger maxNodes or draw a smaller sub-expression`,
      );
    }
    const fn = t.gradFn;
    const freed = fn !== null && fn.released === true;
    const kind: GNode['kind'] = fn === null ? 'leaf' : freed ? 'freed' : 'op';
    const label = options.labels?.get(t);
    const head =
      kind === 'leaf'
        ? (label ?? 'leaf')
        : `${fn?.name ?? '?'}${kind === 'freed' ? ' (freed)' : ''}${label ? ` → ${label}` : ''}`;
    const lines = [head, `${formatShape(t.shape)} ${t.dtype}`];
    const values = showValues && t.size <= maxValues && t.size > 0 ? t.dataSync() : null;
    if (values !== null && values.length >= t.size) {
      lines.push(`data ${formatValues(values, t.size)}`);
      const g = t.grad;
      const gradValues = g && isTensorLike(g) ? g.dataSync() : null;
      if (gradValues !== null && gradValues.length >= t.size)
        lines.push(`grad ${formatValues(gradValues, t.size)}`);
    }
    const node: GNode = {
      id: `n${ids.size}`,
      t,
      kind,
      lines,
      root: ids.size === 0,
      width: 0,
      height: 0,
    };
    ids.set(t, node);
    if (fn !== null && !freed) {
      if (!Array.isArray(fn.inputs))
        throw new VizError(FN, `${path}.gradFn.inputs must be an array`);
      fn.inputs.forEach((input, i) => {
        const child = visit(input, `${path}.gradFn.inputs[${i}]`);
        edges.push({ from: child.id, to: node.id, index: i });
      });
    }
    order.push(node);
    return node;
  };
  visit(tensor, 'tensor');
  // Post-order (inputs before the ops that use them) gives dagre an initial left-to-right order
  // that follows argument order, so matmul(x, W) shows x left of W.
  const nodes = order;

  const lineH = Math.round(fontSize * 1.35);
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: direction, nodesep: 28, ranksep: 36, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) {
    const w = n.lines.reduce(
      (m, l, i) => Math.max(m, textWidth(l, i === 0 ? fontSize * 1.05 : fontSize * 0.9)),
      0,
    );
    n.width = Math.ceil(w + 24);
    n.height = Math.ceil(n.lines.length * lineH + 10);
    g.setNode(n.id, { width: n.width, height: n.height });
  }
  // Edges go in last-first: dagre's initial ordering then places an op's first argument on the
  // left, so matmul(x, W) reads x, W (found by experiment with dagre 3.1).
  for (const e of [...edges].reverse()) {
    g.setEdge(e.from, e.to, {}, `${e.from}-${e.to}-${e.index}`);
  }
  layout(g);
  const gw = g.graph().width ?? 100;
  const gh = g.graph().height ?? 100;
  const titleH = options.title ? Math.round(fontSize * 2.6) : 0;
  const vbW = Math.max(
    gw,
    options.title ? textWidth(options.title, fontSize * 1.25, true) + 24 : 0,
  );
  const vbH = gh + titleH;
  const base = resolveBase(FN, options, { width: Math.ceil(vbW), height: Math.ceil(vbH) });
  const dx = (vbW - gw) / 2;

  const edgeLine = line<{ x: number; y: number }>()
    .x((p) => p.x + dx)
    .y((p) => p.y + titleH)
    .curve(curveBasis)
    .digits(2);

  const counts = { leaf: 0, op: 0, freed: 0 };
  for (const n of nodes) counts[n.kind]++;
  const description =
    base.description ??
    `Computation graph of a ${formatShape(tensor.shape)} tensor: ${nodes.length} tensors (${counts.leaf} leaves, ${counts.op} op results${counts.freed ? `, ${counts.freed} freed` : ''}) and ${edges.length} edges.`;

  return svgDocument({
    kind: 'graph',
    ...base,
    title: base.title ?? 'Computation graph',
    description,
    viewBox: [0, 0, vbW, vbH],
    body: (id) => {
      const arrow = el(
        'marker',
        {
          id: id('arrow'),
          viewBox: '0 0 10 10',
          refX: 9,
          refY: 5,
          markerWidth: 7,
          markerHeight: 7,
          orient: 'auto',
        },
        el('path', { d: 'M0,0L10,5L0,10Z', fill: '#555' }),
      );
      const edgeEls = g.edges().map((e: Edge) => {
        const pts = g.edge(e).points ?? [];
        return el('path', {
          class: 'viz-edge',
          'data-from': e.v,
          'data-to': e.w,
          d: edgeLine(pts) ?? '',
          fill: 'none',
          stroke: '#555',
          'stroke-width': 1.3,
          'marker-end': `url(#${id('arrow')})`,
        });
      });
      const nodeEls = nodes.map((n) => {
        const { x = 0, y = 0 } = g.node(n.id);
        const left = x + dx - n.width / 2;
        const topY = y + titleH - n.height / 2;
        const shape = el('rect', {
          x: left,
          y: topY,
          width: n.width,
          height: n.height,
          rx: n.kind === 'leaf' ? 2 : Math.min(14, n.height / 2),
          fill: n.kind === 'leaf' ? '#fdf3d8' : n.kind === 'freed' ? '#eeeeee' : '#dcebfa',
          stroke: n.kind === 'leaf' ? '#b58900' : n.kind === 'freed' ? '#999999' : '#2f6ea5',
          'stroke-width': n.root ? 2.4 : 1.2,
          'stroke-dasharray': n.kind === 'freed' ? '4 3' : undefined,
        });
        const texts = n.lines.map((l, i) =>
          el(
            'text',
            {
              x: x + dx,
              y: topY + 5 + lineH * (i + 0.72),
              'text-anchor': 'middle',
              'font-size': i === 0 ? fontSize * 1.05 : fontSize * 0.9,
              'font-weight': i === 0 ? 'bold' : undefined,
              fill: i === 0 ? '#111' : '#444',
            },
            text(l),
          ),
        );
        return el('g', { class: `viz-node viz-node-${n.kind}`, id: id(n.id) }, shape, ...texts);
      });
      const title = options.title
        ? el(
            'text',
            {
              class: 'viz-title',
              x: vbW / 2,
              y: fontSize * 1.8,
              'text-anchor': 'middle',
              'font-size': fontSize * 1.25,
              'font-weight': 'bold',
              fill: '#111',
            },
            text(options.title),
          )
        : '';
      return [
        el('defs', {}, arrow),
        title,
        group({ class: 'viz-edges' }, edgeEls),
        group({ class: 'viz-nodes' }, nodeEls),
      ].join('');
    },
  });
}
