/**
 * Optimizer.loadStateDict checks the whole state dict as the constructor checks its arguments,
 * and a state dict that fails changes nothing: options, state and the next step are those of
 * an optimizer that was never asked to load it.
 */
import { DescentError, type Tensor, tensor, ValueError } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { Adagrad, Adam, type Optimizer, RMSprop, SGD } from './index.js';

function setup() {
  const w = tensor([1, -2, 0.5], { dtype: 'float64', requiresGrad: true });
  const b = tensor([0.25], { dtype: 'float64', requiresGrad: true });
  const loss = () => w.mul(w).sum().add(b.mul(b).sum());
  const train = (opt: Optimizer, steps: number) => {
    for (let i = 0; i < steps; i++) {
      opt.zeroGrad();
      loss().backward();
      opt.step();
    }
  };
  return { w, b, params: [w, b], train };
}

/** Everything an optimizer holds, as plain data. */
function snapshot(opt: Optimizer): string {
  return JSON.stringify({
    groups: opt.paramGroups.map(({ params, ...options }) => ({ n: params.length, ...options })),
    state: [...opt.state.values()].map((s) =>
      Object.entries(s).map(([k, v]) => [k, v === null ? null : [...(v as Tensor).data]]),
    ),
  });
}

type Edit = (sd: Record<string, unknown>) => unknown;
const group0 = (sd: Record<string, unknown>) =>
  (sd.paramGroups as Record<string, unknown>[])[0] as Record<string, unknown>;
const state0 = (sd: Record<string, unknown>) =>
  (sd.state as Record<string, Record<string, unknown>>)[0] as Record<string, unknown>;

describe('SGD.loadStateDict refuses and changes nothing', () => {
  const cases: [string, Edit, RegExp][] = [
    [
      'null',
      () => null,
      /^SGD\.loadStateDict: expected a state dict \{ state, paramGroups \} from stateDict\(\), got null$/,
    ],
    ['a number', () => 5, /got 5$/],
    [
      'a model state dict',
      () => ({ '0.weight': tensor([1]) }),
      /this looks like a model state dict/,
    ],
    [
      'an extra top-level key',
      (sd) => ({ ...sd, epoch: 3 }),
      /^SGD\.loadStateDict: unknown key "epoch"; expected one of state, paramGroups$/,
    ],
    [
      'lr NaN',
      (sd) => {
        group0(sd).lr = Number.NaN;
      },
      /^Invalid learning rate: NaN$/,
    ],
    [
      'lr a string',
      (sd) => {
        group0(sd).lr = '0.1';
      },
      /^SGD: option lr must be a number, got the string "0\.1"$/,
    ],
    [
      'a missing option',
      (sd) => {
        delete group0(sd).momentum;
      },
      /^SGD\.loadStateDict: paramGroups\[0\] lacks momentum; is it the state dict of another optimizer\?/,
    ],
    [
      'an unknown option',
      (sd) => {
        group0(sd).betas = [0.9, 0.99];
      },
      /paramGroups\[0\] has betas, which SGD does not have/,
    ],
    [
      'a duplicated index',
      (sd) => {
        (group0(sd).params as number[])[1] = 0;
      },
      /params\[1\] must be a parameter index \(a whole number >= 0, each once\), got 0$/,
    ],
    [
      'a fractional index',
      (sd) => {
        (group0(sd).params as number[])[0] = 0.5;
      },
      /params\[0\] must be a parameter index/,
    ],
    [
      'params not an array',
      (sd) => {
        group0(sd).params = 2;
      },
      /paramGroups\[0\]\.params must be an array of parameter indices, got 2$/,
    ],
    [
      'momentumBuffer a number',
      (sd) => {
        state0(sd).momentumBuffer = 5;
      },
      /^SGD\.loadStateDict: momentumBuffer of parameter 0 must be a Tensor, got 5$/,
    ],
    [
      'momentumBuffer of the wrong shape',
      (sd) => {
        state0(sd).momentumBuffer = tensor([1, 2]);
      },
      /momentumBuffer of parameter 0 has shape \[2\] but the parameter has shape \[3\]/,
    ],
    [
      'an unknown state entry',
      (sd) => {
        state0(sd).expAvg = tensor([1, 2, 3]);
      },
      /unknown state entry of parameter 0: "expAvg"; expected one of momentumBuffer$/,
    ],
    [
      'state not an object',
      (sd) => {
        (sd.state as Record<string, unknown>)[0] = [1];
      },
      /the state of parameter 0 is not an object/,
    ],
    [
      'state for a parameter no group has',
      (sd) => {
        (sd.state as Record<string, unknown>)[7] = {};
      },
      /state for parameter 7, which no group holds/,
    ],
  ];
  it.each(cases)('%s', (_, edit, message) => {
    const source = setup();
    const trained = new SGD(source.params, { lr: 0.1, momentum: 0.9 });
    source.train(trained, 2);
    const sd = trained.stateDict() as unknown as Record<string, unknown>;
    const replaced = edit(sd);
    const bad = replaced === undefined ? sd : replaced;

    const target = setup();
    const opt = new SGD(target.params, { lr: 0.05, momentum: 0.5 });
    target.train(opt, 1);
    const before = snapshot(opt);
    let error: unknown;
    try {
      opt.loadStateDict(bad as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValueError);
    expect(error).toBeInstanceOf(DescentError);
    expect((error as Error).message).toMatch(message);
    expect(snapshot(opt)).toBe(before);
  });
});

describe('a state dict of another optimizer', () => {
  it('Adam state into SGD is refused, naming the options that differ', () => {
    const { params, train } = setup();
    const adamOpt = new Adam(params, { lr: 0.01 });
    train(adamOpt, 2);
    const sgdOpt = new SGD(params, { lr: 0.1, momentum: 0.9 });
    expect(() => sgdOpt.loadStateDict(adamOpt.stateDict() as never)).toThrow(
      "SGD.loadStateDict: paramGroups[0] lacks momentum, dampening, nesterov and has betas, eps, amsgrad, which SGD does not have; is it the state dict of another optimizer? SGD's options are lr, momentum, dampening, weightDecay, nesterov, maximize",
    );
    expect(sgdOpt.paramGroups[0]?.momentum).toBe(0.9);
  });

  it('RMSprop state into Adagrad (same option names but for momentum) is refused', () => {
    const { params, train } = setup();
    const rms = new RMSprop(params, { lr: 0.01 });
    train(rms, 1);
    expect(() => new Adagrad(params).loadStateDict(rms.stateDict() as never)).toThrow(
      /^Adagrad\.loadStateDict: paramGroups\[0\] lacks lrDecay, initialAccumulatorValue and has alpha, momentum, centered/,
    );
  });
});

describe('Adam state', () => {
  function adamDict() {
    const { params, train } = setup();
    const opt = new Adam(params, { lr: 0.01, amsgrad: true });
    train(opt, 3);
    return { params, sd: opt.stateDict() as unknown as Record<string, unknown> };
  }

  it.each([
    [
      'betas out of range',
      (sd: Record<string, unknown>) => {
        group0(sd).betas = [2, 2];
      },
      /^Invalid beta parameter at index 0: 2$/,
    ],
    [
      'betas of one number',
      (sd: Record<string, unknown>) => {
        group0(sd).betas = [0.9];
      },
      /^Adam: option betas must be an array of 2 numbers/,
    ],
    [
      'a missing step',
      (sd: Record<string, unknown>) => {
        delete state0(sd).step;
      },
      /^Adam\.loadStateDict: the state of parameter 0 lacks step$/,
    ],
    [
      'a negative step',
      (sd: Record<string, unknown>) => {
        state0(sd).step = tensor(-1);
      },
      /step of parameter 0 must be a one-element tensor holding a whole number >= 0, got -1$/,
    ],
    [
      'a step that is a number',
      (sd: Record<string, unknown>) => {
        state0(sd).step = 3;
      },
      /step of parameter 0 must be a one-element tensor holding a whole number >= 0, got 3$/,
    ],
    [
      'a null expAvg',
      (sd: Record<string, unknown>) => {
        state0(sd).expAvg = null;
      },
      /expAvg of parameter 0 must be a Tensor, got null$/,
    ],
    [
      'a null maxExpAvgSq',
      (sd: Record<string, unknown>) => {
        state0(sd).maxExpAvgSq = null;
      },
      /maxExpAvgSq of parameter 0 must be a Tensor, got null$/,
    ],
  ])('%s is refused and changes nothing', (_, edit, message) => {
    const { params, sd } = adamDict();
    edit(sd);
    const opt = new Adam(params, { lr: 0.5 });
    expect(() => opt.loadStateDict(sd as never)).toThrow(message);
    expect(opt.state.size).toBe(0);
    expect(opt.paramGroups[0]?.lr).toBe(0.5);
  });

  it('a valid one still loads: step as float64, buffers in the parameter dtype', () => {
    const { params, sd } = adamDict();
    const p32 = params.map((p) => tensor(p, { dtype: 'float32', requiresGrad: true }));
    const opt = new Adam(p32);
    opt.loadStateDict(sd as never);
    const s = opt.state.get(p32[0] as Tensor);
    expect(s?.step.dtype).toBe('float64');
    expect(s?.step.shape).toEqual([]);
    expect(s?.step.item()).toBe(3);
    expect(s?.expAvg.dtype).toBe('float32');
    expect(opt.paramGroups[0]).toMatchObject({ lr: 0.01, amsgrad: true });
  });
});
