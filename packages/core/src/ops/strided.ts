import { record } from '../autograd/record.js';
import { backend } from '../backend/active.js';
import { allocate } from '../dtype.js';
import { Tensor } from '../tensor.js';

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
  let size = 1;
  for (const extent of shape) size *= extent;
  const out = new Tensor(allocate(x.dtype, size), shape, x.dtype);
  backend().stridedCopy(x.data, offset, strides, out.data, shape);
  return record('strided', out, [x], { offset, strides }, name);
}

/** The adjoint of {@link strided}: adds `g` into zeros of `shape` at the strided positions. */
export function unstrided(
  g: Tensor,
  shape: readonly number[],
  offset: number,
  strides: readonly number[],
): Tensor {
  let size = 1;
  for (const extent of shape) size *= extent;
  const out = new Tensor(allocate(g.dtype, size), shape, g.dtype);
  backend().stridedScatterAdd(g.data, g.shape, out.data, offset, strides);
  return record('unstrided', out, [g], { offset, strides, shape });
}
