// Argument checks shared by the package: each throws a core error that names the function, what
// was given and what was expected, before anything is allocated.
import { defaultGenerator, type FloatDType, Generator, Tensor, ValueError } from '@descent/core';

/** A short, safe description of any value for an error message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Tensor)
    return `a ${value.dtype} tensor of shape [${value.shape.join(', ')}]`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case 'number':
    case 'boolean':
    case 'undefined':
    case 'bigint':
      return String(value);
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    default:
      return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  }
}

/**
 * Checks that `options` is undefined or a plain object whose keys are all in `allowed`, so a
 * misspelt option (`batch_size`, `shuffled`) is an error rather than silently ignored.
 */
export function checkOptions<T extends object>(
  op: string,
  options: T | undefined,
  allowed: readonly string[],
): Partial<T> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ValueError(`${op}: options must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new ValueError(
        `${op}: unknown option ${JSON.stringify(key)}; expected one of ${allowed.join(', ')}`,
      );
    }
  }
  return options;
}

/** A whole number in [min, max]. */
export function checkInteger(
  op: string,
  name: string,
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new ValueError(`${op}: ${name} must be a whole number ${range}, got ${describe(value)}`);
  }
  return value;
}

/** A finite number in [min, max]. */
export function checkNumber(
  op: string,
  name: string,
  value: unknown,
  min = Number.NEGATIVE_INFINITY,
  max = Number.POSITIVE_INFINITY,
): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range =
      min === Number.NEGATIVE_INFINITY && max === Number.POSITIVE_INFINITY
        ? 'a finite number'
        : `a number from ${min} to ${max}`;
    throw new ValueError(`${op}: ${name} must be ${range}, got ${describe(value)}`);
  }
  return value;
}

/** A boolean option. */
export function checkBoolean(op: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new ValueError(`${op}: ${name} must be true or false, got ${describe(value)}`);
  }
  return value;
}

/** The generator to draw from: the one given, or core's default (seeded by `manualSeed`). */
export function checkGenerator(op: string, value: unknown): Generator {
  if (value === undefined) return defaultGenerator;
  if (!(value instanceof Generator)) {
    throw new ValueError(
      `${op}: generator must be a Generator from @descent/core, got ${describe(value)}`,
    );
  }
  return value;
}

/** A floating dtype, float32 unless given. */
export function checkFloatDType(op: string, value: unknown): FloatDType {
  if (value === undefined) return 'float32';
  if (value !== 'float32' && value !== 'float64') {
    throw new ValueError(`${op}: dtype must be 'float32' or 'float64', got ${describe(value)}`);
  }
  return value;
}
