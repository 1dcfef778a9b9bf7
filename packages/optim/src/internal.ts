/**
 * Helpers shared by the optimizers (not part of the public API): option defaults and checks,
 * state tensors, the lists a class hands to its functional form, deep copies for state dicts, and
 * the checks of the functional optimizers.
 */
import { type DType, Tensor, ValueError } from '@descent/core';
import type { OptimizerDefaults, OptimizerOptions, OptimizerSpec } from './optimizer.js';
import { checkOptionType, checkOptionTypes } from './option-types.js';
import { checkKnownKeys, checkOptionsObject, describeValue } from './validate.js';

/** Copies option values: arrays (betas, milestones) are copied, everything else is shared. */
export function copyValue<T>(value: T): T {
  return (Array.isArray(value) ? value.map((v) => copyValue(v)) : value) as T;
}

/** A tensor with new storage holding `t`'s values as `dtype` (no NaN check: state may hold NaN). */
export function cloneTensor(t: Tensor, dtype: DType = t.dtype): Tensor {
  const data = t.dtype === dtype ? t.data.slice() : castArray(t.data, dtype);
  return new Tensor(data, t.shape.slice(), dtype);
}

function castArray(data: ArrayLike<number>, dtype: DType) {
  switch (dtype) {
    case 'float32':
      return Float32Array.from(data);
    case 'float64':
      return Float64Array.from(data);
    case 'int32':
      return Int32Array.from(data);
    case 'bool':
      return Uint8Array.from(data, (v) => (v !== 0 ? 1 : 0));
  }
}

/** A deep copy of one parameter's state (tensors get new storage), for state dicts. */
export function copyState<S extends object>(s: S): S {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(s)) {
    out[key] = value instanceof Tensor ? cloneTensor(value) : copyValue(value);
  }
  return out as S;
}

/**
 * The number of elements a kernel call updates. The functional optimizers walk each parameter in
 * chunks of this size: a kernel called many times per step is optimized by V8 within the first
 * step as a whole function (with complete type feedback), instead of living on on-stack
 * replacement of its loop, which would leave its setup to the interpreter, and the interpreter
 * boxes every double it computes (an allocation per operation) for hundreds of steps.
 */
export const CHUNK = 1024;

/** Sets the length of a reused scratch list (no allocation once it has reached its size). */
export function setLength(list: unknown[], n: number): void {
  if (list.length !== n) list.length = n;
}

/**
 * Checks that a list given to a functional optimizer lines up with `params`: both arrays of
 * tensors (`nullable` lists may hold nulls), one entry per parameter (an `optional` list may be
 * shorter: its missing entries are null), each entry (unless null, or `sameSize` is false) with
 * as many elements as its parameter.
 */
export function checkList(
  fn: string,
  what: string,
  params: readonly Tensor[],
  list: readonly (Tensor | null | undefined)[],
  sameSize = true,
  optional = false,
  nullable = optional,
): void {
  checkTensorList(fn, 'params', params, false);
  checkTensorList(fn, what, list, nullable);
  if (!optional && list.length < params.length) {
    throw new ValueError(
      `${fn}: got ${params.length} params but ${list.length} ${what}; pass one per parameter`,
    );
  }
  if (!sameSize) return;
  const n = Math.min(params.length, list.length);
  for (let i = 0; i < n; i++) {
    const t = list[i];
    const p = params[i] as Tensor;
    if (t != null && t.size !== p.size) {
      throw new ValueError(
        `${fn}: ${what}[${i}] has ${t.size} elements but params[${i}] has ${p.size}`,
      );
    }
  }
}

/** Throws unless `list` is an array of tensors (or of tensors and nulls, when `nullable`). */
function checkTensorList(fn: string, what: string, list: unknown, nullable: boolean): void {
  if (!Array.isArray(list)) {
    throw new ValueError(`${fn}: ${what} must be an array of tensors, got ${describeValue(list)}`);
  }
  for (let i = 0; i < list.length; i++) {
    const t = list[i];
    if (t instanceof Tensor || (nullable && t == null)) continue;
    throw new ValueError(
      `${fn}: ${what}[${i}] must be a Tensor${nullable ? ' or null' : ''}, got ${describeValue(t)}`,
    );
  }
}

/** A 0-d float64 tensor holding 0: the `step` counter of Adagrad, RMSprop, Adam and AdamW. */
export function stepTensor(): Tensor {
  return new Tensor(new Float64Array(1), [], 'float64');
}

/** A new tensor of `param`'s shape and dtype filled with `value`. */
export function stateLike(param: Tensor, value = 0): Tensor {
  const data =
    param.dtype === 'float32' ? new Float32Array(param.size) : new Float64Array(param.size);
  if (value !== 0) data.fill(value);
  return new Tensor(data, param.shape.slice(), param.dtype);
}

/**
 * A row of an {@link optionTable}'s rules: an option that must be `>= 0` (which NaN fails), an
 * option with the test its value must pass, or a function that checks the options itself.
 */
export type OptionRule<O> =
  | (keyof O & string)
  | readonly [key: keyof O & string, valid: (value: number) => boolean]
  | ((options: Partial<O>) => void);

/** What the error of a failed rule calls an option (`Invalid ${what}: ${value}`). */
const WHAT: Readonly<Record<string, string>> = { lr: 'learning rate', eps: 'epsilon value' };

const nonNegative = (value: number): boolean => value >= 0;

/** The options of an optimizer class, made by {@link optionTable}. */
export interface OptionTable<O extends OptimizerOptions> extends OptimizerSpec {
  /** The defaults, in order (`undefined` for an option without one, such as SGD's `lr`). */
  readonly defaults: OptimizerDefaults<O>;
  /** The rules, in the order they are checked. */
  readonly rules: readonly OptionRule<O>[];
  /**
   * The defaults of a constructor given `options`, after checking them (an object, known keys,
   * values of the right types): for each option, the value given (unless undefined) or the
   * default; an option without a default is taken as given. Arrays are copied.
   */
  withDefaults(options: Partial<O> | undefined): OptimizerDefaults<O>;
  /**
   * The `check` given to the base class: checks the types of the options that are set, then
   * applies the rules in order, and throws a `ValueError` at the first that fails.
   */
  check(options: Partial<O>): void;
  /**
   * The check of a functional optimizer's options (`fn` is its name): an object with a numeric
   * `lr`, every other option unset or of its type, and the rules; once per options object.
   */
  checkFunctional(fn: string, options: unknown): void;
}

/** An optimizer's options: their `defaults` and the `rules` their values must pass. */
export function optionTable<O extends OptimizerOptions>(
  name: string,
  defaults: OptimizerDefaults<O>,
  rules: readonly OptionRule<O>[],
  state?: OptimizerSpec['state'],
): OptionTable<O> {
  const keys = Object.keys(defaults);
  // Options objects that passed `check` (an optimizer's groups) or `checkFunctional`. The
  // functional forms run at every step, and a check reading every option then would allocate
  // (interpreted code boxes each number it reads), so each object is checked once.
  const checked = new WeakSet<object>();
  const applyRules = (options: Partial<O>): void => {
    for (const rule of rules) {
      if (typeof rule === 'function') {
        rule(options);
        continue;
      }
      const key = typeof rule === 'string' ? rule : rule[0];
      const valid = typeof rule === 'string' ? nonNegative : rule[1];
      const value = options[key];
      if (value !== undefined && !valid(value as number)) {
        throw new ValueError(`Invalid ${WHAT[key] ?? `${key} value`}: ${value}`);
      }
    }
  };
  const checkTypes = (fn: string, options: Record<string, unknown>): void => {
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k] as string;
      checkOptionType(fn, key, options[key], defaults[key as keyof O]);
    }
  };
  const check = (options: Partial<O>): void => {
    checkTypes(name, options as Record<string, unknown>);
    applyRules(options);
    checked.add(options);
  };
  const withDefaults = (options: Partial<O> | undefined): OptimizerDefaults<O> => {
    const given = checkOptionsObject(
      name,
      options,
      `{ ${keys[0]}: ${String(defaults[keys[0] as keyof O] ?? 0.1)} }`,
    );
    checkKnownKeys(name, 'option', given, keys);
    checkOptionTypes(name, given, defaults);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(defaults)) {
      out[key] = copyValue(given[key] === undefined ? value : given[key]);
    }
    return out as OptimizerDefaults<O>;
  };
  const checkFunctional = (fn: string, options: unknown): void => {
    if (typeof options === 'object' && options !== null && checked.has(options)) return;
    if (typeof options !== 'object' || options === null) {
      throw new ValueError(
        `${fn}: options must be an object with at least lr, got ${describeValue(options)}`,
      );
    }
    const given = options as Record<string, unknown>;
    if (typeof given.lr !== 'number') {
      throw new ValueError(`${fn}: options.lr must be a number, got ${describeValue(given.lr)}`);
    }
    checkTypes(fn, given);
    applyRules(given as Partial<O>);
    checked.add(given);
  };
  return state === undefined
    ? { name, defaults, rules, withDefaults, check, checkFunctional }
    : { name, state, defaults, rules, withDefaults, check, checkFunctional };
}

type StateList<V> = (Exclude<V, undefined> | (undefined extends V ? null : never))[];

/**
 * The arguments of a functional optimizer for one group: its parameters that have a gradient,
 * their gradients, and for each state key `K` the list of that entry of their states (null where
 * a state lacks it).
 */
export type GroupLists<S, K extends keyof S> = { params: Tensor[]; grads: Tensor[] } & {
  [Key in K]-?: StateList<S[Key]>;
};

/**
 * The lists of each group, by the state keys of its optimizer: optimizers of different kinds never
 * share lists (two of one kind given the same group object would, harmlessly: lists are filled
 * right before each use).
 */
const listCache = new WeakMap<readonly string[], WeakMap<object, Record<string, unknown[]>>>();

/**
 * Fills the lists of `group` (made on its first step, then reused: no allocation after the first
 * step) with the parameters that have a gradient, their gradients and the state entries `keys`
 * (a module constant of the optimizer). `prepare` gets each such parameter's state (undefined
 * the first time; the state it returns is stored) and returns it complete, creating what the
 * group's options now need. It is a module-level function: a closure made per step would be an
 * allocation.
 */
export function groupLists<
  G extends { params: Tensor[] },
  S extends object,
  K extends keyof S & string,
>(
  states: Map<Tensor, S>,
  group: G,
  keys: readonly K[],
  prepare: (state: S | undefined, param: Tensor, group: G) => S,
): GroupLists<S, K> {
  let byGroup = listCache.get(keys);
  if (byGroup === undefined) {
    byGroup = new WeakMap();
    listCache.set(keys, byGroup);
  }
  let columns = byGroup.get(group);
  if (columns === undefined) {
    columns = { params: [], grads: [] };
    for (const key of keys) columns[key] = [];
    byGroup.set(group, columns);
  }
  const lists = columns as unknown as GroupLists<S, K>;
  const params = group.params;
  let n = 0;
  for (let k = 0; k < params.length; k++) {
    const p = params[k] as Tensor;
    const grad = p.grad;
    if (grad === null) continue;
    const old = states.get(p);
    const state = prepare(old, p, group);
    if (old === undefined) states.set(p, state);
    lists.params[n] = p;
    lists.grads[n] = grad;
    for (let c = 0; c < keys.length; c++) {
      const key = keys[c] as K;
      (columns[key] as unknown[])[n] = state[key] ?? null;
    }
    n++;
  }
  setLength(lists.params, n);
  setLength(lists.grads, n);
  for (let c = 0; c < keys.length; c++) setLength(columns[keys[c] as K] as unknown[], n);
  return lists;
}
