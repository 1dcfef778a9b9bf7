import type { TypedArray } from '../../dtype.js';

/** The flat positions of the non-zero elements of `mask`, in order; `out` holds their count. */
export function nonzero(mask: TypedArray, out: TypedArray): void {
  for (let i = 0, k = 0; i < mask.length; i++) if (mask[i]) out[k++] = i;
}

/** The first flat index holding NaN or ±Infinity, or -1. */
export function findNonFinite(x: TypedArray): number {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i] as number)) return i;
  return -1;
}
