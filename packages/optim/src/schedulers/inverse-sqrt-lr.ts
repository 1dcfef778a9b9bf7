import { ValueError } from '@descent/core';
import { describeValue } from '../validate.js';
import { LambdaLR } from './lambda-lr.js';
import type { LRSchedulerOptions, SchedulableOptimizer } from './lr-scheduler.js';

/**
 * The multiplier of {@link InverseSqrtLR}: `1 / √(t + 1)`.
 *
 * @example
 * ```ts
 * inverseSqrt(3); // 0.5
 * ```
 */
export function inverseSqrt(epoch: number): number {
  if (typeof epoch !== 'number' || !(epoch >= 0)) {
    throw new ValueError(`inverseSqrt: epoch must be a number >= 0, got ${describeValue(epoch)}`);
  }
  return 1 / Math.sqrt(epoch + 1);
}

/**
 * The lecture's decaying learning rate `η_t = η / √(t + 1)`: large steps at first, smaller ones
 * as training goes on. It is {@link LambdaLR} with the multiplier {@link inverseSqrt}, so it
 * computes `η · (1 / √(t + 1))` exactly as PyTorch's
 * `LambdaLR(opt, lambda t: 1 / math.sqrt(t + 1))`. `t` counts `scheduler.step()` calls: call it
 * once per update for the lecture's per-iteration schedule, or once per epoch.
 *
 * @example
 * ```ts
 * const opt = new SGD([w], { lr: 0.5 });
 * const scheduler = new InverseSqrtLR(opt);
 * for (let t = 0; t < 100; t++) {
 *   opt.zeroGrad();
 *   loss().backward();
 *   opt.step(); // uses 0.5 / √(t + 1)
 *   scheduler.step();
 * }
 * ```
 */
export class InverseSqrtLR extends LambdaLR {
  /** The name errors use for this class (a minifier renames classes). */
  static override readonly displayName: string = 'InverseSqrtLR';

  /**
   * @param optimizer - the optimizer whose learning rates to set.
   * @param options - `lastEpoch`.
   *
   * @example
   * ```ts
   * new InverseSqrtLR(opt);
   * ```
   */
  constructor(optimizer: SchedulableOptimizer, options: LRSchedulerOptions = {}) {
    super(optimizer, inverseSqrt, options);
  }
}
