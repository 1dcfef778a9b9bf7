import { DTypeError, Generator, ShapeError, Tensor, ValueError } from '@descent/core';
import { displayNameOf } from './names.js';

/** Formats a shape the way descent's error messages print it: `[2,3]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** Names a bad argument for an error message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object (${displayNameOf(value, 'Object')})`;
  return `${typeof value} ${String(value)}`;
}

/**
 * Throws a {@link ValueError} naming `where` unless `options` (an options argument) is an object
 * whose keys are all in `keys` (when given); undefined has been replaced by the parameter's
 * default `{}` before this runs.
 */
export function checkOptions(where: string, options: unknown, keys?: readonly string[]): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValueError(`${where}: options must be an object, got ${describe(options)}`);
  }
  if (keys === undefined) return;
  for (const key of Object.keys(options)) {
    if (keys.includes(key)) continue;
    throw new ValueError(
      `${where}: unknown option ${JSON.stringify(key)}; expected one of ${keys.join(', ')}`,
    );
  }
}

/** Throws a {@link ValueError} naming `where` unless `value` is a string. */
export function checkString(where: string, name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  throw new ValueError(`${where}: ${name} must be a string, got ${describe(value)}`);
}

/** Throws a {@link ValueError} naming `where` unless `value` is a boolean. */
export function checkBoolean(where: string, name: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  throw new ValueError(`${where}: ${name} must be true or false, got ${describe(value)}`);
}

/**
 * The generator an init function draws from: a core `Generator`, or undefined (and null, as
 * PyTorch's `None`) for the global one.
 */
export function checkGenerator(where: string, value: unknown): Generator | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Generator) return value;
  throw new ValueError(`${where}: generator must be a Generator, got ${describe(value)}`);
}

/** Throws a {@link ValueError} naming `where` unless `value` is a Tensor. */
export function checkTensor(where: string, value: unknown, what = 'input'): Tensor {
  if (value instanceof Tensor) return value;
  throw new ValueError(`${where}: expected ${what} to be a Tensor, got ${describe(value)}`);
}

/** Throws a {@link DTypeError} unless `t` is float32 or float64. */
export function checkFloating(where: string, t: Tensor, what = 'input'): Tensor {
  if (t.dtype === 'float32' || t.dtype === 'float64') return t;
  throw new DTypeError(`${where}: expected ${what} to be float32 or float64, got ${t.dtype}`);
}

/** Throws unless `value` is a whole number ≥ `min`. */
export function checkInteger(where: string, name: string, value: unknown, min = 0): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min) return value;
  throw new ValueError(
    `${where}: ${name} must be a whole number >= ${min}, got ${describe(value)}`,
  );
}

/** Throws unless `value` is a finite number, optionally within [min, max]. */
export function checkNumber(
  where: string,
  name: string,
  value: unknown,
  min = -Infinity,
  max = Infinity,
): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) {
    return value;
  }
  const range = min === -Infinity && max === Infinity ? '' : ` in [${String(min)}, ${String(max)}]`;
  throw new ValueError(`${where}: ${name} must be a finite number${range}, got ${describe(value)}`);
}

/** Throws a {@link ShapeError} unless both shapes are equal. */
export function checkSameShape(
  where: string,
  a: Tensor,
  b: Tensor,
  aName: string,
  bName: string,
): void {
  if (a.shape.length === b.shape.length && a.shape.every((extent, i) => extent === b.shape[i]))
    return;
  throw new ShapeError(
    `${where}: ${bName} shape ${formatShape(b.shape)} must equal ${aName} shape ${formatShape(a.shape)}`,
  );
}

/**
 * Formats a number the way Python's `repr` does in PyTorch's module printouts: exponent notation
 * below 1e-4 (`1e-05`), plain otherwise.
 */
export function formatNumber(value: number): string {
  const magnitude = Math.abs(value);
  if (value !== 0 && (magnitude < 1e-4 || magnitude >= 1e16)) {
    return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(value);
}
