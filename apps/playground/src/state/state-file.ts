/**
 * The whole state as a JSON file, and reading one back as defensively as a URL: every value
 * through its setting's schema, the default (with a notice) for anything refused.
 */
import { validValue } from './hash.js';
import { normalize } from './normalize.js';
import type { Param } from './param.js';
import { defaultState, KEYS, PARAMS, type State } from './schema.js';

/** Larger files are refused unread. */
export const MAX_STATE_FILE_BYTES = 2 * 1024 * 1024;
const FORMAT = 'descent-playground-state';

/**
 * The state as JSON text.
 *
 * @example
 * ```ts
 * JSON.parse(stateToJson(defaultState())).settings.learningRate; // 0.03
 * ```
 */
export function stateToJson(state: State): string {
  return `${JSON.stringify({ format: FORMAT, version: 1, settings: state }, null, 2)}\n`;
}

/**
 * Reads a state file's text: the state and what was refused.
 *
 * @example
 * ```ts
 * stateFromJson('{"format":"descent-playground-state","version":1,"settings":{"noise":10}}').state.noise; // 10
 * ```
 */
export function stateFromJson(text: string): { state: State; notices: string[] } {
  if (text.length > MAX_STATE_FILE_BYTES) {
    throw new Error(`the file is larger than ${MAX_STATE_FILE_BYTES / 1024 / 1024} MB`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`it is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const file = parsed as { format?: unknown; settings?: unknown };
  if (typeof parsed !== 'object' || parsed === null || file.format !== FORMAT) {
    throw new Error(`it is not a playground settings file (expected "format": "${FORMAT}")`);
  }
  const settings = file.settings;
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    throw new Error('its "settings" is not an object');
  }
  const notices: string[] = [];
  const state: Record<string, unknown> = { ...defaultState() };
  for (const key of Object.keys(settings)) {
    if (!KEYS.includes(key as (typeof KEYS)[number])) {
      notices.push(`Ignored the unknown setting “${key.slice(0, 40)}”.`);
    }
  }
  for (const key of KEYS) {
    if (!Object.hasOwn(settings, key)) continue;
    const param = PARAMS[key] as Param;
    const checked = validValue(param, (settings as Record<string, unknown>)[key]);
    if (checked.ok) state[key] = checked.value;
    else notices.push(`${param.label}: the file’s value is not allowed; using the default.`);
  }
  const normalized = normalize(state as State);
  return { state: normalized.state, notices: [...notices, ...normalized.notices] };
}
