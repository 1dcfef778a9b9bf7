import { type Tensor, tensor, ValueError } from '@descent/core';
import { describe } from '../check.js';
import { checkDataset, checkIndex, type Dataset, hasGetBatch } from './dataset.js';

/**
 * The items of a dataset at chosen indices, in that order: PyTorch's `Subset`, as returned by
 * {@link randomSplit}. When the dataset fetches whole batches (a {@link TensorDataset}) so does
 * the subset, mapping the batch's indices through its own.
 *
 * @example
 * ```ts
 * const data = new TensorDataset(arange(10));
 * const evens = new Subset(data, [0, 2, 4, 6, 8]);
 * evens.length; // 5
 * evens.getItem(1)[0].item(); // 2
 * ```
 */
export class Subset<T, B = unknown> implements Dataset<T> {
  /** The indices into `dataset`, in order. */
  readonly indices: readonly number[];
  /** Fetches the batch at `indices` (positions in this subset) in one call, if `dataset` can. */
  readonly getBatch?: (indices: Tensor) => B;

  constructor(
    /** The dataset the items come from. */
    readonly dataset: Dataset<T>,
    indices: readonly number[] | Tensor,
  ) {
    checkDataset('Subset', dataset);
    const list = toIndexList(indices);
    list.forEach((index, i) => {
      if (!Number.isInteger(index) || index < 0 || index >= dataset.length) {
        throw new ValueError(
          `Subset: indices[${i}] is ${describe(index)}; expected a whole number from 0 to ${dataset.length - 1}`,
        );
      }
    });
    this.indices = list;
    if (hasGetBatch<T, B>(dataset)) {
      const map = tensor(Int32Array.from(list));
      this.getBatch = (positions) => dataset.getBatch(map.indexSelect(0, positions));
    }
  }

  /** The number of indices. */
  get length(): number {
    return this.indices.length;
  }

  /**
   * Item `index` of the subset, i.e. item `indices[index]` of the dataset.
   *
   * @example
   * ```ts
   * new Subset(new TensorDataset(arange(5)), [4, 3]).getItem(0)[0].item(); // 4
   * ```
   */
  getItem(index: number): T {
    const i = checkIndex('Subset.getItem', index, this.indices.length);
    return this.dataset.getItem(this.indices[i] as number);
  }
}

function toIndexList(indices: readonly number[] | Tensor): number[] {
  if (Array.isArray(indices)) return indices.slice();
  const candidate = indices as Tensor;
  if (candidate !== null && typeof candidate === 'object' && 'toArray' in candidate) {
    if (candidate.ndim !== 1) {
      throw new ValueError(`Subset: indices must be 1-D, got ${describe(candidate)}`);
    }
    return candidate.toArray() as number[];
  }
  throw new ValueError(
    `Subset: indices must be an array of whole numbers or a 1-D tensor, got ${describe(indices)}`,
  );
}
