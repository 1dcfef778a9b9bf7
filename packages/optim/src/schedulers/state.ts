/**
 * Saving and loading schedulers' state, and the checks their options and saved fields share
 * (not part of the public API). A field is checked by the same function whether it comes from a
 * constructor's options or from a state dict, so both refuse the same values.
 */
import { ValueError } from '@descent/core';
import { copyValue } from '../internal.js';
import {
  checkFinite,
  checkFiniteList,
  checkInteger,
  checkKnownKeys,
  checkOptionsObject,
  describeValue,
  isPlainObject,
} from '../validate.js';

/**
 * A scheduler's state: its counters and hyperparameters (PyTorch saves every attribute but the
 * optimizer; functions such as LambdaLR's are not saved). A deep copy, safe to keep.
 *
 * @example
 * ```ts
 * const saved: LRSchedulerStateDict = scheduler.stateDict();
 * saved.lastEpoch; // 3
 * ```
 */
export type LRSchedulerStateDict = Record<string, unknown>;

/**
 * Checks one field (`name`) of scheduler `where` and returns the value to store; throws a
 * `ValueError` naming both when the value is not acceptable.
 */
export type FieldCheck = (where: string, name: string, value: unknown) => unknown;

/** Field checks used by several schedulers. */
export const fields = {
  finite: ((where, name, value) => checkFinite(where, name, value)) as FieldCheck,
  nonNegative: ((where, name, value) => checkFinite(where, name, value, 0)) as FieldCheck,
  positive: ((where, name, value) => {
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
    throw new ValueError(
      `${where}: ${name} must be a finite number > 0, got ${describeValue(value)}`,
    );
  }) as FieldCheck,
  count: ((where, name, value) => checkInteger(where, name, value, 0)) as FieldCheck,
  positiveCount: ((where, name, value) => checkInteger(where, name, value, 1)) as FieldCheck,
  lastEpoch: ((where, name, value) => checkInteger(where, name, value, -1)) as FieldCheck,
  /** One finite number per parameter group of the scheduler's optimizer. */
  perGroup:
    (groups: number): FieldCheck =>
    (where, name, value) =>
      checkFiniteList(where, name, value, groups),
  oneOf:
    (...allowed: string[]): FieldCheck =>
    (where, name, value) => {
      if (typeof value === 'string' && allowed.includes(value)) return value;
      throw new ValueError(
        `${where}: ${name} must be ${allowed.map((a) => `'${a}'`).join(' or ')}, got ${describeValue(value)}`,
      );
    },
};

/**
 * A scheduler's options object, checked: undefined or a plain object whose keys are `allowed`,
 * each value passing its check (undefined values are left out).
 */
export function schedulerOptions(
  where: string,
  options: unknown,
  checks: Readonly<Record<string, FieldCheck>>,
): Record<string, unknown> {
  const given = checkOptionsObject(where, options, `{ ${Object.keys(checks)[0]}: … }`);
  checkKnownKeys(where, 'option', given, Object.keys(checks));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    if (value !== undefined) out[key] = (checks[key] as FieldCheck)(where, key, value);
  }
  return out;
}

/** Whether a state entry is a function (or a list of them), which state dicts leave out. */
function isCode(value: unknown): boolean {
  return (
    typeof value === 'function' ||
    (Array.isArray(value) && value.some((v) => typeof v === 'function'))
  );
}

/** Every own property of `owner` but `optimizer` and functions, deep-copied. */
export function saveState(owner: object): LRSchedulerStateDict {
  const out: LRSchedulerStateDict = {};
  for (const [key, value] of Object.entries(owner)) {
    if (key === 'optimizer' || isCode(value)) continue;
    out[key] = copyValue(value);
  }
  return out;
}

/** The check of a field without one of its own: the type of its current value. */
function sameTypeAs(current: unknown): FieldCheck {
  return (where, name, value) => {
    if (typeof current === 'number') return checkFinite(where, name, value);
    if (Array.isArray(current)) return checkFiniteList(where, name, value);
    if (typeof value === typeof current) return copyValue(value);
    throw new ValueError(
      `${where}: ${name} must be a ${typeof current}, got ${describeValue(value)}`,
    );
  };
}

/**
 * Restores a state from {@link saveState} (PyTorch's `__dict__.update`, checked): `state` must
 * have exactly the fields `owner` saves, each passing its check in `checks` (or having the type
 * of its current value). Everything is checked before anything is set, so a state dict of
 * another scheduler, or with a bad value, throws and changes nothing.
 */
export function loadState(
  owner: object,
  where: string,
  state: unknown,
  checks: Readonly<Record<string, FieldCheck>>,
): void {
  if (!isPlainObject(state)) {
    throw new ValueError(
      `${where}: expected a state dict from stateDict(), got ${describeValue(state)}`,
    );
  }
  const expected = Object.keys(saveState(owner));
  const missing = expected.filter((key) => !Object.hasOwn(state, key));
  const extra = Object.keys(state).filter((key) => !expected.includes(key));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [
      missing.length > 0 ? `lacks ${missing.join(', ')}` : '',
      extra.length > 0 ? `has ${extra.join(', ')}, which this scheduler does not have` : '',
    ].filter(Boolean);
    throw new ValueError(
      `${where}: the state dict ${parts.join(' and ')}; is it the state dict of another scheduler? expected ${expected.join(', ')}`,
    );
  }
  const target = owner as Record<string, unknown>;
  const values = expected.map((key) => {
    const check = checks[key] ?? sameTypeAs(target[key]);
    return copyValue(check(where, key, state[key]));
  });
  expected.forEach((key, i) => {
    target[key] = values[i];
  });
}
