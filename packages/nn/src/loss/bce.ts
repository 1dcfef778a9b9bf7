import { ShapeError, type Tensor, ValueError, where } from '@descent/core';
import { checkFloating, checkOptions, checkTensor, formatShape } from '../checks.js';
import { checkPair, checkReduction, Loss, type ReductionOptions, reduce } from './reduction.js';

/**
 * Options of {@link binaryCrossEntropy}.
 *
 * @example
 * ```ts
 * binaryCrossEntropy(p, y, { weight: w, reduction: 'sum' });
 * ```
 */
export interface BCEOptions extends ReductionOptions {
  /** A weight per element, broadcastable to the input. */
  weight?: Tensor | null;
}

/** Checks an optional weight broadcastable to `shape`. */
export function checkBroadcastWeight(
  where_: string,
  name: string,
  weight: Tensor | null | undefined,
  shape: readonly number[],
): Tensor | null {
  if (weight === null || weight === undefined) return null;
  const w = checkFloating(where_, checkTensor(where_, weight, name), name);
  const offset = shape.length - w.ndim;
  if (offset < 0 || w.shape.some((extent, i) => extent !== 1 && extent !== shape[offset + i])) {
    throw new ShapeError(
      `${where_}: ${name} of shape ${formatShape(w.shape)} does not broadcast to ${formatShape(shape)}`,
    );
  }
  return w;
}

/** `max(log(v), -100)`, with a finite gradient (0) where v is 0. */
function clampedLog(v: Tensor): Tensor {
  const positive = v.gt(0);
  return where(positive, where(positive, v, 1).log(), -100).clamp(-100, null);
}

/**
 * Binary cross-entropy between probabilities `input` (in [0, 1]) and targets of the same shape:
 * `-w · (y·log(x) + (1 - y)·log(1 - x))`, with each log clamped to ≥ -100 as PyTorch does, so
 * a probability of exactly 0 or 1 gives a finite loss. Prefer
 * {@link binaryCrossEntropyWithLogits} on logits: it is stabler.
 *
 * @example
 * ```ts
 * binaryCrossEntropy(tensor([0.9, 0.2]), tensor([1, 0])).item(); // 0.1643
 * ```
 */
export function binaryCrossEntropy(
  input: Tensor,
  target: Tensor,
  options: BCEOptions = {},
): Tensor {
  checkOptions('binaryCrossEntropy', options, ['reduction', 'weight']);
  const where_ = 'binaryCrossEntropy';
  const reduction = checkReduction(where_, options.reduction);
  const [x, t] = checkPair(where_, input, target);
  const weight = checkBroadcastWeight(where_, 'weight', options.weight, x.shape);
  const data = x.data;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (!(v >= 0 && v <= 1)) {
      throw new ValueError(
        `${where_}: all elements of input should be between 0 and 1, got ${v} at flat position ${i}`,
      );
    }
  }
  const logX = clampedLog(x);
  const log1mX = clampedLog(x.neg().add(1));
  let losses = t.mul(logX).add(t.neg().add(1).mul(log1mX)).neg();
  if (weight) losses = losses.mul(weight);
  return reduce(losses, reduction);
}

/**
 * {@link binaryCrossEntropy} as a module; the weight is its buffer `weight`.
 *
 * @example
 * ```ts
 * new BCELoss().forward(sigmoid(logits), labels);
 * ```
 */
export class BCELoss extends Loss {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'BCELoss';

  /**
   * @param options - `reduction` and `weight`.
   *
   * @example
   * ```ts
   * new BCELoss({ reduction: 'sum' });
   * ```
   */
  constructor(options: BCEOptions = {}) {
    super(options, ['reduction', 'weight']);
    this.registerBuffer(
      'weight',
      options.weight ? checkTensor('BCELoss', options.weight, 'weight') : null,
    );
  }

  /**
   * The element weights, or null.
   *
   * @example
   * ```ts
   * new BCELoss().weight; // null
   * ```
   */
  get weight(): Tensor | null {
    return this.getBuffer('weight');
  }

  /**
   * @example
   * ```ts
   * new BCELoss().forward(tensor([0.5]), tensor([1])).item(); // 0.6931
   * ```
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { reduction: this.reduction, weight: this.weight });
  }
}
