import { ValueError } from '@descent/core';
import { describeValue, displayNameOf } from '../validate.js';
import { LRScheduler, type LRSchedulerOptions, type SchedulableOptimizer } from './lr-scheduler.js';
import { fields, schedulerOptions } from './state.js';

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
  /**
   * The name errors use for this class (a minifier renames classes); a subclass without its own
   * `displayName` is named by its class name.
   */
  static readonly displayName: string = 'LambdaLR';
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
    const name = displayNameOf(new.target);
    const o = schedulerOptions(name, options, { lastEpoch: fields.lastEpoch });
    const isList = Array.isArray(lrLambda) && lrLambda.every((f) => typeof f === 'function');
    if (typeof lrLambda !== 'function' && !isList) {
      throw new ValueError(
        `${name}: lrLambda must be a function of the epoch or an array of them, got ${describeValue(lrLambda)}`,
      );
    }
    const groups = (optimizer as { paramGroups?: unknown[] } | null)?.paramGroups?.length;
    if (isList && (lrLambda as readonly LRLambda[]).length !== groups && groups !== undefined) {
      throw new ValueError(
        `Expected ${groups} lrLambdas, but got ${(lrLambda as readonly LRLambda[]).length}`,
      );
    }
    super(optimizer, (o.lastEpoch as number | undefined) ?? -1, name);
    this.lrLambdas =
      typeof lrLambda === 'function'
        ? Array.from({ length: this.optimizer.paramGroups.length }, () => lrLambda)
        : [...lrLambda];
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
      const factor: unknown = (this.lrLambdas[i] as LRLambda)(this.lastEpoch);
      if (typeof factor !== 'number' || Number.isNaN(factor)) {
        throw new ValueError(
          `${displayNameOf(this.constructor)}: lrLambda of group ${i} returned ${describeValue(factor)} at epoch ${this.lastEpoch}; expected a number`,
        );
      }
      out.push((this.baseLrs[i] as number) * factor);
    }
    return out;
  }
}
