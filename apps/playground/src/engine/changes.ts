/**
 * What a change of settings does to a run: rebuild the data, re-initialize the network, adjust
 * the optimizer, or only redraw.
 */
import type { DataPoint, Effect } from '../state/param.js';
import { KEYS, PARAMS, type State } from '../state/schema.js';

const STRENGTH: Readonly<Record<Effect | 'none', number>> = {
  none: 0,
  view: 1,
  training: 2,
  model: 3,
  data: 4,
};

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const p = a as DataPoint;
    const q = b as DataPoint;
    return p.x1 === q.x1 && p.x2 === q.x2 && p.label === q.label;
  }
  return a === b;
}

/**
 * The strongest effect among the settings that differ between two states.
 *
 * @example
 * ```ts
 * strongestChange(defaultState(), { ...defaultState(), learningRate: 0.1 }); // 'training'
 * ```
 */
export function strongestChange(before: State, after: State): Effect | 'none' {
  let strongest: Effect | 'none' = 'none';
  for (const key of KEYS) {
    if (sameValue(before[key], after[key])) continue;
    const effect = PARAMS[key].effect;
    if (STRENGTH[effect] > STRENGTH[strongest]) strongest = effect;
  }
  return strongest;
}

/**
 * The keys whose values differ between two states.
 *
 * @example
 * ```ts
 * changedKeys(defaultState(), { ...defaultState(), noise: 10 }); // ['noise']
 * ```
 */
export function changedKeys(before: State, after: State): (keyof State)[] {
  return KEYS.filter((key) => !sameValue(before[key], after[key]));
}
