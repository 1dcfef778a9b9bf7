import type { TypedArray } from '../../dtype.js';

/** The p-norm of every element of `x`, accumulated in float64, into `out[0]`. */
export function vectorNorm(x: TypedArray, p: number, out: TypedArray): void {
  const n = x.length;
  let acc = 0;
  if (p === Number.POSITIVE_INFINITY) {
    for (let i = 0; i < n; i++) {
      const a = Math.abs(x[i] as number);
      if (a > acc || Number.isNaN(a)) acc = a;
    }
  } else if (p === 1) {
    for (let i = 0; i < n; i++) acc += Math.abs(x[i] as number);
  } else if (p === 2) {
    for (let i = 0; i < n; i++) acc += (x[i] as number) * (x[i] as number);
    acc = Math.sqrt(acc);
  } else {
    for (let i = 0; i < n; i++) acc += Math.abs(x[i] as number) ** p;
    acc = acc ** (1 / p);
  }
  out[0] = acc;
}
