import { record } from '../autograd/record.js';
import { backend } from '../backend/registry.js';
import { sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { emptyTensor } from './alloc.js';

/**
 * The shared primitive behind permute, transpose, expand, slice, select and narrow: a copy that
 * reads `x` at `offset + Σ index_d · strides_d`. Its gradient is {@link unstrided}, so these ops
 * need no gradient code of their own. `name` is what the graph shows.
 */
export function strided(
  x: Tensor,
  name: string,
  shape: readonly number[],
  offset: number,
  strides: readonly number[],
): Tensor {
  const b = backend();
  const out = emptyTensor(b, shape, x.dtype, sizeOf(shape));
  b.stridedCopy(x.storage.on(b), offset, strides, out.storage.handle, shape);
  return record('strided', out, [x], { offset, strides }, name);
}

/** The adjoint of {@link strided}: adds `g` into zeros of `shape` at the strided positions. */
export function unstrided(
  g: Tensor,
  shape: readonly number[],
  offset: number,
  strides: readonly number[],
): Tensor {
  const b = backend();
  const out = emptyTensor(b, shape, g.dtype, sizeOf(shape));
  b.stridedScatterAdd(g.storage.on(b), g.shape, out.storage.handle, offset, strides);
  return record('unstrided', out, [g], { offset, strides, shape });
}
