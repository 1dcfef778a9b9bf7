import { enableGrad, Tensor, ValueError } from '@descent/core';
import { copyState, copyValue } from './internal.js';
import { checkSavedState } from './load-state.js';
import { checkOptionTypes } from './option-types.js';
import {
  checkBoolean,
  checkKnownKeys,
  checkOptionsObject,
  describeValue,
  isPlainObject,
} from './validate.js';

/**
 * The option every optimizer has: the learning rate. Each optimizer extends it with its own
 * (see {@link SGDOptions}, {@link AdamOptions}, …).
 *
 * @example
 * ```ts
 * const options: OptimizerOptions = { lr: 0.1 };
 * ```
 */
export interface OptimizerOptions {
  /** Learning rate. */
  lr: number;
}

/**
 * One parameter group as the optimizer keeps it: the parameters plus every option of the
 * optimizer, filled in from the defaults. Edit the options in place at run time (schedulers do):
 * the next `step()` uses them.
 *
 * @example
 * ```ts
 * const opt = new SGD([w], { lr: 0.1 });
 * const group: ParamGroup<SGDOptions> = opt.paramGroups[0];
 * group.lr = 0.01; // takes effect at the next step
 * ```
 */
export type ParamGroup<O extends OptimizerOptions = OptimizerOptions> = O & {
  /** The parameters this group updates, in a fixed order. */
  params: Tensor[];
  /** The learning rate a scheduler started from (PyTorch's `initial_lr`); set by schedulers. */
  initialLr?: number;
};

/**
 * A parameter group as given to a constructor or to {@link Optimizer.addParamGroup}: its
 * parameters plus any options that override the optimizer's defaults.
 *
 * @example
 * ```ts
 * const groups: ParamGroupInput<SGDOptions>[] = [{ params: [w] }, { params: [b], lr: 0.5 }];
 * new SGD(groups, { lr: 0.1 });
 * ```
 */
export type ParamGroupInput<O extends OptimizerOptions = OptimizerOptions> = Partial<O> & {
  /** The parameters: an iterable of tensors, or one tensor. */
  params: Iterable<Tensor> | Tensor;
  /** The learning rate a scheduler started from (PyTorch's `initial_lr`). */
  initialLr?: number;
};

/**
 * What optimizers accept as parameters: tensors (one group) or parameter groups.
 *
 * @example
 * ```ts
 * const a: Params<SGDOptions> = [w, b];
 * const c: Params<SGDOptions> = [{ params: [w] }, { params: [b], lr: 0.5 }];
 * ```
 */
export type Params<O extends OptimizerOptions = OptimizerOptions> =
  | Iterable<Tensor>
  | Iterable<ParamGroupInput<O>>;

/**
 * A parameter group in a state dict: the options, with parameters replaced by their indices
 * (counted across all groups, in order), as PyTorch stores them.
 *
 * @example
 * ```ts
 * const saved: SavedParamGroup<SGDOptions> = opt.stateDict().paramGroups[0];
 * saved.params; // [0, 1]
 * ```
 */
export type SavedParamGroup<O extends OptimizerOptions = OptimizerOptions> = O & {
  /** Indices of the group's parameters. */
  params: number[];
  /** The learning rate a scheduler started from, if a scheduler set it. */
  initialLr?: number;
};

/**
 * The serializable state of an optimizer: per-parameter state keyed by parameter index, and the
 * groups' options. {@link Optimizer.stateDict} returns a deep copy; tensors in it are new tensors.
 *
 * @example
 * ```ts
 * const saved: OptimizerStateDict<SGDOptions, SGDState> = opt.stateDict();
 * saved.state[0]?.momentumBuffer;
 * ```
 */
export interface OptimizerStateDict<
  O extends OptimizerOptions = OptimizerOptions,
  S extends object = object,
> {
  /** Per-parameter state, keyed by the parameter's index. */
  state: Record<number, S>;
  /** Each group's options and parameter indices. */
  paramGroups: SavedParamGroup<O>[];
}

/**
 * Options of {@link Optimizer.zeroGrad}.
 *
 * @example
 * ```ts
 * opt.zeroGrad({ setToNone: false });
 * ```
 */
export interface ZeroGradOptions {
  /** Set `.grad` to null (default) instead of filling it with zeros. */
  setToNone?: boolean;
}

/**
 * The defaults an optimizer was built with. A `lr` of `undefined` means every group must give
 * one (PyTorch's `required`).
 *
 * @example
 * ```ts
 * new SGD([w], { lr: 0.1 }).defaults.momentum; // 0
 * ```
 */
export type OptimizerDefaults<O extends OptimizerOptions = OptimizerOptions> = {
  readonly [K in keyof O]: O[K] | undefined;
};

/**
 * How {@link Optimizer.loadStateDict} checks one entry of a parameter's state:
 *
 * - `'step'`: a one-element tensor holding a whole number ≥ 0 (loaded as a 0-d float64 tensor);
 * - `'buffer'`: a tensor of the parameter's shape (cast to its dtype);
 * - `'optional buffer'`: a buffer, or absent (created when an option needs it);
 * - `'nullable buffer'`: a buffer, `null` or absent (SGD's momentum buffer while momentum is 0).
 *
 * @example
 * ```ts
 * const state: Record<string, StateEntryKind> = { step: 'step', expAvg: 'buffer' };
 * ```
 */
export type StateEntryKind = 'step' | 'buffer' | 'optional buffer' | 'nullable buffer';

/**
 * What an optimizer tells its base class about itself, for checks and error messages.
 *
 * @example
 * ```ts
 * const spec: OptimizerSpec = { name: 'SignSGD', state: { momentumBuffer: 'nullable buffer' } };
 * ```
 */
export interface OptimizerSpec {
  /**
   * The name errors use. Given rather than read from `constructor.name`, which a minifier
   * renames.
   */
  readonly name: string;
  /**
   * The entries of each parameter's state. When given, {@link Optimizer.loadStateDict} refuses
   * state with other keys, missing keys or values of the wrong kind; without it, state tensors
   * other than `step` must have the parameter's shape.
   */
  readonly state?: Readonly<Record<string, StateEntryKind>>;
}

type Values = Record<string, unknown>;

/** Keys a parameter group may hold besides the optimizer's options. */
const GROUP_KEYS = ['params', 'initialLr'] as const;

/** A short account of what `params` is and what to pass instead. */
function badParams(name: string, params: unknown): ValueError {
  const isModule =
    typeof params === 'object' &&
    params !== null &&
    typeof (params as { parameters?: unknown }).parameters === 'function';
  const what = isModule ? `a module (${describeValue(params)})` : describeValue(params);
  return new ValueError(
    `${name}: params must be an iterable of tensors or of parameter groups ({ params, ...options }), got ${what}; pass model.parameters()`,
  );
}

/**
 * The base class of every optimizer, with PyTorch's structure: parameter groups, per-parameter
 * state, `step`, `zeroGrad` and a state dict that stores parameters as indices.
 *
 * To write an optimizer, extend it and implement {@link Optimizer.updateGroup}, which updates the
 * parameters of one group in place (outside the autograd graph: write to `param.data`).
 *
 * @typeParam O - the optimizer's options (every group has all of them).
 * @typeParam S - the per-parameter state.
 *
 * @example
 * ```ts
 * class SignSGD extends Optimizer<OptimizerOptions, Record<string, never>> {
 *   constructor(params: Params<OptimizerOptions>, options: { lr: number }) {
 *     super(params, { lr: options.lr });
 *   }
 *   protected updateGroup(group: ParamGroup<OptimizerOptions>): void {
 *     for (const p of group.params) {
 *       const g = p.grad?.data;
 *       if (!g) continue;
 *       for (let i = 0; i < p.data.length; i++) p.data[i] -= group.lr * Math.sign(g[i]);
 *     }
 *   }
 * }
 * ```
 */
export abstract class Optimizer<
  O extends OptimizerOptions = OptimizerOptions,
  S extends object = object,
> {
  /** The options a group gets when it does not set them. */
  readonly defaults: OptimizerDefaults<O>;
  /** The parameter groups, in order. Edit a group's options in place to change them. */
  readonly paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state (momentum buffers, running averages, step counts), created lazily. */
  readonly state: Map<Tensor, S> = new Map();
  private readonly check: (options: Partial<O>) => void;
  private readonly spec: OptimizerSpec;

  /**
   * @param params - tensors (one group) or parameter groups.
   * @param defaults - the options of groups that do not set them.
   * @param check - validates options (throws a `ValueError`); run on the defaults and on each
   *   group. Value types are checked before it runs: each option must have its default's type.
   * @param spec - the optimizer's name for error messages (default: the class's name, which a
   *   minifier may have changed) and the entries of its per-parameter state.
   *
   * @example
   * ```ts
   * super(params, { lr: 0.1, momentum: 0 }, (o) => {
   *   if (o.lr !== undefined && o.lr < 0) throw new ValueError(`Invalid learning rate: ${o.lr}`);
   * }, { name: 'MySGD', state: { momentumBuffer: 'nullable buffer' } });
   * ```
   */
  protected constructor(
    params: Params<O>,
    defaults: OptimizerDefaults<O>,
    check: (options: Partial<O>) => void = () => {},
    spec: OptimizerSpec = { name: new.target.name },
  ) {
    if (typeof check !== 'function') {
      throw new ValueError(`Optimizer: check must be a function, got ${describeValue(check)}`);
    }
    if (!isPlainObject(spec) || typeof spec.name !== 'string') {
      throw new ValueError(
        `Optimizer: spec must be an object with a name, got ${describeValue(spec)}`,
      );
    }
    this.check = check;
    this.spec = spec;
    check(defaults as Partial<O>);
    this.defaults = Object.freeze({ ...defaults });
    if (params instanceof Tensor) {
      throw new ValueError(
        'params argument given to the optimizer should be an iterable of Tensors or dicts, but got Tensor',
      );
    }
    if (
      !isIterable(params) ||
      typeof (params as { parameters?: unknown }).parameters === 'function'
    ) {
      throw badParams(spec.name, params);
    }
    const list: unknown[] = [...(params as Iterable<unknown>)];
    if (list.length === 0) throw new ValueError('optimizer got an empty parameter list');
    const first = list[0];
    const isGroup = isPlainObject(first) && 'params' in first;
    const groups = (isGroup ? list : [{ params: list }]) as ParamGroupInput<O>[];
    for (const group of groups) this.addParamGroup(group);
  }

  /**
   * Adds a parameter group (for instance layers unfrozen while fine-tuning). Options it does not
   * set come from {@link Optimizer.defaults}. Throws if a parameter appears twice or is already
   * in another group, for an option the optimizer does not have, and for an option of the
   * wrong type or value.
   *
   * @example
   * ```ts
   * const opt = new SGD([w], { lr: 0.1 });
   * opt.addParamGroup({ params: [b], lr: 0.01 });
   * ```
   */
  addParamGroup(group: ParamGroupInput<O>): void {
    const name = this.spec.name;
    if (!isPlainObject(group) || !('params' in group)) {
      throw new ValueError(
        `${name}: a param group must be an object with a params entry, got ${describeValue(group)}`,
      );
    }
    const given = group.params;
    if (!(given instanceof Tensor) && !isIterable(given)) throw badParams(name, given);
    const params = given instanceof Tensor ? [given] : [...(given as Iterable<unknown>)];
    for (const p of params) {
      if (!(p instanceof Tensor)) {
        throw new ValueError(
          `optimizer can only optimize Tensors, but one of the params is ${describe(p)}`,
        );
      }
      if (!p.isLeaf && !p.retainsGrad) throw new ValueError("can't optimize a non-leaf Tensor");
      if (p.dtype !== 'float32' && p.dtype !== 'float64') {
        throw new ValueError(
          `optimizer can only optimize floating-point Tensors, but one of the params has dtype ${p.dtype}`,
        );
      }
    }
    this.#checkGroupKeys(group as Values, 'param group option');
    const out: Values = { ...(group as Values), params };
    for (const [key, value] of Object.entries(this.defaults)) {
      if (out[key] !== undefined) continue;
      if (value === undefined) {
        throw new ValueError(
          `parameter group didn't specify a value of required optimization parameter ${key}`,
        );
      }
      out[key] = copyValue(value);
    }
    if (new Set(params).size !== params.length) {
      throw new ValueError('optimizer contains a parameter group with duplicate parameters');
    }
    for (const existing of this.paramGroups) {
      for (const p of existing.params) {
        if (params.includes(p)) {
          throw new ValueError('some parameters appear in more than one parameter group');
        }
      }
    }
    this.check(out as Partial<O>);
    this.paramGroups.push(out as unknown as ParamGroup<O>);
  }

  /**
   * Performs one update of every parameter that has a gradient. If `closure` is given it is run
   * first (with gradients enabled) and its result is returned: a closure re-evaluates the loss
   * and calls `backward()`, as in PyTorch. Group options were checked when the group was added
   * or loaded; values you assign to `paramGroups` later are yours to keep valid, as in PyTorch
   * (a check per step would cost allocations the update loop is built to avoid).
   *
   * @example
   * ```ts
   * opt.zeroGrad();
   * loss().backward();
   * opt.step();
   * // or
   * const l = opt.step(() => { opt.zeroGrad(); const v = loss(); v.backward(); return v; });
   * ```
   */
  step<L = unknown>(closure?: () => L): L | undefined {
    if (closure !== undefined && typeof closure !== 'function') {
      throw new ValueError(
        `${this.spec.name}.step: closure must be a function that recomputes the loss, got ${describeValue(closure)}`,
      );
    }
    const loss = closure === undefined ? undefined : enableGrad(closure);
    const groups = this.paramGroups;
    for (let g = 0; g < groups.length; g++) this.updateGroup(groups[g] as ParamGroup<O>);
    return loss;
  }

  /**
   * Updates the parameters of one group in place: the algorithm of the optimizer. Called by
   * {@link Optimizer.step} for each group; implement it in subclasses.
   *
   * @example
   * ```ts
   * protected updateGroup(group: ParamGroup<SGDOptions>): void {
   *   for (const p of group.params) if (p.grad) sgd([p], [p.grad], [null], group);
   * }
   * ```
   */
  protected abstract updateGroup(group: ParamGroup<O>): void;

  /**
   * Clears the gradients of every parameter: sets `.grad` to null (the default, as in current
   * PyTorch), or fills it with zeros with `{ setToNone: false }`.
   *
   * @example
   * ```ts
   * opt.zeroGrad();
   * loss().backward();
   * opt.step();
   * ```
   */
  zeroGrad(options: ZeroGradOptions = {}): void {
    const where = `${this.spec.name}.zeroGrad`;
    const given = checkOptionsObject(where, options, '{ setToNone: false }');
    checkKnownKeys(where, 'option', given, ['setToNone']);
    const setToNone = checkBoolean(where, 'setToNone', given.setToNone ?? true);
    const groups = this.paramGroups;
    for (let g = 0; g < groups.length; g++) {
      const params = (groups[g] as ParamGroup<O>).params;
      for (let i = 0; i < params.length; i++) {
        const p = params[i] as Tensor;
        const grad = p.grad;
        if (grad === null) continue;
        if (setToNone) {
          p.grad = null;
        } else {
          if (grad.requiresGrad) p.grad = grad.detach();
          grad.data.fill(0);
        }
      }
    }
  }

  /**
   * The optimizer's state as a plain object: per-parameter state keyed by parameter index and the
   * groups' options with parameter indices. It is a deep copy: later steps do not change it.
   *
   * @example
   * ```ts
   * const saved = opt.stateDict();
   * const resumed = new SGD([w], { lr: 0.1, momentum: 0.9 });
   * resumed.loadStateDict(saved); // continues exactly where opt was
   * ```
   */
  stateDict(): OptimizerStateDict<O, S> {
    const index = new Map<Tensor, number>();
    const paramGroups: SavedParamGroup<O>[] = [];
    for (const group of this.paramGroups) {
      const saved: Values = {};
      for (const [key, value] of Object.entries(group)) {
        if (key !== 'params') saved[key] = copyValue(value);
      }
      saved.params = group.params.map((p) => {
        let i = index.get(p);
        if (i === undefined) {
          i = index.size;
          index.set(p, i);
        }
        return i;
      });
      paramGroups.push(saved as unknown as SavedParamGroup<O>);
    }
    const state: Record<number, S> = {};
    for (const [p, s] of this.state) {
      const i = index.get(p);
      if (i !== undefined) state[i] = copyState(s);
    }
    return { state, paramGroups };
  }

  /**
   * Loads a state dict from {@link Optimizer.stateDict} (a deep copy is made), after checking all
   * of it as the constructor checks its arguments: the same number of groups with the same
   * number of parameters, each saved group holding exactly this optimizer's options with values
   * it accepts (so a state dict of another kind of optimizer is refused), and per-parameter
   * state with this optimizer's entries, of each parameter's shape. State tensors are cast to
   * their parameter's dtype (`step` to float64). Group options are replaced by the saved ones.
   * A state dict that fails a check throws a `ValueError` and changes nothing.
   *
   * @example
   * ```ts
   * const resumed = new Adam(model.parameters(), { lr: 1e-3 });
   * resumed.loadStateDict(saved);
   * ```
   */
  loadStateDict(stateDict: OptimizerStateDict<O, S>): void {
    const name = this.spec.name;
    const where = `${name}.loadStateDict`;
    if (!isPlainObject(stateDict)) {
      throw new ValueError(
        `${where}: expected a state dict { state, paramGroups } from stateDict(), got ${describeValue(stateDict)}`,
      );
    }
    const top = stateDict as unknown as Values;
    if (!Array.isArray(top.paramGroups) || !isPlainObject(top.state)) {
      const keys = Object.keys(top);
      const hint = keys.some((k) => top[k] instanceof Tensor)
        ? ' (this looks like a model state dict: load it with model.loadStateDict)'
        : '';
      throw new ValueError(
        `${where}: expected { state: object, paramGroups: array }, got an object with keys ${keys.slice(0, 5).join(', ') || '(none)'}${hint}`,
      );
    }
    checkKnownKeys(where, 'key', top, ['state', 'paramGroups']);
    const groups = this.paramGroups;
    const saved = top.paramGroups as unknown[];
    if (groups.length !== saved.length) {
      throw new ValueError('loaded state dict has a different number of parameter groups');
    }
    const idMap = new Map<number, Tensor>();
    const options: Values[] = [];
    for (let g = 0; g < groups.length; g++) {
      const group = saved[g];
      if (!isPlainObject(group)) {
        throw new ValueError(
          `${where}: paramGroups[${g}] must be an object, got ${describeValue(group)}`,
        );
      }
      const ids = group.params;
      const ps = (groups[g] as ParamGroup<O>).params;
      if (!Array.isArray(ids)) {
        throw new ValueError(
          `${where}: paramGroups[${g}].params must be an array of parameter indices, got ${describeValue(ids)}`,
        );
      }
      if (ps.length !== ids.length) {
        throw new ValueError(
          "loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
        );
      }
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i];
        if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0 || idMap.has(id)) {
          throw new ValueError(
            `${where}: paramGroups[${g}].params[${i}] must be a parameter index (a whole number >= 0, each once), got ${describeValue(id)}`,
          );
        }
        idMap.set(id, ps[i] as Tensor);
      }
      this.#checkSavedOptions(where, g, group);
      options.push(group);
    }
    const state = new Map<Tensor, S>();
    for (const [key, value] of Object.entries(top.state as Values)) {
      const param = /^(0|[1-9]\d*)$/.test(key) ? idMap.get(Number(key)) : undefined;
      if (param === undefined) {
        throw new ValueError(
          `loaded state dict has state for parameter ${key}, which no group holds`,
        );
      }
      state.set(param, checkSavedState<S>(where, key, value, param, this.spec.state));
    }
    // Everything is checked: from here on nothing throws.
    this.state.clear();
    for (const [p, s] of state) this.state.set(p, s);
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g] as unknown as Values;
      const saved = options[g] as Values;
      for (const key of Object.keys(group))
        if (key !== 'params' && !(key in saved)) delete group[key];
      for (const [key, value] of Object.entries(saved)) {
        if (key !== 'params') group[key] = copyValue(value);
      }
    }
  }

  /** Throws unless `group` holds only this optimizer's options and group keys, of their types. */
  #checkGroupKeys(group: Values, what: string): void {
    const name = this.spec.name;
    checkKnownKeys(name, what, group, [...Object.keys(this.defaults), ...GROUP_KEYS]);
    checkOptionTypes(name, group, this.defaults);
    const initialLr = group.initialLr;
    if (initialLr !== undefined && (typeof initialLr !== 'number' || !Number.isFinite(initialLr))) {
      throw new ValueError(
        `${name}: initialLr must be a finite number, got ${describeValue(initialLr)}`,
      );
    }
  }

  /**
   * Throws unless a saved group has exactly this optimizer's options (a state dict of another
   * optimizer has other ones), each a value the constructor accepts.
   */
  #checkSavedOptions(where: string, g: number, group: Values): void {
    const optionKeys = Object.keys(this.defaults);
    const missing = optionKeys.filter((key) => group[key] === undefined);
    const extra = Object.keys(group).filter(
      (key) => !optionKeys.includes(key) && !(GROUP_KEYS as readonly string[]).includes(key),
    );
    if (missing.length > 0 || extra.length > 0) {
      const parts = [
        missing.length > 0 ? `lacks ${missing.join(', ')}` : '',
        extra.length > 0 ? `has ${extra.join(', ')}, which ${this.spec.name} does not have` : '',
      ].filter(Boolean);
      throw new ValueError(
        `${where}: paramGroups[${g}] ${parts.join(' and ')}; is it the state dict of another optimizer? ${this.spec.name}'s options are ${optionKeys.join(', ')}`,
      );
    }
    this.#checkGroupKeys(group, 'saved option');
    this.check(group as Partial<O>);
  }
}

/** Whether `value` can be spread (has `Symbol.iterator`) and is not a string. */
function isIterable(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'Array';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}
