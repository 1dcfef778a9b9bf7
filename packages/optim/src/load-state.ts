/**
 * The check and copy of one parameter's saved state for `Optimizer.loadStateDict`: every entry
 * is checked before anything is copied, so a bad entry throws before the optimizer changes.
 */
import { Tensor, ValueError } from '@descent/core';
import { cloneTensor, copyValue } from './internal.js';
import type { StateEntryKind } from './optimizer.js';
import { checkKnownKeys, describeValue, isPlainObject } from './validate.js';

function shapeOf(t: Tensor): string {
  return `[${t.shape.join(', ')}]`;
}

/** A buffer entry: a tensor of the parameter's shape, copied in the parameter's dtype. */
function loadBuffer(where: string, what: string, value: unknown, param: Tensor): Tensor {
  if (!(value instanceof Tensor)) {
    throw new ValueError(`${where}: ${what} must be a Tensor, got ${describeValue(value)}`);
  }
  if (value.shape.join() !== param.shape.join()) {
    throw new ValueError(
      `loaded state dict: ${what} has shape ${shapeOf(value)} but the parameter has shape ${shapeOf(param)}`,
    );
  }
  return cloneTensor(value, param.dtype);
}

/** A step counter: one element, a whole number ≥ 0, loaded as a 0-d float64 tensor. */
function loadStep(where: string, what: string, value: unknown): Tensor {
  const count = value instanceof Tensor && value.size === 1 ? Number(value.data[0]) : Number.NaN;
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new ValueError(
      `${where}: ${what} must be a one-element tensor holding a whole number >= 0, got ${
        value instanceof Tensor && value.size === 1 ? count : describeValue(value)
      }`,
    );
  }
  return new Tensor(new Float64Array([count]), [], 'float64');
}

/**
 * Checks and deep-copies the saved state of parameter `index`. With `kinds` (the optimizer's
 * state entries) the keys must be those and each value of its kind; without, any keys are taken
 * and tensors other than `step` must have the parameter's shape.
 */
export function checkSavedState<S extends object>(
  where: string,
  index: string,
  value: unknown,
  param: Tensor,
  kinds: Readonly<Record<string, StateEntryKind>> | undefined,
): S {
  if (!isPlainObject(value)) {
    throw new ValueError(`loaded state dict: the state of parameter ${index} is not an object`);
  }
  const out: Record<string, unknown> = {};
  if (kinds === undefined) {
    for (const [key, entry] of Object.entries(value)) {
      const what = `${key} of parameter ${index}`;
      if (!(entry instanceof Tensor)) out[key] = copyValue(entry);
      else if (key === 'step') out[key] = cloneTensor(entry);
      else out[key] = loadBuffer(where, what, entry, param);
    }
    return out as S;
  }
  checkKnownKeys(where, `state entry of parameter ${index}:`, value, Object.keys(kinds));
  for (const [key, kind] of Object.entries(kinds)) {
    const entry = value[key];
    const what = `${key} of parameter ${index}`;
    if (entry === undefined && (kind === 'optional buffer' || kind === 'nullable buffer')) continue;
    if (entry === null && kind === 'nullable buffer') {
      out[key] = null;
      continue;
    }
    if (entry === undefined) {
      throw new ValueError(`${where}: the state of parameter ${index} lacks ${key}`);
    }
    out[key] =
      kind === 'step' ? loadStep(where, what, entry) : loadBuffer(where, what, entry, param);
  }
  return out as S;
}
