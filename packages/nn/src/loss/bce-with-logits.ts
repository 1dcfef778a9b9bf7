import type { Tensor } from '@descent/core';
import { checkOptions, checkTensor } from '../checks.js';
import { checkBroadcastWeight } from './bce.js';
import { checkPair, checkReduction, Loss, type ReductionOptions, reduce } from './reduction.js';

/**
 * Options of {@link binaryCrossEntropyWithLogits}.
 *
 * @example
 * ```ts
 * binaryCrossEntropyWithLogits(logits, y, { posWeight: tensor([3]) });
 * ```
 */
export interface BCEWithLogitsOptions extends ReductionOptions {
  /** A weight per element, broadcastable to the input. */
  weight?: Tensor | null;
  /** A weight of the positive term per class (broadcast along the last dim), e.g. #neg / #pos. */
  posWeight?: Tensor | null;
}

/**
 * Binary cross-entropy on logits, `sigmoid` and the loss fused stably (PyTorch's
 * `F.binary_cross_entropy_with_logits`, with its exact formula):
 * `(1 - y)·x + (1 + (p - 1)·y)·softplus(-x)` times `weight`, where `p` is `posWeight` (1 if
 * absent) and `softplus(-x)` is computed as `m + log(e^-m + e^(-x-m))`, `m = max(-x, 0)`.
 *
 * @example
 * ```ts
 * binaryCrossEntropyWithLogits(tensor([100, -100]), tensor([1, 0])).item(); // 0
 * ```
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  options: BCEWithLogitsOptions = {},
): Tensor {
  checkOptions('binaryCrossEntropyWithLogits', options, ['reduction', 'weight', 'posWeight']);
  const where_ = 'binaryCrossEntropyWithLogits';
  const reduction = checkReduction(where_, options.reduction);
  const [x, t] = checkPair(where_, input, target);
  const weight = checkBroadcastWeight(where_, 'weight', options.weight, x.shape);
  const posWeight = checkBroadcastWeight(where_, 'posWeight', options.posWeight, x.shape);
  const m = x.neg().clamp(0, null);
  const softplusNeg = m.neg().exp().add(x.neg().sub(m).exp()).log().add(m);
  const negative = t.neg().add(1).mul(x);
  let losses = posWeight
    ? negative.add(posWeight.sub(1).mul(t).add(1).mul(softplusNeg))
    : negative.add(softplusNeg);
  if (weight) losses = losses.mul(weight);
  return reduce(losses, reduction);
}

/**
 * {@link binaryCrossEntropyWithLogits} as a module; `weight` and `posWeight` are its buffers
 * (state-dict keys `weight` and `pos_weight`, as in PyTorch).
 *
 * @example
 * ```ts
 * const criterion = new BCEWithLogitsLoss({ posWeight: tensor([2]) });
 * criterion.forward(model.forward(x), labels).backward();
 * ```
 */
export class BCEWithLogitsLoss extends Loss {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'BCEWithLogitsLoss';

  /**
   * @param options - `reduction`, `weight`, `posWeight`.
   *
   * @example
   * ```ts
   * new BCEWithLogitsLoss({ reduction: 'sum' });
   * ```
   */
  constructor(options: BCEWithLogitsOptions = {}) {
    super(options, ['reduction', 'weight', 'posWeight']);
    const where_ = 'BCEWithLogitsLoss';
    this.registerBuffer(
      'weight',
      options.weight ? checkTensor(where_, options.weight, 'weight') : null,
    );
    this.registerBuffer(
      'pos_weight',
      options.posWeight ? checkTensor(where_, options.posWeight, 'posWeight') : null,
    );
  }

  /**
   * The element weights, or null.
   *
   * @example
   * ```ts
   * new BCEWithLogitsLoss().weight; // null
   * ```
   */
  get weight(): Tensor | null {
    return this.getBuffer('weight');
  }

  /**
   * The positive-class weights (state-dict key `pos_weight`), or null.
   *
   * @example
   * ```ts
   * new BCEWithLogitsLoss({ posWeight: tensor([3]) }).posWeight?.item(); // 3
   * ```
   */
  get posWeight(): Tensor | null {
    return this.getBuffer('pos_weight');
  }

  /**
   * @example
   * ```ts
   * new BCEWithLogitsLoss().forward(tensor([0]), tensor([1])).item(); // 0.6931
   * ```
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, {
      reduction: this.reduction,
      weight: this.weight,
      posWeight: this.posWeight,
    });
  }
}
