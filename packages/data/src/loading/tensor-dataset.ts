import { ShapeError, Tensor, ValueError } from '@descent/core';
import { describe } from '../check.js';
import { type BatchedDataset, checkIndex } from './dataset.js';

/**
 * Tensors that share their first dimension, read together row by row: PyTorch's
 * `TensorDataset`. Item i is the tuple of row i of each tensor; a batch selects its rows from
 * each whole tensor at once (`indexSelect`), so a {@link DataLoader} over it never stacks items.
 *
 * @example
 * ```ts
 * const { x, y } = circle({ generator: new Generator(0) });
 * const data = new TensorDataset(x, y);
 * data.length; // 500
 * const [point, label] = data.getItem(0); // shapes [2] and []
 * ```
 */
export class TensorDataset<T extends Tensor[] = Tensor[]> implements BatchedDataset<T, T> {
  /** The tensors, as given. */
  readonly tensors: Readonly<T>;

  constructor(...tensors: T) {
    if (tensors.length === 0) {
      throw new ValueError('TensorDataset: expected at least one tensor, got none');
    }
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) {
        throw new ValueError(`TensorDataset: tensors[${i}] must be a Tensor, got ${describe(t)}`);
      }
      if (t.ndim === 0) {
        throw new ShapeError(
          `TensorDataset: tensors[${i}] is 0-d; every tensor needs a first dimension to index`,
        );
      }
    });
    const first = tensors[0] as Tensor;
    tensors.forEach((t, i) => {
      if (t.shape[0] !== first.shape[0]) {
        throw new ShapeError(
          `TensorDataset: every tensor needs the same first dimension, but tensors[0] has ${first.shape[0]} rows (shape [${first.shape.join(', ')}]) and tensors[${i}] has ${t.shape[0]} (shape [${t.shape.join(', ')}])`,
        );
      }
    });
    this.tensors = tensors;
  }

  /** The number of rows. */
  get length(): number {
    return (this.tensors[0] as Tensor).shape[0] as number;
  }

  /**
   * Row `index` of each tensor (negative counts from the end).
   *
   * @example
   * ```ts
   * const [x0, y0] = new TensorDataset(randn([4, 2]), arange(4)).getItem(-1); // the last row
   * ```
   */
  getItem(index: number): T {
    const i = checkIndex('TensorDataset.getItem', index, this.length);
    return this.tensors.map((t) => t.select(0, i)) as T;
  }

  /**
   * The rows at `indices` (a 1-D int32 tensor) of each tensor.
   *
   * @example
   * ```ts
   * const data = new TensorDataset(randn([10, 2]), arange(10));
   * const [x, y] = data.getBatch(tensor([9, 0], { dtype: 'int32' })); // x: [2, 2]
   * ```
   */
  getBatch(indices: Tensor): T {
    return this.tensors.map((t) => t.indexSelect(0, indices)) as T;
  }
}
