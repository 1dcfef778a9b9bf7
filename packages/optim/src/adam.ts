import {
  type AdamStepOptions,
  fusedAdam_,
  maximum,
  noGrad,
  type Tensor,
  ValueError,
} from '@descent/core';
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
 * Options of {@link Adam} and {@link AdamW} (PyTorch's names in camelCase, same defaults).
 *
 * @example
 * ```ts
 * const options: Partial<AdamOptions> = { lr: 1e-3, betas: [0.9, 0.999], amsgrad: true };
 * ```
 */
export interface AdamOptions extends OptimizerOptions {
  /** Decay rates (β₁, β₂) of the running averages of the gradient and its square. */
  betas: [number, number];
  /** Added to the root of the second moment, outside it (default 1e-8). */
  eps: number;
  /**
   * Weight decay λ. Adam adds `λθ` to the gradient (an L2 penalty, default 0); AdamW shrinks the
   * parameter by `lr·λ` before the update (decoupled, default 0.01).
   */
  weightDecay: number;
  /** Use the maximum of all second moments so far (AMSGrad, default false). */
  amsgrad: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

/**
 * Per-parameter state of {@link Adam} and {@link AdamW}.
 *
 * @example
 * ```ts
 * opt.state.get(w)?.expAvg.toArray();
 * ```
 */
export interface AdamState {
  /** Number of steps taken, a 0-d float64 tensor. */
  step: Tensor;
  /** Running average of gradients (first moment). */
  expAvg: Tensor;
  /** Running average of squared gradients (second moment). */
  expAvgSq: Tensor;
  /** Maximum of the second moments so far (only with amsgrad). */
  maxExpAvgSq?: Tensor;
}

/**
 * Options of the functional {@link adam} and {@link adamw}: `lr` is required, the rest default as
 * in {@link Adam} (weightDecay 0 for both); `fused: false` runs the update as tensor ops instead
 * of the fused kernel.
 *
 * @example
 * ```ts
 * const options: AdamFunctionalOptions = { lr: 1e-3, amsgrad: true };
 * ```
 */
export type AdamFunctionalOptions = OptimizerOptions &
  Partial<Omit<AdamOptions, 'lr'>> & {
    /** Run the fused kernel (default) or the tensor ops it equals. */
    fused?: boolean;
  };

/**
 * The update of one parameter at step `step` in tensor ops, as torch 1.13's
 * `_single_tensor_adam(w)`: the reference core's fused kernel equals bit for bit.
 */
function adamSingleTensor(
  param: Tensor,
  grad: Tensor,
  expAvg: Tensor,
  expAvgSq: Tensor,
  maxExpAvgSq: Tensor | null,
  step: number,
  decoupled: boolean,
  o: AdamStepOptions,
): void {
  noGrad(() => adamUpdate(param, grad, expAvg, expAvgSq, maxExpAvgSq, step, decoupled, o));
}

/** The update itself, `adamSingleTensor` under noGrad. */
function adamUpdate(
  param: Tensor,
  grad: Tensor,
  expAvg: Tensor,
  expAvgSq: Tensor,
  maxExpAvgSq: Tensor | null,
  step: number,
  decoupled: boolean,
  o: AdamStepOptions,
): void {
  const [beta1, beta2] = o.betas;
  let d = o.maximize ? grad.neg() : grad;
  if (decoupled) param.mul_(1 - o.lr * o.weightDecay);
  else if (o.weightDecay !== 0) d = d.add(param.mul(o.weightDecay));
  expAvg.mul_(beta1).add_(d, 1 - beta1);
  expAvgSq.mul_(beta2).addcmul_(d, d, 1 - beta2);
  let second = expAvgSq;
  if (o.amsgrad && maxExpAvgSq !== null) second = maxExpAvgSq.copy_(maximum(maxExpAvgSq, expAvgSq));
  const denom = second
    .sqrt()
    .div(Math.sqrt(1 - beta2 ** step))
    .add(o.eps);
  param.addcdiv_(expAvg, denom, -o.lr / (1 - beta1 ** step));
}

/** The options with their defaults (no copy for a group, which has them all). */
const complete = stepDefaults<AdamStepOptions>({
  betas: [0.9, 0.999],
  eps: 1e-8,
  weightDecay: 0,
  amsgrad: false,
  maximize: false,
});

/**
 * The shared core of Adam and AdamW: checks the lists, counts each parameter's step and runs
 * the fused kernel (core's `fusedAdam_`) or, with `fused: false`, the tensor ops.
 */
function adamCore(
  fn: string,
  decoupled: boolean,
  params: readonly Tensor[],
  grads: readonly Tensor[],
  expAvgs: readonly Tensor[],
  expAvgSqs: readonly Tensor[],
  maxExpAvgSqs: readonly (Tensor | null)[],
  stateSteps: readonly Tensor[],
  options: AdamFunctionalOptions,
): void {
  ADAM.checkFunctional(fn, options);
  checkList(fn, 'grads', params, grads);
  checkList(fn, 'expAvgs', params, expAvgs);
  checkList(fn, 'expAvgSqs', params, expAvgSqs);
  checkList(fn, 'stateSteps', params, stateSteps, false);
  checkList(fn, 'maxExpAvgSqs', params, maxExpAvgSqs, true, true);
  const o = complete(options);
  const fused = options.fused !== false;
  for (let i = 0; i < params.length; i++) {
    const param = params[i] as Tensor;
    const grad = grads[i] as Tensor;
    const m = expAvgs[i] as Tensor;
    const v = expAvgSqs[i] as Tensor;
    const vMax = maxExpAvgSqs[i] ?? null;
    if (o.amsgrad && vMax === null) {
      throw new ValueError(`${fn}: maxExpAvgSqs[${i}] is missing (amsgrad)`);
    }
    const step = countStep(stateSteps[i] as Tensor);
    if (fused) fusedAdam_(param, grad, m, v, vMax, step, decoupled, o);
    else adamSingleTensor(param, grad, m, v, vMax, step, decoupled, o);
  }
}

/**
 * Adam, functional form (the update of {@link Adam}): in place, with weight decay added to the
 * gradient (L2). `stateSteps[i]` (0-d tensors) are incremented; `maxExpAvgSqs[i]` is needed only
 * with amsgrad (pass null otherwise).
 *
 * @example
 * ```ts
 * const w = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
 * w.mul(w).sum().backward();
 * adam([w], [w.grad!], [zerosLike(w)], [zerosLike(w)], [null], [tensor(0, { dtype: 'float64' })], {
 *   lr: 0.1,
 * });
 * w.toArray(); // ≈ [0.9, 1.9]: Adam's first step moves every coordinate by lr
 * ```
 */
export function adam(
  params: readonly Tensor[],
  grads: readonly Tensor[],
  expAvgs: readonly Tensor[],
  expAvgSqs: readonly Tensor[],
  maxExpAvgSqs: readonly (Tensor | null)[],
  stateSteps: readonly Tensor[],
  options: AdamFunctionalOptions,
): void {
  adamCore('adam', false, params, grads, expAvgs, expAvgSqs, maxExpAvgSqs, stateSteps, options);
}

/**
 * AdamW, functional form (the update of {@link AdamW}): like {@link adam}, but weight decay
 * shrinks the parameter, `θ ← θ·(1 − lr·λ)`, before the Adam step instead of entering the
 * gradient (Loshchilov & Hutter). Its `weightDecay` defaults to 0 here too; the class defaults
 * to 0.01.
 *
 * @example
 * ```ts
 * const w = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
 * w.mul(w).sum().backward();
 * adamw([w], [w.grad!], [zerosLike(w)], [zerosLike(w)], [null], [tensor(0, { dtype: 'float64' })], {
 *   lr: 0.1,
 *   weightDecay: 0.01,
 * });
 * ```
 */
export function adamw(
  params: readonly Tensor[],
  grads: readonly Tensor[],
  expAvgs: readonly Tensor[],
  expAvgSqs: readonly Tensor[],
  maxExpAvgSqs: readonly (Tensor | null)[],
  stateSteps: readonly Tensor[],
  options: AdamFunctionalOptions,
): void {
  adamCore('adamw', true, params, grads, expAvgs, expAvgSqs, maxExpAvgSqs, stateSteps, options);
}

/** The rule of `betas`: two numbers in [0, 1). */
function checkBetas(o: Partial<AdamOptions>): void {
  if (o.betas === undefined) return;
  if (!Array.isArray(o.betas) || o.betas.length !== 2) {
    throw new ValueError(`Invalid betas: expected two numbers, got ${String(o.betas)}`);
  }
  for (let k = 0; k < 2; k++) {
    const beta = o.betas[k] as number;
    if (!(beta >= 0 && beta < 1)) {
      throw new ValueError(`Invalid beta parameter at index ${k}: ${beta}`);
    }
  }
}

const ADAM_STATE = {
  step: 'step',
  expAvg: 'buffer',
  expAvgSq: 'buffer',
  maxExpAvgSq: 'optional buffer',
} as const;
const ADAM = optionTable<AdamOptions>(
  'Adam',
  { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false },
  ['lr', 'eps', checkBetas, 'weightDecay'],
  ADAM_STATE,
);
const ADAMW = optionTable<AdamOptions>(
  'AdamW',
  { ...ADAM.defaults, weightDecay: 0.01 },
  ADAM.rules,
  ADAM_STATE,
);

const KEYS = ['expAvg', 'expAvgSq', 'maxExpAvgSq', 'step'] as const;

/** A parameter's state: created on its first step, with `maxExpAvgSq` once amsgrad is on. */
function prepareState(
  state: AdamState | undefined,
  p: Tensor,
  group: ParamGroup<AdamOptions>,
): AdamState {
  const s = state ?? { step: stepTensor(), expAvg: stateLike(p), expAvgSq: stateLike(p) };
  if (group.amsgrad && s.maxExpAvgSq === undefined) s.maxExpAvgSq = stateLike(p);
  return s;
}

/**
 * Adam (Kingma & Ba, 2014), step for step as PyTorch's `torch.optim.Adam`, with AMSGrad and
 * `maximize`. Weight decay is an L2 penalty added to the gradient; for decoupled weight decay use
 * {@link AdamW}. The bias corrections make the first step move every coordinate by about `lr`.
 *
 * @example
 * ```ts
 * const w = tensor([1, -2], { dtype: 'float64', requiresGrad: true });
 * const opt = new Adam([w], { lr: 0.05 });
 * for (let t = 0; t < 100; t++) {
 *   opt.zeroGrad();
 *   w.mul(w).sum().backward();
 *   opt.step();
 * }
 * ```
 */
export class Adam extends Optimizer<AdamOptions, AdamState> {
  /** The update: {@link adamw} for AdamW (decoupled weight decay), else {@link adam}. */
  private readonly update: typeof adam;

  /**
   * @param params - parameters, or parameter groups with their own options.
   * @param options - defaults for the groups (lr 1e-3, betas [0.9, 0.999], eps 1e-8,
   *   weightDecay 0, amsgrad false, maximize false).
   *
   * @example
   * ```ts
   * new Adam([w, b], { lr: 3e-4 });
   * ```
   */
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    const decoupled = new.target === AdamW || new.target.prototype instanceof AdamW;
    const table = decoupled ? ADAMW : ADAM;
    const defaults = table.withDefaults(options);
    super(params, defaults, table.check, table);
    this.update = decoupled ? adamw : adam;
  }

  /**
   * Applies {@link adam} ({@link adamw} for AdamW) to the parameters of `group` that have a
   * gradient, creating their state on first use.
   *
   * @example
   * ```ts
   * opt.step(); // calls updateGroup for each group
   * ```
   */
  protected updateGroup(group: ParamGroup<AdamOptions>): void {
    const l = groupLists(this.state, group, KEYS, prepareState);
    this.update(l.params, l.grads, l.expAvg, l.expAvgSq, l.maxExpAvgSq, l.step, group);
  }
}

/**
 * AdamW (Loshchilov & Hutter, 2019), step for step as PyTorch's `torch.optim.AdamW`: Adam with
 * decoupled weight decay, `θ ← θ·(1 − lr·λ)` before each step (default λ = 0.01).
 *
 * @example
 * ```ts
 * const w = tensor([1, -2], { dtype: 'float64', requiresGrad: true });
 * const opt = new AdamW([w], { lr: 0.05, weightDecay: 0.1 });
 * opt.zeroGrad();
 * w.mul(w).sum().backward();
 * opt.step();
 * ```
 */
export class AdamW extends Adam {
  /**
   * @param params - parameters, or parameter groups with their own options.
   * @param options - defaults for the groups (lr 1e-3, betas [0.9, 0.999], eps 1e-8,
   *   weightDecay 0.01, amsgrad false, maximize false).
   *
   * @example
   * ```ts
   * new AdamW([w, b], { lr: 1e-3, weightDecay: 0.05 });
   * ```
   */
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, options);
  }
}
