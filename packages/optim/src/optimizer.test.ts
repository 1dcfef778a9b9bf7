import {
  DescentError,
  Generator,
  isGradEnabled,
  matmul,
  noGrad,
  randn,
  type Tensor,
  tensor,
  ValueError,
  zerosLike,
} from '@descent/core';
import { describe, expect, it } from 'vitest';
import {
  Adagrad,
  Adam,
  AdamW,
  adam,
  adamw,
  type Optimizer,
  type OptimizerOptions,
  RMSprop,
  SGD,
  sgd,
} from './index.js';

/** A small seeded least-squares problem: weight [3] and bias [1], float64. */
function lsq(seed = 1) {
  const g = new Generator(seed);
  const X = randn([8, 3], { generator: g, dtype: 'float64' });
  const t = randn([8], { generator: g, dtype: 'float64' });
  const w = randn([3], { generator: g, dtype: 'float64', requiresGrad: true });
  const b = tensor([0.5], { dtype: 'float64', requiresGrad: true });
  const loss = () => matmul(X, w).add(b).sub(t).pow(2).mean();
  return { w, b, loss, params: [w, b] };
}

type AnyOptimizer = Optimizer<OptimizerOptions, object>;

function train(opt: AnyOptimizer, loss: () => Tensor, steps: number): void {
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    loss().backward();
    opt.step();
  }
}

const values = (ts: Tensor[]): number[] => ts.flatMap((t) => [...t.dataSync()]);

describe('Optimizer: construction and validation', () => {
  const w = () => tensor([1, 2], { requiresGrad: true });

  it.each([
    [() => new SGD([], { lr: 0.1 }), 'optimizer got an empty parameter list'],
    [
      () => new SGD(w() as unknown as Tensor[], { lr: 0.1 }),
      'params argument given to the optimizer should be an iterable of Tensors or dicts, but got Tensor',
    ],
    [
      () => new SGD([1] as unknown as Tensor[], { lr: 0.1 }),
      'optimizer can only optimize Tensors, but one of the params is number',
    ],
    [() => new SGD([w().mul(2)], { lr: 0.1 }), "can't optimize a non-leaf Tensor"],
    [
      () => new SGD([tensor([1], { dtype: 'int32' })], { lr: 0.1 }),
      'optimizer can only optimize floating-point Tensors, but one of the params has dtype int32',
    ],
    [
      () => new SGD([w()]),
      "parameter group didn't specify a value of required optimization parameter lr",
    ],
    [() => new SGD([w()], { lr: -1 }), 'Invalid learning rate: -1'],
    [() => new SGD([w()], { lr: Number.NaN }), 'Invalid learning rate: NaN'],
    [() => new SGD([w()], { lr: 0.1, momentum: -0.5 }), 'Invalid momentum value: -0.5'],
    [() => new SGD([w()], { lr: 0.1, weightDecay: -1 }), 'Invalid weightDecay value: -1'],
    [
      () => new SGD([w()], { lr: 0.1, nesterov: true }),
      'Nesterov momentum requires a momentum and zero dampening',
    ],
    [
      () => new SGD([w()], { lr: 0.1, nesterov: true, momentum: 0.9, dampening: 0.1 }),
      'Nesterov momentum requires a momentum and zero dampening',
    ],
    [() => new Adagrad([w()], { lr: -0.1 }), 'Invalid learning rate: -0.1'],
    [() => new Adagrad([w()], { lrDecay: -1 }), 'Invalid lrDecay value: -1'],
    [
      () => new Adagrad([w()], { initialAccumulatorValue: -1 }),
      'Invalid initialAccumulatorValue value: -1',
    ],
    [() => new Adagrad([w()], { eps: -1 }), 'Invalid epsilon value: -1'],
    [() => new RMSprop([w()], { alpha: -1 }), 'Invalid alpha value: -1'],
    [() => new RMSprop([w()], { momentum: -1 }), 'Invalid momentum value: -1'],
    [() => new RMSprop([w()], { eps: -1 }), 'Invalid epsilon value: -1'],
    [() => new Adam([w()], { betas: [1, 0.999] }), 'Invalid beta parameter at index 0: 1'],
    [() => new Adam([w()], { betas: [0.9, -0.1] }), 'Invalid beta parameter at index 1: -0.1'],
    [() => new Adam([w()], { eps: -1e-8 }), 'Invalid epsilon value: -1e-8'],
    [() => new AdamW([w()], { weightDecay: -1 }), 'Invalid weightDecay value: -1'],
    [
      () => new SGD([{ params: [w()], lr: -2 }], { lr: 0.1 }),
      'Invalid learning rate: -2', // groups are checked too (PyTorch checks only the defaults)
    ],
  ])('%#: throws %s', (make, message) => {
    let error: unknown;
    try {
      make();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValueError);
    expect(error).toBeInstanceOf(DescentError);
    expect((error as Error).message).toBe(message);
  });

  it('rejects a parameter listed twice in a group, or shared between groups', () => {
    const a = w();
    const b = w();
    expect(() => new SGD([a, a], { lr: 0.1 })).toThrow(
      'optimizer contains a parameter group with duplicate parameters',
    );
    expect(() => new SGD([{ params: [a] }, { params: [b, a] }], { lr: 0.1 })).toThrow(
      'some parameters appear in more than one parameter group',
    );
    const opt = new SGD([a], { lr: 0.1 });
    expect(() => opt.addParamGroup({ params: [a] })).toThrow(
      'some parameters appear in more than one parameter group',
    );
    expect(opt.paramGroups).toHaveLength(1);
  });

  it('accepts any iterable, a single tensor as a group, and a lr given only by groups', () => {
    const a = w();
    const b = w();
    const fromSet = new SGD(new Set([a, b]), { lr: 0.1 });
    expect(fromSet.paramGroups[0]?.params).toEqual([a, b]);
    const groups = new SGD([
      { params: a, lr: 0.1 },
      { params: [b], lr: 0.2 },
    ]);
    expect(groups.paramGroups.map((g) => g.lr)).toEqual([0.1, 0.2]);
    expect(groups.paramGroups[0]?.params).toEqual([a]);
    expect(groups.defaults.lr).toBeUndefined();
  });

  it('fills group options from the defaults and keeps overrides', () => {
    const a = w();
    const b = w();
    const opt = new Adam([{ params: [a] }, { params: [b], lr: 0.5, amsgrad: true }], {
      lr: 0.01,
      betas: [0.8, 0.9],
    });
    const [g0, g1] = opt.paramGroups;
    expect(g0).toMatchObject({ lr: 0.01, betas: [0.8, 0.9], eps: 1e-8, weightDecay: 0 });
    expect(g1).toMatchObject({ lr: 0.5, amsgrad: true, betas: [0.8, 0.9] });
    expect(g0?.betas).not.toBe(g1?.betas); // each group has its own copy
    expect(new AdamW([a]).defaults.weightDecay).toBe(0.01);
    expect(new Adam([a]).defaults).toMatchObject({ lr: 1e-3, betas: [0.9, 0.999] });
    expect(new Adagrad([a]).defaults).toMatchObject({ lr: 0.01, eps: 1e-10 });
    expect(new RMSprop([a]).defaults).toMatchObject({ lr: 0.01, alpha: 0.99, eps: 1e-8 });
  });
});

describe('Optimizer: step, zeroGrad, groups and state', () => {
  it('step(closure) runs the closure with gradients on and returns its value', () => {
    const { w, b, loss } = lsq();
    const opt = new SGD([w, b], { lr: 0.1 });
    const before = values([w, b]);
    const out = noGrad(() =>
      opt.step(() => {
        expect(isGradEnabled()).toBe(true);
        opt.zeroGrad();
        const l = loss();
        l.backward();
        return l;
      }),
    );
    expect(out?.item()).toBeGreaterThan(0);
    expect(values([w, b])).not.toEqual(before);
    expect(opt.step()).toBeUndefined();
  });

  it('zeroGrad sets grads to null by default, or zeros them in place', () => {
    const { w, b, loss } = lsq();
    const opt = new SGD([w, b], { lr: 0.1 });
    loss().backward();
    const g = w.grad as Tensor;
    opt.zeroGrad({ setToNone: false });
    expect(w.grad).toBe(g);
    expect([...g.dataSync()]).toEqual([0, 0, 0]);
    opt.zeroGrad();
    expect(w.grad).toBeNull();
    expect(b.grad).toBeNull();
  });

  it('skips parameters without a gradient (no state, no change)', () => {
    const { w, b, loss } = lsq();
    const frozen = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    for (const opt of [
      new SGD([w, b, frozen], { lr: 0.1, momentum: 0.9 }),
      new Adam([w, b, frozen]),
    ]) {
      train(opt, loss, 3);
      expect([...frozen.dataSync()]).toEqual([1, 2]);
      expect(opt.state.has(frozen)).toBe(false);
      expect(opt.state.has(w)).toBe(true);
    }
  });

  it('uses group options edited at run time (lr = 0 freezes a group)', () => {
    const { w, b, loss } = lsq();
    const opt = new SGD([{ params: [w] }, { params: [b] }], { lr: 0.1, momentum: 0.9 });
    train(opt, loss, 2);
    (opt.paramGroups[1] as { lr: number }).lr = 0;
    const bias = b.item();
    train(opt, loss, 3);
    expect(b.item()).toBe(bias);
  });

  it('addParamGroup adds parameters that the next steps update', () => {
    const { w, b, loss } = lsq();
    const opt = new Adagrad([w], { lr: 0.1 });
    train(opt, loss, 2);
    const bias = b.item();
    opt.addParamGroup({ params: [b], lr: 0.5 });
    expect(opt.paramGroups[1]).toMatchObject({ lr: 0.5, lrDecay: 0, eps: 1e-10 });
    train(opt, loss, 2);
    expect(b.item()).not.toBe(bias);
    expect(opt.state.get(b)?.step.item()).toBe(2);
  });

  it('keeps state per parameter in a Map: tensors of the parameter dtype, step a 0-d float64 tensor', () => {
    const { w, b, loss } = lsq();
    const opt = new Adam([w, b], { amsgrad: true });
    train(opt, loss, 3);
    const s = opt.state.get(w);
    expect(s?.step.shape).toEqual([]);
    expect(s?.step.dtype).toBe('float64');
    expect(s?.step.item()).toBe(3);
    for (const t of [s?.expAvg, s?.expAvgSq, s?.maxExpAvgSq]) {
      expect(t?.shape).toEqual([3]);
      expect(t?.dtype).toBe('float64');
    }
    const f32 = tensor([1, 2], { requiresGrad: true });
    const rms = new RMSprop([f32], { momentum: 0.9, centered: true });
    f32.mul(f32).sum().backward();
    rms.step();
    const r = rms.state.get(f32);
    expect([r?.squareAvg.dtype, r?.momentumBuffer?.dtype, r?.gradAvg?.dtype]).toEqual([
      'float32',
      'float32',
      'float32',
    ]);
  });

  it('Adagrad creates its state in the constructor, the sum filled with initialAccumulatorValue', () => {
    const { w, b } = lsq();
    const opt = new Adagrad([w, b], { initialAccumulatorValue: 0.1 });
    expect(opt.state.size).toBe(2);
    expect([...(opt.state.get(w)?.sum.dataSync() ?? [])]).toEqual([0.1, 0.1, 0.1]);
    expect(opt.state.get(w)?.step.item()).toBe(0);
    expect(opt.stateDict().state[1]?.sum.toArray()).toEqual([0.1]);
  });

  it('SGD: the first momentum buffer is a copy of the gradient, not the gradient itself', () => {
    const w = tensor([1, -2], { dtype: 'float64', requiresGrad: true });
    const opt = new SGD([w], { lr: 0.1, momentum: 0.9 });
    w.mul(w).sum().backward();
    opt.step();
    const buf = opt.state.get(w)?.momentumBuffer as Tensor;
    expect(buf.toArray()).toEqual([2, -4]);
    expect(buf.storage).not.toBe(w.grad?.storage);
    expect(w.toArray()).toEqual([0.8, -1.6]);
  });

  it('maximize walks up f exactly as minimizing -f walks down', () => {
    const a = lsq();
    const b = lsq();
    train(
      new SGD(a.params, { lr: 0.05, momentum: 0.9, maximize: true }),
      () => a.loss().mul(-1),
      10,
    );
    train(new SGD(b.params, { lr: 0.05, momentum: 0.9 }), b.loss, 10);
    expect(values(a.params)).toEqual(values(b.params));
  });

  it('AdamW with weightDecay 0 is Adam, bit for bit', () => {
    const a = lsq();
    const b = lsq();
    train(new AdamW(a.params, { lr: 0.05, weightDecay: 0 }), a.loss, 10);
    train(new Adam(b.params, { lr: 0.05 }), b.loss, 10);
    expect(values(a.params)).toEqual(values(b.params));
  });

  it('float32 parameters follow the float64 trajectory to float32 precision', () => {
    for (const make of [
      (p: Tensor[]) => new SGD(p, { lr: 0.05, momentum: 0.9 }),
      (p: Tensor[]) => new Adam(p, { lr: 0.05 }),
    ]) {
      const ref = lsq();
      const p32 = ref.params.map((p) => tensor(p, { dtype: 'float32', requiresGrad: true }));
      const g = new Generator(1);
      const X32 = randn([8, 3], { generator: g, dtype: 'float64' }).to('float32');
      const t32 = randn([8], { generator: g, dtype: 'float64' }).to('float32');
      const loss32 = () =>
        matmul(X32, p32[0] as Tensor)
          .add(p32[1] as Tensor)
          .sub(t32)
          .pow(2)
          .mean();
      train(make(ref.params), ref.loss, 20);
      const opt32 = make(p32);
      train(opt32, loss32, 20);
      expect(opt32.state.get(p32[0] as Tensor)).toBeDefined();
      const want = values(ref.params);
      values(p32).forEach((v, i) => {
        expect(v).toBeCloseTo(want[i] as number, 4);
      });
    }
  });
});

describe('large parameters', () => {
  const makers: [string, (p: Tensor[]) => AnyOptimizer][] = [
    ['SGD', (p) => new SGD(p, { lr: 0.1, momentum: 0.9, dampening: 0.2, weightDecay: 0.01 })],
    ['Adagrad', (p) => new Adagrad(p, { lr: 0.1, lrDecay: 0.01 })],
    ['RMSprop', (p) => new RMSprop(p, { centered: true, momentum: 0.5 })],
    ['Adam', (p) => new Adam(p, { amsgrad: true, weightDecay: 0.1 })],
    ['AdamW', (p) => new AdamW(p, { maximize: true })],
  ];
  it.each(makers)(
    '%s: a 2500-element parameter (several kernel chunks) = its elements one by one',
    (_, make) => {
      const g = new Generator(4);
      const init = randn([2500], { generator: g, dtype: 'float64' });
      const grads = [0, 1, 2].map(() => randn([2500], { generator: g, dtype: 'float64' }));
      const big = tensor(init, { requiresGrad: true });
      const small = [...init.dataSync()].map((v) =>
        tensor([v], { dtype: 'float64', requiresGrad: true }),
      );
      const optBig = make([big]);
      const optSmall = make(small);
      for (const grad of grads) {
        big.grad = grad;
        small.forEach((p, i) => {
          p.grad = tensor([grad.dataSync()[i] as number], { dtype: 'float64' });
        });
        optBig.step();
        optSmall.step();
      }
      expect([...big.dataSync()]).toEqual(values(small));
    },
  );
});

describe('Optimizer: stateDict and loadStateDict', () => {
  it('stores params as indices across groups and state keyed by index', () => {
    const { w, b, loss } = lsq();
    const opt = new SGD([{ params: [w] }, { params: [b], lr: 0.2 }], { lr: 0.1, momentum: 0.9 });
    train(opt, loss, 2);
    const sd = opt.stateDict();
    expect(sd.paramGroups.map((g) => g.params)).toEqual([[0], [1]]);
    expect(sd.paramGroups[1]).toMatchObject({ lr: 0.2, momentum: 0.9, dampening: 0 });
    expect(Object.keys(sd.state)).toEqual(['0', '1']);
    expect(sd.state[0]?.momentumBuffer?.shape).toEqual([3]);
  });

  it('is a deep copy: later steps and edits do not change a saved dict', () => {
    const { w, b, loss } = lsq();
    const opt = new Adam([w, b], { lr: 0.05, betas: [0.8, 0.9] });
    train(opt, loss, 3);
    const sd = opt.stateDict();
    const snapshot = JSON.stringify([
      sd.paramGroups,
      sd.state[0]?.expAvg.toArray(),
      sd.state[0]?.step.item(),
    ]);
    expect(sd.state[0]?.expAvg).not.toBe(opt.state.get(w)?.expAvg);
    train(opt, loss, 3);
    (opt.paramGroups[0] as { betas: number[] }).betas[0] = 0.5;
    expect(
      JSON.stringify([sd.paramGroups, sd.state[0]?.expAvg.toArray(), sd.state[0]?.step.item()]),
    ).toBe(snapshot);
  });

  it('validates the number and sizes of groups and the shapes of state tensors', () => {
    const { w, b, loss } = lsq();
    const opt = new SGD([{ params: [w] }, { params: [b] }], { lr: 0.1, momentum: 0.9 });
    train(opt, loss, 1);
    const sd = opt.stateDict();
    expect(() => new SGD([w, b], { lr: 0.1 }).loadStateDict(sd)).toThrow(
      'loaded state dict has a different number of parameter groups',
    );
    expect(() =>
      new SGD([{ params: [w, b] }, { params: [] }], { lr: 0.1 }).loadStateDict(sd),
    ).toThrow(
      "loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
    );
    expect(() =>
      new SGD([{ params: [b] }, { params: [w] }], { lr: 0.1 }).loadStateDict(sd),
    ).toThrow(
      'loaded state dict: momentumBuffer of parameter 0 has shape [3] but the parameter has shape [1]',
    );
  });

  it('replaces group options with the saved ones and casts state to the parameter dtype', () => {
    const { w, b, loss } = lsq();
    const opt = new SGD([w, b], { lr: 0.1, momentum: 0.9 });
    train(opt, loss, 2);
    const w32 = tensor(w, { dtype: 'float32', requiresGrad: true });
    const b32 = tensor(b, { dtype: 'float32', requiresGrad: true });
    const other = new SGD([w32, b32], { lr: 0.5 });
    other.loadStateDict(opt.stateDict());
    expect(other.paramGroups[0]).toMatchObject({ lr: 0.1, momentum: 0.9 });
    expect(other.paramGroups[0]?.params).toEqual([w32, b32]);
    expect(other.state.get(w32)?.momentumBuffer?.dtype).toBe('float32');
  });

  const configs: [string, (p: Tensor[]) => AnyOptimizer][] = [
    [
      'SGD nesterov',
      (p) =>
        new SGD([{ params: [p[0] as Tensor] }, { params: [p[1] as Tensor], lr: 0.2 }], {
          lr: 0.05,
          momentum: 0.9,
          nesterov: true,
        }),
    ],
    [
      'SGD dampening + weightDecay',
      (p) => new SGD(p, { lr: 0.05, momentum: 0.5, dampening: 0.3, weightDecay: 0.1 }),
    ],
    [
      'Adagrad lrDecay',
      (p) => new Adagrad(p, { lr: 0.3, lrDecay: 0.05, initialAccumulatorValue: 0.1 }),
    ],
    [
      'RMSprop centered + momentum',
      (p) => new RMSprop(p, { lr: 0.01, centered: true, momentum: 0.5 }),
    ],
    [
      'Adam amsgrad',
      (p) =>
        new Adam([{ params: [p[0] as Tensor] }, { params: [p[1] as Tensor], amsgrad: true }], {
          lr: 0.05,
          betas: [0.9, 0.6],
        }),
    ],
    ['AdamW', (p) => new AdamW(p, { lr: 0.05, weightDecay: 0.1, amsgrad: true })],
  ];
  it.each(configs)(
    '%s: save, load into a new optimizer, continue = uninterrupted run (bit-identical)',
    (_, make) => {
      const straight = lsq();
      train(make(straight.params), straight.loss, 20);

      const first = lsq();
      const opt = make(first.params);
      train(opt, first.loss, 8);
      const saved = opt.stateDict();
      const at8 = [first.w.dataSync().slice(), first.b.dataSync().slice()];
      train(opt, first.loss, 5); // keeps going: must not leak into `saved`

      const resumed = lsq();
      noGrad(() => resumed.w.copy_(tensor(at8[0] as Float64Array)));
      noGrad(() => resumed.b.copy_(tensor(at8[1] as Float64Array)));
      const fresh = make(resumed.params);
      (fresh.paramGroups[0] as { lr: number }).lr = 123; // replaced by the saved options
      fresh.loadStateDict(saved);
      train(fresh, resumed.loss, 12);
      expect(values(resumed.params)).toEqual(values(straight.params));
    },
  );
});

describe('functional twins', () => {
  it('sgd fills null momentum buffers and matches the class', () => {
    const a = tensor([1, -2], { dtype: 'float64', requiresGrad: true });
    a.mul(a).sum().backward();
    const buffers: (Tensor | null)[] = [null];
    sgd([a], [a.grad as Tensor], buffers, { lr: 0.1, momentum: 0.9 });
    expect(buffers[0]?.toArray()).toEqual([2, -4]);
    expect(a.toArray()).toEqual([0.8, -1.6]);
  });

  it('checks the lists line up with the parameters', () => {
    const a = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const g = tensor([1, 1], { dtype: 'float64' });
    expect(() => sgd([a], [], [null], { lr: 0.1 })).toThrow(
      'sgd: got 1 params but 0 grads; pass one per parameter',
    );
    expect(() => sgd([a], [tensor([1, 2, 3])], [null], { lr: 0.1 })).toThrow(
      'sgd: grads[0] has 3 elements but params[0] has 2',
    );
    const step = tensor(0, { dtype: 'float64' });
    expect(() =>
      adam([a], [g], [zerosLike(a)], [zerosLike(a)], [null], [step], { lr: 0.1, amsgrad: true }),
    ).toThrow('adam: maxExpAvgSqs[0] is missing (amsgrad)');
    expect(() =>
      adamw([a], [g], [zerosLike(a)], [zerosLike(a)], [], [step], { lr: 0.1, amsgrad: true }),
    ).toThrow('adamw: maxExpAvgSqs[0] is missing (amsgrad)');
  });
});
