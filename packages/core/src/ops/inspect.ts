import type { ReduceOp } from '../backend/kernels.js';
import { backend } from '../backend/registry.js';
import type { Tensor } from '../tensor.js';
import { emptyTensor } from './alloc.js';

/**
 * The smallest or largest element of a non-empty tensor, as a number: a check's view of the
 * values (index bounds, negative exponents) through a reduce kernel, with no graph recorded.
 */
export function extreme(op: Extract<ReduceOp, 'min' | 'max'>, x: Tensor): number {
  const b = backend();
  const out = emptyTensor(b, [], x.dtype, 1);
  const dims = x.shape.map((_, d) => d);
  b.reduce(op, x.storage.on(b), x.shape, dims, out.storage.on(b));
  return out.item();
}

/** How many elements of a bool tensor are true. */
export function countTrue(mask: Tensor): number {
  const b = backend();
  const asInt = emptyTensor(b, mask.shape, 'int32', mask.size);
  b.cast(mask.storage.on(b), asInt.storage.handle);
  const out = emptyTensor(b, [], 'int32', 1);
  b.reduce(
    'sum',
    asInt.storage.handle,
    mask.shape,
    mask.shape.map((_, d) => d),
    out.storage.handle,
  );
  return out.item();
}
