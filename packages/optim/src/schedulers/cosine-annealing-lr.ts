import { LRScheduler, type LRSchedulerOptions, type SchedulableOptimizer } from './lr-scheduler.js';
import { type FieldCheck, fields, schedulerOptions } from './state.js';

const FIELDS = { tMax: fields.positive, etaMin: fields.finite };

/**
 * Options of {@link CosineAnnealingLR}.
 *
 * @example
 * ```ts
 * const options: CosineAnnealingLROptions = { etaMin: 1e-4 };
 * ```
 */
export interface CosineAnnealingLROptions extends LRSchedulerOptions {
  /** The lowest learning rate (default 0). */
  etaMin?: number;
}

/**
 * Anneals each group's learning rate from its initial value to `etaMin` along half a cosine over
 * `tMax` epochs, then back up (PyTorch's `CosineAnnealingLR`, without restarts). It uses PyTorch
 * 1.13's recursive form, so it also follows changes made to `lr` by others, and its trajectory
 * matches PyTorch's step for step; in closed form it is
 * `etaMin + (initialLr − etaMin)(1 + cos(π·epoch / tMax)) / 2`.
 *
 * @example
 * ```ts
 * const opt = new SGD([w], { lr: 0.1 });
 * const scheduler = new CosineAnnealingLR(opt, 50, { etaMin: 1e-4 });
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  /** Half the period, in epochs. */
  tMax: number;
  /** The lowest learning rate. */
  etaMin: number;

  /**
   * @param optimizer - the optimizer whose learning rates to set.
   * @param tMax - the number of epochs from the initial rate down to `etaMin` (positive).
   * @param options - `etaMin` (default 0) and `lastEpoch`.
   *
   * @example
   * ```ts
   * new CosineAnnealingLR(opt, 100);
   * ```
   */
  constructor(
    optimizer: SchedulableOptimizer,
    tMax: number,
    options: CosineAnnealingLROptions = {},
  ) {
    const o = schedulerOptions('CosineAnnealingLR', options, {
      etaMin: FIELDS.etaMin,
      lastEpoch: fields.lastEpoch,
    });
    FIELDS.tMax('CosineAnnealingLR', 'tMax', tMax);
    super(optimizer, (o.lastEpoch as number | undefined) ?? -1, 'CosineAnnealingLR');
    this.tMax = tMax;
    this.etaMin = (o.etaMin as number | undefined) ?? 0;
    this.initialStep();
  }

  /**
   * `tMax` a finite number > 0 and `etaMin` a finite number, as the constructor requires.
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
   * PyTorch's recursive cosine step.
   *
   * @example
   * ```ts
   * scheduler.step(); // uses getLr()
   * ```
   */
  protected getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const { lastEpoch: epoch, tMax, etaMin } = this;
    if (epoch === 0) return groups.map((group) => group.lr);
    if (this.stepCount === 1 && epoch > 0) {
      return this.baseLrs.map(
        (base) => etaMin + ((base - etaMin) * (1 + Math.cos((epoch * Math.PI) / tMax))) / 2,
      );
    }
    // (epoch - 1 - tMax) % (2 tMax) == 0 in Python; JavaScript's % keeps the sign, but only the
    // zero test matters and -0 === 0.
    if ((epoch - 1 - tMax) % (2 * tMax) === 0) {
      return groups.map(
        (group, i) =>
          group.lr + (((this.baseLrs[i] as number) - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2,
      );
    }
    return groups.map(
      (group) =>
        ((1 + Math.cos((Math.PI * epoch) / tMax)) /
          (1 + Math.cos((Math.PI * (epoch - 1)) / tMax))) *
          (group.lr - etaMin) +
        etaMin,
    );
  }
}
