import { ValueError } from '@descent/core';
import { LRScheduler, type LRSchedulerOptions, type SchedulableOptimizer } from './lr-scheduler.js';

/**
 * A learning-rate multiplier as a function of the epoch (0, 1, 2, …).
 *
 * @example
 * ```ts
 * const warmup: LRLambda = (epoch) => Math.min(1, (epoch + 1) / 5);
 * ```
 */
export type LRLambda = (epoch: number) => number;

/**
 * Sets each group's learning rate to its initial rate times a function of the epoch (PyTorch's
 * `LambdaLR`): `lr = initialLr · lrLambda(epoch)`. Give one function, or one per group. The
 * functions are not part of the state dict.
 *
 * @example
 * ```ts
 * const opt = new SGD([w], { lr: 0.1 });
 * const warmup = new LambdaLR(opt, (epoch) => Math.min(1, (epoch + 1) / 5));
 * ```
 */
export class LambdaLR extends LRScheduler {
  /** One multiplier function per group. */
  readonly lrLambdas: LRLambda[];

  /**
   * @param optimizer - the optimizer whose learning rates to set.
   * @param lrLambda - the multiplier, or one per parameter group.
   * @param options - `lastEpoch`.
   *
   * @example
   * ```ts
   * new LambdaLR(opt, [(e) => 0.95 ** e, (e) => 1 / (e + 1)]); // two groups
   * ```
   */
  constructor(
    optimizer: SchedulableOptimizer,
    lrLambda: LRLambda | readonly LRLambda[],
    options: LRSchedulerOptions = {},
  ) {
    super(optimizer, options.lastEpoch ?? -1);
    const groups = this.optimizer.paramGroups.length;
    if (typeof lrLambda === 'function') {
      this.lrLambdas = Array.from({ length: groups }, () => lrLambda);
    } else {
      if (lrLambda.length !== groups) {
        throw new ValueError(`Expected ${groups} lrLambdas, but got ${lrLambda.length}`);
      }
      this.lrLambdas = [...lrLambda];
    }
    this.initialStep();
  }

  /**
   * Each group's initial rate times its function of `lastEpoch`.
   *
   * @example
   * ```ts
   * scheduler.step(); // uses getLr()
   * ```
   */
  protected getLr(): number[] {
    const n = Math.min(this.lrLambdas.length, this.baseLrs.length);
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      out.push((this.baseLrs[i] as number) * (this.lrLambdas[i] as LRLambda)(this.lastEpoch));
    }
    return out;
  }
}
