import { VizError } from '../errors.js';

/**
 * Formats a coordinate with at most `digits` decimals and no trailing zeros. Throws instead of
 * ever writing `NaN` or `Infinity` into an SVG: a non-finite coordinate is a bug upstream.
 */
export function num(value: number, digits = 2): string {
  if (!Number.isFinite(value)) {
    throw new VizError('svg', `cannot write the non-finite number ${String(value)} into an SVG`);
  }
  if (Number.isSafeInteger(value)) return value === 0 ? '0' : String(value);
  const fixed = value.toFixed(digits);
  // Trailing zeros (and a bare point) go; a loop, as this runs for every coordinate.
  let end = fixed.length;
  if (fixed.includes('.')) {
    while (fixed.charCodeAt(end - 1) === 48 /* 0 */) end--;
    if (fixed.charCodeAt(end - 1) === 46 /* . */) end--;
  }
  const trimmed = end === fixed.length ? fixed : fixed.slice(0, end);
  return trimmed === '-0' ? '0' : trimmed;
}

/**
 * Formats a data value for a label with `sig` significant digits, numpy-style for the special
 * values (`nan`, `inf`, `-inf`) so the SVG never contains the string `NaN`.
 */
export function sig(value: number, sigDigits = 4, notation?: 'plain' | 'exponent'): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  if (value === 0) return '0';
  if (notation === 'plain' || (notation === undefined && isPlain(value))) {
    const s = value.toPrecision(sigDigits);
    const out = s.includes('e') ? String(Number(s)) : s.includes('.') ? s.replace(/\.?0+$/, '') : s;
    return out === '-0' ? '0' : out;
  }
  const [mant = '0', exp = '0'] = value.toExponential(sigDigits - 1).split('e');
  const m = mant.includes('.') ? mant.replace(/\.?0+$/, '') : mant;
  return `${m}e${exp.replace('+', '')}`;
}

/** Whether {@link sig} writes `value` without an exponent: 1e-4 ≤ |value| < 1e6. */
function isPlain(value: number): boolean {
  const abs = Math.abs(value);
  return abs >= 1e-4 && abs < 1e6;
}

/**
 * {@link sig} for a set of labels shown together (a colour bar): all in one notation, plain
 * while every value fits it, otherwise all with an exponent, so `710000` never stands next to
 * `1e6`.
 */
export function sigList(values: readonly number[], sigDigits = 4): string[] {
  const plain = values.every((v) => !Number.isFinite(v) || v === 0 || isPlain(v));
  return values.map((v) => sig(v, sigDigits, plain ? 'plain' : 'exponent'));
}
