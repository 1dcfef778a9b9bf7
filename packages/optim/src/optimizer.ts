import { enableGrad, Tensor, ValueError } from '@descent/core';
import { copyState, copyValue } from './internal.js';

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
export type ParamGroup<O extends OptimizerOptions> = O & {
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
export type ParamGroupInput<O extends OptimizerOptions> = Partial<O> & {
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
export type Params<O extends OptimizerOptions> = Iterable<Tensor> | Iterable<ParamGroupInput<O>>;

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
export type SavedParamGroup<O extends OptimizerOptions> = O & {
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
export interface OptimizerStateDict<O extends OptimizerOptions, S extends object> {
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
export type OptimizerDefaults<O extends OptimizerOptions> = {
  readonly [K in keyof O]: O[K] | undefined;
};

type Values = Record<string, unknown>;

/**
 * The base class of every optimizer, with PyTorch's structure: parameter groups, per-parameter
 * state, `step`, `zeroGrad` and a state dict that stores parameters as indices.
 *
 * To write an optimizer, extend it and implement {@link Optimizer.updateGroup}, which updates the
 * parameters of one group in place, outside the autograd graph: with in-place ops under `noGrad`,
 * or with one of core's fused update kernels (`fusedSgd_`, `fusedAdam_`, …).
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
 *     noGrad(() => {
 *       for (const p of group.params) if (p.grad) p.sub_(p.grad.sign(), group.lr);
 *     });
 *   }
 * }
 * ```
 */
export abstract class Optimizer<O extends OptimizerOptions, S extends object> {
  /** The options a group gets when it does not set them. */
  readonly defaults: OptimizerDefaults<O>;
  /** The parameter groups, in order. Edit a group's options in place to change them. */
  readonly paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state (momentum buffers, running averages, step counts), created lazily. */
  readonly state: Map<Tensor, S> = new Map();
  private readonly check: (options: Partial<O>) => void;

  /**
   * @param params - tensors (one group) or parameter groups.
   * @param defaults - the options of groups that do not set them.
   * @param check - validates options (throws a `ValueError`); run on the defaults and on each
   *   group.
   *
   * @example
   * ```ts
   * super(params, { lr: 0.1, momentum: 0 }, (o) => {
   *   if (o.lr !== undefined && o.lr < 0) throw new ValueError(`Invalid learning rate: ${o.lr}`);
   * });
   * ```
   */
  protected constructor(
    params: Params<O>,
    defaults: OptimizerDefaults<O>,
    check: (options: Partial<O>) => void = () => {},
  ) {
    this.check = check;
    check(defaults as Partial<O>);
    this.defaults = Object.freeze({ ...defaults });
    if (params instanceof Tensor) {
      throw new ValueError(
        'params argument given to the optimizer should be an iterable of Tensors or dicts, but got Tensor',
      );
    }
    const list: unknown[] = [...(params as Iterable<unknown>)];
    if (list.length === 0) throw new ValueError('optimizer got an empty parameter list');
    const first = list[0];
    const isGroup =
      first !== null &&
      typeof first === 'object' &&
      !(first instanceof Tensor) &&
      'params' in first;
    const groups = (isGroup ? list : [{ params: list }]) as ParamGroupInput<O>[];
    for (const group of groups) this.addParamGroup(group);
  }

  /**
   * Adds a parameter group (for instance layers unfrozen while fine-tuning). Options it does not
   * set come from {@link Optimizer.defaults}. Throws if a parameter appears twice or is already
   * in another group.
   *
   * @example
   * ```ts
   * const opt = new SGD([w], { lr: 0.1 });
   * opt.addParamGroup({ params: [b], lr: 0.01 });
   * ```
   */
  addParamGroup(group: ParamGroupInput<O>): void {
    if (group === null || typeof group !== 'object' || !('params' in group)) {
      throw new ValueError('param group must be an object with a params entry');
    }
    const params =
      group.params instanceof Tensor ? [group.params] : [...(group.params as Iterable<unknown>)];
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
    const out: Values = { ...(group as Values), params };
    for (const [name, value] of Object.entries(this.defaults)) {
      if (out[name] !== undefined) continue;
      if (value === undefined) {
        throw new ValueError(
          `parameter group didn't specify a value of required optimization parameter ${name}`,
        );
      }
      out[name] = copyValue(value);
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
   * and calls `backward()`, as in PyTorch.
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
  zeroGrad({ setToNone = true }: ZeroGradOptions = {}): void {
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
          // Zeroed by a kernel, which bumps the version as every in-place change does.
          const target = grad.requiresGrad ? grad.detach() : grad;
          if (target !== grad) p.grad = target;
          target.zero_();
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
      if (i !== undefined) state[i] = copyState(s, null);
    }
    return { state, paramGroups };
  }

  /**
   * Loads a state dict from {@link Optimizer.stateDict} (a deep copy is made). The optimizer must
   * have the same number of groups with the same number of parameters; state tensors are cast to
   * their parameter's dtype (except `step`). Group options are replaced by the saved ones.
   *
   * @example
   * ```ts
   * const resumed = new Adam(model.parameters(), { lr: 1e-3 });
   * resumed.loadStateDict(saved);
   * ```
   */
  loadStateDict(stateDict: OptimizerStateDict<O, S>): void {
    const groups = this.paramGroups;
    const saved = stateDict.paramGroups;
    if (!Array.isArray(saved) || groups.length !== saved.length) {
      throw new ValueError('loaded state dict has a different number of parameter groups');
    }
    for (let g = 0; g < groups.length; g++) {
      if (
        (groups[g] as ParamGroup<O>).params.length !==
        (saved[g] as SavedParamGroup<O>).params.length
      ) {
        throw new ValueError(
          "loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
        );
      }
    }
    const idMap = new Map<number, Tensor>();
    for (let g = 0; g < groups.length; g++) {
      const ps = (groups[g] as ParamGroup<O>).params;
      const ids = (saved[g] as SavedParamGroup<O>).params;
      for (let i = 0; i < ps.length; i++) idMap.set(ids[i] as number, ps[i] as Tensor);
    }
    const state = new Map<Tensor, S>();
    for (const [key, value] of Object.entries(stateDict.state ?? {})) {
      const param = idMap.get(Number(key));
      if (param === undefined) {
        throw new ValueError(
          `loaded state dict has state for parameter ${key}, which no group holds`,
        );
      }
      state.set(param, copyState(value as S, param, key));
    }
    this.state.clear();
    for (const [p, s] of state) this.state.set(p, s);
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g] as unknown as Values;
      const options = saved[g] as unknown as Values;
      for (const key of Object.keys(group))
        if (key !== 'params' && !(key in options)) delete group[key];
      for (const [key, value] of Object.entries(options)) {
        if (key !== 'params') group[key] = copyValue(value);
      }
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'Array';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}
