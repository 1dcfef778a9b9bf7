import { DTypeError } from './errors.js';

/**
 * The element types a tensor can hold.
 *
 * `float32` is the default, as in PyTorch. `int32` holds indices (PyTorch uses int64; JavaScript
 * has no fast 64-bit integer array) and `bool` holds comparison results and masks.
 *
 * @example
 * ```ts
 * const t = tensor([1, 2], { dtype: 'float64' });
 * t.dtype; // 'float64'
 * ```
 */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

/** The floating-point dtypes: the only ones that can require gradients. */
export type FloatDType = 'float32' | 'float64';

/** The typed array that stores each dtype. */
export interface DTypeArrays {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  bool: Uint8Array;
}

/** Any storage array a tensor can have. */
export type TypedArray = DTypeArrays[DType];

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/**
 * Allocates zeroed storage for `size` elements of `dtype`.
 *
 * @example
 * ```ts
 * allocate('float64', 3); // Float64Array [0, 0, 0]
 * ```
 */
export function allocate<D extends DType>(dtype: D, size: number): DTypeArrays[D];
export function allocate(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'bool':
      return new Uint8Array(size);
  }
}

/**
 * Whether `dtype` is a floating-point type.
 *
 * @example
 * ```ts
 * isFloating('float64'); // true
 * isFloating('int32'); // false
 * ```
 */
export function isFloating(dtype: DType): dtype is FloatDType {
  return dtype === 'float32' || dtype === 'float64';
}

/**
 * PyTorch's type promotion for two tensor operands: bool < int32 < float32 < float64.
 * Mixing float32 and float64 gives float64.
 *
 * @example
 * ```ts
 * promoteTypes('float32', 'float64'); // 'float64'
 * promoteTypes('bool', 'int32'); // 'int32'
 * ```
 */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/** The floating dtype an op that only makes sense on reals (exp, div, mean…) computes in. */
export function floatingResult(dtype: DType): FloatDType {
  return isFloating(dtype) ? dtype : 'float32';
}

/** The dtype whose storage class `array` is. */
export function dtypeOfArray(array: TypedArray): DType {
  if (array instanceof Float32Array) return 'float32';
  if (array instanceof Float64Array) return 'float64';
  if (array instanceof Int32Array) return 'int32';
  return 'bool';
}

const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

/** Throws a {@link DTypeError} unless `value` names a dtype. */
export function checkDType(op: string, value: unknown): DType {
  if (typeof value === 'string' && (DTYPES as readonly string[]).includes(value)) {
    return value as DType;
  }
  throw new DTypeError(
    `${op}: unknown dtype ${JSON.stringify(value)}; expected one of ${DTYPES.join(', ')}`,
  );
}
