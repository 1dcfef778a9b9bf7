/**
 * How one setting is written into the URL hash and read back. Reading never trusts the text: it
 * only produces a candidate value, which the setting's schema then accepts or refuses.
 */
import type { DataPoint, Param } from './param.js';

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;
const POINT_SEPARATOR = '~';
const VALUE_SEPARATOR = '_';

/** A number written as text, or NaN when the text is anything but a plain decimal number. */
function strictNumber(text: string): number {
  return NUMBER.test(text) ? Number(text) : Number.NaN;
}

function decodePoints(text: string, maxPoints: number): unknown {
  if (text === '') return [];
  // Count before splitting so an enormous hash is refused without building a huge array.
  let count = 1;
  for (let i = 0; i < text.length; i++) if (text[i] === POINT_SEPARATOR) count++;
  if (count > maxPoints) return null;
  return text.split(POINT_SEPARATOR).map((entry) => {
    const parts = entry.split(VALUE_SEPARATOR);
    if (parts.length !== 3) return null;
    const [x1, x2, label] = parts.map(strictNumber) as [number, number, number];
    return { x1, x2, label };
  });
}

/**
 * The candidate value a hash string stands for (checked afterwards by the setting's schema).
 *
 * @example
 * ```ts
 * decodeValue(PARAMS.layers, '4,2'); // [4, 2]
 * ```
 */
export function decodeValue(param: Param, text: string): unknown {
  switch (param.kind) {
    case 'choice': {
      const numeric = typeof param.default === 'number';
      return numeric ? strictNumber(text) : text;
    }
    case 'range':
    case 'number':
      return strictNumber(text);
    case 'bool':
      return text === 'true' || text === '1'
        ? true
        : text === 'false' || text === '0'
          ? false
          : text;
    case 'intList':
      return text === '' ? [] : text.split(',', 64).map(strictNumber);
    case 'boolList':
      return text === ''
        ? []
        : text.split(',', 64).map((t) => (t === '1' ? true : t === '0' ? false : t));
    case 'points':
      return decodePoints(text, param.maxPoints);
  }
}

/**
 * The hash text of a value (the inverse of {@link decodeValue}).
 *
 * @example
 * ```ts
 * encodeValue(PARAMS.batchNorm, [true, false]); // '1,0'
 * ```
 */
export function encodeValue(param: Param, value: unknown): string {
  switch (param.kind) {
    case 'intList':
      return (value as readonly number[]).join(',');
    case 'boolList':
      return (value as readonly boolean[]).map((b) => (b ? '1' : '0')).join(',');
    case 'points':
      return (value as readonly DataPoint[])
        .map((p) => [p.x1, p.x2, p.label].join(VALUE_SEPARATOR))
        .join(POINT_SEPARATOR);
    default:
      return String(value);
  }
}

/**
 * What a valid value of the setting looks like, for the notice shown when a value is refused.
 *
 * @example
 * ```ts
 * expectedValue(PARAMS.noise); // 'a number from 0 to 50 in steps of 5'
 * ```
 */
export function expectedValue(param: Param): string {
  switch (param.kind) {
    case 'choice':
      return `one of ${param.options.map((o) => (o.value === '' ? '(none)' : String(o.value))).join(', ')}`;
    case 'range':
      return `a number from ${param.min} to ${param.max} in steps of ${param.step}`;
    case 'number':
      return `${param.integer ? 'a whole number' : 'a number'} from ${param.min} to ${param.max}`;
    case 'bool':
      return 'true or false';
    case 'intList':
      return `at most ${param.maxLength} whole numbers from ${param.min} to ${param.max}, separated by commas`;
    case 'boolList':
      return '1s and 0s separated by commas';
    case 'points':
      return `at most ${param.maxPoints} points written x1_x2_label and separated by ~`;
  }
}
