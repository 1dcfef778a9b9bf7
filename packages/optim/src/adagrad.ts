import type { Tensor, TypedArray } from '@descent/core';
import { CHUNK, checkList, groupLists, optionTable, stateLike, stepTensor } from './internal.js';
import { Optimizer, type OptimizerOptions, type ParamGroup, type Params } from './optimizer.js';

/**
 * Options of {@link Adagrad} (PyTorch's names in camelCase, same defaults).
 *
 * @example
 * ```ts
 * const options: Partial<AdagradOptions> = { lr: 0.1, lrDecay: 0.01 };
 * ```
 */
export interface AdagradOptions extends OptimizerOptions {
  /** Learning-rate decay η: step t uses `lr / (1 + (t − 1)·η)` (default 0). */
  lrDecay: number;
  /** L2 penalty λ added to the gradient: `g ← g + λ·θ` (default 0). */
  weightDecay: number;
  /** The value every accumulated sum starts from (default 0; TensorFlow.js uses 0.1). */
  initialAccumulatorValue: number;
  /** Added to the root of the sum, outside it, for numerical stability (default 1e-10). */
  eps: number;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

/**
 * Per-parameter state of {@link Adagrad}.
 *
 * @example
 * ```ts
 * opt.state.get(w)?.sum.toArray(); // the accumulated squared gradients
 * ```
 */
export interface AdagradState {
  /** Number of steps taken, a 0-d float64 tensor. */
  step: Tensor;
  /** Sum of squared gradients (plus the initial accumulator value), the parameter's shape. */
  sum: Tensor;
}

/**
 * Options of the functional {@link adagrad}: `lr` is required, the rest default as in
 * {@link Adagrad}.
 *
 * @example
 * ```ts
 * const options: AdagradFunctionalOptions = { lr: 0.1 };
 * ```
 */
export type AdagradFunctionalOptions = OptimizerOptions &
  Partial<Omit<AdagradOptions, 'lr' | 'initialAccumulatorValue'>>;

/**
 * Adagrad, functional form: for each parameter, increments its step `t`, then
 * `g ← ±g + λθ`, `clr = lr / (1 + (t − 1)·lrDecay)`, `sum ← sum + g²`,
 * `θ ← θ − clr · g / (√sum + eps)`, in place. `stateSums[i]` and `stateSteps[i]` (0-d tensors)
 * are updated in place.
 *
 * @example
 * ```ts
 * const w = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
 * w.mul(w).sum().backward();
 * const sums = [zerosLike(w)];
 * const steps = [tensor(0, { dtype: 'float64' })];
 * adagrad([w], [w.grad!], sums, steps, { lr: 0.5 });
 * w.toArray(); // ≈ [0.5, 1.5]: every coordinate moves by lr on the first step
 * ```
 */
export function adagrad(
  params: readonly Tensor[],
  grads: readonly Tensor[],
  stateSums: readonly Tensor[],
  stateSteps: readonly Tensor[],
  options: AdagradFunctionalOptions,
): void {
  OPTIONS.checkFunctional('adagrad', options);
  checkList('adagrad', 'grads', params, grads);
  checkList('adagrad', 'stateSums', params, stateSums);
  checkList('adagrad', 'stateSteps', params, stateSteps, false);
  for (let i = 0; i < params.length; i++) {
    const p = (params[i] as Tensor).data;
    const g = (grads[i] as Tensor).data;
    const sum = (stateSums[i] as Tensor).data;
    const step = (stateSteps[i] as Tensor).data;
    step[0] = (step[0] as number) + 1;
    for (let start = 0; start < p.length; start += CHUNK) {
      adagradKernel(p, g, sum, step, options, start, Math.min(start + CHUNK, p.length));
    }
    // The parameter changed in place: backward through an older graph must refuse to use it.
    (params[i] as Tensor).bumpVersion();
  }
}

/** The update of elements `[start, end)` of one parameter (see sgdKernel in sgd.ts). */
function adagradKernel(
  p: TypedArray,
  g: TypedArray,
  sum: TypedArray,
  stepData: TypedArray,
  options: AdagradFunctionalOptions,
  start: number,
  end: number,
): void {
  const lr = options.lr;
  const lrDecay = options.lrDecay ?? 0;
  const weightDecay = options.weightDecay ?? 0;
  const eps = options.eps ?? 1e-10;
  const sign = options.maximize ? -1 : 1;
  const step = stepData[0] as number;
  const negClr = -(lr / (1 + (step - 1) * lrDecay));
  for (let j = start; j < end; j++) {
    let d = sign * (g[j] as number);
    if (weightDecay !== 0) d += weightDecay * (p[j] as number);
    sum[j] = (sum[j] as number) + d * d;
    const std = Math.sqrt(sum[j] as number) + eps;
    p[j] = (p[j] as number) + (negClr * d) / std;
  }
}

const OPTIONS = optionTable<AdagradOptions>(
  'Adagrad',
  { lr: 0.01, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false },
  ['lr', 'lrDecay', 'weightDecay', 'initialAccumulatorValue', 'eps'],
  { step: 'step', sum: 'buffer' },
);

const KEYS = ['sum', 'step'] as const;

/** A parameter's state, made by the constructor (or on the first step of a later group). */
function prepareState(
  state: AdagradState | undefined,
  p: Tensor,
  group: ParamGroup<AdagradOptions>,
): AdagradState {
  return state ?? { step: stepTensor(), sum: stateLike(p, group.initialAccumulatorValue) };
}

/**
 * Adagrad (Duchi et al., 2011), step for step as PyTorch's `torch.optim.Adagrad`: each parameter
 * gets its own learning rate, the global one divided by the root of the sum of its past squared
 * gradients, so steep directions take small steps and flat ones large steps (the lecture's
 * adaptive learning rate):
 *
 * ```text
 * g ← −g if maximize;  g ← g + λθ;  clr = lr / (1 + (t − 1)·lrDecay)
 * sum ← sum + g²;  θ ← θ − clr · g / (√sum + eps)
 * ```
 *
 * The state (`sum` filled with `initialAccumulatorValue`, `step` = 0) is created for every
 * parameter by the constructor, as in PyTorch.
 *
 * @example
 * ```ts
 * const w = tensor([1, -2], { dtype: 'float64', requiresGrad: true });
 * const opt = new Adagrad([w], { lr: 0.5 });
 * for (let t = 0; t < 100; t++) {
 *   opt.zeroGrad();
 *   w.mul(w).sum().backward();
 *   opt.step();
 * }
 * ```
 */
export class Adagrad extends Optimizer<AdagradOptions, AdagradState> {
  /**
   * @param params - parameters, or parameter groups with their own options.
   * @param options - defaults for the groups (lr 0.01, lrDecay 0, weightDecay 0,
   *   initialAccumulatorValue 0, eps 1e-10, maximize false).
   *
   * @example
   * ```ts
   * new Adagrad([w, b], { lr: 0.1, initialAccumulatorValue: 0.1 });
   * ```
   */
  constructor(params: Params<AdagradOptions>, options: Partial<AdagradOptions> = {}) {
    super(params, OPTIONS.withDefaults(options), OPTIONS.check, OPTIONS);
    for (const group of this.paramGroups) {
      for (const p of group.params) this.state.set(p, prepareState(undefined, p, group));
    }
  }

  /**
   * Applies {@link adagrad} to the parameters of `group` that have a gradient (creating the state
   * of parameters added after construction).
   *
   * @example
   * ```ts
   * opt.step(); // calls updateGroup for each group
   * ```
   */
  protected updateGroup(group: ParamGroup<AdagradOptions>): void {
    const l = groupLists(this.state, group, KEYS, prepareState);
    adagrad(l.params, l.grads, l.sum, l.step, group);
  }
}
