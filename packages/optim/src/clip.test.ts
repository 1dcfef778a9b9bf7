import { type Tensor, tensor, ValueError, zerosLike } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { type FixTensor, f64, loadFixture } from './__fixtures__/golden.js';
import { clipGradNorm_, clipGradValue_ } from './index.js';

interface ClipCase {
  id: string;
  fn: 'clipGradNorm_' | 'clipGradValue_';
  grads: FixTensor[];
  args: number[];
  options: { normType?: number | string };
  totalNorm?: number;
  clipped: FixTensor[];
}

function withGrads(grads: FixTensor[]): Tensor[] {
  return grads.map((g) => {
    const p = zerosLike(f64(g), { requiresGrad: true });
    p.grad = f64(g);
    return p;
  });
}

const fixture = loadFixture<ClipCase>('clip.json');

describe(`clipping against PyTorch ${fixture.torch}`, () => {
  for (const c of fixture.cases) {
    it(c.id, () => {
      const params = withGrads(c.grads);
      if (c.fn === 'clipGradNorm_') {
        const total = clipGradNorm_(params, c.args[0] as number, {
          normType: Number(c.options.normType),
        });
        expect(total).toBeCloseTo(c.totalNorm as number, 14);
      } else {
        clipGradValue_(params, c.args[0] as number);
      }
      params.forEach((p, i) => {
        const want = (c.clipped[i] as FixTensor).data.map(Number);
        [...(p.grad as Tensor).data].forEach((v, j) => {
          expect(v).toBeCloseTo(want[j] as number, 14);
        });
      });
    });
  }
});

describe('clipGradNorm_ / clipGradValue_', () => {
  it('skips parameters without gradients, accepts one tensor, and returns 0 with no gradients', () => {
    const a = tensor([3, 4], { dtype: 'float64', requiresGrad: true });
    const b = tensor([1], { dtype: 'float64', requiresGrad: true });
    expect(clipGradNorm_([a, b], 1)).toBe(0);
    a.grad = tensor([3, 4], { dtype: 'float64' });
    expect(clipGradNorm_(a, 1)).toBe(5);
    const g = a.grad.toArray() as number[];
    expect(g[0]).toBeCloseTo(0.6, 6);
    expect(Math.hypot(...g)).toBeLessThanOrEqual(1);
    expect(b.grad).toBeNull();
  });

  it('leaves small gradients alone (the coefficient is clamped to 1)', () => {
    const a = tensor([1], { dtype: 'float64', requiresGrad: true });
    a.grad = tensor([0.5], { dtype: 'float64' });
    expect(clipGradNorm_([a], 10)).toBe(0.5);
    expect(a.grad.item()).toBe(0.5);
  });

  it('supports the infinity norm and reports non-finite norms on request', () => {
    const a = tensor([1, -7, 2], { dtype: 'float64', requiresGrad: true });
    a.grad = tensor([1, -7, 2], { dtype: 'float64' });
    expect(clipGradNorm_([a], 100, { normType: Number.POSITIVE_INFINITY })).toBe(7);
    const b = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    b.grad = tensor([1, Number.POSITIVE_INFINITY], { dtype: 'float64' });
    expect(() => clipGradNorm_([b], 1, { errorIfNonfinite: true })).toThrow(
      'The total norm of order 2 for gradients from `parameters` is non-finite',
    );
    expect(() => clipGradNorm_([b], 1, { normType: 0 })).toThrow(ValueError);
  });

  it('clipGradValue_ clamps in place and rejects a negative clip value', () => {
    const a = tensor([1, -7, 0.2], { dtype: 'float64', requiresGrad: true });
    a.grad = tensor([1, -7, 0.2], { dtype: 'float64' });
    const g = a.grad;
    clipGradValue_([a], 0.5);
    expect(a.grad).toBe(g);
    expect(g.toArray()).toEqual([0.5, -0.5, 0.2]);
    expect(() => clipGradValue_([a], -1)).toThrow(
      'clipGradValue_: clipValue must be non-negative, got -1',
    );
  });

  it('checks its arguments before touching a gradient', () => {
    const a = tensor([3, 4], { dtype: 'float64', requiresGrad: true });
    a.grad = tensor([3, 4], { dtype: 'float64' });
    for (const [call, message] of [
      [
        () => clipGradNorm_([a], Number.NaN),
        'maxNorm must be a number >= 0 (Infinity: no clipping), got NaN',
      ],
      [
        () => clipGradNorm_([a], '1' as never),
        'maxNorm must be a number >= 0 (Infinity: no clipping), got the string "1"',
      ],
      [
        () => clipGradNorm_([a], 1, null as never),
        'options must be an object such as { normType: 2 }, got null',
      ],
      [
        () => clipGradNorm_([a], 1, { norm: 1 } as never),
        'unknown option "norm"; expected one of normType, errorIfNonfinite',
      ],
      [
        () => clipGradNorm_(5 as never, 1),
        'params must be a tensor or an iterable of tensors such as model.parameters(), got 5',
      ],
      [
        () => clipGradValue_([a], '1' as never),
        'clipValue must be non-negative, got the string "1"',
      ],
    ] as const) {
      expect(call).toThrow(ValueError);
      expect(call).toThrow(message);
    }
    expect(a.grad.toArray()).toEqual([3, 4]);
  });
});
