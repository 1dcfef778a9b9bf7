import {
  DTypeError,
  gather,
  IndexError,
  indexSelect,
  onesLike,
  ShapeError,
  type Tensor,
  where,
} from '@descent/core';
import { checkFloating, checkInteger, checkOptions, checkTensor, formatShape } from '../checks.js';
import { checkReduction, Loss, type Reduction, type ReductionOptions } from './reduction.js';

/**
 * Options of {@link nllLoss}.
 *
 * @example
 * ```ts
 * nllLoss(logProbs, target, { weight: classWeights, ignoreIndex: 0 });
 * ```
 */
export interface NLLOptions extends ReductionOptions {
  /** A weight per class, shape [C]; the mean is then a weighted mean. */
  weight?: Tensor | null;
  /** Targets equal to this are skipped (no loss, no gradient, not counted); default -100. */
  ignoreIndex?: number;
}

/** A class-index problem, normalized to a batch: input [N, C, …], target [N, …]. */
export interface ClassIndexBatch {
  /** Log-probabilities (or logits), [N, C, …]. */
  input: Tensor;
  /** int32 class indices, [N, …]. */
  target: Tensor;
  /** Whether the caller passed one unbatched sample (input [C], target []). */
  unbatched: boolean;
  /** Number of classes C. */
  classes: number;
}

/** Validates input/target shapes and dtypes of a class-index loss and adds a batch dim if needed. */
export function classIndexBatch(where: string, input: unknown, target: unknown): ClassIndexBatch {
  const x = checkFloating(where, checkTensor(where, input));
  const t = checkTensor(where, target, 'target');
  if (t.dtype !== 'int32') {
    throw new DTypeError(`${where}: target must hold int32 class indices, got ${t.dtype}`);
  }
  if (x.ndim === 0) throw new ShapeError(`${where}: input must have a class dim, got a 0-d tensor`);
  const unbatched = x.ndim === 1;
  const expected = unbatched ? [] : [x.shape[0] as number, ...x.shape.slice(2)];
  if (formatShape(t.shape) !== formatShape(expected)) {
    throw new ShapeError(
      `${where}: expected target of shape ${formatShape(expected)} for input of shape ${formatShape(x.shape)}, got ${formatShape(t.shape)}`,
    );
  }
  return {
    input: unbatched ? x.unsqueeze(0) : x,
    target: unbatched ? t.reshape([1]) : t,
    unbatched,
    classes: (unbatched ? x.shape[0] : x.shape[1]) as number,
  };
}

/** Checks that every target is a class index or `ignoreIndex`. */
function checkTargets(where: string, target: Tensor, classes: number, ignoreIndex: number): void {
  const data = target.data;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (v !== ignoreIndex && (v < 0 || v >= classes)) {
      throw new IndexError(
        `${where}: target ${v} (at flat position ${i}) is out of bounds for ${classes} classes`,
      );
    }
  }
}

/** Checks a per-class weight tensor. */
export function checkClassWeight(
  where: string,
  weight: Tensor | null | undefined,
  classes: number,
): Tensor | null {
  if (weight === null || weight === undefined) return null;
  checkFloating(where, checkTensor(where, weight, 'weight'), 'weight');
  if (weight.ndim !== 1 || weight.shape[0] !== classes) {
    throw new ShapeError(
      `${where}: weight must have shape [${classes}] (one per class), got ${formatShape(weight.shape)}`,
    );
  }
  return weight;
}

/** Per-element losses and weights of a class-index batch; both are 0 at ignored targets. */
export interface ClassIndexTerms {
  /** `-weight[t] · input[n, t]` per element, [N, …]. */
  losses: Tensor;
  /** `weight[t]` (or 1) per element, 0 where ignored, [N, …]. */
  weights: Tensor;
  /** Where the target equals `ignoreIndex`, [N, …] bool. */
  ignored: Tensor;
}

/** The shared core of nllLoss and crossEntropy. */
export function classIndexTerms(
  where_: string,
  batch: ClassIndexBatch,
  weight: Tensor | null,
  ignoreIndexOption: number | undefined,
): ClassIndexTerms {
  const ignoreIndex = checkInteger(where_, 'ignoreIndex', ignoreIndexOption ?? -100, -Infinity);
  const { input, target, classes } = batch;
  checkTargets(where_, target, classes, ignoreIndex);
  const ignored = target.eq(ignoreIndex);
  const safe = where(ignored, 0, target);
  const picked = gather(input, 1, safe.unsqueeze(1)).squeeze(1);
  const perClass = weight
    ? indexSelect(weight, 0, safe.flatten()).reshape(safe.shape)
    : onesLike(picked);
  const weights = where(ignored, 0, perClass);
  const losses = where(ignored, 0, picked.mul(weights).neg());
  return { losses, weights, ignored };
}

/** Reduces per-element class-index losses: `mean` divides by the total weight of the kept targets. */
export function reduceWeighted(
  losses: Tensor,
  weights: Tensor,
  reduction: Reduction,
  unbatched: boolean,
): Tensor {
  if (reduction === 'none') return unbatched ? losses.reshape([]) : losses;
  if (reduction === 'sum') return losses.sum();
  return losses.sum().div(weights.sum());
}

/**
 * Negative log-likelihood of class indices: `-weight[t] · input[n, t]` for log-probabilities
 * `input` [N, C] (or [N, C, d₁, …], or one sample [C]) and int32 targets [N] (or [N, d₁, …],
 * or []). `mean` is the weighted mean over the targets that are not `ignoreIndex` (NaN if all
 * are ignored, as PyTorch).
 *
 * @example
 * ```ts
 * const logp = tensor([[-0.1, -2.4], [-1.6, -0.2]]);
 * nllLoss(logp, tensor([0, 1], { dtype: 'int32' })).item(); // 0.15
 * ```
 */
export function nllLoss(input: Tensor, target: Tensor, options: NLLOptions = {}): Tensor {
  checkOptions('nllLoss', options, ['reduction', 'weight', 'ignoreIndex']);
  const where_ = 'nllLoss';
  const reduction = checkReduction(where_, options.reduction);
  const batch = classIndexBatch(where_, input, target);
  const weight = checkClassWeight(where_, options.weight, batch.classes);
  const { losses, weights } = classIndexTerms(where_, batch, weight, options.ignoreIndex);
  return reduceWeighted(losses, weights, reduction, batch.unbatched);
}

/**
 * {@link nllLoss} as a module; the class weights are its buffer `weight`.
 *
 * @example
 * ```ts
 * const loss = new NLLLoss();
 * loss.forward(logSoftmax(logits, 1), target).backward();
 * ```
 */
export class NLLLoss extends Loss {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'NLLLoss';

  /** Targets equal to this are skipped. */
  readonly ignoreIndex: number;

  /**
   * @param options - `reduction`, `weight`, `ignoreIndex`.
   *
   * @example
   * ```ts
   * new NLLLoss({ reduction: 'sum' });
   * ```
   */
  constructor(options: NLLOptions = {}) {
    super(options, ['reduction', 'weight', 'ignoreIndex']);
    this.ignoreIndex = checkInteger(
      'NLLLoss',
      'ignoreIndex',
      options.ignoreIndex ?? -100,
      -Infinity,
    );
    this.registerBuffer(
      'weight',
      options.weight ? checkTensor('NLLLoss', options.weight, 'weight') : null,
    );
  }

  /**
   * The class weights, or null.
   *
   * @example
   * ```ts
   * new NLLLoss().weight; // null
   * ```
   */
  get weight(): Tensor | null {
    return this.getBuffer('weight');
  }

  /**
   * @example
   * ```ts
   * new NLLLoss().forward(tensor([[-1, -0.5]]), tensor([1], { dtype: 'int32' })).item(); // 0.5
   * ```
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, {
      reduction: this.reduction,
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
    });
  }
}
