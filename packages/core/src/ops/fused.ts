import { backend } from '../backend/active.js';
import { allocate } from '../dtype.js';
import { contiguousStrides, shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';

/**
 * @internal A fused activation gradient (`tanhBackward`, `sigmoidBackward`, `reluBackward`): one
 * kernel and one allocation instead of two or three ops. Not recorded, so backward uses it only
 * when it records no graph; returns null when `g` and `saved` differ in shape or dtype (the
 * caller then composes the gradient from public ops).
 */
export function activationBackward(
  op: 'tanhBackward' | 'sigmoidBackward' | 'reluBackward',
  g: Tensor,
  saved: Tensor,
): Tensor | null {
  if (g.dtype !== saved.dtype || !shapesEqual(g.shape, saved.shape)) return null;
  const out = new Tensor(allocate(g.dtype, g.size), g.shape, g.dtype);
  const strides = contiguousStrides(g.shape);
  backend().binary(op, g.data, strides, saved.data, strides, out.data, g.shape);
  return out;
}
