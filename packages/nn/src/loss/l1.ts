import type { Tensor } from '@descent/core';
import { checkOptions } from '../checks.js';
import { checkPair, checkReduction, Loss, type ReductionOptions, reduce } from './reduction.js';

/**
 * Mean absolute error: `|input - target|` per element, then the reduction (gradient 0 where
 * they are equal, as PyTorch).
 *
 * @example
 * ```ts
 * l1Loss(tensor([1, 2]), tensor([1, 4])).item(); // 1
 * ```
 */
export function l1Loss(input: Tensor, target: Tensor, options: ReductionOptions = {}): Tensor {
  checkOptions('l1Loss', options, ['reduction']);
  const reduction = checkReduction('l1Loss', options.reduction);
  const [x, t] = checkPair('l1Loss', input, target);
  return reduce(x.sub(t).abs(), reduction);
}

/**
 * {@link l1Loss} as a module.
 *
 * @example
 * ```ts
 * new L1Loss().forward(tensor([0, 0]), tensor([1, -3])).item(); // 2
 * ```
 */
export class L1Loss extends Loss {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'L1Loss';

  /**
   * @example
   * ```ts
   * new L1Loss({ reduction: 'none' }).forward(tensor([0]), tensor([-2])).toArray(); // [2]
   * ```
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, { reduction: this.reduction });
  }
}
