import { LRScheduler, type LRSchedulerOptions, type SchedulableOptimizer } from './lr-scheduler.js';
import { type FieldCheck, fields, schedulerOptions } from './state.js';

const FIELDS = { stepSize: fields.positiveCount, gamma: fields.finite };

/**
 * Options of {@link StepLR}.
 *
 * @example
 * ```ts
 * const options: StepLROptions = { gamma: 0.5 };
 * ```
 */
export interface StepLROptions extends LRSchedulerOptions {
  /** Factor the learning rate is multiplied by every `stepSize` epochs (default 0.1). */
  gamma?: number;
}

/**
 * Multiplies each group's learning rate by `gamma` every `stepSize` epochs (PyTorch's `StepLR`):
 * `lr = initialLr · gamma^⌊epoch / stepSize⌋`, computed recursively as PyTorch does.
 *
 * @example
 * ```ts
 * const opt = new SGD([w], { lr: 0.1 });
 * const scheduler = new StepLR(opt, 30, { gamma: 0.1 }); // 0.1 for 30 epochs, 0.01 for 30, …
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   train(opt);
 *   scheduler.step();
 * }
 * ```
 */
export class StepLR extends LRScheduler {
  /** The period of the decay, in epochs. */
  stepSize: number;
  /** The decay factor. */
  gamma: number;

  /**
   * @param optimizer - the optimizer whose learning rates to set.
   * @param stepSize - the period of the decay, in epochs (a positive whole number).
   * @param options - `gamma` (default 0.1) and `lastEpoch`.
   *
   * @example
   * ```ts
   * new StepLR(opt, 10, { gamma: 0.5 });
   * ```
   */
  constructor(optimizer: SchedulableOptimizer, stepSize: number, options: StepLROptions = {}) {
    const o = schedulerOptions('StepLR', options, {
      gamma: FIELDS.gamma,
      lastEpoch: fields.lastEpoch,
    });
    FIELDS.stepSize('StepLR', 'stepSize', stepSize);
    super(optimizer, (o.lastEpoch as number | undefined) ?? -1, 'StepLR');
    this.stepSize = stepSize;
    this.gamma = (o.gamma as number | undefined) ?? 0.1;
    this.initialStep();
  }

  /**
   * `stepSize` a whole number ≥ 1 and `gamma` a finite number, as the constructor requires.
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
   * The current rates, multiplied by `gamma` at every multiple of `stepSize`.
   *
   * @example
   * ```ts
   * scheduler.step(); // uses getLr()
   * ```
   */
  protected getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) {
      return groups.map((group) => group.lr);
    }
    return groups.map((group) => group.lr * this.gamma);
  }
}
