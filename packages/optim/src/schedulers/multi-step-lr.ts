import { ValueError } from '@descent/core';
import { describeValue } from '../validate.js';
import { LRScheduler, type LRSchedulerOptions, type SchedulableOptimizer } from './lr-scheduler.js';
import { type FieldCheck, fields, schedulerOptions } from './state.js';

/** Milestones: whole numbers, returned sorted (repeats count). */
const milestoneList: FieldCheck = (where, name, value) => {
  if (
    !Array.isArray(value) ||
    !value.every((m) => typeof m === 'number' && Number.isSafeInteger(m))
  ) {
    throw new ValueError(
      `${where}: ${name} must be an array of whole numbers, got ${describeValue(value)}`,
    );
  }
  return [...value].sort((a, b) => a - b);
};

const FIELDS = { milestones: milestoneList, gamma: fields.finite };

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
    const o = schedulerOptions('MultiStepLR', options, {
      gamma: FIELDS.gamma,
      lastEpoch: fields.lastEpoch,
    });
    const sorted = milestoneList('MultiStepLR', 'milestones', milestones) as number[];
    super(optimizer, (o.lastEpoch as number | undefined) ?? -1, 'MultiStepLR');
    this.milestones = sorted;
    this.gamma = (o.gamma as number | undefined) ?? 0.1;
    this.initialStep();
  }

  /**
   * `milestones` whole numbers and `gamma` a finite number, as the constructor requires.
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
