import { type Tensor, type TypedArray, ValueError } from '@descent/core';
import { CHUNK, checkList, groupLists, optionTable, stateLike, stepTensor } from './internal.js';
import { Optimizer, type OptimizerOptions, type ParamGroup, type Params } from './optimizer.js';

/**
 * Options of {@link RMSprop} (PyTorch's names in camelCase, same defaults).
 *
 * @example
 * ```ts
 * const options: Partial<RMSpropOptions> = { lr: 0.01, momentum: 0.9, centered: true };
 * ```
 */
export interface RMSpropOptions extends OptimizerOptions {
  /** Smoothing constant of the running average of squared gradients (default 0.99). */
  alpha: number;
  /** Added to the root of the average, outside it, for numerical stability (default 1e-8). */
  eps: number;
  /** L2 penalty λ added to the gradient: `g ← g + λ·θ` (default 0). */
  weightDecay: number;
  /** Momentum factor (default 0). */
  momentum: number;
  /** Divide by the centered second moment (an estimate of the variance) instead (default false). */
  centered: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

/**
 * Per-parameter state of {@link RMSprop}.
 *
 * @example
 * ```ts
 * opt.state.get(w)?.squareAvg.toArray();
 * ```
 */
export interface RMSpropState {
  /** Number of steps taken, a 0-d float64 tensor. */
  step: Tensor;
  /** Running average of squared gradients. */
  squareAvg: Tensor;
  /** Momentum buffer (only when momentum > 0). */
  momentumBuffer?: Tensor;
  /** Running average of gradients (only when centered). */
  gradAvg?: Tensor;
}

/**
 * Options of the functional {@link rmsprop}: `lr` is required, the rest default as in
 * {@link RMSprop}.
 *
 * @example
 * ```ts
 * const options: RMSpropFunctionalOptions = { lr: 0.01, alpha: 0.9 };
 * ```
 */
export type RMSpropFunctionalOptions = OptimizerOptions & Partial<Omit<RMSpropOptions, 'lr'>>;

/**
 * RMSprop, functional form, in place and in PyTorch's order:
 *
 * ```text
 * g ← ±g + λθ;  v ← αv + (1 − α)g²;  [centered: ḡ ← αḡ + (1 − α)g, v' = v − ḡ²]
 * a = √v' + eps;  momentum > 0: b ← μb + g/a, θ ← θ − lr·b;  else θ ← θ − lr·g/a
 * ```
 *
 * `gradAvgs[i]` is needed only when centered and `momentumBuffers[i]` only when momentum > 0
 * (pass null otherwise); `stateSteps[i]` (0-d tensors) are incremented.
 *
 * @example
 * ```ts
 * const w = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
 * w.mul(w).sum().backward();
 * rmsprop([w], [w.grad!], [zerosLike(w)], [null], [null], [tensor(0, { dtype: 'float64' })], {
 *   lr: 0.01,
 * });
 * ```
 */
export function rmsprop(
  params: readonly Tensor[],
  grads: readonly Tensor[],
  squareAvgs: readonly Tensor[],
  gradAvgs: readonly (Tensor | null)[],
  momentumBuffers: readonly (Tensor | null)[],
  stateSteps: readonly Tensor[],
  options: RMSpropFunctionalOptions,
): void {
  OPTIONS.checkFunctional('rmsprop', options);
  checkList('rmsprop', 'grads', params, grads);
  checkList('rmsprop', 'squareAvgs', params, squareAvgs);
  checkList('rmsprop', 'stateSteps', params, stateSteps, false);
  checkList('rmsprop', 'gradAvgs', params, gradAvgs, true, true);
  checkList('rmsprop', 'momentumBuffers', params, momentumBuffers, true, true);
  for (let i = 0; i < params.length; i++) {
    const p = (params[i] as Tensor).data;
    const g = (grads[i] as Tensor).data;
    const v = (squareAvgs[i] as Tensor).data;
    const gAvg = gradAvgs[i]?.data ?? null;
    const buf = momentumBuffers[i]?.data ?? null;
    const step = (stateSteps[i] as Tensor).data;
    step[0] = (step[0] as number) + 1;
    for (let start = 0; start < p.length; start += CHUNK) {
      const end = Math.min(start + CHUNK, p.length);
      rmspropKernel(p, g, v, gAvg, buf, i, options, start, end);
    }
    // The parameter changed in place: backward through an older graph must refuse to use it.
    (params[i] as Tensor).bumpVersion();
  }
}

/** The update of elements `[start, end)` of one parameter (see sgdKernel in sgd.ts). */
function rmspropKernel(
  p: TypedArray,
  g: TypedArray,
  v: TypedArray,
  gAvg: TypedArray | null,
  buf: TypedArray | null,
  i: number,
  options: RMSpropFunctionalOptions,
  start: number,
  end: number,
): void {
  const lr = options.lr;
  const alpha = options.alpha ?? 0.99;
  const eps = options.eps ?? 1e-8;
  const weightDecay = options.weightDecay ?? 0;
  const momentum = options.momentum ?? 0;
  const centered = options.centered ?? false;
  const sign = options.maximize ? -1 : 1;
  if (centered && gAvg === null) throw new ValueError(`rmsprop: gradAvgs[${i}] is missing`);
  if (momentum > 0 && buf === null) {
    throw new ValueError(`rmsprop: momentumBuffers[${i}] is missing`);
  }
  const rest = 1 - alpha;
  for (let j = start; j < end; j++) {
    let d = sign * (g[j] as number);
    if (weightDecay !== 0) d += weightDecay * (p[j] as number);
    v[j] = (v[j] as number) * alpha + rest * d * d;
    let avg: number;
    if (centered && gAvg !== null) {
      gAvg[j] = (gAvg[j] as number) * alpha + rest * d;
      const m = gAvg[j] as number;
      avg = Math.sqrt((v[j] as number) + -m * m);
    } else {
      avg = Math.sqrt(v[j] as number);
    }
    avg += eps;
    if (momentum > 0 && buf !== null) {
      buf[j] = (buf[j] as number) * momentum + d / avg;
      p[j] = (p[j] as number) - lr * (buf[j] as number);
    } else {
      p[j] = (p[j] as number) + (-lr * d) / avg;
    }
  }
}

const OPTIONS = optionTable<RMSpropOptions>(
  'RMSprop',
  {
    lr: 0.01,
    alpha: 0.99,
    eps: 1e-8,
    weightDecay: 0,
    momentum: 0,
    centered: false,
    maximize: false,
  },
  ['lr', 'eps', 'momentum', 'weightDecay', 'alpha'],
  {
    step: 'step',
    squareAvg: 'buffer',
    momentumBuffer: 'optional buffer',
    gradAvg: 'optional buffer',
  },
);

const KEYS = ['squareAvg', 'gradAvg', 'momentumBuffer', 'step'] as const;

/**
 * A parameter's state: created on its first step, with a momentum buffer or gradient average
 * once those options are on. State first: once it exists, no option is read here (reading a
 * double from an object in interpreted code allocates; see sgdKernel in sgd.ts).
 */
function prepareState(
  state: RMSpropState | undefined,
  p: Tensor,
  group: ParamGroup<RMSpropOptions>,
): RMSpropState {
  const s = state ?? { step: stepTensor(), squareAvg: stateLike(p) };
  if (s.momentumBuffer === undefined && group.momentum > 0) s.momentumBuffer = stateLike(p);
  if (s.gradAvg === undefined && group.centered) s.gradAvg = stateLike(p);
  return s;
}

/**
 * RMSprop (Hinton's lecture 6e), step for step as PyTorch's `torch.optim.RMSprop`: divides the
 * gradient by the root of a running average of its square, optionally centered (subtracting the
 * squared running mean of the gradient) and with momentum. See {@link rmsprop} for the update.
 *
 * @example
 * ```ts
 * const w = tensor([1, -2], { dtype: 'float64', requiresGrad: true });
 * const opt = new RMSprop([w], { lr: 0.01, centered: true });
 * for (let t = 0; t < 100; t++) {
 *   opt.zeroGrad();
 *   w.mul(w).sum().backward();
 *   opt.step();
 * }
 * ```
 */
export class RMSprop extends Optimizer<RMSpropOptions, RMSpropState> {
  /**
   * @param params - parameters, or parameter groups with their own options.
   * @param options - defaults for the groups (lr 0.01, alpha 0.99, eps 1e-8, weightDecay 0,
   *   momentum 0, centered false, maximize false).
   *
   * @example
   * ```ts
   * new RMSprop([w, b], { lr: 1e-3, momentum: 0.9 });
   * ```
   */
  constructor(params: Params<RMSpropOptions>, options: Partial<RMSpropOptions> = {}) {
    super(params, OPTIONS.withDefaults(options), OPTIONS.check, OPTIONS);
  }

  /**
   * Applies {@link rmsprop} to the parameters of `group` that have a gradient, creating their
   * state on first use (and a momentum buffer or gradient average when those options are turned
   * on later).
   *
   * @example
   * ```ts
   * opt.step(); // calls updateGroup for each group
   * ```
   */
  protected updateGroup(group: ParamGroup<RMSpropOptions>): void {
    const l = groupLists(this.state, group, KEYS, prepareState);
    rmsprop(l.params, l.grads, l.squareAvg, l.gradAvg, l.momentumBuffer, l.step, group);
  }
}
