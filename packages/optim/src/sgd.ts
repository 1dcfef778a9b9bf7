import { fusedSgd_, noGrad, type SgdStepOptions, type Tensor, ValueError } from '@descent/core';
import { checkList, groupLists, optionTable, stateLike, stepDefaults } from './internal.js';
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
 * Options of the functional {@link sgd}: `lr` is required, the rest default as in {@link SGD};
 * `fused: false` runs the update as tensor ops instead of the fused kernel (the same numbers).
 *
 * @example
 * ```ts
 * const options: SGDFunctionalOptions = { lr: 0.1, momentum: 0.9 };
 * ```
 */
export type SGDFunctionalOptions = OptimizerOptions &
  Partial<Omit<SGDOptions, 'lr'>> & {
    /** Run the fused kernel (default) or the tensor ops it equals. */
    fused?: boolean;
  };

/**
 * The update of one parameter in tensor ops, as PyTorch's `_single_tensor_sgd`: the algorithm as
 * written, and the reference core's fused kernel equals bit for bit. Returns the momentum buffer
 * (new on the first step with momentum), outside the graph.
 */
function sgdSingleTensor(
  param: Tensor,
  grad: Tensor,
  buffer: Tensor | null,
  o: SgdStepOptions,
): Tensor | null {
  return noGrad(() => sgdUpdate(param, grad, buffer, o));
}

/** The update itself, `sgdSingleTensor` under noGrad. */
function sgdUpdate(
  param: Tensor,
  grad: Tensor,
  buffer: Tensor | null,
  o: SgdStepOptions,
): Tensor | null {
  let d = o.maximize ? grad.neg() : grad;
  if (o.weightDecay !== 0) d = d.add(param.mul(o.weightDecay));
  if (o.momentum !== 0) {
    if (buffer === null) buffer = d.clone();
    else buffer.mul_(o.momentum).add_(d, 1 - o.dampening);
    d = o.nesterov ? d.add(buffer.mul(o.momentum)) : buffer;
  }
  param.add_(d, -o.lr);
  return buffer;
}

/** The options with their defaults (no copy for a group, which has them all). */
const complete = stepDefaults<SgdStepOptions>({
  momentum: 0,
  dampening: 0,
  weightDecay: 0,
  nesterov: false,
  maximize: false,
});

/**
 * Stochastic gradient descent, functional form (PyTorch's `torch.optim._functional.sgd`): updates
 * `params` in place from `grads`, in PyTorch's exact order: negate if `maximize`, add weight decay,
 * update the momentum buffer (on the first step a plain copy of the gradient), apply Nesterov,
 * then `θ ← θ − lr·d`. `momentumBuffers[i]` may be null; a new buffer is stored there on the first
 * step with momentum. Runs outside the autograd graph, one fused kernel per parameter
 * (core's `fusedSgd_`), allocating nothing but new buffers.
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
  const o = complete(options);
  // The tensor-op path is its own function: a closure in this one would allocate its context on
  // every call, fused or not, and a step must not allocate.
  if (options.fused === false) {
    for (let i = 0; i < params.length; i++) {
      const buffer = momentumBuffers[i] ?? null;
      momentumBuffers[i] = sgdSingleTensor(params[i] as Tensor, grads[i] as Tensor, buffer, o);
    }
    return;
  }
  for (let i = 0; i < params.length; i++) {
    const param = params[i] as Tensor;
    let buffer = momentumBuffers[i] ?? null;
    const first = buffer === null && o.momentum !== 0;
    if (first) {
      buffer = stateLike(param);
      momentumBuffers[i] = buffer;
    }
    fusedSgd_(param, grads[i] as Tensor, buffer, first, o);
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
