/**
 * Schedulers check their options like the optimizers do, refuse a constructor call without
 * touching the optimizer, and load only state dicts of their own kind with values their
 * constructor would accept, changing nothing otherwise.
 */
import { tensor, ValueError } from '@descent/core';
import { describe, expect, it } from 'vitest';
import {
  CosineAnnealingLR,
  ExponentialLR,
  InverseSqrtLR,
  LambdaLR,
  type LRSchedulerStateDict,
  MultiStepLR,
  ReduceLROnPlateau,
  SGD,
  StepLR,
} from './index.js';

const opt = () => new SGD([tensor([1], { requiresGrad: true })], { lr: 0.5 });

describe('scheduler options', () => {
  it.each([
    [
      () => new StepLR(opt(), 2, { gama: 0.5 } as never),
      'StepLR: unknown option "gama"; expected one of gamma, lastEpoch',
    ],
    [
      () => new StepLR(opt(), 2, { gamma: '0.5' } as never),
      'StepLR: gamma must be a finite number, got the string "0.5"',
    ],
    [() => new StepLR(opt(), 2.5), 'StepLR: stepSize must be a whole number >= 1, got 2.5'],
    [
      () => new StepLR(opt(), 2, null as never),
      'StepLR: options must be an object such as { gamma: … }, got null',
    ],
    [
      () => new StepLR(opt(), 2, { lastEpoch: -2 }),
      'StepLR: lastEpoch must be a whole number >= -1, got -2',
    ],
    [
      () => new ExponentialLR(opt(), Number.NaN),
      'ExponentialLR: gamma must be a finite number, got NaN',
    ],
    [
      () => new MultiStepLR(opt(), [2, 'x'] as never),
      'MultiStepLR: milestones must be an array of whole numbers, got an array of 2 items',
    ],
    [
      () => new CosineAnnealingLR(opt(), 10, { etaMin: null } as never),
      'CosineAnnealingLR: etaMin must be a finite number, got null',
    ],
    [
      () => new LambdaLR(opt(), 0.5 as never),
      'LambdaLR: lrLambda must be a function of the epoch or an array of them, got 0.5',
    ],
    [
      () => new InverseSqrtLR(opt(), { last_epoch: 3 } as never),
      'InverseSqrtLR: unknown option "last_epoch" (did you mean lastEpoch?); expected one of lastEpoch',
    ],
    [
      () => new ReduceLROnPlateau(opt(), { patience: 1.5 }),
      'ReduceLROnPlateau: patience must be a whole number >= 0, got 1.5',
    ],
    [
      () => new ReduceLROnPlateau(opt(), { minLr: -1 }),
      'ReduceLROnPlateau: minLr must be a finite number >= 0, got -1',
    ],
    [
      () => new ReduceLROnPlateau(opt(), { factor: -0.5 }),
      'ReduceLROnPlateau: factor must be a finite number >= 0, got -0.5',
    ],
    [
      () => new ReduceLROnPlateau(5 as never),
      'ReduceLROnPlateau: expected an optimizer such as new SGD(model.parameters(), { lr: 0.1 }), got 5',
    ],
  ])('%#: %s', (make, message) => {
    expect(make).toThrow(new ValueError(message));
  });

  it('a constructor that throws leaves the optimizer as it was', () => {
    const o = opt();
    expect(() => new StepLR(o, 0)).toThrow(ValueError);
    expect(() => new CosineAnnealingLR(o, -1)).toThrow(ValueError);
    expect(o.paramGroups[0]?.initialLr).toBeUndefined();
  });

  it('epoch-based step() takes no epoch, ReduceLROnPlateau.step needs a number or a one-element tensor', () => {
    const s = new StepLR(opt(), 2);
    expect(() => (s.step as (e: number) => void)(3)).toThrow(
      "StepLR.step: takes no arguments (PyTorch's deprecated epoch argument is not supported), got 1",
    );
    expect(s.lastEpoch).toBe(0);
    const r = new ReduceLROnPlateau(opt());
    expect(() => r.step('0.1' as never)).toThrow(
      'ReduceLROnPlateau.step: metric must be a number or a one-element tensor, got the string "0.1"',
    );
    expect(() => r.step(tensor([1, 2]))).toThrow(/got a Tensor of shape \[2\]$/);
    r.step(tensor([0.5]));
    expect(r.best).toBe(0.5);
  });

  it('LambdaLR refuses a multiplier that is not a number', () => {
    const o = opt();
    const s = new LambdaLR(o, (e) => (e < 1 ? 1 : ('half' as never)));
    expect(() => s.step()).toThrow(
      'LambdaLR: lrLambda of group 0 returned the string "half" at epoch 1; expected a number',
    );
  });
});

describe('scheduler state dicts', () => {
  const edits: [
    string,
    () => {
      load: (d: LRSchedulerStateDict) => void;
      saved: () => LRSchedulerStateDict;
      state: () => string;
    },
    (d: LRSchedulerStateDict) => unknown,
    RegExp,
  ][] = [];
  const step = () => {
    const s = new StepLR(opt(), 3, { gamma: 0.5 });
    s.step();
    return {
      load: (d: LRSchedulerStateDict) => s.loadStateDict(d),
      saved: () => s.stateDict(),
      state: () => JSON.stringify(s.stateDict()),
    };
  };
  edits.push(
    [
      'null',
      step,
      () => null,
      /^StepLR\.loadStateDict: expected a state dict from stateDict\(\), got null$/,
    ],
    [
      'stepSize 0',
      step,
      (d) => {
        d.stepSize = 0;
      },
      /^StepLR\.loadStateDict: stepSize must be a whole number >= 1, got 0$/,
    ],
    [
      'gamma a string',
      step,
      (d) => {
        d.gamma = 'x';
      },
      /gamma must be a finite number, got the string "x"$/,
    ],
    [
      'baseLrs of two groups',
      step,
      (d) => {
        d.baseLrs = [0.5, 0.5];
      },
      /baseLrs must be an array of 1 finite numbers, got an array of 2 items$/,
    ],
    [
      'lastEpoch fractional',
      step,
      (d) => {
        d.lastEpoch = 1.5;
      },
      /lastEpoch must be a whole number >= -1, got 1\.5$/,
    ],
    [
      'an unknown field',
      step,
      (d) => {
        d.tMax = 3;
      },
      /has tMax, which this scheduler does not have/,
    ],
    [
      'a missing field',
      step,
      (d) => {
        delete d.stepSize;
      },
      /lacks stepSize/,
    ],
  );
  it.each(edits)('StepLR: %s is refused and changes nothing', (_, make, edit, message) => {
    const s = make();
    const saved = s.saved();
    const replaced = edit(saved);
    const before = s.state();
    expect(() =>
      s.load((replaced === undefined ? saved : replaced) as LRSchedulerStateDict),
    ).toThrow(message);
    expect(s.state()).toBe(before);
  });

  it("another scheduler's state dict is refused", () => {
    const cosine = new CosineAnnealingLR(opt(), 10);
    expect(() => new StepLR(opt(), 3).loadStateDict(cosine.stateDict())).toThrow(
      /^StepLR\.loadStateDict: the state dict lacks stepSize, gamma and has tMax, etaMin, which this scheduler does not have; is it the state dict of another scheduler\?/,
    );
  });

  it('ReduceLROnPlateau: bad fields are refused, a JSON round trip (best null) loads', () => {
    const r = new ReduceLROnPlateau(opt(), { mode: 'max' });
    const fresh = JSON.parse(JSON.stringify(r.stateDict())) as LRSchedulerStateDict;
    expect(fresh.best).toBeNull();
    const other = new ReduceLROnPlateau(opt(), { mode: 'min' });
    other.loadStateDict(fresh);
    expect(other.best).toBe(-Infinity);
    expect(other.mode).toBe('max');
    for (const [key, value] of [
      ['mode', 'up'],
      ['numBadEpochs', -1],
      ['minLrs', [0, 0]],
      ['factor', 1],
      ['best', Number.NaN],
    ] as const) {
      const before = JSON.stringify(other.stateDict());
      expect(() => other.loadStateDict({ ...r.stateDict(), [key]: value })).toThrow(ValueError);
      expect(JSON.stringify(other.stateDict())).toBe(before);
    }
  });
});
