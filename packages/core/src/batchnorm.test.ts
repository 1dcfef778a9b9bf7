/**
 * nativeBatchNorm (one op: a forward kernel, the closed-form backward kernel, running statistics
 * updated in the kernel) against the reference composed from core ops, which autograd
 * differentiates node by node; on every registered backend.
 */
import { describe, expect, it } from 'vitest';
import { describeEachBackend } from './__fixtures__/backends.js';
import {
  autograd,
  type FloatDType,
  Generator,
  nativeBatchNorm,
  noGrad,
  randn,
  type Tensor,
} from './index.js';

/** The reference: batch statistics, normalization and running updates written with core ops. */
function composed(
  x: Tensor,
  weight: Tensor | null,
  bias: Tensor | null,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  momentum: number,
  eps: number,
): Tensor {
  const channels = x.shape[1] as number;
  const dims = x.ndim === 3 ? [0, 2] : [0];
  const count = x.size / channels;
  const stat = (t: Tensor): Tensor => (x.ndim === 3 ? t.reshape([1, channels, 1]) : t);
  const mean = x.mean(dims, true);
  const centered = x.sub(mean);
  const sumOfSquares = centered.square().sum(dims, true);
  let y = centered.mul(sumOfSquares.div(count).add(eps).rsqrt());
  if (weight) y = y.mul(stat(weight));
  if (bias) y = y.add(stat(bias));
  noGrad(() => {
    runningMean?.mul_(1 - momentum).add_(mean.reshape([channels]), momentum);
    runningVar?.mul_(1 - momentum).add_(sumOfSquares.reshape([channels]).div(count - 1), momentum);
  });
  return y;
}

const sample = (shape: number[], seed: number, dtype: FloatDType): Tensor =>
  randn(shape, { dtype, generator: new Generator(seed) });

/** Largest |a − b| / (1 + |b|). */
function maxDiff(a: Tensor | null | undefined, b: Tensor | null | undefined): number {
  if (!a || !b) throw new Error('missing tensor');
  expect(a.shape).toEqual(b.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    worst = Math.max(
      worst,
      Math.abs((x[i] as number) - (y[i] as number)) / (1 + Math.abs(y[i] as number)),
    );
  }
  return worst;
}

/** Rounding alone separates the two (the kernels accumulate in float64). */
const TOLERANCE = { float64: 1e-13, float32: 3e-6 } as const;

describeEachBackend('nativeBatchNorm', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    for (const shape of [
      [12, 4],
      [3, 2, 5],
    ]) {
      it(`${dtype} ${JSON.stringify(shape)}: output, running statistics and every gradient`, () => {
        const c = shape[1] as number;
        const run = (norm: typeof composed) => {
          const x = sample(shape, 1, dtype).mul(2).add(1).requiresGrad_();
          const w = sample([c], 2, dtype).add(1.5).requiresGrad_();
          const b = sample([c], 3, dtype).requiresGrad_();
          const rm = sample([c], 4, dtype);
          const rv = sample([c], 5, dtype).abs().add(0.5);
          const y = norm(x, w, b, rm, rv, 0.2, 1e-3);
          const [dx, dw, db] = autograd.grad(y.mul(sample(shape, 6, dtype)).sum(), [x, w, b]);
          return { y, dx, dw, db, rm, rv };
        };
        const fused = run(nativeBatchNorm);
        const reference = run(composed);
        const tol = TOLERANCE[dtype];
        expect(fused.y.gradFn?.name).toBe('batchNorm');
        for (const key of ['y', 'dx', 'dw', 'db', 'rm', 'rv'] as const) {
          expect(maxDiff(fused[key], reference[key]), key).toBeLessThan(tol);
        }
      });
    }
  }

  it('the backward kernel and the recorded formula (createGraph) give the same gradient', () => {
    const x = sample([6, 3, 2], 7, 'float64').requiresGrad_();
    const w = sample([3], 8, 'float64').requiresGrad_();
    const g = sample([6, 3, 2], 9, 'float64');
    const grads = (createGraph: boolean) =>
      autograd.grad(nativeBatchNorm(x, w, null, null, null, 0.1, 1e-5).mul(g).sum(), [x, w], {
        createGraph,
      });
    const [dx, dw] = grads(false);
    const [dx2, dw2] = grads(true);
    expect(maxDiff(dx, dx2)).toBeLessThan(1e-13);
    expect(maxDiff(dw, dw2)).toBeLessThan(1e-13);
  });

  it('refuses what the kernel cannot take, changing nothing', () => {
    const rm = sample([3], 10, 'float32');
    const before = Array.from(rm.dataSync());
    expect(() =>
      nativeBatchNorm(sample([1, 3], 11, 'float32'), null, null, rm, null, 0.1, 1e-5),
    ).toThrow('Expected more than 1 value per channel when training, got input size [1, 3]');
    expect(() =>
      nativeBatchNorm(
        sample([4, 3], 12, 'float32'),
        null,
        null,
        sample([3], 13, 'float64'),
        null,
        0.1,
        1e-5,
      ),
    ).toThrow('nativeBatchNorm: runningMean has dtype float64 but the input has float32');
    expect(() =>
      nativeBatchNorm(sample([4, 2], 14, 'float32'), null, null, rm, null, 0.1, 1e-5),
    ).toThrow('nativeBatchNorm: runningMean must have shape [2], got [3]');
    expect(Array.from(rm.dataSync())).toEqual(before);
  });
});

describe('nativeBatchNorm keeps its saved statistics out of reach', () => {
  it('a changed input makes backward refuse, as every saved tensor does', () => {
    const x = sample([5, 2], 15, 'float64').requiresGrad_();
    const y = nativeBatchNorm(x, null, null, null, null, 0.1, 1e-5);
    noGrad(() => x.add_(1));
    expect(() => y.sum().backward()).toThrow(/modified in place/);
  });
});
