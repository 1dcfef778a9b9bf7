import { describe, expect, it } from 'vitest';
import { classCount, normalize } from './normalize.js';
import { defaultState } from './schema.js';

describe('the cross-setting rules', () => {
  it('leave the defaults alone', () => {
    expect(normalize(defaultState())).toEqual({ state: defaultState(), notices: [] });
  });

  it('give every hidden layer a BatchNorm flag', () => {
    expect(
      normalize({ ...defaultState(), layers: [3, 3, 3], batchNorm: [true] }).state.batchNorm,
    ).toEqual([true, false, false]);
    expect(
      normalize({ ...defaultState(), layers: [3], batchNorm: [true, true] }).state.batchNorm,
    ).toEqual([true]);
  });

  it('keep one input feature', () => {
    const { state, notices } = normalize({ ...defaultState(), x1: false, x2: false });
    expect(state.x1).toBe(true);
    expect(notices[0]).toMatch(/at least one input feature/);
  });

  it('use cross-entropy for more than two classes', () => {
    const { state, notices } = normalize({ ...defaultState(), dataset: 'spiral', arms: 3 });
    expect(state.loss).toBe('crossEntropy');
    expect(notices[0]).toMatch(/3 classes/);
    expect(classCount(state)).toBe(3);
  });

  it('use mean squared error for regression, silently', () => {
    const { state, notices } = normalize({
      ...defaultState(),
      problem: 'regression',
      loss: 'crossEntropy',
    });
    expect(state.loss).toBe('mse');
    expect(notices).toEqual([]);
  });

  it('give BatchNorm batches of at least two', () => {
    const { state, notices } = normalize({
      ...defaultState(),
      batchNorm: [true, false],
      batchSize: 1,
    });
    expect(state.batchSize).toBe(2);
    expect(notices[0]).toMatch(/at least 2 examples/);
  });

  it('refuse own class labels that are not classes', () => {
    const { state, notices } = normalize({
      ...defaultState(),
      dataset: 'custom',
      points: [
        { x1: 0, x2: 0, label: 0.5 },
        { x1: 1, x2: 1, label: 1 },
      ],
    });
    expect(state.points).toEqual([]);
    expect(notices[0]).toMatch(/found 0\.5/);
  });

  it('count the classes of your own points', () => {
    const points = [0, 1, 4].map((label) => ({ x1: label, x2: 0, label }));
    expect(classCount({ ...defaultState(), dataset: 'custom', points })).toBe(5);
  });
});
