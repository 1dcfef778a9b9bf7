import { DTypeError, logSoftmax, ShapeError, type Tensor, where } from '@descent/core';
import {
  checkFloating,
  checkInteger,
  checkNumber,
  checkOptions,
  checkTensor,
  formatNumber,
  formatShape,
} from '../checks.js';
import { checkClassWeight, classIndexBatch, classIndexTerms, reduceWeighted } from './nll.js';
import { checkReduction, Loss, type Reduction, type ReductionOptions } from './reduction.js';

/**
 * Options of {@link crossEntropy}.
 *
 * @example
 * ```ts
 * crossEntropy(logits, target, { weight: classWeights, labelSmoothing: 0.1 });
 * ```
 */
export interface CrossEntropyOptions extends ReductionOptions {
  /** A weight per class, shape [C]. */
  weight?: Tensor | null;
  /** Class-index targets equal to this are skipped; default -100. */
  ignoreIndex?: number;
  /** Mixes the target with the uniform distribution: `(1 - ε)·target + ε/C`; default 0. */
  labelSmoothing?: number;
}

/** Per-class weights shaped to broadcast along the class dim 1 of a [N, C, …] tensor. */
function alongClasses(weight: Tensor, ndim: number): Tensor {
  const shape = Array.from({ length: ndim }, (_, d) => (d === 1 ? weight.size : 1));
  return weight.reshape(shape);
}

/** Soft targets: class probabilities of the input's shape. */
function probabilityTargets(
  x: Tensor,
  target: Tensor,
  weight: Tensor | null,
  smoothing: number,
  reduction: Reduction,
): Tensor {
  const unbatched = x.ndim === 1;
  const input = unbatched ? x.unsqueeze(0) : x;
  const classes = input.shape[1] as number;
  let t = unbatched ? target.unsqueeze(0) : target;
  if (smoothing > 0) t = t.mul(1 - smoothing).add(smoothing / classes);
  let terms = logSoftmax(input, 1).mul(t);
  if (weight) terms = terms.mul(alongClasses(weight, input.ndim));
  if (reduction === 'none') {
    const perSample = terms.sum(1).neg();
    return unbatched ? perSample.reshape([]) : perSample;
  }
  const total = terms.sum().neg();
  return reduction === 'sum' ? total : total.div(input.size / classes);
}

/**
 * Cross-entropy between logits and targets, PyTorch's `F.cross_entropy`: `logSoftmax` then
 * the negative log-likelihood, stable for logits of ±1e4.
 *
 * `input` is [N, C] (or [N, C, d₁, …], or one sample [C]). `target` is either int32 class
 * indices [N] (or [N, d₁, …]) — with optional class `weight` (weighted mean), `ignoreIndex`
 * and `labelSmoothing` (the smoothing term is weighted and averaged as PyTorch does) — or float
 * class probabilities of the input's shape.
 *
 * @example
 * ```ts
 * const logits = tensor([[2, 0, -1], [0, 3, 0]], { requiresGrad: true });
 * const loss = crossEntropy(logits, tensor([0, 1], { dtype: 'int32' }));
 * loss.backward();
 * ```
 */
export function crossEntropy(
  input: Tensor,
  target: Tensor,
  options: CrossEntropyOptions = {},
): Tensor {
  checkOptions('crossEntropy', options, ['reduction', 'weight', 'ignoreIndex', 'labelSmoothing']);
  const where_ = 'crossEntropy';
  const reduction = checkReduction(where_, options.reduction);
  const smoothing = checkNumber(where_, 'labelSmoothing', options.labelSmoothing ?? 0, 0, 1);
  const x = checkFloating(where_, checkTensor(where_, input));
  const t = checkTensor(where_, target, 'target');
  if (t.dtype === 'float32' || t.dtype === 'float64') {
    const indexShape = x.shape.filter((_, d) => d !== (x.ndim === 1 ? 0 : 1));
    if (formatShape(t.shape) === formatShape(indexShape)) {
      throw new DTypeError(
        `${where_}: target has shape ${formatShape(t.shape)} and dtype ${t.dtype}: this looks like class indices in a float tensor; class indices must be int32, so pass target.to('int32') (e.g. crossEntropy(logits, y.to('int32'))). Probability targets would need the input's shape ${formatShape(x.shape)}`,
      );
    }
    if (formatShape(t.shape) !== formatShape(x.shape)) {
      throw new ShapeError(
        `${where_}: probability targets must have the input's shape ${formatShape(x.shape)}, got ${formatShape(t.shape)}`,
      );
    }
    const classes = (x.ndim === 1 ? x.shape[0] : x.shape[1]) as number;
    const weight = checkClassWeight(where_, options.weight, classes);
    return probabilityTargets(x, t, weight, smoothing, reduction);
  }
  const batch = classIndexBatch(where_, x, t);
  const weight = checkClassWeight(where_, options.weight, batch.classes);
  const logp = logSoftmax(batch.input, 1);
  const { losses, weights, ignored } = classIndexTerms(
    where_,
    { ...batch, input: logp },
    weight,
    options.ignoreIndex,
  );
  const nll = reduceWeighted(losses, weights, reduction, batch.unbatched);
  if (smoothing === 0) return nll;
  // PyTorch's smoothing term: -Σ_c w_c · logp_c per element, 0 where ignored, reduced with the
  // same denominator as the nll term (the weight of the kept targets).
  const weighted = weight ? logp.mul(alongClasses(weight, logp.ndim)) : logp;
  const smooth = where(ignored, 0, weighted.sum(1).neg());
  const smoothReduced = reduceWeighted(smooth, weights, reduction, batch.unbatched);
  return nll.mul(1 - smoothing).add(smoothReduced.mul(smoothing / batch.classes));
}

/**
 * {@link crossEntropy} as a module; the class weights are its buffer `weight`.
 *
 * @example
 * ```ts
 * const criterion = new CrossEntropyLoss();
 * const loss = criterion.forward(model.forward(x), labels);
 * loss.backward();
 * ```
 */
export class CrossEntropyLoss extends Loss {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'CrossEntropyLoss';

  /** Class-index targets equal to this are skipped. */
  readonly ignoreIndex: number;
  /** The label-smoothing amount ε. */
  readonly labelSmoothing: number;

  /**
   * @param options - `reduction`, `weight`, `ignoreIndex`, `labelSmoothing`.
   *
   * @example
   * ```ts
   * new CrossEntropyLoss({ weight: tensor([1, 5]) });
   * ```
   */
  constructor(options: CrossEntropyOptions = {}) {
    super(options, ['reduction', 'weight', 'ignoreIndex', 'labelSmoothing']);
    this.ignoreIndex = checkInteger(
      'CrossEntropyLoss',
      'ignoreIndex',
      options.ignoreIndex ?? -100,
      -Infinity,
    );
    this.labelSmoothing = checkNumber(
      'CrossEntropyLoss',
      'labelSmoothing',
      options.labelSmoothing ?? 0,
      0,
      1,
    );
    this.registerBuffer(
      'weight',
      options.weight ? checkTensor('CrossEntropyLoss', options.weight, 'weight') : null,
    );
  }

  /**
   * The class weights, or null.
   *
   * @example
   * ```ts
   * new CrossEntropyLoss().weight; // null
   * ```
   */
  get weight(): Tensor | null {
    return this.getBuffer('weight');
  }

  /**
   * @example
   * ```ts
   * new CrossEntropyLoss().forward(tensor([[0, 0]]), tensor([1], { dtype: 'int32' })).item(); // 0.6931
   * ```
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, {
      reduction: this.reduction,
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      labelSmoothing: this.labelSmoothing,
    });
  }

  /**
   * @example
   * ```ts
   * new CrossEntropyLoss({ labelSmoothing: 0.1 }).extraRepr(); // 'labelSmoothing=0.1'
   * ```
   */
  override extraRepr(): string {
    return this.labelSmoothing > 0 ? `labelSmoothing=${formatNumber(this.labelSmoothing)}` : '';
  }
}
