import { type AdagradStepOptions, fusedAdagrad_, noGrad, type Tensor } from '@descent/core';
import {
  checkList,
  countStep,
  groupLists,
  optionTable,
  stateLike,
  stepDefaults,
  stepTensor,
} from './internal.js';
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
 * {@link Adagrad}; `fused: false` runs the update as tensor ops instead of the fused kernel.
 *
 * @example
 * ```ts
 * const options: AdagradFunctionalOptions = { lr: 0.1 };
 * ```
 */
export type AdagradFunctionalOptions = OptimizerOptions &
  Partial<Omit<AdagradOptions, 'lr' | 'initialAccumulatorValue'>> & {
    /** Run the fused kernel (default) or the tensor ops it equals. */
    fused?: boolean;
  };

/**
 * The update of one parameter at step `step` in tensor ops, as PyTorch's
 * `_single_tensor_adagrad`: the reference core's fused kernel equals bit for bit.
 */
function adagradSingleTensor(
  param: Tensor,
  grad: Tensor,
  sum: Tensor,
  step: number,
  o: AdagradStepOptions,
): void {
  noGrad(() => adagradUpdate(param, grad, sum, step, o));
}

/** The update itself, `adagradSingleTensor` under noGrad. */
function adagradUpdate(
  param: Tensor,
  grad: Tensor,
  sum: Tensor,
  step: number,
  o: AdagradStepOptions,
): void {
  let d = o.maximize ? grad.neg() : grad;
  if (o.weightDecay !== 0) d = d.add(param.mul(o.weightDecay));
  const clr = o.lr / (1 + (step - 1) * o.lrDecay);
  sum.addcmul_(d, d, 1);
  param.addcdiv_(d, sum.sqrt().add(o.eps), -clr);
}

/** The options with their defaults (no copy for a group, which has them all). */
const complete = stepDefaults<AdagradStepOptions>({
  lrDecay: 0,
  weightDecay: 0,
  eps: 1e-10,
  maximize: false,
});

/**
 * Adagrad, functional form: for each parameter, increments its step `t`, then
 * `g ← ±g + λθ`, `clr = lr / (1 + (t − 1)·lrDecay)`, `sum ← sum + g²`,
 * `θ ← θ − clr · g / (√sum + eps)`, in place (one fused kernel per parameter, core's
 * `fusedAdagrad_`). `stateSums[i]` and `stateSteps[i]` (0-d tensors) are updated in place.
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
  const o = complete(options);
  const fused = options.fused !== false;
  for (let i = 0; i < params.length; i++) {
    const param = params[i] as Tensor;
    const grad = grads[i] as Tensor;
    const sum = stateSums[i] as Tensor;
    const step = countStep(stateSteps[i] as Tensor);
    if (fused) fusedAdagrad_(param, grad, sum, step, o);
    else adagradSingleTensor(param, grad, sum, step, o);
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
