import { LRScheduler, type LRSchedulerOptions, type SchedulableOptimizer } from './lr-scheduler.js';
import { type FieldCheck, fields, schedulerOptions } from './state.js';

const FIELDS = { gamma: fields.finite };

/**
 * Multiplies each group's learning rate by `gamma` every epoch (PyTorch's `ExponentialLR`):
 * `lr = initialLr · gamma^epoch`, computed recursively as PyTorch does.
 *
 * @example
 * ```ts
 * const opt = new SGD([w], { lr: 0.1 });
 * const scheduler = new ExponentialLR(opt, 0.9);
 * ```
 */
export class ExponentialLR extends LRScheduler {
  /** The decay factor per epoch. */
  gamma: number;

  /**
   * @param optimizer - the optimizer whose learning rates to set.
   * @param gamma - the decay factor per epoch.
   * @param options - `lastEpoch`.
   *
   * @example
   * ```ts
   * new ExponentialLR(opt, 0.95);
   * ```
   */
  constructor(optimizer: SchedulableOptimizer, gamma: number, options: LRSchedulerOptions = {}) {
    const o = schedulerOptions('ExponentialLR', options, { lastEpoch: fields.lastEpoch });
    FIELDS.gamma('ExponentialLR', 'gamma', gamma);
    super(optimizer, (o.lastEpoch as number | undefined) ?? -1, 'ExponentialLR');
    this.gamma = gamma;
    this.initialStep();
  }

  /**
   * `gamma` a finite number, as the constructor requires.
   *
   * @example
   * ```ts
   * scheduler.loadStateDict(saved); // uses stateChecks()
   * ```
   */
  protected override stateChecks(): Readonly<Record<string, FieldCheck>> {
    return FIELDS;
  }

  /**
   * The current rates times `gamma` (unchanged at epoch 0).
   *
   * @example
   * ```ts
   * scheduler.step(); // uses getLr()
   * ```
   */
  protected getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0) return groups.map((group) => group.lr);
    return groups.map((group) => group.lr * this.gamma);
  }
}
