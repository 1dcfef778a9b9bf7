import { type Tensor, type TypedArray, ValueError } from '@descent/core';
import { CHUNK, checkList, groupLists, optionTable, stateLike } from './internal.js';
import { Optimizer, type OptimizerOptions, type ParamGroup, type Params } from './optimizer.js';

/**
 * Options of {@link SGD} (PyTorch's names in camelCase, same defaults).
 *
 * @example
 * ```ts
 * const options: Partial<SGDOptions> = { lr: 0.1, momentum: 0.9, nesterov: true };
 * ```
 */
export interface SGDOptions extends OptimizerOptions {
  /** Momentum factor μ (default 0: plain gradient descent). */
  momentum: number;
  /** Dampening τ of the momentum: `b ← μ·b + (1 − τ)·g` (default 0). */
  dampening: number;
  /** L2 penalty λ added to the gradient: `g ← g + λ·θ` (default 0). */
  weightDecay: number;
  /** Nesterov momentum: step along `g + μ·b` instead of `b` (default false). */
  nesterov: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

/**
 * Per-parameter state of {@link SGD}: the momentum buffer, `null` while momentum is 0.
 *
 * @example
 * ```ts
 * opt.state.get(w)?.momentumBuffer?.toArray();
 * ```
 */
export interface SGDState {
  /** The momentum buffer `b` (a tensor of the parameter's shape and dtype), or null. */
  momentumBuffer: Tensor | null;
}

/**
 * Options of the functional {@link sgd}: `lr` is required, the rest default as in {@link SGD}.
 *
 * @example
 * ```ts
 * const options: SGDFunctionalOptions = { lr: 0.1, momentum: 0.9 };
 * ```
 */
export type SGDFunctionalOptions = OptimizerOptions & Partial<Omit<SGDOptions, 'lr'>>;

/**
 * Stochastic gradient descent, functional form (PyTorch's `torch.optim._functional.sgd`): updates
 * `params` in place from `grads`, in PyTorch's exact order: negate if `maximize`, add weight decay,
 * update the momentum buffer (on the first step a plain copy of the gradient), apply Nesterov,
 * then `θ ← θ − lr·d`. `momentumBuffers[i]` may be null; a new buffer is stored there on the first
 * step with momentum. Runs outside the autograd graph and allocates nothing but new buffers.
 *
 * @example
 * ```ts
 * const w = tensor([1, 2], { requiresGrad: true });
 * w.mul(w).sum().backward();
 * const buffers: (Tensor | null)[] = [null];
 * sgd([w], [w.grad!], buffers, { lr: 0.1, momentum: 0.9 });
 * w.toArray(); // [0.8, 1.6]
 * ```
 */
export function sgd(
  params: readonly Tensor[],
  grads: readonly Tensor[],
  momentumBuffers: (Tensor | null)[],
  options: SGDFunctionalOptions,
): void {
  OPTIONS.checkFunctional('sgd', options);
  checkList('sgd', 'grads', params, grads);
  checkList('sgd', 'momentumBuffers', params, momentumBuffers, true, false, true);
  for (let i = 0; i < params.length; i++) {
    const param = params[i] as Tensor;
    let buffer = momentumBuffers[i] ?? null;
    // Read the momentum only while there is no buffer (see sgdKernel on why reads are avoided).
    const first = buffer === null && (options.momentum ?? 0) !== 0;
    if (first) {
      buffer = stateLike(param);
      momentumBuffers[i] = buffer;
    }
    const p = param.data;
    const g = (grads[i] as Tensor).data;
    const b = buffer?.data ?? null;
    for (let start = 0; start < p.length; start += CHUNK) {
      sgdKernel(p, g, b, first, options, start, Math.min(start + CHUNK, p.length));
    }
    // The parameter changed in place: backward through an older graph must refuse to use it.
    param.bumpVersion();
  }
}

/**
 * The update of elements `[start, end)` of one parameter. Every option read and every
 * floating-point operation of a step happens in here, in a call-free function that V8 optimizes
 * during the first step; the callers only move references. (Interpreted code allocates a heap
 * number for each double it reads from an object or computes, which would break "no allocation
 * per step"; see CHUNK in internal.ts for why the parameter is walked in chunks.)
 */
function sgdKernel(
  p: TypedArray,
  g: TypedArray,
  b: TypedArray | null,
  first: boolean,
  options: SGDFunctionalOptions,
  start: number,
  end: number,
): void {
  const lr = options.lr;
  const momentum = options.momentum ?? 0;
  const keep = 1 - (options.dampening ?? 0);
  const weightDecay = options.weightDecay ?? 0;
  const nesterov = options.nesterov ?? false;
  const sign = options.maximize ? -1 : 1;
  if (momentum === 0 || b === null) {
    for (let j = start; j < end; j++) {
      let d = sign * (g[j] as number);
      if (weightDecay !== 0) d += weightDecay * (p[j] as number);
      p[j] = (p[j] as number) - lr * d;
    }
    return;
  }
  for (let j = start; j < end; j++) {
    let d = sign * (g[j] as number);
    if (weightDecay !== 0) d += weightDecay * (p[j] as number);
    // Both branches are evaluated, so the first step records type feedback for the update
    // used by every later step (a missing feedback would deoptimize the kernel at step 2).
    const next = (b[j] as number) * momentum + keep * d;
    b[j] = first ? d : next;
    const bj = b[j] as number;
    d = nesterov ? d + momentum * bj : bj;
    p[j] = (p[j] as number) - lr * d;
  }
}

const OPTIONS = optionTable<SGDOptions>(
  'SGD',
  { lr: undefined, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false },
  [
    'lr',
    'momentum',
    'weightDecay',
    ['dampening', Number.isFinite],
    (o) => {
      if (o.nesterov && (!((o.momentum ?? 0) > 0) || o.dampening !== 0)) {
        throw new ValueError('Nesterov momentum requires a momentum and zero dampening');
      }
    },
  ],
  { momentumBuffer: 'nullable buffer' },
);

const KEYS = ['momentumBuffer'] as const;

/** A parameter's state, created on its first step. */
function prepareState(state: SGDState | undefined): SGDState {
  return state ?? { momentumBuffer: null };
}

/**
 * Stochastic gradient descent (optionally with momentum, dampening, Nesterov momentum and weight
 * decay), step for step as PyTorch's `torch.optim.SGD`:
 *
 * ```text
 * g ← −g if maximize;  g ← g + λθ;  b ← g (first step) or μb + (1 − τ)g;
 * g ← g + μb if nesterov else b;  θ ← θ − lr·g
 * ```
 *
 * `lr` has no default: give it in the options or in every group. With mini-batches (a fresh
 * gradient per batch) this is the lecture's stochastic gradient descent.
 *
 * @example
 * ```ts
 * const w = tensor([1, -2], { dtype: 'float64', requiresGrad: true });
 * const opt = new SGD([w], { lr: 0.1, momentum: 0.9 });
 * for (let t = 0; t < 100; t++) {
 *   opt.zeroGrad();
 *   w.mul(w).sum().backward();
 *   opt.step();
 * }
 * ```
 */
export class SGD extends Optimizer<SGDOptions, SGDState> {
  /**
   * @param params - parameters, or parameter groups with their own options.
   * @param options - defaults for the groups; `lr` is required unless every group sets it.
   *
   * @example
   * ```ts
   * new SGD([w, b], { lr: 0.01, momentum: 0.9, weightDecay: 1e-4 });
   * new SGD([{ params: [w] }, { params: [b], lr: 0.1 }], { lr: 0.01 });
   * ```
   */
  constructor(params: Params<SGDOptions>, options: Partial<SGDOptions> = {}) {
    super(params, OPTIONS.withDefaults(options), OPTIONS.check, OPTIONS);
  }

  /**
   * Applies {@link sgd} to the parameters of `group` that have a gradient.
   *
   * @example
   * ```ts
   * opt.step(); // calls updateGroup for each group
   * ```
   */
  protected updateGroup(group: ParamGroup<SGDOptions>): void {
    const lists = groupLists(this.state, group, KEYS, prepareState);
    const buffers = lists.momentumBuffer;
    sgd(lists.params, lists.grads, buffers, group);
    // sgd stores the buffers it creates in the list: keep them in the state.
    for (let i = 0; i < buffers.length; i++) {
      (this.state.get(lists.params[i] as Tensor) as SGDState).momentumBuffer = buffers[i] ?? null;
    }
  }
}
