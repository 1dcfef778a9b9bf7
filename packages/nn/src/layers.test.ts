import {
  DTypeError,
  Generator,
  gradcheck,
  noGrad,
  ones,
  randn,
  ShapeError,
  type Tensor,
  tensor,
  ValueError,
  zeros,
} from '@descent/core';
import { describe, expect, it } from 'vitest';
import {
  Dropout,
  dropout,
  Flatten,
  Identity,
  LayerNorm,
  LeakyReLU,
  Linear,
  LogSoftmax,
  layerNorm,
  ReLU,
  Sigmoid,
  Softmax,
  Softplus,
  Tanh,
} from './index.js';

const f64 = { dtype: 'float64' as const };
const input = (shape: number[], seed = 0): Tensor =>
  randn(shape, { ...f64, generator: new Generator(seed), requiresGrad: true });

describe('Linear', () => {
  it('computes x·Wᵀ + b for any leading dims', () => {
    const fc = new Linear(3, 2, f64);
    noGrad(() => {
      fc.weight.copy_(
        tensor(
          [
            [1, 2, 3],
            [-1, 0, 1],
          ],
          f64,
        ),
      );
      fc.bias?.copy_(tensor([0.5, -0.5], f64));
    });
    expect(fc.forward(tensor([[1, 1, 1]], f64)).toArray()).toEqual([[6.5, -0.5]]);
    expect(fc.forward(zeros([4, 5, 3], f64)).shape).toEqual([4, 5, 2]);
    expect(new Linear(3, 2, { bias: false }).bias).toBeNull();
  });

  it("uses PyTorch's default init: U(-1/√fanIn, 1/√fanIn) for weight and bias, seeded", () => {
    const fc = new Linear(16, 300, { generator: new Generator(7) });
    const bound = 1 / 4;
    const w = Array.from(fc.weight.data);
    expect(Math.max(...w)).toBeLessThanOrEqual(bound);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(-bound);
    // Uniform on [-b, b]: variance b²/3.
    const variance = w.reduce((s, v) => s + v * v, 0) / w.length;
    expect(Math.abs(variance / (bound ** 2 / 3) - 1)).toBeLessThan(0.05);
    expect(Math.max(...Array.from(fc.bias?.data ?? []))).toBeLessThanOrEqual(bound);
    const again = new Linear(16, 300, { generator: new Generator(7) });
    expect(Array.from(again.weight.data)).toEqual(w);
    expect(fc.weight.dtype).toBe('float32');
    expect(new Linear(0, 2).bias?.toArray()).toEqual([0, 0]);
  });

  it('names itself, the given shape and the expected dim in errors', () => {
    expect(() => new Linear(2, 16).forward(zeros([8, 3]))).toThrow(
      new ShapeError('Linear(2→16): expected input with last dim 2, got shape [8,3]'),
    );
    expect(() => new Linear(2, 16).forward(5 as unknown as Tensor)).toThrow(
      /Linear\(2→16\): expected input to be a Tensor/,
    );
    expect(() => new Linear(-1, 2)).toThrow(/inFeatures must be a whole number >= 0/);
    expect(() => new Linear(2, 2, { dtype: 'int32' as 'float32' })).toThrow(/dtype must be/);
    // Unknown options are refused, naming the known ones (a typo would be ignored otherwise).
    expect(() => new Linear(2, 2, { biass: false } as never)).toThrow(
      new ValueError('Linear: unknown option "biass"; expected one of bias, dtype, generator'),
    );
    expect(() => new Linear(2, 2, null as never)).toThrow(
      new ValueError('Linear: options must be an object, got null'),
    );
  });

  it('refuses an input whose dtype is not its weight dtype, as PyTorch does', () => {
    const fc = new Linear(2, 1);
    expect(() => fc.forward(zeros([3, 2], f64))).toThrow(
      new DTypeError(
        "Linear(2→1): input has dtype float64 but the layer's weight is float32; convert the layer with layer.to('float64') or the input with x.to('float32') (PyTorch refuses mixed dtypes too)",
      ),
    );
    expect(() => fc.forward(zeros([3, 2], { dtype: 'int32' }))).toThrow(
      "Linear(2→1): input has dtype int32 but the layer's weight is float32; convert the input with x.to('float32') (PyTorch refuses mixed dtypes too)",
    );
    expect(fc.double().forward(zeros([3, 2], f64)).dtype).toBe('float64');
  });

  it('gradcheck: input, weight and bias', () => {
    const fc = new Linear(3, 2, { ...f64, generator: new Generator(1) });
    expect(gradcheck((x) => fc.forward(x), [input([4, 3]), fc.weight, fc.bias as Tensor])).toBe(
      true,
    );
  });
});

describe('activations', () => {
  it('compute their functions', () => {
    const x = tensor([-2, 0, 3]);
    expect(new ReLU().forward(x).toArray()).toEqual([0, 0, 3]);
    expect(new Sigmoid().forward(tensor([0])).item()).toBe(0.5);
    expect(new Tanh().forward(tensor([0])).item()).toBe(0);
    expect(Array.from(new LeakyReLU(0.5).forward(x).data)).toEqual([-1, 0, 3]);
    expect(new Softplus({ beta: 2, threshold: 5 }).forward(tensor([10])).item()).toBe(10);
    const s = new Softmax(1).forward(tensor([[1, 2, 3]]));
    expect(s.sum().item()).toBeCloseTo(1, 6);
    expect(Array.from(new LogSoftmax(1).forward(tensor([[0, 0]])).data)).toEqual([
      Math.fround(-Math.LN2),
      Math.fround(-Math.LN2),
    ]);
    expect(new Identity().forward(x)).toBe(x);
    expect(new Flatten().forward(zeros([2, 3, 4])).shape).toEqual([2, 12]);
    expect(new Flatten(0, 1).forward(zeros([2, 3, 4])).shape).toEqual([6, 4]);
  });

  it('print like PyTorch (camelCase options)', () => {
    expect(String(new ReLU())).toBe('ReLU()');
    expect(String(new LeakyReLU())).toBe('LeakyReLU(negativeSlope=0.01)');
    expect(String(new Softplus())).toBe('Softplus(beta=1, threshold=20)');
    expect(String(new Softmax(-1))).toBe('Softmax(dim=-1)');
    expect(String(new Flatten())).toBe('Flatten(startDim=1, endDim=-1)');
    expect(String(new Dropout())).toBe('Dropout(p=0.5)');
  });

  it('gradcheck each activation', () => {
    const x = input([3, 4], 3);
    for (const layer of [
      new Sigmoid(),
      new Tanh(),
      new Softplus(),
      new Softmax(1),
      new LogSoftmax(0),
      new Flatten(0),
    ]) {
      expect(
        gradcheck((a) => layer.forward(a), [x]),
        layer.constructor.name,
      ).toBe(true);
    }
    // ReLU and LeakyReLU have a kink at 0: check away from it.
    const away = tensor([[-1.5, -0.3, 0.4, 2]], { ...f64, requiresGrad: true });
    expect(gradcheck((a) => new ReLU().forward(a), [away])).toBe(true);
    expect(gradcheck((a) => new LeakyReLU(0.2).forward(a), [away])).toBe(true);
  });
});

describe('Dropout', () => {
  it('zeroes with probability p, scales the rest by 1/(1-p), reproducibly', () => {
    const drop = new Dropout(0.25, { generator: new Generator(3) });
    const y = Array.from(drop.forward(ones([4000])).data);
    const kept = y.filter((v) => v !== 0);
    expect(kept.every((v) => Math.abs(v - 4 / 3) < 1e-6)).toBe(true);
    expect(kept.length / y.length).toBeCloseTo(0.75, 1);
    const again = new Dropout(0.25, { generator: new Generator(3) }).forward(ones([4000]));
    expect(Array.from(again.data)).toEqual(y);
  });

  it('is the identity in eval mode and for p = 0; all zeros for p = 1', () => {
    const x = randn([5]);
    expect(new Dropout(0.9).eval().forward(x)).toBe(x);
    expect(dropout(x, { p: 0 })).toBe(x);
    expect(Array.from(dropout(x, { p: 1 }).data).every((v) => v === 0)).toBe(true);
    expect(() => new Dropout(1.5)).toThrow(/p must be a finite number in \[0, 1\]/);
    expect(() => dropout(zeros([2], { dtype: 'int32' }))).toThrow(/float32 or float64/);
  });

  it('gradcheck with a fixed mask: the gradient is the mask scaled by 1/(1-p)', () => {
    const x = input([3, 3], 4);
    const f = (a: Tensor) => dropout(a, { p: 0.4, generator: new Generator(11) });
    expect(gradcheck(f, [x])).toBe(true);
  });
});

describe('LayerNorm', () => {
  it('normalizes each sample over its last dims, the same in train and eval', () => {
    const ln = new LayerNorm(3);
    const y = ln.forward(
      tensor([
        [1, 2, 3],
        [10, 20, 30],
      ]),
    );
    expect(Array.from(y.data).map((v) => Number(v.toFixed(4)))).toEqual([
      -1.2247, 0, 1.2247, -1.2247, 0, 1.2247,
    ]);
    expect(
      ln
        .eval()
        .forward(tensor([[1, 2, 3]]))
        .toArray(),
    ).toEqual(
      ln
        .train()
        .forward(tensor([[1, 2, 3]]))
        .toArray(),
    );
    expect(String(ln)).toBe('LayerNorm([3], eps=1e-05, elementwiseAffine=true)');
    expect(Object.keys(ln.stateDict())).toEqual(['weight', 'bias']);
  });

  it('rejects inputs whose trailing shape does not match', () => {
    expect(() => new LayerNorm([3, 4]).forward(zeros([2, 4, 3]))).toThrow(
      'LayerNorm([3,4]): expected input with shape [*,3,4], got shape [2,4,3]',
    );
    expect(() => layerNorm(zeros([2, 3]), [3], { weight: ones([2]) })).toThrow(
      /weight must have shape \[3\]/,
    );
    expect(() => new LayerNorm([])).toThrow(ValueError);
  });

  it('gradcheck: input, weight and bias', () => {
    const ln = new LayerNorm([2, 3], { dtype: 'float64' });
    noGrad(() => {
      ln.weight?.copy_(randn([2, 3], { ...f64, generator: new Generator(5) }));
      ln.bias?.copy_(randn([2, 3], { ...f64, generator: new Generator(6) }));
    });
    expect(
      gradcheck(
        (x) => ln.forward(x),
        [input([2, 2, 3], 7), ln.weight as Tensor, ln.bias as Tensor],
      ),
    ).toBe(true);
  });
});
