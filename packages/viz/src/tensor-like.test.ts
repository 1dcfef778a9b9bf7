import { matmul, randn, tensor } from '@descent/core';
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { computationGraph } from './index.js';
import type { TensorLike } from './tensor-like.js';

describe('TensorLike', () => {
  it("is satisfied by @descent/core's Tensor, so computationGraph draws a real graph", () => {
    const x = randn([4, 2]);
    const w = tensor([[1], [2]], { requiresGrad: true });
    // mean is composed from sum and div, so those are the nodes the graph shows.
    const loss = matmul(x, w).tanh().mean();
    const asTensorLike: TensorLike = loss;
    const svg = computationGraph(asTensorLike);
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const text = Array.from(doc.getElementsByTagName('text')).map((t) => t.textContent ?? '');
    for (const op of ['matmul', 'tanh', 'sum', 'div'])
      expect(text.some((t) => t.includes(op))).toBe(true);
  });
});
