import { type Generator, randperm, ValueError } from '@descent/core';
import { checkGenerator, checkOptions, describe } from '../check.js';
import { checkDataset, type Dataset } from './dataset.js';
import { Subset } from './subset.js';

/**
 * Options of {@link randomSplit}.
 *
 * @example
 * ```ts
 * randomSplit(data, [0.8, 0.2], { generator: new Generator(42) });
 * ```
 */
export interface RandomSplitOptions {
  /** The generator the permutation is drawn from; default core's global one. */
  generator?: Generator;
}

/**
 * Splits a dataset into non-overlapping random subsets, PyTorch's `random_split`. `lengths` are
 * either the subsets' sizes, summing to the dataset's length, or fractions summing to 1: each
 * subset then gets ⌊N·fraction⌋ items and the remainder is dealt one at a time to the subsets in
 * order, as PyTorch does. One permutation of all items is drawn from the generator.
 *
 * @example
 * ```ts
 * const { x, y } = circle({ generator: new Generator(0) });
 * const [train, test] = randomSplit(new TensorDataset(x, y), [0.8, 0.2], {
 *   generator: new Generator(42),
 * });
 * train.length; // 400
 * test.length;  // 100
 * ```
 */
export function randomSplit<T, B = unknown>(
  dataset: Dataset<T>,
  lengths: readonly number[],
  options?: RandomSplitOptions,
): Subset<T, B>[] {
  const op = 'randomSplit';
  checkDataset(op, dataset);
  const o = checkOptions(op, options, ['generator']);
  const generator = checkGenerator(op, o.generator);
  const sizes = splitSizes(op, dataset.length, lengths);
  const order = randperm(dataset.length, { generator }).toArray() as number[];
  let offset = 0;
  return sizes.map((size) => {
    const subset = new Subset<T, B>(dataset, order.slice(offset, offset + size));
    offset += size;
    return subset;
  });
}

function splitSizes(op: string, total: number, lengths: readonly number[]): number[] {
  if (
    !Array.isArray(lengths) ||
    lengths.length === 0 ||
    !lengths.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0)
  ) {
    throw new ValueError(
      `${op}: lengths must be a non-empty array of sizes or fractions >= 0, got ${describe(lengths)}`,
    );
  }
  const sum = lengths.reduce((a, b) => a + b, 0);
  // PyTorch's test: fractions when they sum to 1 (up to rounding) and not above it.
  if (Math.abs(sum - 1) <= 1e-9 * Math.max(1, Math.abs(sum)) && sum <= 1) {
    const sizes = lengths.map((fraction) => Math.floor(total * fraction));
    const remainder = total - sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length] += 1;
    return sizes;
  }
  if (!lengths.every(Number.isInteger) || sum !== total) {
    throw new ValueError(
      `${op}: lengths [${lengths.join(', ')}] must be whole sizes summing to the dataset's length ${total}, or fractions summing to 1 (they sum to ${sum})`,
    );
  }
  return lengths.slice();
}
