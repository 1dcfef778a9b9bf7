import { VizError } from '../errors.js';

/**
 * Formats a coordinate with at most `digits` decimals and no trailing zeros. Throws instead of
 * ever writing `NaN` or `Infinity` into an SVG: a non-finite coordinate is a bug upstream.
 */
export function num(value: number, digits = 2): string {
  if (!Number.isFinite(value)) {
    throw new VizError('svg', `cannot write the non-finite number ${String(value)} into an SVG`);
  }
  const fixed = value.toFixed(digits);
  const trimmed = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}

/**
 * Formats a data value for a label with `sig` significant digits, numpy-style for the special
 * values (`nan`, `inf`, `-inf`) so the SVG never contains the string `NaN`.
 */
export function sig(value: number, sigDigits = 4): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e-4 && abs < 1e6) {
    const s = value.toPrecision(sigDigits);
    const out = s.includes('e') ? String(Number(s)) : s.includes('.') ? s.replace(/\.?0+$/, '') : s;
    return out === '-0' ? '0' : out;
  }
  const [mant = '0', exp = '0'] = value.toExponential(sigDigits - 1).split('e');
  const m = mant.includes('.') ? mant.replace(/\.?0+$/, '') : mant;
  return `${m}e${exp.replace('+', '')}`;
}
