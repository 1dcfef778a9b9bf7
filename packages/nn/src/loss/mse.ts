import type { Tensor } from '@descent/core';
import { checkOptions } from '../checks.js';
import { checkPair, checkReduction, Loss, type ReductionOptions, reduce } from './reduction.js';

/**
 * Mean squared error: `(input - target)²` per element, then the reduction. Input and target
 * must have the same shape.
 *
 * @example
 * ```ts
 * mseLoss(tensor([1, 2]), tensor([1, 4])).item(); // 2
 * ```
 */
export function mseLoss(input: Tensor, target: Tensor, options: ReductionOptions = {}): Tensor {
  checkOptions('mseLoss', options, ['reduction']);
  const reduction = checkReduction('mseLoss', options.reduction);
  const [x, t] = checkPair('mseLoss', input, target);
  return reduce(x.sub(t).square(), reduction);
}

/**
 * {@link mseLoss} as a module.
 *
 * @example
 * ```ts
 * new MSELoss().forward(prediction, target).backward();
 * ```
 */
export class MSELoss extends Loss {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'MSELoss';

  /**
   * @example
   * ```ts
   * new MSELoss({ reduction: 'sum' }).forward(tensor([0]), tensor([3])).item(); // 9
   * ```
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
}
