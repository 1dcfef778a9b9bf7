import type { TypedArray } from '../../dtype.js';
import type { UpdateOp } from '../kernels.js';

/**
 * `out ← out + α·f(a, b)` in place. `a`/`b` have out's length or one element. The arithmetic is
 * the order of the in-place ops it serves: `out + α·a`, `out + α·a·b` as `(α·a)·b`, and
 * `out + (α·a)/b`, each computed in float64 and rounded once when stored.
 */
export function update(
  op: UpdateOp,
  out: TypedArray,
  a: TypedArray | null,
  b: TypedArray | null,
  alpha: number,
): void {
  const n = out.length;
  if (op === 'addScalar' || a === null) {
    for (let i = 0; i < n; i++) out[i] = (out[i] as number) + alpha;
    return;
  }
  const as = a.length === n ? 1 : 0;
  if (op === 'add') {
    if (as === 0) {
      const step = (a[0] as number) * alpha;
      for (let i = 0; i < n; i++) out[i] = (out[i] as number) + step;
      return;
    }
    for (let i = 0; i < n; i++) out[i] = (out[i] as number) + alpha * (a[i] as number);
    return;
  }
  const other = b ?? a;
  const bs = other.length === n ? 1 : 0;
  if (op === 'addcmul') {
    for (let i = 0, j = 0, k = 0; i < n; i++, j += as, k += bs)
      out[i] = (out[i] as number) + alpha * (a[j] as number) * (other[k] as number);
    return;
  }
  for (let i = 0, j = 0, k = 0; i < n; i++, j += as, k += bs)
    out[i] = (out[i] as number) + (alpha * (a[j] as number)) / (other[k] as number);
}
