import { describe, expect, it } from 'vitest';
import { all, attr, byClass, expectWellFormed, tensor, texts } from '../__fixtures__/svg.js';
import { VizError } from '../errors.js';
import type { TensorLike } from '../tensor-like.js';
import { computationGraph } from './computation-graph.js';

// L = (a * b + c) * a: four distinct tensors feed L, and `a` is used twice.
const a = tensor([2], [], null, [6]);
const b = tensor([-3], [], null, [-4]);
const c = tensor([10], [], null, [-2]);
const e = tensor([-6], [], { name: 'mul', inputs: [a, b] });
const d = tensor([4], [], { name: 'add', inputs: [e, c] });
const L = tensor([8], [], { name: 'mul', inputs: [d, a] }, [1]);

describe('computationGraph', () => {
  it('draws one node per tensor and one edge per op input', () => {
    const root = expectWellFormed(computationGraph(L));
    expect(byClass(root, 'viz-node')).toHaveLength(6);
    expect(byClass(root, 'viz-node-leaf')).toHaveLength(3);
    expect(byClass(root, 'viz-node-op')).toHaveLength(3);
    expect(byClass(root, 'viz-edge')).toHaveLength(6);
    const t = texts(root);
    expect(t.filter((s) => s === 'mul')).toHaveLength(2);
    expect(t).toContain('add');
    expect(t).toContain('data -6');
    expect(t).toContain('grad 6');
    // Edges carry arrowheads from a marker defined in the document.
    const marker = all(root, 'marker')[0];
    expect(attr(byClass(root, 'viz-edge')[0], 'marker-end')).toBe(`url(#${attr(marker, 'id')})`);
  });

  it('draws a node whose graph was freed by backward as "(freed)", with no inputs', () => {
    const freed = tensor([1, 2], [2], { name: 'tanh', inputs: [], released: true });
    const top = tensor([3], [], { name: 'sum', inputs: [freed] });
    const root = expectWellFormed(computationGraph(top));
    expect(byClass(root, 'viz-node')).toHaveLength(2);
    expect(byClass(root, 'viz-node-freed')).toHaveLength(1);
    expect(byClass(root, 'viz-edge')).toHaveLength(1);
    expect(texts(root)).toContain('tanh (freed)');
  });

  it('prints values only for tensors of at most 4 elements, 4 significant digits, nan for NaN', () => {
    const small = tensor([Math.PI, Number.NaN, Number.POSITIVE_INFINITY, 1e-7], [2, 2]);
    const big = tensor([1, 2, 3, 4, 5], [5]);
    const top = tensor([0], [], { name: 'matmul', inputs: [small, big] });
    const svg = computationGraph(top, { labels: new Map<TensorLike, string>([[small, 'W']]) });
    const t = texts(expectWellFormed(svg));
    expect(t).toContain('data [3.142, nan, inf, 1e-7]');
    expect(t).toContain('[2, 2] float32');
    expect(t).toContain('[5] float32');
    expect(t).toContain('W');
    expect(t.some((s) => s.startsWith('data [1, 2'))).toBe(false);
  });

  it('is deterministic', () => {
    expect(computationGraph(L)).toBe(computationGraph(L));
  });

  it('rejects bad input with a VizError', () => {
    expect(() => computationGraph(null as unknown as TensorLike)).toThrow(VizError);
    expect(() => computationGraph({ shape: [1] } as unknown as TensorLike)).toThrow(
      /expected a tensor/,
    );
    expect(() => computationGraph(L, { maxNodes: 3 })).toThrow(/maxNodes = 3/);
    const bad = tensor([1], [], { name: 'neg', inputs: [{ nope: 1 } as unknown as TensorLike] });
    expect(() => computationGraph(bad)).toThrow(
      'computationGraph: tensor.gradFn.inputs[0] is not a tensor (needs shape, size and data)',
    );
  });
});
