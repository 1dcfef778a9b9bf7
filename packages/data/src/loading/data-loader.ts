import {
  arange,
  defaultGenerator,
  type Generator,
  randperm,
  type Tensor,
  ValueError,
} from '@descent/core';
import { checkBoolean, checkGenerator, checkInteger, checkOptions, describe } from '../check.js';
import { type Collated, defaultCollate } from './collate.js';
import { type BatchedDataset, checkDataset, type Dataset, hasGetBatch } from './dataset.js';

/**
 * Options of {@link DataLoader}: PyTorch's names and defaults, in camelCase.
 *
 * @example
 * ```ts
 * new DataLoader(data, { batchSize: 32, shuffle: true, dropLast: true, generator: new Generator(0) });
 * ```
 */
export interface DataLoaderOptions<T, B> {
  /** Items per batch; default 1. */
  batchSize?: number;
  /** Draw a fresh random order each epoch; default false (items in dataset order). */
  shuffle?: boolean;
  /**
   * Drop the last batch when it is smaller than `batchSize`; default false (keep it, even if it
   * holds a single item: in training mode BatchNorm refuses a batch of one, so set `dropLast`
   * when the dataset's length leaves a remainder of 1).
   */
  dropLast?: boolean;
  /**
   * The generator the order is drawn from when shuffling; default core's global one, read at the
   * start of each epoch (so `manualSeed` before training makes the epochs reproducible).
   */
  generator?: Generator;
  /**
   * Builds a batch from a list of items; default {@link defaultCollate}. Without it a dataset
   * that fetches whole batches ({@link TensorDataset}, or a {@link Subset} of one) is asked for
   * each batch directly.
   */
  collateFn?: (items: T[]) => B;
}

const KEYS = ['batchSize', 'shuffle', 'dropLast', 'generator', 'collateFn'];

/**
 * Mini-batches of a dataset, epoch after epoch: PyTorch's `DataLoader` (single process). Each
 * `for … of` over it is one epoch: with `shuffle` a fresh seeded permutation of the items, else
 * the items in order, cut into batches of `batchSize` (the last one smaller unless `dropLast`).
 * `length` is the number of batches per epoch.
 *
 * A batch of a {@link TensorDataset} is the tuple of its tensors' rows at the batch's indices,
 * selected from each whole tensor at once; items of any other dataset are fetched one by one and
 * batched with `collateFn` (default {@link defaultCollate}, which stacks).
 *
 * @example
 * ```ts
 * const { x, y } = moons({ samples: 1000, noise: 0.1, generator: new Generator(0) });
 * const loader = new DataLoader(new TensorDataset(x, y), {
 *   batchSize: 64,
 *   shuffle: true,
 *   generator: new Generator(1),
 * });
 * loader.length; // 16 batches: 15 of 64 and one of 40
 * for (let epoch = 0; epoch < 10; epoch++) {
 *   for (const [xb, yb] of loader) {
 *     // xb: [64, 2] float32, yb: [64] int32
 *   }
 * }
 * ```
 */
export class DataLoader<T, B = Collated<T>> implements Iterable<B> {
  /** The dataset the batches come from. */
  readonly dataset: Dataset<T>;
  /** Items per batch. */
  readonly batchSize: number;
  /** Whether each epoch draws a fresh random order. */
  readonly shuffle: boolean;
  /** Whether a last, smaller batch is dropped. */
  readonly dropLast: boolean;
  /** The generator given, if any (otherwise core's global one is used each epoch). */
  readonly generator: Generator | undefined;
  private readonly collateFn: ((items: T[]) => B) | undefined;

  constructor(dataset: Dataset<T>, options?: DataLoaderOptions<T, B>) {
    const op = 'DataLoader';
    this.dataset = checkDataset(op, dataset);
    const o = checkOptions(op, options, KEYS);
    this.batchSize = o.batchSize === undefined ? 1 : checkInteger(op, 'batchSize', o.batchSize, 1);
    this.shuffle = o.shuffle === undefined ? false : checkBoolean(op, 'shuffle', o.shuffle);
    this.dropLast = o.dropLast === undefined ? false : checkBoolean(op, 'dropLast', o.dropLast);
    this.generator = o.generator === undefined ? undefined : checkGenerator(op, o.generator);
    if (o.collateFn !== undefined && typeof o.collateFn !== 'function') {
      throw new ValueError(`${op}: collateFn must be a function, got ${describe(o.collateFn)}`);
    }
    this.collateFn = o.collateFn;
  }

  /**
   * The number of batches in one epoch: ⌈N / batchSize⌉, or ⌊N / batchSize⌋ with `dropLast`.
   *
   * @example
   * ```ts
   * new DataLoader(new TensorDataset(zeros([10, 2])), { batchSize: 4 }).length; // 3
   * ```
   */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /**
   * Starts an epoch: draws the order now (a fresh permutation when shuffling) and yields its
   * batches.
   *
   * @example
   * ```ts
   * const batches = [...loader]; // one epoch
   * ```
   */
  [Symbol.iterator](): Iterator<B> {
    const n = this.dataset.length;
    const order = this.shuffle
      ? randperm(n, { generator: this.generator ?? defaultGenerator })
      : arange(n, undefined, 1, { dtype: 'int32' });
    return this.batches(order, n);
  }

  private *batches(order: Tensor, n: number): Generator_<B> {
    const count = this.length;
    const direct = this.collateFn === undefined && hasGetBatch<T, B>(this.dataset);
    // The generic path fetches item by item and needs the indices as numbers, once per epoch.
    const positions = direct ? null : (order.toArray() as number[]);
    for (let b = 0; b < count; b++) {
      const start = b * this.batchSize;
      const size = Math.min(this.batchSize, n - start);
      if (direct) {
        yield (this.dataset as BatchedDataset<T, B>).getBatch(order.narrow(0, start, size));
      } else {
        const items = (positions as number[])
          .slice(start, start + size)
          .map((i) => this.dataset.getItem(i));
        yield this.collateFn ? this.collateFn(items) : (defaultCollate(items) as B);
      }
    }
  }
}

/** The built-in generator type (core exports a class named `Generator`). */
type Generator_<B> = globalThis.Generator<B, void, undefined>;
