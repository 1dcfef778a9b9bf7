import {
  Generator,
  gradcheck,
  noGrad,
  randn,
  ShapeError,
  type Tensor,
  ValueError,
  var_,
  zeros,
} from '@descent/core';
import { describe, expect, it } from 'vitest';
import { BatchNorm1d, batchNorm } from './index.js';

const f64 = { dtype: 'float64' as const };
const sample = (shape: number[], seed: number, requiresGrad = true): Tensor =>
  randn(shape, { ...f64, generator: new Generator(seed), requiresGrad });

function expectValues(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  digits: number,
): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++)
    expect(actual[i]).toBeCloseTo(expected[i] as number, digits);
}

/** A BatchNorm1d in float64 with γ and β away from 1 and 0. */
function makeBn(
  channels: number,
  options: ConstructorParameters<typeof BatchNorm1d>[1] = {},
): BatchNorm1d {
  const bn = new BatchNorm1d(channels, { dtype: 'float64', ...options });
  noGrad(() => {
    bn.weight?.copy_(sample([channels], 100, false).mul(0.3).add(1));
    bn.bias?.copy_(sample([channels], 101, false).mul(0.5));
  });
  return bn;
}

describe('BatchNorm1d: training mode', () => {
  it('normalizes each channel to mean 0 and biased variance 1 before γ and β', () => {
    const bn = new BatchNorm1d(3, { affine: false, dtype: 'float64' });
    const x = sample([16, 3], 1, false).mul(4).add(7);
    const y = bn.forward(x);
    for (const v of Array.from(y.mean(0).data)) expect(Math.abs(v)).toBeLessThan(1e-12);
    for (const v of Array.from(var_(y, 0, { correction: 0 }).data)) expect(v).toBeCloseTo(1, 4);
    const y3 = bn.forward(sample([4, 3, 5], 2, false));
    for (const v of Array.from(y3.mean([0, 2]).data)) expect(Math.abs(v)).toBeLessThan(1e-12);
  });

  it('gradcheck through μ and σ on (N, C) and (N, C, L), for input, γ and β', () => {
    for (const shape of [
      [5, 3],
      [3, 2, 4],
    ]) {
      const bn = makeBn(shape[1] as number);
      const x = sample(shape, 3);
      expect(
        gradcheck((a) => bn.forward(a), [x, bn.weight as Tensor, bn.bias as Tensor]),
        String(shape),
      ).toBe(true);
    }
    const plain = new BatchNorm1d(2, { affine: false, trackRunningStats: false, dtype: 'float64' });
    expect(gradcheck((a) => plain.forward(a), [sample([4, 2], 4)])).toBe(true);
    expect(
      gradcheck(
        (a) => batchNorm(a, null, null, { training: true, eps: 0.1 }),
        [sample([3, 2, 2], 5)],
      ),
    ).toBe(true);
  });

  it('backpropagates through μ and σ: the input gradient differs from treating them as constants', () => {
    const bn = makeBn(3);
    const x = sample([6, 3], 6);
    const g = sample([6, 3], 7, false);
    const y = bn.forward(x);
    y.mul(g).sum().backward();
    const full = x.grad as Tensor;

    // The same formula with the batch statistics detached (constants in the graph).
    const x2 = x.detach().clone().requiresGrad_();
    const mean = x2.mean(0, true).detach();
    const variance = var_(x2, 0, { correction: 0, keepDim: true }).detach();
    const y2 = x2
      .sub(mean)
      .div(variance.add(bn.eps).sqrt())
      .mul(bn.weight as Tensor)
      .add(bn.bias as Tensor);
    // The same forward values …
    expectValues(y2.data, y.data, 12);
    y2.mul(g).sum().backward();
    const constant = x2.grad as Tensor;
    const difference = Math.max(...Array.from(full.sub(constant).abs().data));
    expect(difference).toBeGreaterThan(0.1); // … but a different gradient

    // With gradOutput = 1 the true gradient vanishes (Σ_n x̂ = 0 per channel), the naive one does not.
    const x3 = x.detach().clone().requiresGrad_();
    bn.forward(x3).sum().backward();
    for (const v of Array.from((x3.grad as Tensor).data)) expect(Math.abs(v)).toBeLessThan(1e-12);
  });

  it('couples the batch: changing one sample changes every other output and gradient', () => {
    const bn = makeBn(2);
    const g = sample([5, 2], 8, false);
    const run = (x: Tensor): [Tensor, Tensor] => {
      const leaf = x.detach().clone().requiresGrad_();
      const y = bn.forward(leaf);
      y.mul(g).sum().backward();
      return [y, leaf.grad as Tensor];
    };
    const x = sample([5, 2], 9, false);
    const [y1, g1] = run(x);
    const changed = x.clone();
    noGrad(() => {
      changed.data[0] = (changed.data[0] as number) + 3;
      changed.data[1] = (changed.data[1] as number) - 2;
    });
    const [y2, g2] = run(changed);
    for (let n = 1; n < 5; n++) {
      for (let c = 0; c < 2; c++) {
        const i = n * 2 + c;
        expect(
          Math.abs((y1.data[i] as number) - (y2.data[i] as number)),
          `output [${n},${c}]`,
        ).toBeGreaterThan(1e-3);
        expect(
          Math.abs((g1.data[i] as number) - (g2.data[i] as number)),
          `grad [${n},${c}]`,
        ).toBeGreaterThan(1e-4);
      }
    }
  });

  it("throws PyTorch's error on one value per channel, without touching the statistics", () => {
    const bn = new BatchNorm1d(3);
    expect(() => bn.forward(zeros([1, 3]))).toThrow(
      new ValueError(
        'BatchNorm1d(3): Expected more than 1 value per channel when training, got input size [1, 3]. For inference on single examples call model.eval() (it uses the running statistics); when training, drop the last incomplete batch (dropLast: true in the DataLoader) or use batches of 2 or more.',
      ),
    );
    expect(() => bn.forward(zeros([1, 3, 1]))).toThrow(
      'Expected more than 1 value per channel when training, got input size [1, 3, 1]',
    );
    expect(bn.numBatchesTracked?.item()).toBe(0);
    expect(bn.forward(zeros([1, 3, 2])).shape).toEqual([1, 3, 2]); // 2 values per channel is enough
    expect(bn.eval().forward(zeros([1, 3])).shape).toEqual([1, 3]);
    const untracked = new BatchNorm1d(3, { trackRunningStats: false }).eval();
    expect(() => untracked.forward(zeros([1, 3]))).toThrow(
      /^BatchNorm1d\(3\): Expected more than 1 value per channel .* This layer has trackRunningStats: false, so it always uses batch statistics: give it batches of 2 or more\.$/,
    );
    expect(() => batchNorm(zeros([1, 2]), null, null, { training: true })).toThrow(
      /got input size \[1, 2\]/,
    );
  });
});

describe('BatchNorm1d: running statistics and evaluation', () => {
  it('updates r = (1 - m)·r + m·stat with the unbiased variance, then uses it in eval', () => {
    const bn = new BatchNorm1d(2, { momentum: 0.25, dtype: 'float64', affine: false });
    const x = sample([4, 2], 10, false);
    bn.forward(x);
    const mean = Array.from(x.mean(0).data);
    const unbiased = Array.from(var_(x, 0).data);
    expectValues(
      bn.runningMean?.data ?? [],
      mean.map((m) => 0.25 * m),
      14,
    );
    expectValues(
      bn.runningVar?.data ?? [],
      unbiased.map((v) => 0.75 + 0.25 * v),
      14,
    );
    expect(bn.numBatchesTracked?.item()).toBe(1);
    expect(bn.numBatchesTracked?.dtype).toBe('int32');

    bn.eval();
    const before = Array.from(bn.runningMean?.data ?? []);
    const probe = sample([3, 2], 11, false);
    const y = bn.forward(probe);
    const rm = bn.runningMean as Tensor;
    const rv = bn.runningVar as Tensor;
    const expected = probe.sub(rm).div(rv.add(bn.eps).sqrt());
    expectValues(y.data, expected.data, 12);
    expect(Array.from(rm.data)).toEqual(before);
    expect(bn.numBatchesTracked?.item()).toBe(1);
  });

  it('momentum null keeps the cumulative average of the batch statistics', () => {
    const bn = new BatchNorm1d(3, { momentum: null, dtype: 'float64' });
    const batches = [
      sample([4, 3], 12, false),
      sample([6, 3], 13, false),
      sample([5, 3, 2], 14, false),
    ];
    for (const b of batches) bn.forward(b);
    const means = batches.map((b) => b.mean(b.ndim === 3 ? [0, 2] : 0));
    const average = means.reduce((a, b) => a.add(b)).div(3);
    expectValues(bn.runningMean?.data ?? [], average.data, 12);
    expect(bn.numBatchesTracked?.item()).toBe(3);
  });

  it('trackRunningStats: false keeps no buffers and uses batch statistics in both modes', () => {
    const bn = new BatchNorm1d(2, { trackRunningStats: false, dtype: 'float64' });
    expect(bn.runningMean).toBeNull();
    expect(bn.buffers()).toEqual([]);
    const x = sample([5, 2], 15, false);
    const train = bn.forward(x);
    const evaluation = bn.eval().forward(x);
    expect(Array.from(evaluation.data)).toEqual(Array.from(train.data));
  });

  it('resetRunningStats and resetParameters', () => {
    const bn = new BatchNorm1d(2);
    bn.forward(randn([4, 2]));
    noGrad(() => bn.weight?.fill_(3));
    bn.resetParameters();
    expect(bn.runningMean?.toArray()).toEqual([0, 0]);
    expect(bn.runningVar?.toArray()).toEqual([1, 1]);
    expect(bn.numBatchesTracked?.item()).toBe(0);
    expect(bn.weight?.toArray()).toEqual([1, 1]);
  });

  it('gradcheck in eval mode (running statistics are constants)', () => {
    const bn = makeBn(3);
    bn.forward(sample([6, 3], 16, false));
    bn.eval();
    expect(
      gradcheck((a) => bn.forward(a), [sample([2, 3], 17), bn.weight as Tensor, bn.bias as Tensor]),
    ).toBe(true);
  });

  it('exposes PyTorch buffer keys and camelCase properties for the same tensors', () => {
    const bn = new BatchNorm1d(4);
    expect(bn.getBuffer('running_mean')).toBe(bn.runningMean);
    expect(bn.getBuffer('running_var')).toBe(bn.runningVar);
    expect(bn.getBuffer('num_batches_tracked')).toBe(bn.numBatchesTracked);
    expect(bn.stateDict().running_var?.toArray()).toEqual([1, 1, 1, 1]);
  });

  it('rejects bad inputs with errors naming the layer', () => {
    const bn = new BatchNorm1d(3);
    expect(() => bn.forward(zeros([2, 3, 4, 5]))).toThrow(
      new ShapeError('BatchNorm1d(3): expected 2D or 3D input (got 4D input of shape [2,3,4,5])'),
    );
    expect(() => bn.forward(zeros([8, 4]))).toThrow(
      'BatchNorm1d(3): expected input with 3 channels at dim 1, got shape [8,4]',
    );
    expect(() => bn.forward(zeros([8, 3], { dtype: 'int32' }))).toThrow(/float32 or float64/);
    expect(() => new BatchNorm1d(0)).toThrow(/numFeatures must be a whole number >= 1/);
    expect(() => batchNorm(zeros([4, 2]), null, null)).toThrow(
      /runningMean and runningVar are required/,
    );
    expect(() => batchNorm(zeros([4, 2]), zeros([3]), zeros([2]))).toThrow(
      /runningMean must have shape \[2\]/,
    );
  });
});
