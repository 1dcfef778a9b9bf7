/**
 * The URL hash holds the whole state, so a link reproduces the view. Reading it is defensive:
 * every value goes through its setting's schema, anything refused falls back to the default with
 * a notice, and nothing from the hash is ever inserted as markup (notices are shown as text).
 */
import * as v from 'valibot';
import { lessonSettings } from '../lessons/presets.js';
import { decodeValue, encodeValue, expectedValue } from './codec.js';
import { normalize } from './normalize.js';
import type { Param } from './param.js';
import { defaultState, KEYS, type Key, PARAMS, type State } from './schema.js';

/** Longer hashes are ignored whole: no legitimate state comes near it. */
export const MAX_HASH_LENGTH = 200_000;
const SHOWN_CHARS = 40;

/** Shortens untrusted text for a notice. */
function quote(text: string): string {
  const short = text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text;
  return `“${short}”`;
}

function isKey(name: string): name is Key {
  return Object.hasOwn(PARAMS, name);
}

/**
 * Checks a candidate value against a setting's schema.
 *
 * @example
 * ```ts
 * validValue(PARAMS.noise, 15); // { ok: true, value: 15 }
 * ```
 */
export function validValue(param: Param, candidate: unknown): { ok: boolean; value: unknown } {
  const result = v.safeParse(param.schema as v.GenericSchema<unknown>, candidate);
  return result.success ? { ok: true, value: result.output } : { ok: false, value: undefined };
}

/**
 * Reads a state from a URL hash (with or without its leading `#`): defaults, then the lesson's
 * settings if it names one, then each valid value it gives. Returns what it refused as notices.
 *
 * @example
 * ```ts
 * parseHash('#learningRate=0.1&noise=999').notices;
 * // ['Noise: “999” is not a number from 0 to 50 in steps of 5; using 0.']
 * ```
 */
export function parseHash(hash: string): { state: State; notices: string[] } {
  const notices: string[] = [];
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const state: Record<string, unknown> = { ...defaultState() };
  if (text.length > MAX_HASH_LENGTH) {
    notices.push(
      `The link’s settings are ${text.length.toLocaleString('en')} characters long (at most ${MAX_HASH_LENGTH.toLocaleString('en')}), so the defaults are used.`,
    );
    return { state: state as State, notices };
  }
  const given = new Map<Key, string>();
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName);
      value = decodeURIComponent(rawValue);
    } catch {
      notices.push(`Ignored ${quote(pair)}: it is not validly encoded.`);
      continue;
    }
    if (!isKey(name)) {
      notices.push(`Ignored the unknown setting ${quote(name)}.`);
      continue;
    }
    given.set(name, value);
  }
  const read = (key: Key, raw: string): void => {
    const param = PARAMS[key] as Param;
    const checked = validValue(param, decodeValue(param, raw));
    if (checked.ok) {
      state[key] = checked.value;
    } else {
      const fallback = encodeValue(param, param.default) || '(none)';
      notices.push(
        `${param.label}: ${quote(raw)} is not ${expectedValue(param)}; using ${fallback}.`,
      );
    }
  };
  const lesson = given.get('lesson');
  if (lesson !== undefined) {
    read('lesson', lesson);
    Object.assign(state, lessonSettings(state.lesson as State['lesson']));
  }
  for (const [key, raw] of given) if (key !== 'lesson') read(key, raw);
  const normalized = normalize(state as State);
  return { state: normalized.state, notices: [...notices, ...normalized.notices] };
}

/**
 * The hash for a state (without the leading `#`). Your own points are written only when the
 * data set is your own.
 *
 * @example
 * ```ts
 * serializeHash(defaultState()).startsWith('problem=classification&dataset=circle'); // true
 * ```
 */
export function serializeHash(state: State): string {
  const usesPoints =
    (state.problem === 'classification' ? state.dataset : state.regDataset) === 'custom';
  return KEYS.filter((key) => key !== 'points' || usesPoints)
    .map((key) => `${key}=${encodeURIComponent(encodeValue(PARAMS[key] as Param, state[key]))}`)
    .join('&');
}
