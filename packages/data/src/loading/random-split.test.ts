import { arange, Generator, manualSeed, ValueError } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { randomSplit } from './random-split.js';
import { TensorDataset } from './tensor-dataset.js';

const ids = (n: number) => new TensorDataset(arange(n, undefined, 1, { dtype: 'int32' }));
const members = (subset: { length: number; getItem(i: number): unknown[] }) =>
  Array.from({ length: subset.length }, (_, i) =>
    (subset.getItem(i)[0] as { item(): number }).item(),
  );

describe('randomSplit', () => {
  it('fractions: 0.8 / 0.2 of 500 is 400 and 100, disjoint and covering the dataset', () => {
    const [train, test] = randomSplit(ids(500), [0.8, 0.2], { generator: new Generator(42) });
    expect([train?.length, test?.length]).toEqual([400, 100]);
    const all = [...members(train as never), ...members(test as never)];
    expect(all.slice().sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(members(train as never).slice(0, 20)).not.toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
  });

  it('deals the remainder of fractional sizes one by one from the first subset, as PyTorch', () => {
    // floor(10·0.33) = 3, 3, floor(10·0.34) = 3; the one left goes to the first.
    expect(randomSplit(ids(10), [0.33, 0.33, 0.34]).map((s) => s.length)).toEqual([4, 3, 3]);
    // floor(7·0.5) = 3 twice; one left.
    expect(randomSplit(ids(7), [0.5, 0.5]).map((s) => s.length)).toEqual([4, 3]);
    expect(randomSplit(ids(5), [0.1, 0.1, 0.8]).map((s) => s.length)).toEqual([1, 0, 4]);
  });

  it('whole sizes summing to the length', () => {
    expect(randomSplit(ids(10), [7, 3]).map((s) => s.length)).toEqual([7, 3]);
    expect(randomSplit(ids(1), [1]).map((s) => s.length)).toEqual([1]);
  });

  it('the same seed gives the same split; different seeds differ', () => {
    const split = (seed: number) =>
      randomSplit(ids(50), [30, 20], { generator: new Generator(seed) }).map((s) => s.indices);
    expect(split(1)).toEqual(split(1));
    expect(split(1)).not.toEqual(split(2));
    manualSeed(4);
    const a = randomSplit(ids(50), [30, 20]).map((s) => s.indices);
    manualSeed(4);
    expect(randomSplit(ids(50), [30, 20]).map((s) => s.indices)).toEqual(a);
  });

  it('refuses lengths that neither sum to the length nor are fractions summing to 1', () => {
    expect(() => randomSplit(ids(10), [6, 3])).toThrow(
      "randomSplit: lengths [6, 3] must be whole sizes summing to the dataset's length 10, or fractions summing to 1 (they sum to 9)",
    );
    expect(() => randomSplit(ids(10), [0.5, 0.4])).toThrow(ValueError);
    expect(() => randomSplit(ids(10), [5.5, 4.5])).toThrow(ValueError);
    expect(() => randomSplit(ids(10), [])).toThrow(/lengths must be a non-empty array/);
    expect(() => randomSplit(ids(10), [-1, 11])).toThrow(/lengths must be a non-empty array/);
    expect(() => randomSplit(ids(10), [0.5, 0.5], { seed: 1 } as never)).toThrow(
      /unknown option "seed"; expected one of generator/,
    );
    expect(() => randomSplit({} as never, [1])).toThrow(/randomSplit: expected a dataset/);
  });
});
