/**
 * Arithmetic on data ranges that stays finite for data spanning nearly all of the doubles
 * ([−1e308, 1e308]), where `b − a` overflows to Infinity.
 */

/** The point `k / n` of the way from `a` to `b`. */
export function lerp(a: number, b: number, k: number, n: number): number {
  const span = b - a;
  return Number.isFinite(span) ? a + (span * k) / n : a * (1 - k / n) + b * (k / n);
}

/** Where `v` lies between `a` (0) and `b` (1). */
export function fraction(v: number, a: number, b: number): number {
  const span = b - a;
  return Number.isFinite(span) ? (v - a) / span : (v / 2 - a / 2) / (b / 2 - a / 2);
}

/** `v` moved into the finite doubles (±Infinity becomes ±Number.MAX_VALUE). */
export function clampFinite(v: number): number {
  return Math.min(Number.MAX_VALUE, Math.max(-Number.MAX_VALUE, v));
}
