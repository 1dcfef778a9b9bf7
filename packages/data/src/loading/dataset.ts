import { IndexError, type Tensor, ValueError } from '@descent/core';
import { describe } from '../check.js';

/**
 * A map-style dataset, PyTorch's `torch.utils.data.Dataset`: a `length` and an item at each
 * index 0 … length − 1. Implement it for data a {@link TensorDataset} does not fit (files read on
 * demand, items built on the fly); a {@link DataLoader} batches its items with
 * {@link defaultCollate} or your `collateFn`.
 *
 * @example
 * ```ts
 * const squares: Dataset<[Tensor, Tensor]> = {
 *   length: 10,
 *   getItem: (i) => [tensor([i]), tensor([i * i])],
 * };
 * for (const [x, y] of new DataLoader(squares, { batchSize: 5 })) x.shape; // [5, 1]
 * ```
 */
export interface Dataset<T> {
  /** How many items there are. */
  readonly length: number;
  /** The item at `index`, 0 … length − 1. */
  getItem(index: number): T;
}

/**
 * A dataset that can also fetch a whole batch in one call, as {@link TensorDataset} does by
 * selecting rows of its tensors. {@link DataLoader} uses `getBatch` when it is there and no
 * `collateFn` is given, instead of fetching item by item and stacking. Unlike PyTorch's
 * `__getitems__`, which returns a list of items, `getBatch` returns the finished batch.
 *
 * @example
 * ```ts
 * const data = new TensorDataset(randn([100, 2]), randint(0, 2, [100]));
 * const [x, y] = data.getBatch(tensor([0, 5, 7], { dtype: 'int32' }));
 * x.shape; // [3, 2]
 * ```
 */
export interface BatchedDataset<T, B> extends Dataset<T> {
  /** The batch of the items at `indices` (a 1-D int32 tensor), in that order. */
  getBatch(indices: Tensor): B;
}

/** Whether `dataset` can fetch whole batches. */
export function hasGetBatch<T, B>(dataset: Dataset<T>): dataset is BatchedDataset<T, B> {
  return typeof (dataset as Partial<BatchedDataset<T, B>>).getBatch === 'function';
}

/** Checks that `value` looks like a {@link Dataset}: a whole `length` ≥ 0 and a `getItem`. */
export function checkDataset<T>(op: string, value: Dataset<T>): Dataset<T> {
  const candidate = value as Partial<Dataset<T>> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    typeof candidate.getItem !== 'function' ||
    typeof candidate.length !== 'number' ||
    !Number.isInteger(candidate.length) ||
    candidate.length < 0
  ) {
    throw new ValueError(
      `${op}: expected a dataset (a whole length >= 0 and a getItem(index) method), got ${describe(value)}`,
    );
  }
  return value;
}

/** `index` as a position in 0 … length − 1; negative indices count from the end, as in Python. */
export function checkIndex(op: string, index: number, length: number): number {
  if (typeof index !== 'number' || !Number.isInteger(index) || index < -length || index >= length) {
    throw new IndexError(
      `${op}: index ${describe(index)} is out of range for ${length} items (expected ${-length} to ${length - 1})`,
    );
  }
  return index < 0 ? index + length : index;
}
