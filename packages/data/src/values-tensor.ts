import { type FloatDType, maskedFill, type Tensor, tensor } from '@descent/core';

/**
 * A tensor of `values` (of any length-matching `shape`) in `dtype`, NaN kept: data read from a
 * file may hold NaN, and core's `tensor()` refuses it, so NaN goes in as 0 and is filled back.
 */
export function valuesTensor(
  values: Float32Array | Float64Array,
  shape: readonly number[],
  dtype: FloatDType,
): Tensor {
  let mask: Uint8Array | null = null;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) {
      mask ??= new Uint8Array(values.length);
      mask[i] = 1;
    }
  }
  if (mask === null) return tensor(values, { shape, dtype });
  const zeroed = values.map((v) => (Number.isNaN(v) ? 0 : v));
  return maskedFill(
    tensor(zeroed, { shape, dtype }),
    tensor(mask, { shape, dtype: 'bool' }),
    Number.NaN,
  );
}
