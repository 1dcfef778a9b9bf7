import {
  DTypeError,
  Generator,
  gradcheck,
  IndexError,
  rand,
  randn,
  ShapeError,
  type Tensor,
  tensor,
  ValueError,
  zeros,
} from '@descent/core';
import { describe, expect, it } from 'vitest';
import {
  BCELoss,
  BCEWithLogitsLoss,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  CrossEntropyLoss,
  crossEntropy,
  HuberLoss,
  huberLoss,
  L1Loss,
  l1Loss,
  MSELoss,
  mseLoss,
  NLLLoss,
  nllLoss,
} from './index.js';

const f64 = { dtype: 'float64' as const };
const leaf = (shape: number[], seed: number): Tensor =>
  randn(shape, { ...f64, generator: new Generator(seed), requiresGrad: true });
const indices = (values: number[]): Tensor => tensor(values, { dtype: 'int32' });
const reductions = ['mean', 'sum', 'none'] as const;

describe('losses: gradcheck in float64 for every reduction', () => {
  it('mseLoss, l1Loss, huberLoss (input and target)', () => {
    for (const reduction of reductions) {
      const x = leaf([3, 4], 1);
      const t = leaf([3, 4], 2);
      expect(gradcheck((a, b) => mseLoss(a, b, { reduction }), [x, t])).toBe(true);
      expect(gradcheck((a, b) => l1Loss(a, b, { reduction }), [x, t])).toBe(true);
      expect(gradcheck((a, b) => huberLoss(a, b, { reduction, delta: 0.7 }), [x, t])).toBe(true);
    }
  });

  it('nllLoss and crossEntropy with weight, ignoreIndex and labelSmoothing', () => {
    const target = indices([0, 2, -100, 1, 2]);
    const weight = tensor([0.5, 2, 1.5], f64);
    for (const reduction of reductions) {
      const x = leaf([5, 3], 3);
      expect(gradcheck((a) => nllLoss(a, target, { reduction, weight }), [x])).toBe(true);
      expect(
        gradcheck((a) => crossEntropy(a, target, { reduction, weight, labelSmoothing: 0.2 }), [x]),
      ).toBe(true);
      expect(gradcheck((a) => crossEntropy(a, target, { reduction }), [x])).toBe(true);
    }
    const kdim = leaf([2, 3, 2], 4);
    expect(
      gradcheck((a) => crossEntropy(a, indices([0, 2, 1, 1]).reshape([2, 2]), { weight }), [kdim]),
    ).toBe(true);
    const probs = rand([4, 3], { ...f64, generator: new Generator(5) });
    expect(
      gradcheck((a, p) => crossEntropy(a, p, { labelSmoothing: 0.1 }), [leaf([4, 3], 6), probs]),
    ).toBe(true);
  });

  it('binaryCrossEntropy and binaryCrossEntropyWithLogits (with weight and posWeight)', () => {
    for (const reduction of reductions) {
      const p = rand([3, 4], { ...f64, generator: new Generator(7) })
        .mul(0.8)
        .add(0.1)
        .requiresGrad_();
      const t = rand([3, 4], { ...f64, generator: new Generator(8) }).requiresGrad_();
      const weight = rand([4], { ...f64, generator: new Generator(9) }).add(0.5);
      expect(gradcheck((a, b) => binaryCrossEntropy(a, b, { reduction, weight }), [p, t])).toBe(
        true,
      );
      const logits = leaf([3, 4], 10);
      const posWeight = tensor([1, 2, 3, 0.5], f64);
      expect(
        gradcheck(
          (a, b) => binaryCrossEntropyWithLogits(a, b, { reduction, weight, posWeight }),
          [logits, t],
        ),
      ).toBe(true);
    }
  });
});

describe('losses: values and PyTorch semantics', () => {
  it('reduce by mean, sum or not at all', () => {
    const x = tensor([1, 2, 3]);
    const t = tensor([1, 4, 0]);
    expect(mseLoss(x, t).item()).toBeCloseTo(13 / 3, 6);
    expect(mseLoss(x, t, { reduction: 'sum' }).item()).toBe(13);
    expect(mseLoss(x, t, { reduction: 'none' }).toArray()).toEqual([0, 4, 9]);
    expect(l1Loss(x, t).item()).toBeCloseTo(5 / 3, 6);
    expect(huberLoss(x, t, { reduction: 'none' }).toArray()).toEqual([0, 1.5, 2.5]);
    expect(huberLoss(x, t, { reduction: 'none', delta: 3 }).toArray()).toEqual([0, 2, 4.5]);
  });

  it('crossEntropy is stable for logits of ±1e4 (and equals logSoftmax + nllLoss)', () => {
    const logits = tensor(
      [
        [1e4, -1e4, 0],
        [-1e4, 1e4, 1e4],
      ],
      f64,
    );
    const target = indices([0, 2]);
    const loss = crossEntropy(logits, target);
    expect(loss.item()).toBeCloseTo(Math.LN2 / 2, 12);
    const wrong = crossEntropy(logits, indices([1, 0]), { reduction: 'none' });
    expect(wrong.toArray()).toEqual([2e4, 2e4 + Math.LN2]);
    const x = leaf([2, 3], 11);
    x.grad = null;
    crossEntropy(x.mul(1e4), target).backward();
    expect(Array.from((x.grad as unknown as Tensor).data).every(Number.isFinite)).toBe(true);
  });

  it('nllLoss: weighted mean over kept targets; NaN when every target is ignored', () => {
    const logp = tensor(
      [
        [-1, -2],
        [-3, -4],
        [-5, -6],
      ],
      f64,
    );
    const weight = tensor([1, 3], f64);
    // (1·1 + 3·4) / (1 + 3): the third sample is ignored.
    expect(nllLoss(logp, indices([0, 1, -100]), { weight }).item()).toBeCloseTo(13 / 4, 12);
    expect(nllLoss(logp, indices([0, 1, 1]), { ignoreIndex: 1 }).item()).toBe(1);
    expect(Number.isNaN(nllLoss(logp, indices([-100, -100, -100])).item())).toBe(true);
    expect(nllLoss(logp, indices([0, -100, 1]), { reduction: 'none' }).toArray()).toEqual([
      1, 0, 6,
    ]);
    expect(
      nllLoss(tensor([-1, -2, -3], f64), tensor(2, { dtype: 'int32' }), { reduction: 'none' })
        .shape,
    ).toEqual([]);
  });

  it('binaryCrossEntropy clamps each log at -100: probabilities of exactly 0 and 1 give finite losses and gradients', () => {
    const p = tensor([0, 1, 0, 1], { ...f64, requiresGrad: true });
    const y = tensor([1, 0, 0, 1], f64);
    const loss = binaryCrossEntropy(p, y, { reduction: 'sum' });
    expect(loss.item()).toBe(200);
    loss.backward();
    expect(Array.from((p.grad as Tensor).data).every(Number.isFinite)).toBe(true);
    expect(binaryCrossEntropyWithLogits(tensor([100, -100], f64), tensor([1, 0], f64)).item()).toBe(
      0,
    );
    expect(binaryCrossEntropyWithLogits(tensor([-800], f64), tensor([1], f64)).item()).toBe(800);
  });

  it('modules hold reduction, options and weight buffers with PyTorch keys', () => {
    const weight = tensor([1, 2, 3]);
    const ce = new CrossEntropyLoss({ weight, labelSmoothing: 0.1, reduction: 'sum' });
    expect(ce.weight).toBe(weight);
    expect(Object.keys(ce.stateDict())).toEqual(['weight']);
    expect(String(ce)).toBe('CrossEntropyLoss(labelSmoothing=0.1)');
    const bce = new BCEWithLogitsLoss({ posWeight: tensor([3]) });
    expect(Object.keys(bce.stateDict())).toEqual(['pos_weight']);
    expect(bce.posWeight?.item()).toBe(3);
    expect(String(new MSELoss())).toBe('MSELoss()');
    expect(String(new HuberLoss({ delta: 0.5 }))).toBe('HuberLoss(delta=0.5)');
    expect(new L1Loss({ reduction: 'none' }).forward(tensor([1]), tensor([3])).toArray()).toEqual([
      2,
    ]);
    expect(new NLLLoss({ ignoreIndex: 0 }).forward(tensor([[-1, -2]]), indices([1])).item()).toBe(
      2,
    );
    expect(new BCELoss().forward(tensor([0.5]), tensor([1])).item()).toBeCloseTo(Math.LN2, 6);
  });
});

describe('losses: clear errors', () => {
  it('name the loss, the given value and what was expected', () => {
    const x = zeros([4, 3]);
    expect(() => mseLoss(x, zeros([4, 1]))).toThrow(ShapeError);
    expect(() => mseLoss(x, zeros([4, 1]))).toThrow(
      /mseLoss: target shape \[4,1\] must equal input shape \[4,3\]/,
    );
    expect(() => mseLoss(x, x, { reduction: 'avg' as 'mean' })).toThrow(
      /reduction must be 'mean', 'sum' or 'none', got string avg/,
    );
    expect(() => crossEntropy(x, tensor([0, 1, 2, 1]))).toThrow(
      new DTypeError(
        "crossEntropy: target has shape [4] and dtype float32: this looks like class indices in a float tensor; class indices must be int32, so pass target.to('int32') (e.g. crossEntropy(logits, y.to('int32'))). Probability targets would need the input's shape [4,3]",
      ),
    );
    expect(() => crossEntropy(x, zeros([4, 2]))).toThrow(
      /probability targets must have the input's shape \[4,3\], got \[4,2\]/,
    );
    expect(() => crossEntropy(zeros([2, 3, 5]), zeros([2, 5]))).toThrow(/looks like class indices/);
    expect(() => crossEntropy(zeros([3]), tensor(1))).toThrow(/looks like class indices/);
    expect(() => crossEntropy(x, indices([0, 1, 3, 1]))).toThrow(
      new IndexError('crossEntropy: target 3 (at flat position 2) is out of bounds for 3 classes'),
    );
    expect(() => crossEntropy(x, indices([0, 1]))).toThrow(
      /expected target of shape \[4\] for input of shape \[4,3\], got \[2\]/,
    );
    expect(() => nllLoss(x, zeros([4], { dtype: 'bool' }))).toThrow(DTypeError);
    expect(() => crossEntropy(x, indices([0, 1, 2, 1]), { weight: zeros([2]) })).toThrow(
      /weight must have shape \[3\]/,
    );
    expect(() => crossEntropy(x, indices([0, 1, 2, 1]), { labelSmoothing: 2 })).toThrow(
      /labelSmoothing must be a finite number in \[0, 1\]/,
    );
    expect(() => binaryCrossEntropy(tensor([1.5]), tensor([1]))).toThrow(
      /should be between 0 and 1, got 1.5/,
    );
    expect(() => binaryCrossEntropyWithLogits(x, x, { posWeight: zeros([2]) })).toThrow(
      /posWeight of shape \[2\] does not broadcast to \[4,3\]/,
    );
    expect(() => huberLoss(x, x, { delta: 0 })).toThrow(
      new ValueError('huberLoss: delta must be > 0, got 0'),
    );
  });
});
