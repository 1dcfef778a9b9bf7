/**
 * The one place the playground reads a tensor's values in bulk, to send them to the page.
 */
import type { Tensor } from '@descent/core';

/**
 * A tensor's values, row-major, as a new Float32Array the caller owns (and may transfer).
 *
 * @example
 * ```ts
 * values(tensor([[1, 2], [3, 4]])); // Float32Array [1, 2, 3, 4]
 * ```
 */
export function values(t: Tensor): Float32Array {
  // dataSync already returns a copy the caller owns; only other dtypes need converting.
  const read = t.dataSync();
  return read instanceof Float32Array ? read : Float32Array.from(read);
}
