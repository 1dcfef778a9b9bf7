/**
 * The fused training-mode batch normalization (core's nativeBatchNorm: one op, closed-form
 * backward) against the reference composed from core ops, which autograd differentiates node by
 * node.
 */
import {
  autograd,
  type FloatDType,
  Generator,
  gradcheck,
  gradgradcheck,
  nativeBatchNorm,
  noGrad,
  randn,
  type Tensor,
  zeros,
} from '@descent/core';
import { describe, expect, it } from 'vitest';
import { BatchNorm1d, type BatchNormOptions, batchNorm } from './index.js';

type Norm = typeof batchNorm;

/**
 * The reference: `batchNorm` composed from core ops (mean, sub, square, sum, rsqrt, mul, add),
 * with the running statistics updated by in-place ops.
 */
function batchNormComposed(
  input: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  options: BatchNormOptions = {},
): Tensor {
  const { training = false, weight = null, bias = null, momentum = 0.1, eps = 1e-5 } = options;
  const channels = input.shape[1] as number;
  const dims = input.ndim === 3 ? [0, 2] : [0];
  const count = input.size / channels;
  const perChannel = (t: Tensor): Tensor => (input.ndim === 3 ? t.reshape([1, t.size, 1]) : t);
  let normalized: Tensor;
  if (training) {
    const mean = input.mean(dims, true);
    const centered = input.sub(mean);
    const sumOfSquares = centered.square().sum(dims, true);
    normalized = centered.mul(sumOfSquares.div(count).add(eps).rsqrt());
    noGrad(() => {
      runningMean?.mul_(1 - momentum).add_(mean.reshape([channels]), momentum);
      runningVar
        ?.mul_(1 - momentum)
        .add_(sumOfSquares.reshape([channels]).div(count - 1), momentum);
    });
  } else {
    const rm = runningMean as Tensor;
    const rv = runningVar as Tensor;
    normalized = input.sub(perChannel(rm)).mul(perChannel(rv).add(eps).rsqrt());
  }
  if (weight) normalized = normalized.mul(perChannel(weight));
  if (bias) normalized = normalized.add(perChannel(bias));
  return normalized;
}

const sample = (shape: number[], seed: number, dtype: FloatDType, requiresGrad = true): Tensor =>
  randn(shape, { dtype, generator: new Generator(seed), requiresGrad });

/** Largest |a − b| / (1 + |b|) over the elements. */
function maxDiff(a: Tensor | null, b: Tensor | null): number {
  if (!a || !b) throw new Error('missing tensor');
  expect(a.shape).toEqual(b.shape);
  expect(a.dtype).toBe(b.dtype);
  let worst = 0;
  const as = a.dataSync();
  const bs = b.dataSync();
  for (let i = 0; i < a.size; i++) {
    const x = as[i] as number;
    const y = bs[i] as number;
    worst = Math.max(worst, Math.abs(x - y) / (1 + Math.abs(y)));
  }
  return worst;
}

interface Run {
  y: Tensor;
  dx: Tensor | null;
  dw: Tensor | null;
  db: Tensor | null;
  runningMean: Tensor;
  runningVar: Tensor;
}

/** One training step of `norm` from fresh copies of the same leaves. */
function run(
  norm: Norm,
  shape: number[],
  dtype: FloatDType,
  affine: 'both' | 'weight' | 'bias' | 'none',
): Run {
  const channels = shape[1] as number;
  const x = sample(shape, 1, dtype).mul(3).add(2).detach().requiresGrad_();
  const weight =
    affine === 'both' || affine === 'weight'
      ? sample([channels], 2, dtype).mul(0.5).add(1).detach().requiresGrad_()
      : null;
  const bias = affine === 'both' || affine === 'bias' ? sample([channels], 3, dtype) : null;
  const runningMean = sample([channels], 4, dtype, false);
  const runningVar = sample([channels], 5, dtype, false).abs().add(0.5);
  const y = norm(x, runningMean, runningVar, {
    training: true,
    weight,
    bias,
    momentum: 0.3,
    eps: 1e-3,
  });
  y.mul(sample(shape, 6, dtype, false))
    .sum()
    .backward();
  return {
    y,
    dx: x.grad,
    dw: weight?.grad ?? null,
    db: bias?.grad ?? null,
    runningMean,
    runningVar,
  };
}

const SHAPES = [
  [16, 5],
  [4, 3, 7],
];
const AFFINE = ['both', 'none', 'weight', 'bias'] as const;
/**
 * Fused vs composed, relative to 1 + |composed|: both are exact formulas and only rounding
 * differs (observed ≤ 3e-16 in float64, ≤ 3e-7 in float32, where the fused forward accumulates
 * in double).
 */
const TOLERANCE = { float64: 1e-14, float32: 2e-6 } as const;

describe('fused batchNorm vs the version composed from core ops', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    for (const shape of SHAPES) {
      for (const affine of AFFINE) {
        it(`${dtype} ${JSON.stringify(shape)} affine=${affine}: output, running stats and every gradient`, () => {
          const fused = run(batchNorm, shape, dtype, affine);
          const composed = run(batchNormComposed, shape, dtype, affine);
          const tol = TOLERANCE[dtype];
          expect(maxDiff(fused.y, composed.y), 'output').toBeLessThan(tol);
          expect(maxDiff(fused.dx, composed.dx), 'input grad').toBeLessThan(tol);
          expect(maxDiff(fused.runningMean, composed.runningMean), 'runningMean').toBeLessThan(tol);
          expect(maxDiff(fused.runningVar, composed.runningVar), 'runningVar').toBeLessThan(tol);
          if (affine === 'both' || affine === 'weight')
            expect(maxDiff(fused.dw, composed.dw), 'weight grad').toBeLessThan(tol);
          if (affine === 'both' || affine === 'bias')
            expect(maxDiff(fused.db, composed.db), 'bias grad').toBeLessThan(tol);
        });
      }
    }
  }

  it('BatchNorm1d over several training steps and then eval matches the composed version', () => {
    const bn = new BatchNorm1d(4, { dtype: 'float64', momentum: null });
    const reference = new BatchNorm1d(4, { dtype: 'float64', momentum: null });
    noGrad(() => {
      bn.weight?.copy_(sample([4], 7, 'float64', false));
      reference.weight?.copy_(bn.weight as Tensor);
    });
    for (let step = 0; step < 3; step++) {
      const x = sample([6, 4, 2], 10 + step, 'float64');
      const ref = x.detach().clone().requiresGrad_();
      const y = bn.forward(x);
      expect(y.gradFn?.name).toBe('batchNorm');
      const counter = reference.numBatchesTracked as Tensor;
      noGrad(() => counter.add_(1));
      const yRef = batchNormComposed(ref, reference.runningMean, reference.runningVar, {
        training: true,
        weight: reference.weight,
        bias: reference.bias,
        momentum: 1 / counter.item(),
        eps: reference.eps,
      });
      expect(maxDiff(y, yRef)).toBeLessThan(1e-12);
      y.square().sum().backward();
      yRef.square().sum().backward();
      expect(maxDiff(x.grad, ref.grad)).toBeLessThan(1e-12);
      expect(maxDiff(bn.weight?.grad ?? null, reference.weight?.grad ?? null)).toBeLessThan(1e-12);
      expect(maxDiff(bn.bias?.grad ?? null, reference.bias?.grad ?? null)).toBeLessThan(1e-12);
    }
    expect(maxDiff(bn.runningMean, reference.runningMean)).toBeLessThan(1e-12);
    expect(maxDiff(bn.runningVar, reference.runningVar)).toBeLessThan(1e-12);
    expect(bn.numBatchesTracked?.item()).toBe(3);
    const probe = sample([2, 4, 2], 20, 'float64', false);
    // Eval keeps its composed affine map with the running statistics as constants.
    const evaluated = bn.eval().forward(probe);
    expect(maxDiff(evaluated, reference.eval().forward(probe))).toBeLessThan(1e-12);
  });

  it('flows no gradient to inputs that do not require it', () => {
    const x = sample([5, 3], 30, 'float64', false);
    const weight = sample([3], 31, 'float64');
    const bias = sample([3], 32, 'float64', false);
    const y = batchNorm(x, null, null, { training: true, weight, bias });
    y.mul(x).sum().backward();
    const ref = sample([3], 31, 'float64');
    batchNormComposed(x, null, null, { training: true, weight: ref, bias }).mul(x).sum().backward();
    expect(maxDiff(weight.grad, ref.grad)).toBeLessThan(1e-12);
    expect(x.grad).toBeNull();
    expect(bias.grad).toBeNull();
  });
});

describe('fused batchNorm: one node, gradcheck and gradgradcheck', () => {
  it('records the normalization, γ and β as one node named batchNorm', () => {
    const x = sample([8, 3], 40, 'float32');
    const bn = new BatchNorm1d(3);
    const out = bn.forward(x);
    expect(out.gradFn?.name).toBe('batchNorm');
    expect(out.gradFn?.inputs).toEqual([x, bn.weight, bn.bias]);
    const plain = batchNorm(x, null, null, { training: true });
    expect(plain.gradFn?.name).toBe('batchNorm');
    expect(plain.gradFn?.inputs).toEqual([x]);
    // The composed graph ends in the affine add; eval mode keeps that path.
    expect(batchNormComposed(x, null, null, { training: true }).gradFn?.name).not.toBe('batchNorm');
    expect(bn.eval().forward(x).gradFn?.name).not.toBe('batchNorm');
  });

  const cases: [string, number[], boolean][] = [
    ['(N, C) affine', [5, 3], true],
    ['(N, C) plain', [4, 2], false],
    ['(N, C, L) affine', [3, 2, 4], true],
    ['(N, C, L) plain', [2, 3, 3], false],
  ];
  for (const [label, shape, affine] of cases) {
    it(`gradcheck and gradgradcheck in float64: ${label}`, () => {
      const channels = shape[1] as number;
      const x = sample(shape, 50, 'float64');
      const inputs = affine
        ? [x, sample([channels], 51, 'float64').add(1), sample([channels], 52, 'float64')]
        : [x];
      const f = (a: Tensor, w?: Tensor, b?: Tensor): Tensor =>
        nativeBatchNorm(a, w ?? null, b ?? null, null, null, 0.1, 0.01);
      expect(gradcheck(f, inputs)).toBe(true);
      expect(gradgradcheck(f, inputs)).toBe(true);
    });
  }

  it('second derivatives match the composed version (createGraph rebuilds x̂ and σ⁻¹ from x)', () => {
    const second = (norm: Norm): Tensor[] => {
      const x = sample([5, 3, 2], 60, 'float64');
      const weight = sample([3], 61, 'float64').add(1);
      const bias = sample([3], 62, 'float64');
      const g = sample([5, 3, 2], 63, 'float64', false);
      const y = norm(x, null, null, { training: true, weight, bias, eps: 0.01 });
      const first = autograd.grad(y.mul(g).sum(), [x, weight, bias], { createGraph: true });
      const [dx, dw] = first as [Tensor, Tensor, Tensor];
      // A scalar of the first-order gradients that depends on x, γ and g nonlinearly.
      const z = dx.square().sum().add(dx.mul(x).sum()).add(dw.square().sum());
      return autograd.grad(z, [x, weight], { allowUnused: true }) as Tensor[];
    };
    const fused = second(batchNorm);
    const composed = second(batchNormComposed);
    expect(maxDiff(fused[0] as Tensor, composed[0] as Tensor)).toBeLessThan(1e-10);
    expect(maxDiff(fused[1] as Tensor, composed[1] as Tensor)).toBeLessThan(1e-10);
  });

  it('the first-order gradient is the same with and without createGraph', () => {
    const x = sample([6, 4], 70, 'float64');
    const weight = sample([4], 71, 'float64');
    const g = sample([6, 4], 72, 'float64', false);
    const grads = (createGraph: boolean): Tensor[] =>
      autograd.grad(
        batchNorm(x, zeros([4], { dtype: 'float64' }), null, { training: true, weight })
          .mul(g)
          .sum(),
        [x, weight],
        { createGraph },
      ) as Tensor[];
    const [dx, dw] = grads(false) as [Tensor, Tensor];
    const [dx2, dw2] = grads(true) as [Tensor, Tensor];
    expect(maxDiff(dx, dx2)).toBeLessThan(1e-13);
    expect(maxDiff(dw, dw2)).toBeLessThan(1e-13);
  });
});
