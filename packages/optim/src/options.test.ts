/**
 * Options and parameters are checked before an optimizer exists: wrong types, unknown keys and
 * things that are not parameters throw a ValueError naming the optimizer, what was given and
 * what was expected.
 */
import { DescentError, type Tensor, tensor, ValueError } from '@descent/core';
import { describe, expect, it } from 'vitest';
import {
  Adagrad,
  Adam,
  AdamW,
  adam,
  type Optimizer,
  type OptimizerStateDict,
  RMSprop,
  SGD,
  sgd,
} from './index.js';

const w = () => tensor([1, 2], { requiresGrad: true });

function thrown(make: () => unknown): Error {
  try {
    make();
  } catch (e) {
    expect(e).toBeInstanceOf(ValueError);
    expect(e).toBeInstanceOf(DescentError);
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('optimizer options', () => {
  it.each([
    [{ lr: '0.1' }, 'SGD: option lr must be a number, got the string "0.1"'],
    [
      { lr: null },
      'SGD: option lr must be a value (leave the option out to use its default), got null',
    ],
    [{ lr: true }, 'SGD: option lr must be a number, got true'],
    [{ lr: [] }, 'SGD: option lr must be a number, got an array of 0 items'],
    [{ lr: 0.1, nesterov: 1 }, 'SGD: option nesterov must be true or false, got 1'],
    [{ lr: 0.1, momentum: '0.9' }, 'SGD: option momentum must be a number, got the string "0.9"'],
  ])('SGD %j throws', (options, message) => {
    expect(thrown(() => new SGD([w()], options as never)).message).toBe(message);
  });

  it.each([null, true, [], 5, 'fast'])('options %j that are not an object throw', (options) => {
    expect(thrown(() => new SGD([w()], options as never)).message).toMatch(
      /^SGD: options must be an object such as \{ lr: 0\.1 \}, got /,
    );
    expect(thrown(() => new Adam([w()], options as never)).message).toMatch(
      /^Adam: options must be an object such as \{ lr: 0\.001 \}, got /,
    );
  });

  it('unknown keys throw, naming the allowed keys and the likely one', () => {
    expect(thrown(() => new Adam([w()], { learningRate: 0.5 } as never)).message).toBe(
      'Adam: unknown option "learningRate" (did you mean lr?); expected one of lr, betas, eps, weightDecay, amsgrad, maximize',
    );
    expect(thrown(() => new AdamW([w()], { beta1: 0.5 } as never)).message).toBe(
      'AdamW: unknown option "beta1" (did you mean betas?); expected one of lr, betas, eps, weightDecay, amsgrad, maximize',
    );
    expect(thrown(() => new RMSprop([w()], { weight_decay: 0.1 } as never)).message).toMatch(
      /^RMSprop: unknown option "weight_decay" \(did you mean weightDecay\?\)/,
    );
    expect(thrown(() => new Adagrad([w()], { momentum: 0.9 } as never)).message).toBe(
      'Adagrad: unknown option "momentum"; expected one of lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize',
    );
  });

  it('Adam trains at the rate it was given (no silently dropped option)', () => {
    const p = tensor([1], { dtype: 'float64', requiresGrad: true });
    const opt = new Adam([p], { lr: 0.5 });
    p.mul(p).sum().backward();
    opt.step();
    expect(p.item()).toBeCloseTo(0.5, 6); // Adam's first step moves by lr
  });

  it('betas must be two numbers', () => {
    expect(thrown(() => new Adam([w()], { betas: [0.9] as never })).message).toBe(
      'Adam: option betas must be an array of 2 numbers, got an array of 1 items',
    );
    expect(thrown(() => new Adam([w()], { betas: null as never })).message).toMatch(
      /^Adam: option betas must be a value/,
    );
  });

  it('parameter groups are checked the same way', () => {
    expect(thrown(() => new SGD([{ params: [w()], lrr: 0.1 } as never], { lr: 0.1 })).message).toBe(
      'SGD: unknown param group option "lrr"; expected one of lr, momentum, dampening, weightDecay, nesterov, maximize, params, initialLr',
    );
    expect(thrown(() => new SGD([{ params: [w()], lr: '1' } as never])).message).toBe(
      'SGD: option lr must be a number, got the string "1"',
    );
    const opt = new SGD([w()], { lr: 0.1 });
    expect(
      thrown(() => opt.addParamGroup({ params: [w()], momentum: true } as never)).message,
    ).toBe('SGD: option momentum must be a number, got true');
    expect(opt.paramGroups).toHaveLength(1);
  });
});

describe('what is passed as params', () => {
  it.each([
    ['a module (an object with parameters())', { parameters: () => [w()] }],
    ['an iterable module', { parameters: () => [w()], *[Symbol.iterator]() {} }],
    ['a number', 5],
    ['a string', 'weights'],
    ['null', null],
  ])('%s: says to pass model.parameters()', (_, params) => {
    const message = thrown(() => new SGD(params as never, { lr: 0.1 })).message;
    expect(message).toMatch(/^SGD: params must be an iterable of tensors/);
    expect(message).toMatch(/pass model\.parameters\(\)$/);
  });

  it('a group whose params are not iterable', () => {
    expect(thrown(() => new Adam([{ params: 3 }] as never)).message).toMatch(
      /^Adam: params must be an iterable of tensors .*, got 3; pass model\.parameters\(\)$/,
    );
  });
});

describe('functional optimizers check their arguments', () => {
  const g = () => tensor([0.5, 0.5]);
  it.each([
    [
      'options a number',
      () => sgd([w()], [g()], [null], 5 as never),
      /^sgd: options must be an object/,
    ],
    [
      'lr a string',
      () => sgd([w()], [g()], [null], { lr: '1' } as never),
      /^sgd: options\.lr must be a number/,
    ],
    [
      'momentum a string',
      () => sgd([w()], [g()], [null], { lr: 1, momentum: 'x' } as never),
      /^sgd: option momentum must be a number/,
    ],
    ['lr NaN', () => sgd([w()], [g()], [null], { lr: Number.NaN }), /^Invalid learning rate: NaN$/],
    [
      'params not an array',
      () => sgd(5 as never, [g()], [null], { lr: 1 }),
      /^sgd: params must be an array of tensors, got 5$/,
    ],
    [
      'a grad that is not a tensor',
      () => sgd([w()], [[1, 2]] as never, [null], { lr: 1 }),
      /^sgd: grads\[0\] must be a Tensor, got an array of 2 items$/,
    ],
    [
      'a null grad',
      () => adam([w()], [null] as never, [g()], [g()], [null], [tensor(0)], { lr: 1 }),
      /^adam: grads\[0\] must be a Tensor, got null$/,
    ],
  ])('%s', (_, call, message) => {
    const error = thrown(call);
    expect(error.message).toMatch(message);
  });
});

describe('types', () => {
  it('Optimizer and OptimizerStateDict can be named without type arguments', () => {
    const opt: Optimizer = new SGD([w()], { lr: 0.1 });
    const saved: OptimizerStateDict = opt.stateDict();
    const optimizers: Optimizer[] = [opt, new Adam([w()]), new Adagrad([w()])];
    expect(saved.paramGroups[0]?.lr).toBe(0.1);
    expect(optimizers.map((o) => o.paramGroups.length)).toEqual([1, 1, 1]);
    const first: Tensor | undefined = opt.paramGroups[0]?.params[0];
    expect(first?.shape).toEqual([2]);
  });
});
