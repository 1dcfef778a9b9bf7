import { Generator, matmul, randn, type Tensor, tensor, ValueError } from '@descent/core';
import { describe, expect, it } from 'vitest';
import {
  CosineAnnealingLR,
  ExponentialLR,
  InverseSqrtLR,
  inverseSqrt,
  LambdaLR,
  type LRScheduler,
  MultiStepLR,
  type Optimizer,
  type OptimizerOptions,
  ReduceLROnPlateau,
  type SchedulableOptimizer,
  SGD,
  StepLR,
} from './index.js';

function lsq() {
  const g = new Generator(3);
  const X = randn([8, 3], { generator: g, dtype: 'float64' });
  const t = randn([8], { generator: g, dtype: 'float64' });
  const w = randn([3], { generator: g, dtype: 'float64', requiresGrad: true });
  const b = tensor([0], { dtype: 'float64', requiresGrad: true });
  return { params: [w, b], loss: () => matmul(X, w).add(b).sub(t).pow(2).mean() };
}

interface Sched {
  step(metric?: number): void;
  getLastLr(): number[];
  stateDict(): Record<string, unknown>;
  loadStateDict(s: Record<string, unknown>): void;
}

/** An epoch-based scheduler behind the interface: its step() takes no metric. */
const epochs = (s: LRScheduler): Sched => ({
  step: () => s.step(),
  getLastLr: () => s.getLastLr(),
  stateDict: () => s.stateDict(),
  loadStateDict: (d) => s.loadStateDict(d),
});

const configs: [string, (opt: SchedulableOptimizer) => Sched][] = [
  ['StepLR', (o) => epochs(new StepLR(o, 3, { gamma: 0.5 }))],
  ['MultiStepLR', (o) => epochs(new MultiStepLR(o, [2, 5, 5, 11], { gamma: 0.5 }))],
  ['ExponentialLR', (o) => epochs(new ExponentialLR(o, 0.9))],
  ['LambdaLR', (o) => epochs(new LambdaLR(o, [(e) => 0.95 ** e, (e) => 1 / (e + 1)]))],
  ['InverseSqrtLR', (o) => epochs(new InverseSqrtLR(o))],
  ['CosineAnnealingLR', (o) => epochs(new CosineAnnealingLR(o, 6, { etaMin: 0.001 }))],
  [
    'ReduceLROnPlateau',
    (o) => {
      const s = new ReduceLROnPlateau(o, { patience: 1, threshold: 0.2, cooldown: 1 });
      return {
        ...s,
        step: (m) => s.step(m as number),
        getLastLr: () => s.getLastLr(),
        stateDict: () => s.stateDict(),
        loadStateDict: (d) => s.loadStateDict(d),
      };
    },
  ],
];

function makeOpt(params: Tensor[]): Optimizer<OptimizerOptions, object> {
  return new SGD([{ params: [params[0] as Tensor] }, { params: [params[1] as Tensor], lr: 0.2 }], {
    lr: 0.1,
    momentum: 0.5,
  });
}

function run(
  opt: SchedulableOptimizer,
  sched: Sched,
  loss: () => Tensor,
  steps: number,
): number[][] {
  const lrs: number[][] = [];
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    const l = loss();
    l.backward();
    lrs.push(opt.paramGroups.map((g) => g.lr));
    opt.step();
    sched.step(l.item());
  }
  return lrs;
}

describe('schedulers: stateDict round trip', () => {
  it.each(configs)(
    '%s: save, load into new optimizer + scheduler, continue = uninterrupted (bit-identical)',
    (_, make) => {
      const a = lsq();
      const optA = makeOpt(a.params);
      const lrA = run(optA, make(optA), a.loss, 20);

      const b = lsq();
      const optB = makeOpt(b.params);
      const schedB = make(optB);
      const lrB = run(optB, schedB, b.loss, 8);
      const saved = {
        opt: optB.stateDict(),
        sched: schedB.stateDict(),
        params: b.params.map((p) => p.data.slice()),
      };
      run(optB, schedB, b.loss, 3); // must not change `saved`

      const c = lsq();
      c.params.forEach((p, i) => {
        p.data.set(saved.params[i] as Float64Array);
      });
      const optC = makeOpt(c.params);
      const schedC = make(optC);
      optC.loadStateDict(saved.opt);
      schedC.loadStateDict(saved.sched);
      lrB.push(...run(optC, schedC, c.loss, 12));
      expect(lrB).toEqual(lrA);
      expect(c.params.flatMap((p) => [...p.data])).toEqual(a.params.flatMap((p) => [...p.data]));
      expect(new Set(lrA.map(String)).size).toBeGreaterThan(1); // the schedule did change the lr
    },
  );
});

describe('LRScheduler', () => {
  const opt = () => new SGD([tensor([1], { requiresGrad: true })], { lr: 0.5 });

  it('sets initialLr, takes the initial step, and reports getLastLr', () => {
    const o = opt();
    const s = new StepLR(o, 2, { gamma: 0.1 });
    expect(o.paramGroups[0]?.initialLr).toBe(0.5);
    expect(s.lastEpoch).toBe(0);
    expect(s.getLastLr()).toEqual([0.5]);
    s.step();
    s.step();
    expect(s.getLastLr()).toEqual([0.05]);
    expect(o.paramGroups[0]?.lr).toBe(0.05);
    expect(s.stateDict()).toMatchObject({
      lastEpoch: 2,
      baseLrs: [0.5],
      stepSize: 2,
      gamma: 0.1,
      stepCount: 3,
    });
    expect(s.stateDict()).not.toHaveProperty('optimizer');
  });

  it('resumes from lastEpoch only when the groups have initialLr', () => {
    expect(() => new StepLR(opt(), 2, { lastEpoch: 4 })).toThrow(
      "param 'initialLr' is not specified in paramGroups[0] when resuming an optimizer",
    );
    const o = opt();
    (o.paramGroups[0] as { initialLr?: number }).initialLr = 1;
    const s = new CosineAnnealingLR(o, 10, { lastEpoch: 4 });
    expect(s.lastEpoch).toBe(5);
    expect(s.getLastLr()[0]).toBeCloseTo(0.5 * (1 + Math.cos(Math.PI / 2)), 15); // closed form at epoch 5
  });

  it('validates its arguments', () => {
    expect(() => new StepLR({} as SchedulableOptimizer, 1)).toThrow(
      new ValueError(
        'StepLR: expected an optimizer such as new SGD(model.parameters(), { lr: 0.1 }), got an object',
      ),
    );
    expect(() => new StepLR(opt(), 0)).toThrow(
      'StepLR: stepSize must be a whole number >= 1, got 0',
    );
    expect(() => new CosineAnnealingLR(opt(), 0)).toThrow(
      'CosineAnnealingLR: tMax must be a finite number > 0, got 0',
    );
    expect(() => new LambdaLR(opt(), [() => 1, () => 1])).toThrow(
      'Expected 1 lrLambdas, but got 2',
    );
    expect(() => new ReduceLROnPlateau(opt(), { factor: 1 })).toThrow('Factor should be < 1.0.');
    expect(() => new ReduceLROnPlateau(opt(), { mode: 'up' as 'min' })).toThrow(
      `ReduceLROnPlateau: mode must be 'min' or 'max', got the string "up"`,
    );
    expect(() => new ReduceLROnPlateau(opt(), { thresholdMode: 'x' as 'abs' })).toThrow(
      `ReduceLROnPlateau: thresholdMode must be 'rel' or 'abs', got the string "x"`,
    );
    expect(() => new ReduceLROnPlateau(opt(), { minLr: [0, 0] })).toThrow(
      'expected 1 minLrs, got 2',
    );
  });

  it('LambdaLR leaves its functions out of the state dict', () => {
    const s = new LambdaLR(opt(), (e) => 0.5 ** e);
    expect(s.stateDict()).not.toHaveProperty('lrLambdas');
    s.step();
    const saved = s.stateDict();
    const t = new LambdaLR(opt(), (e) => 0.5 ** e);
    t.loadStateDict(saved);
    expect(t.lastEpoch).toBe(1);
    expect(typeof t.lrLambdas[0]).toBe('function');
  });

  it("InverseSqrtLR is the lecture's η / √(t + 1), computed as η · (1 / √(t + 1))", () => {
    const o = opt();
    const s = new InverseSqrtLR(o);
    for (let t = 0; t < 50; t++) {
      expect(o.paramGroups[0]?.lr).toBe(0.5 * (1 / Math.sqrt(t + 1)));
      expect(o.paramGroups[0]?.lr).toBeCloseTo(0.5 / Math.sqrt(t + 1), 15);
      s.step();
    }
    expect(inverseSqrt(3)).toBe(0.5);
  });

  it('chains like PyTorch: schedulers built on one optimizer compose', () => {
    const o = opt();
    const a = new ExponentialLR(o, 0.9);
    const b = new StepLR(o, 3, { gamma: 0.5 });
    for (let e = 1; e <= 9; e++) {
      a.step();
      b.step();
      expect(o.paramGroups[0]?.lr).toBeCloseTo(0.5 * 0.9 ** e * 0.5 ** Math.floor(e / 3), 14);
    }
  });
});

describe('ReduceLROnPlateau', () => {
  it('reduces after patience bad epochs, rests for cooldown, respects minLr and eps', () => {
    const o = new SGD([tensor([1], { requiresGrad: true })], { lr: 1 });
    const s = new ReduceLROnPlateau(o, { patience: 1, factor: 0.5, cooldown: 1, minLr: 0.3 });
    expect(s.getLastLr()).toEqual([1]);
    expect(s.best).toBe(Number.POSITIVE_INFINITY);
    const lrs: number[] = [];
    for (const metric of [5, 5, 5, 5, 5, 5, 5, 5]) {
      s.step(metric);
      lrs.push(s.getLastLr()[0] as number);
    }
    // epoch 1 improves; 2 bad; 3 bad → reduce; 4 cooldown; 5 bad; 6 bad → reduce (to minLr 0.3)
    expect(lrs).toEqual([1, 1, 0.5, 0.5, 0.5, 0.3, 0.3, 0.3]);
    s.step(tensor(4));
    expect(s.best).toBe(4);
  });

  it('max mode with an absolute threshold', () => {
    const o = new SGD([tensor([1], { requiresGrad: true })], { lr: 1 });
    const s = new ReduceLROnPlateau(o, {
      mode: 'max',
      threshold: 0.1,
      thresholdMode: 'abs',
      patience: 0,
    });
    s.step(1);
    s.step(1.05); // not better by 0.1: reduce
    expect(s.getLastLr()).toEqual([0.1]);
    s.step(1.2);
    expect(s.getLastLr()).toEqual([0.1]);
    expect(s.isBetter(1.31, 1.2)).toBe(true);
  });
});
