/**
 * The page's one copy of the state. Every change goes through `update`, which validates each
 * value with its setting's schema, applies the cross-setting rules, tells the listeners and
 * writes the URL hash.
 */
import { validValue } from './hash.js';
import { normalize } from './normalize.js';
import type { Param } from './param.js';
import { type Key, PARAMS, type State } from './schema.js';

export type Listener = (state: State, previous: State, notices: string[]) => void;

export class Store {
  private current: State;
  private readonly listeners = new Set<Listener>();

  /**
   * @example
   * ```ts
   * const store = new Store(defaultState());
   * ```
   */
  constructor(initial: State) {
    this.current = initial;
  }

  /** The current state. */
  get state(): State {
    return this.current;
  }

  /**
   * Calls `listener` after every change; returns a function that stops it.
   *
   * @example
   * ```ts
   * const stop = store.subscribe((state) => console.log(state.learningRate));
   * ```
   */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Applies a partial change. A value its schema refuses is left out with a notice, so a bad
   * value never reaches the state.
   *
   * @example
   * ```ts
   * store.update({ learningRate: 0.1 });
   * ```
   */
  update(change: Partial<State>): void {
    const notices: string[] = [];
    const next: Record<string, unknown> = { ...this.current };
    for (const [key, value] of Object.entries(change)) {
      if (!Object.hasOwn(PARAMS, key)) continue;
      const param = PARAMS[key as Key] as Param;
      const checked = validValue(param, value);
      if (checked.ok) next[key] = checked.value;
      else notices.push(`${param.label}: that value is not allowed, so it was not changed.`);
    }
    this.replace(next as State, notices);
  }

  /**
   * Replaces the whole state (a URL or a state file), with notices from reading it.
   *
   * @example
   * ```ts
   * store.replace(parseHash(location.hash).state);
   * ```
   */
  replace(state: State, notices: string[] = []): void {
    const normalized = normalize(state);
    const previous = this.current;
    this.current = normalized.state;
    const all = [...notices, ...normalized.notices];
    for (const listener of this.listeners) listener(this.current, previous, all);
  }
}
