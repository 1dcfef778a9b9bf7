import { ShapeError, stack, Tensor, tensor, ValueError } from '@descent/core';
import { describe } from '../check.js';

/**
 * What {@link defaultCollate} makes of a list of items of type `T`: tensors are stacked into one
 * with a new first dimension, numbers become a float32 tensor, and tuples, arrays and plain
 * objects are batched field by field.
 *
 * @example
 * ```ts
 * type Batch = Collated<[Tensor, number]>; // [Tensor, Tensor]
 * ```
 */
export type Collated<T> = T extends Tensor
  ? Tensor
  : T extends number
    ? Tensor
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Collated<T[K]> }
      : T extends object
        ? { -readonly [K in keyof T]: Collated<T[K]> }
        : never;

/**
 * Batches a list of items as PyTorch's `default_collate` does: tensors of one shape are stacked
 * (a new first dimension), numbers become a 1-D float32 tensor (convert class labels with
 * `.to('int32')`, or keep them in int32 tensors), and tuples, arrays and plain objects are
 * batched field by field. Anything else needs your own `collateFn`.
 *
 * @example
 * ```ts
 * const [x, y] = defaultCollate([
 *   [tensor([1, 2]), 0],
 *   [tensor([3, 4]), 1],
 * ]);
 * x.shape; // [2, 2]
 * y.toArray(); // [0, 1]
 * ```
 */
export function defaultCollate<T>(items: readonly T[]): Collated<T> {
  if (!Array.isArray(items) || items.length === 0) {
    throw new ValueError(
      `defaultCollate: expected a non-empty array of items, got ${describe(items)}`,
    );
  }
  return collate(items, '') as Collated<T>;
}

/** Batches `items`; `field` is where they sit inside each item (`''`, `'[1]'`, `'.x'`). */
function collate(items: readonly unknown[], field: string): unknown {
  const first = items[0];
  if (first instanceof Tensor) {
    items.forEach((item, i) => {
      if (!(item instanceof Tensor) || item.shape.join() !== first.shape.join()) {
        throw new ShapeError(
          `defaultCollate: item 0${field} is a tensor of shape [${first.shape.join(', ')}] but item ${i}${field} is ${describe(item)}; items must have one shape to be stacked`,
        );
      }
    });
    return stack(items as Tensor[]);
  }
  if (typeof first === 'number') {
    items.forEach((item, i) => {
      if (typeof item !== 'number') {
        throw new ValueError(
          `defaultCollate: item 0${field} is a number but item ${i}${field} is ${describe(item)}`,
        );
      }
    });
    return tensor(items as number[]);
  }
  if (Array.isArray(first)) {
    items.forEach((item, i) => {
      if (!Array.isArray(item) || item.length !== first.length) {
        throw new ValueError(
          `defaultCollate: item 0${field} has ${first.length} fields but item ${i}${field} is ${describe(item)}`,
        );
      }
    });
    return first.map((_, k) =>
      collate(
        items.map((item) => (item as unknown[])[k]),
        `${field}[${k}]`,
      ),
    );
  }
  if (
    first !== null &&
    typeof first === 'object' &&
    Object.getPrototypeOf(first) === Object.prototype
  ) {
    const keys = Object.keys(first);
    return Object.fromEntries(
      keys.map((key) => [
        key,
        collate(
          items.map((item, i) => {
            if (item === null || typeof item !== 'object' || !(key in item)) {
              throw new ValueError(
                `defaultCollate: item 0${field} has a field ${JSON.stringify(key)} but item ${i}${field} is ${describe(item)}`,
              );
            }
            return (item as Record<string, unknown>)[key];
          }),
          `${field}.${key}`,
        ),
      ]),
    );
  }
  throw new ValueError(
    `defaultCollate: cannot batch item 0${field}, ${describe(first)}; expected tensors, numbers, or arrays or objects of them (pass a collateFn to the DataLoader for anything else)`,
  );
}
