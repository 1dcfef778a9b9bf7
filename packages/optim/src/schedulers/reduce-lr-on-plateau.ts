import { Tensor, ValueError } from '@descent/core';
import { describeValue } from '../validate.js';
import { checkOptimizer, type SchedulableOptimizer } from './lr-scheduler.js';
import {
  type FieldCheck,
  fields,
  type LRSchedulerStateDict,
  loadState,
  saveState,
  schedulerOptions,
} from './state.js';

const NAME = 'ReduceLROnPlateau';

/** The reduction factor: a finite number in [0, 1), with PyTorch's message when it is ≥ 1. */
const factorCheck: FieldCheck = (where, name, value) => {
  fields.nonNegative(where, name, value);
  if (!((value as number) < 1)) throw new ValueError('Factor should be < 1.0.');
  return value;
};

/** One lower bound for every group, or one per group: a finite number ≥ 0 each. */
const minLrCheck: FieldCheck = (where, name, value) =>
  typeof value === 'number'
    ? fields.nonNegative(where, name, value)
    : (
        fields.perGroup(Array.isArray(value) ? value.length : 0)(where, name, value) as number[]
      ).map((v) => fields.nonNegative(where, name, v));

/** The checks of the options, which are also the checks of the saved fields of the same name. */
const OPTION_FIELDS: Readonly<Record<string, FieldCheck>> = {
  mode: fields.oneOf('min', 'max'),
  factor: factorCheck,
  patience: fields.count,
  threshold: fields.nonNegative,
  thresholdMode: fields.oneOf('rel', 'abs'),
  cooldown: fields.count,
  minLr: minLrCheck,
  eps: fields.nonNegative,
};

/** The best metric so far: any number but NaN. */
const bestCheck: FieldCheck = (where, name, value) => {
  if (typeof value === 'number' && !Number.isNaN(value)) return value;
  throw new ValueError(
    `${where}: ${name} must be a number (±Infinity before the first step), got ${describeValue(value)}`,
  );
};

/**
 * Options of {@link ReduceLROnPlateau} (PyTorch's names in camelCase, same defaults).
 *
 * @example
 * ```ts
 * const options: ReduceLROnPlateauOptions = { mode: 'max', patience: 5, factor: 0.5 };
 * ```
 */
export interface ReduceLROnPlateauOptions {
  /** `'min'`: reduce when the metric stops decreasing (default); `'max'`: stops increasing. */
  mode?: 'min' | 'max';
  /** Factor the learning rate is multiplied by (default 0.1; must be < 1). */
  factor?: number;
  /** Epochs without improvement tolerated before reducing (default 10). */
  patience?: number;
  /** How much better than the best a metric must be to count as an improvement (default 1e-4). */
  threshold?: number;
  /**
   * `'rel'` (default): better than `best·(1 ∓ threshold)`; `'abs'`: better than
   * `best ∓ threshold`.
   */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again (default 0). */
  cooldown?: number;
  /** Lower bound on the learning rate, one for all groups or one per group (default 0). */
  minLr?: number | readonly number[];
  /** Reductions smaller than this are skipped (default 1e-8). */
  eps?: number;
}

/**
 * Reduces the learning rate when a metric has stopped improving (PyTorch's `ReduceLROnPlateau`):
 * after more than `patience` epochs without an improvement of `threshold`, every group's `lr` is
 * multiplied by `factor` (not below `minLr`), followed by `cooldown` epochs of rest. Pass the
 * metric to `step(metric)`.
 *
 * @example
 * ```ts
 * const opt = new SGD([w], { lr: 0.1 });
 * const scheduler = new ReduceLROnPlateau(opt, { patience: 2, factor: 0.5 });
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   train(opt);
 *   scheduler.step(validationLoss());
 * }
 * ```
 */
export class ReduceLROnPlateau {
  /** The optimizer whose learning rates this scheduler reduces. */
  readonly optimizer: SchedulableOptimizer;
  /** `'min'` or `'max'`. */
  mode: 'min' | 'max';
  /** The reduction factor. */
  factor: number;
  /** Epochs without improvement tolerated. */
  patience: number;
  /** Improvement threshold. */
  threshold: number;
  /** `'rel'` or `'abs'`. */
  thresholdMode: 'rel' | 'abs';
  /** Epochs of rest after a reduction. */
  cooldown: number;
  /** Epochs of rest left. */
  cooldownCounter = 0;
  /** Lower bound on each group's learning rate. */
  minLrs: number[];
  /** Smallest reduction applied. */
  eps: number;
  /** The best metric so far (±Infinity before the first step). */
  best: number;
  /** Consecutive epochs without improvement. */
  numBadEpochs = 0;
  /** The number of `step()` calls. */
  lastEpoch = 0;
  /** The learning rates after the last `step()`. */
  protected lastLr: number[];

  /**
   * @param optimizer - the optimizer whose learning rates to reduce.
   * @param options - see {@link ReduceLROnPlateauOptions}.
   *
   * @example
   * ```ts
   * new ReduceLROnPlateau(opt, { mode: 'max', threshold: 0.01, thresholdMode: 'abs' });
   * ```
   */
  constructor(optimizer: SchedulableOptimizer, options: ReduceLROnPlateauOptions = {}) {
    const o = schedulerOptions(NAME, options, OPTION_FIELDS);
    this.optimizer = checkOptimizer(NAME, optimizer);
    const groups = this.optimizer.paramGroups.length;
    const minLr = (o.minLr as number | number[] | undefined) ?? 0;
    if (typeof minLr === 'number') {
      this.minLrs = new Array<number>(groups).fill(minLr);
    } else {
      if (minLr.length !== groups) {
        throw new ValueError(`expected ${groups} minLrs, got ${minLr.length}`);
      }
      this.minLrs = minLr;
    }
    this.factor = (o.factor as number | undefined) ?? 0.1;
    this.patience = (o.patience as number | undefined) ?? 10;
    this.cooldown = (o.cooldown as number | undefined) ?? 0;
    this.mode = (o.mode as 'min' | 'max' | undefined) ?? 'min';
    this.threshold = (o.threshold as number | undefined) ?? 1e-4;
    this.thresholdMode = (o.thresholdMode as 'rel' | 'abs' | undefined) ?? 'rel';
    this.eps = (o.eps as number | undefined) ?? 1e-8;
    this.best = this.modeWorse();
    this.lastLr = this.optimizer.paramGroups.map((group) => group.lr);
  }

  private modeWorse(): number {
    return this.mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }

  /**
   * Whether the scheduler is resting after a reduction.
   *
   * @example
   * ```ts
   * if (scheduler.inCooldown) console.log('resting after a reduction');
   * ```
   */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /**
   * Whether `a` improves on `best` by more than the threshold.
   *
   * @example
   * ```ts
   * new ReduceLROnPlateau(opt, { threshold: 0.1 }).isBetter(0.85, 1); // true
   * ```
   */
  isBetter(a: number, best: number): boolean {
    if (typeof a !== 'number' || typeof best !== 'number') {
      throw new ValueError(
        `${NAME}.isBetter: expected two numbers, got ${describeValue(a)} and ${describeValue(best)}`,
      );
    }
    if (this.mode === 'min') {
      return this.thresholdMode === 'rel'
        ? a < best * (1 - this.threshold)
        : a < best - this.threshold;
    }
    return this.thresholdMode === 'rel'
      ? a > best * (this.threshold + 1)
      : a > best + this.threshold;
  }

  /**
   * Records the epoch's metric (a number or a one-element tensor) and reduces the learning rates
   * if it has not improved for more than `patience` epochs.
   *
   * @example
   * ```ts
   * scheduler.step(valLoss);
   * ```
   */
  step(metric: number | Tensor): void {
    let current: number;
    if (typeof metric === 'number') current = metric;
    else if (metric instanceof Tensor && metric.size === 1) current = Number(metric.data[0]);
    else {
      throw new ValueError(
        `${NAME}.step: metric must be a number or a one-element tensor, got ${describeValue(metric)}`,
      );
    }
    this.lastEpoch += 1;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0; // bad epochs in cooldown do not count
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((group) => group.lr);
  }

  private reduceLr(): void {
    this.optimizer.paramGroups.forEach((group, i) => {
      const oldLr = group.lr;
      const newLr = Math.max(oldLr * this.factor, this.minLrs[i] ?? 0);
      if (oldLr - newLr > this.eps) group.lr = newLr;
    });
  }

  /**
   * The learning rates after the last `step()` (the groups' rates before the first).
   *
   * @example
   * ```ts
   * scheduler.getLastLr(); // [0.05]
   * ```
   */
  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  /**
   * The scheduler's state (counters, best metric, hyperparameters), as a deep copy. `best` may
   * be ±Infinity, which `JSON.stringify` writes as null.
   *
   * @example
   * ```ts
   * const saved = scheduler.stateDict();
   * ```
   */
  stateDict(): LRSchedulerStateDict {
    return saveState(this);
  }

  /**
   * Restores a state from {@link ReduceLROnPlateau.stateDict} (a `best` of null, as JSON writes
   * ±Infinity, is taken as the start value). It must hold exactly this scheduler's fields with
   * values its constructor would accept; otherwise it throws a `ValueError` and changes nothing.
   *
   * @example
   * ```ts
   * scheduler.loadStateDict(saved);
   * ```
   */
  loadStateDict(stateDict: LRSchedulerStateDict): void {
    const groups = this.optimizer.paramGroups.length;
    // JSON writes the ±Infinity of a scheduler that has not stepped yet as null.
    const saved =
      stateDict !== null && typeof stateDict === 'object' && stateDict.best === null
        ? { ...stateDict, best: stateDict.mode === 'max' ? -Infinity : Infinity }
        : stateDict;
    loadState(this, `${NAME}.loadStateDict`, saved, {
      ...OPTION_FIELDS,
      minLrs: (where, name, value) =>
        (fields.perGroup(groups)(where, name, value) as number[]).map((v) =>
          fields.nonNegative(where, name, v),
        ),
      cooldownCounter: fields.count,
      best: bestCheck,
      numBadEpochs: fields.count,
      lastEpoch: fields.count,
      lastLr: fields.perGroup(groups),
    });
  }
}
