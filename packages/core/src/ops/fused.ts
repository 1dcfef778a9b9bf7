import { backend } from '../backend/registry.js';
import { contiguousStrides, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { emptyTensor } from './alloc.js';

/**
 * @internal A fused elementwise gradient (`tanhBackward`, `sigmoidBackward`, `reluBackward`,
 * `squareBackward`): one kernel and one allocation instead of two or three ops. Not recorded,
 * so backward uses it only when it records no graph; returns null when `g` and `saved` differ in
 * shape or dtype (the caller then composes the gradient from public ops).
 */
export function activationBackward(
  op: 'tanhBackward' | 'sigmoidBackward' | 'reluBackward' | 'squareBackward',
  g: Tensor,
  saved: Tensor,
): Tensor | null {
  if (g.dtype !== saved.dtype || !shapesEqual(g.shape, saved.shape)) return null;
  const b = backend();
  const out = emptyTensor(b, g.shape, g.dtype, g.size);
  const strides = contiguousStrides(g.shape);
  b.binary(op, g.storage.on(b), strides, saved.storage.on(b), strides, out.storage.handle, g.shape);
  return out;
}
