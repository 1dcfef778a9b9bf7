import type { TypedArray } from '../../dtype.js';

/** Leaves a value as it is: float64 storage needs no rounding. */
export const keep = (v: number): number => v;

/**
 * How a value is rounded when stored into `buffer`: to float32 for float32 storage. Fused kernels
 * round their intermediates with it where the ops they replace store one, to equal them bit for
 * bit.
 */
export function rounding(buffer: TypedArray): (v: number) => number {
  return buffer instanceof Float32Array ? Math.fround : keep;
}
