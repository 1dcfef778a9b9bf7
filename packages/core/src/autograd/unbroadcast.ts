import { AutogradError } from '../errors.js';
import { castTo } from '../ops/cast.js';
import { sum } from '../ops/reduce.js';
import { reshape } from '../ops/shape.js';
import { formatShape, type Shape, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';

/**
 * Sums a gradient back to the shape of the input it belongs to: the one place broadcasting is
 * undone, so no op's gradient has to. A gradient that cannot be reduced to the input's shape is
 * a bug in a gradient formula, reported with the op's name.
 */
export function sumToShape(g: Tensor, shape: Shape, opName: string): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  const dims: number[] = [];
  let ok = lead >= 0;
  for (let d = 0; ok && d < g.ndim; d++) {
    if (d < lead) dims.push(d);
    else {
      const want = shape[d - lead] as number;
      const have = g.shape[d] as number;
      if (want === 1 && have !== 1) dims.push(d);
      else if (want !== have) ok = false;
    }
  }
  if (!ok) {
    throw new AutogradError(
      `backward of '${opName}': gradient of shape ${formatShape(g.shape)} does not fit its input of shape ${formatShape(shape)}`,
    );
  }
  return reshape(sum(g, dims, true), shape);
}

/** Gradients take the dtype of their input (a float32 input of a float64 op gets float32). */
export function castGrad(g: Tensor, input: Tensor): Tensor {
  return g.dtype === input.dtype ? g : castTo(g, input.dtype, false);
}
