/**
 * Checks of what users hand to optimizers and schedulers (not part of the public API): option
 * objects, their keys and value types, and the words error messages use for a bad value.
 */
import { Tensor, ValueError } from '@descent/core';

/** Names a value for an error message: `the string "0.1"`, `null`, `an array of 2 items`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (value instanceof Tensor) return `a Tensor of shape [${value.shape.join(', ')}]`;
  if (typeof value === 'object') {
    const name = (value as object).constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'an object';
  }
  return typeof value;
}

/** Whether `value` is a plain object (not null, an array, a tensor or a class instance). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Throws unless `options` is undefined or a plain object; returns it (or `{}`). */
export function checkOptionsObject(
  fn: string,
  options: unknown,
  example: string,
): Record<string, unknown> {
  if (options === undefined) return {};
  if (!isPlainObject(options)) {
    throw new ValueError(
      `${fn}: options must be an object such as ${example}, got ${describeValue(options)}`,
    );
  }
  return options;
}

/** Common misspellings of option names: PyTorch's and other libraries' words for them. */
const SYNONYMS: Readonly<Record<string, string>> = {
  learningRate: 'lr',
  learning_rate: 'lr',
  beta1: 'betas',
  beta2: 'betas',
  beta_1: 'betas',
  beta_2: 'betas',
  epsilon: 'eps',
};

/** `weight_decay` → `weightDecay`. */
function camelCase(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Throws unless every key of `given` is in `allowed`, naming the unknown key, the allowed keys
 * and, when it can tell, the key that was meant (`learningRate` → `lr`, `weight_decay` →
 * `weightDecay`).
 */
export function checkKnownKeys(
  fn: string,
  what: string,
  given: Record<string, unknown>,
  allowed: readonly string[],
): void {
  for (const key of Object.keys(given)) {
    if (allowed.includes(key)) continue;
    const meant = [SYNONYMS[key], camelCase(key)].find(
      (k) => k !== undefined && k !== key && allowed.includes(k),
    );
    const hint = meant === undefined ? '' : ` (did you mean ${meant}?)`;
    throw new ValueError(
      `${fn}: unknown ${what} ${JSON.stringify(key)}${hint}; expected one of ${allowed.join(', ')}`,
    );
  }
}

/** Throws unless `value` is a number (NaN and ±Infinity are left to the value rules). */
export function checkNumberType(fn: string, name: string, value: unknown): number {
  if (typeof value === 'number') return value;
  throw new ValueError(`${fn}: ${name} must be a number, got ${describeValue(value)}`);
}

/** Throws unless `value` is a finite number, at least `min`. */
export function checkFinite(fn: string, name: string, value: unknown, min = -Infinity): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= min) return value;
  const bound = min === -Infinity ? '' : ` >= ${min}`;
  throw new ValueError(
    `${fn}: ${name} must be a finite number${bound}, got ${describeValue(value)}`,
  );
}

/** Throws unless `value` is a whole number, at least `min`. */
export function checkInteger(fn: string, name: string, value: unknown, min: number): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min) return value;
  throw new ValueError(
    `${fn}: ${name} must be a whole number >= ${min}, got ${describeValue(value)}`,
  );
}

/** Throws unless `value` is a boolean. */
export function checkBoolean(fn: string, name: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  throw new ValueError(`${fn}: ${name} must be true or false, got ${describeValue(value)}`);
}

/** Throws unless `value` is an array of `length` finite numbers (any length when omitted). */
export function checkFiniteList(
  fn: string,
  name: string,
  value: unknown,
  length?: number,
): number[] {
  if (
    !Array.isArray(value) ||
    (length !== undefined && value.length !== length) ||
    !value.every((v) => typeof v === 'number' && Number.isFinite(v))
  ) {
    const count = length === undefined ? '' : `${length} `;
    throw new ValueError(
      `${fn}: ${name} must be an array of ${count}finite numbers, got ${describeValue(value)}`,
    );
  }
  return value.slice();
}

/**
 * The name of a class for messages: its own static `displayName` when it declares one (descent's
 * classes do, because a minifier renames classes), else its `name`.
 */
export function displayNameOf(ctor: unknown): string {
  if (typeof ctor !== 'function') return 'object';
  if (Object.hasOwn(ctor, 'displayName')) {
    const name = (ctor as { displayName?: unknown }).displayName;
    if (typeof name === 'string') return name;
  }
  return ctor.name || 'anonymous class';
}
