// How one CSV field reads as a number. Stricter than `Number()`, which takes '' as 0, hex, and
// whitespace-only fields as 0: a field is a decimal number, a spelling of a missing value, or an
// error.

/** What a field holds. */
export type Cell =
  | { kind: 'number'; value: number }
  | { kind: 'missing' }
  | { kind: 'infinite' }
  | { kind: 'text' };

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Spellings of a missing value: an empty field, NaN in any case, NA and N/A (as pandas reads them). */
const MISSING = /^(?:[+-]?nan|na|n\/a|)$/i;
const INFINITE = /^[+-]?(?:inf|infinity)$/i;

/** Reads one field (surrounding spaces and tabs ignored). */
export function readCell(field: string): Cell {
  const text = field.trim();
  if (DECIMAL.test(text)) {
    const value = Number(text);
    // Digits that overflow a double ("1e400") are infinite, not a number.
    return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'infinite' };
  }
  if (MISSING.test(text)) return { kind: 'missing' };
  if (INFINITE.test(text)) return { kind: 'infinite' };
  return { kind: 'text' };
}

/** A field for an error message: quoted, and shortened if long. */
export function showField(field: string): string {
  return JSON.stringify(field.length > 30 ? `${field.slice(0, 30)}…` : field);
}
