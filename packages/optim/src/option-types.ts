/**
 * The type each optimizer option must have, read from its default: a number where the default is
 * a number (and for `lr`, which may have no default), a boolean where it is a boolean, an array
 * of as many numbers where it is an array (`betas`). Shared by the constructors, `addParamGroup`,
 * `loadStateDict` and the functional optimizers, so a wrong type is refused everywhere alike.
 */
import { ValueError } from '@descent/core';
import { describeValue } from './validate.js';

/** Throws unless `value` (the option `key` of `fn`) has the type of `defaultValue`; undefined passes. */
export function checkOptionType(
  fn: string,
  key: string,
  value: unknown,
  defaultValue: unknown,
): void {
  if (value === undefined) return;
  let expected: string | null = null;
  if (value === null) expected = 'a value (leave the option out to use its default)';
  else if (typeof defaultValue === 'number' || (defaultValue === undefined && key === 'lr')) {
    if (typeof value !== 'number') expected = 'a number';
  } else if (typeof defaultValue === 'boolean') {
    if (typeof value !== 'boolean') expected = 'true or false';
  } else if (Array.isArray(defaultValue)) {
    if (
      !Array.isArray(value) ||
      value.length !== defaultValue.length ||
      !value.every((v) => typeof v === 'number')
    ) {
      expected = `an array of ${defaultValue.length} numbers`;
    }
  } else if (defaultValue !== undefined && typeof value !== typeof defaultValue) {
    expected = `a ${typeof defaultValue}`;
  }
  if (expected !== null) {
    throw new ValueError(`${fn}: option ${key} must be ${expected}, got ${describeValue(value)}`);
  }
}

/** {@link checkOptionType} for every key of `options` that `defaults` has. */
export function checkOptionTypes(
  fn: string,
  options: Record<string, unknown>,
  defaults: object,
): void {
  const known = defaults as Record<string, unknown>;
  for (const key of Object.keys(known)) checkOptionType(fn, key, options[key], known[key]);
}
