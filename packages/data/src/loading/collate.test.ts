import { ShapeError, type Tensor, tensor, ValueError } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { defaultCollate } from './collate.js';

describe('defaultCollate', () => {
  it('stacks tensors along a new first dimension', () => {
    const batch = defaultCollate([tensor([1, 2]), tensor([3, 4]), tensor([5, 6])]);
    expect(batch.shape).toEqual([3, 2]);
    expect(batch.toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
  });

  it('numbers become a float32 tensor; tuples and objects are batched field by field', () => {
    const [x, y] = defaultCollate([
      [tensor([1, 2]), 0],
      [tensor([3, 4]), 1],
    ]);
    expect(x.shape).toEqual([2, 2]);
    expect([y.dtype, y.toArray()]).toEqual(['float32', [0, 1]]);
    const batch = defaultCollate([
      { image: tensor([[1]]), label: tensor(3, { dtype: 'int32' }) },
      { image: tensor([[2]]), label: tensor(4, { dtype: 'int32' }) },
    ]);
    expect(batch.image.shape).toEqual([2, 1, 1]);
    expect([batch.label.dtype, batch.label.toArray()]).toEqual(['int32', [3, 4]]);
  });

  it('refuses items that cannot be stacked, saying which item and field', () => {
    expect(() => defaultCollate([tensor([1, 2]), tensor([1, 2, 3])])).toThrow(ShapeError);
    expect(() =>
      defaultCollate([
        [tensor([1]), 1],
        [tensor([1, 2]), 2],
      ] as [Tensor, number][]),
    ).toThrow(
      'defaultCollate: item 0[0] is a tensor of shape [1] but item 1[0] is a float32 tensor of shape [2]; items must have one shape to be stacked',
    );
    expect(() => defaultCollate([[1], [1, 2]])).toThrow(
      'defaultCollate: item 0 has 1 fields but item 1 is an array of length 2',
    );
    expect(() => defaultCollate([{ a: 1 }, { b: 2 }] as { a?: number }[])).toThrow(
      'defaultCollate: item 0 has a field "a" but item 1 is an object (Object)',
    );
    expect(() => defaultCollate(['a', 'b'])).toThrow(ValueError);
    expect(() => defaultCollate(['a', 'b'])).toThrow(/cannot batch item 0, "a"; .*collateFn/);
    expect(() => defaultCollate([1, 'b'] as number[])).toThrow(
      'defaultCollate: item 0 is a number but item 1 is "b"',
    );
    expect(() => defaultCollate([])).toThrow(/expected a non-empty array of items/);
  });
});
