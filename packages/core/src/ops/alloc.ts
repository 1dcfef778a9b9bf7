import type { Backend } from '../backend/kernels.js';
import { backend } from '../backend/registry.js';
import type { DType, TypedArray } from '../dtype.js';
import type { Shape } from '../shape.js';
import { Storage } from '../storage.js';
import { Tensor } from '../tensor.js';

/** A zeroed tensor of `shape` (holding `size` elements) on backend `b`, for an op to write. */
export function emptyTensor(b: Backend, shape: Shape, dtype: DType, size: number): Tensor {
  return new Tensor(new Storage(b, b.alloc(dtype, size), dtype, size), shape);
}

/** A tensor holding `values` (an array of `dtype`'s kind, handed over) on the active backend. */
export function uploadTensor(values: TypedArray, shape: Shape, dtype: DType): Tensor {
  const b = backend();
  return new Tensor(new Storage(b, b.upload(dtype, values), dtype, values.length), shape);
}
