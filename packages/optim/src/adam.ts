import { type Tensor, type TypedArray, ValueError } from '@descent/core';
import { CHUNK, checkList, groupLists, optionTable, stateLike, stepTensor } from './internal.js';
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
 * in {@link Adam} (weightDecay 0 for both).
 *
 * @example
 * ```ts
 * const options: AdamFunctionalOptions = { lr: 1e-3, amsgrad: true };
 * ```
 */
export type AdamFunctionalOptions = OptimizerOptions & Partial<Omit<AdamOptions, 'lr'>>;

/**
 * The shared core of Adam and AdamW, as torch 1.13's `_single_tensor_adam(w)`:
 * step += 1; g ← ±g; AdamW: θ ← θ(1 − lr·λ), Adam: g ← g + λθ; m ← β₁m + (1 − β₁)g;
 * v ← β₂v + (1 − β₂)g²; v̂max ← max(v̂max, v) if amsgrad; θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + eps).
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
  for (let i = 0; i < params.length; i++) {
    const p = (params[i] as Tensor).data;
    const g = (grads[i] as Tensor).data;
    const m = (expAvgs[i] as Tensor).data;
    const v = (expAvgSqs[i] as Tensor).data;
    const vMax = maxExpAvgSqs[i]?.data ?? null;
    const step = (stateSteps[i] as Tensor).data;
    step[0] = (step[0] as number) + 1;
    for (let start = 0; start < p.length; start += CHUNK) {
      const end = Math.min(start + CHUNK, p.length);
      adamKernel(p, g, m, v, vMax, step, decoupled, options, fn, i, start, end);
    }
    // The parameter changed in place: backward through an older graph must refuse to use it.
    (params[i] as Tensor).bumpVersion();
  }
}

/** The update of elements `[start, end)` of one parameter (see sgdKernel in sgd.ts). */
function adamKernel(
  p: TypedArray,
  g: TypedArray,
  m: TypedArray,
  v: TypedArray,
  vMax: TypedArray | null,
  stepData: TypedArray,
  decoupled: boolean,
  options: AdamFunctionalOptions,
  fn: string,
  i: number,
  start: number,
  end: number,
): void {
  const lr = options.lr;
  const betas = options.betas;
  const beta1 = betas === undefined ? 0.9 : betas[0];
  const beta2 = betas === undefined ? 0.999 : betas[1];
  const eps = options.eps ?? 1e-8;
  const weightDecay = options.weightDecay ?? 0;
  const amsgrad = options.amsgrad ?? false;
  const sign = options.maximize ? -1 : 1;
  if (amsgrad && vMax === null)
    throw new ValueError(`${fn}: maxExpAvgSqs[${i}] is missing (amsgrad)`);
  const rest1 = 1 - beta1;
  const rest2 = 1 - beta2;
  const shrink = 1 - lr * weightDecay;
  const step = stepData[0] as number;
  const biasCorrection1 = 1 - beta1 ** step;
  const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
  const negStepSize = -(lr / biasCorrection1);
  for (let j = start; j < end; j++) {
    let d = sign * (g[j] as number);
    if (decoupled) p[j] = (p[j] as number) * shrink;
    else if (weightDecay !== 0) d += weightDecay * (p[j] as number);
    m[j] = (m[j] as number) * beta1 + rest1 * d;
    v[j] = (v[j] as number) * beta2 + rest2 * d * d;
    let second = v[j] as number;
    if (amsgrad && vMax !== null) {
      // torch.maximum propagates NaN; Math.max does too.
      vMax[j] = Math.max(vMax[j] as number, second);
      second = vMax[j] as number;
    }
    const denom = Math.sqrt(second) / biasCorrection2Sqrt + eps;
    p[j] = (p[j] as number) + (negStepSize * (m[j] as number)) / denom;
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
