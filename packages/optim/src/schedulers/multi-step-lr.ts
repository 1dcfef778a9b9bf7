import { LRScheduler, type LRSchedulerOptions, type SchedulableOptimizer } from './lr-scheduler.js';

/**
 * Options of {@link MultiStepLR}.
 *
 * @example
 * ```ts
 * const options: MultiStepLROptions = { gamma: 0.5 };
 * ```
 */
export interface MultiStepLROptions extends LRSchedulerOptions {
  /** Factor the learning rate is multiplied by at each milestone (default 0.1). */
  gamma?: number;
}

/**
 * Multiplies each group's learning rate by `gamma` when the epoch reaches a milestone (PyTorch's
 * `MultiStepLR`). A milestone listed twice applies `gamma²`.
 *
 * @example
 * ```ts
 * const opt = new SGD([w], { lr: 0.1 });
 * const scheduler = new MultiStepLR(opt, [30, 80], { gamma: 0.1 }); // 0.1, then 0.01, then 0.001
 * ```
 */
export class MultiStepLR extends LRScheduler {
  /** The milestones (epochs), sorted; repeats count. */
  milestones: number[];
  /** The decay factor. */
  gamma: number;

  /**
   * @param optimizer - the optimizer whose learning rates to set.
   * @param milestones - the epochs at which to decay.
   * @param options - `gamma` (default 0.1) and `lastEpoch`.
   *
   * @example
   * ```ts
   * new MultiStepLR(opt, [10, 20], { gamma: 0.5 });
   * ```
   */
  constructor(
    optimizer: SchedulableOptimizer,
    milestones: readonly number[],
    options: MultiStepLROptions = {},
  ) {
    super(optimizer, options.lastEpoch ?? -1);
    this.milestones = [...milestones].sort((a, b) => a - b);
    this.gamma = options.gamma ?? 0.1;
    this.initialStep();
  }

  /**
   * The current rates, times `gamma` to the number of milestones at this epoch.
   *
   * @example
   * ```ts
   * scheduler.step(); // uses getLr()
   * ```
   */
  protected getLr(): number[] {
    let count = 0;
    for (const m of this.milestones) if (m === this.lastEpoch) count++;
    const groups = this.optimizer.paramGroups;
    if (count === 0) return groups.map((group) => group.lr);
    return groups.map((group) => group.lr * this.gamma ** count);
  }
}
