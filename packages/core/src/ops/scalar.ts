import { type DType, isFloating } from '../dtype.js';
import { ValueError } from '../errors.js';
import { Tensor, type TensorOrScalar } from '../tensor.js';
import { uploadTensor } from './alloc.js';

/**
 * Turns a plain number into a 0-d tensor that does not change the other operand's dtype
 * (PyTorch's "weak" scalars): float tensors keep their precision, integer tensors meet a
 * fractional scalar in float32.
 */
export function asTensor(op: string, value: TensorOrScalar, like: Tensor | null): Tensor {
  if (value instanceof Tensor) return value;
  if (typeof value !== 'number') {
    throw new ValueError(`${op}: expected a tensor or a number, got ${describe(value)}`);
  }
  return scalarTensor(value, scalarDType(value, like?.dtype ?? 'float32'));
}

function scalarDType(value: number, other: DType): DType {
  if (isFloating(other)) return other;
  return Number.isInteger(value) ? 'int32' : 'float32';
}

/** A 0-d tensor holding `value`. */
export function scalarTensor(value: number, dtype: DType): Tensor {
  switch (dtype) {
    case 'float32':
      return uploadTensor(Float32Array.of(value), [], dtype);
    case 'float64':
      return uploadTensor(Float64Array.of(value), [], dtype);
    case 'int32':
      return uploadTensor(Int32Array.of(value), [], dtype);
    case 'bool':
      return uploadTensor(Uint8Array.of(value ? 1 : 0), [], dtype);
  }
}

/** Names a bad argument for an error message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array (wrap it with tensor())';
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`;
  return `${typeof value} ${String(value)}`;
}

/** Throws unless `value` is a Tensor. */
export function checkTensor(op: string, value: unknown, what = 'input'): Tensor {
  if (value instanceof Tensor) return value;
  throw new ValueError(`${op}: expected ${what} to be a Tensor, got ${describe(value)}`);
}
