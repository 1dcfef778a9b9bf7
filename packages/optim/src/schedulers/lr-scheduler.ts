import { ValueError } from '@descent/core';
import { copyValue } from '../internal.js';
import { Optimizer, type OptimizerOptions } from '../optimizer.js';

/**
 * Any optimizer, as schedulers see it: parameter groups with a learning rate.
 *
 * @example
 * ```ts
 * const opt: SchedulableOptimizer = new SGD([w], { lr: 0.1 });
 * ```
 */
export type SchedulableOptimizer = Optimizer<OptimizerOptions, object>;

/**
 * A scheduler's state: its counters and hyperparameters (PyTorch saves every attribute but the
 * optimizer; functions such as LambdaLR's are not saved). A deep copy, safe to keep.
 *
 * @example
 * ```ts
 * const saved: LRSchedulerStateDict = scheduler.stateDict();
 * saved.lastEpoch; // 3
 * ```
 */
export type LRSchedulerStateDict = Record<string, unknown>;

/**
 * Options every epoch-based scheduler takes.
 *
 * @example
 * ```ts
 * new StepLR(opt, 10, { gamma: 0.5, lastEpoch: -1 });
 * ```
 */
export interface LRSchedulerOptions {
  /**
   * The index of the last epoch (default -1: start fresh, setting each group's `initialLr` to its
   * `lr`). To resume, give the epoch and make sure every group has `initialLr`.
   */
  lastEpoch?: number;
}

/** Whether a state entry is a function (or a list of them), which state dicts leave out. */
function isCode(value: unknown): boolean {
  return (
    typeof value === 'function' ||
    (Array.isArray(value) && value.some((v) => typeof v === 'function'))
  );
}

/** Every own property of `owner` but `optimizer` and functions, deep-copied. */
export function saveState(owner: object): LRSchedulerStateDict {
  const out: LRSchedulerStateDict = {};
  for (const [key, value] of Object.entries(owner)) {
    if (key === 'optimizer' || isCode(value)) continue;
    out[key] = copyValue(value);
  }
  return out;
}

/** Copies the entries of `state` that `owner` has (PyTorch's `__dict__.update`, restricted). */
export function loadState(owner: object, state: LRSchedulerStateDict): void {
  const target = owner as Record<string, unknown>;
  for (const [key, value] of Object.entries(state)) {
    if (key === 'optimizer' || !Object.hasOwn(owner, key) || isCode(target[key])) continue;
    target[key] = copyValue(value);
  }
}

/** Throws unless `optimizer` is an {@link Optimizer}. */
export function checkOptimizer(optimizer: unknown): SchedulableOptimizer {
  if (!(optimizer instanceof Optimizer)) {
    const name =
      optimizer === null || optimizer === undefined
        ? String(optimizer)
        : ((optimizer as object).constructor?.name ?? typeof optimizer);
    throw new ValueError(`${name} is not an Optimizer`);
  }
  return optimizer as SchedulableOptimizer;
}

/**
 * The base class of epoch-based learning-rate schedulers (PyTorch's `LRScheduler`). Each
 * `step()` advances `lastEpoch` and sets every group's `lr` from {@link LRScheduler.getLr}.
 * Call `optimizer.step()` first, then `scheduler.step()`, as in PyTorch.
 *
 * To write a scheduler, extend it, implement `getLr()`, and call `this.initialStep()` at the end
 * of the constructor, once the subclass's own fields are set (JavaScript cannot set them before
 * `super()`, which is where PyTorch takes this step).
 *
 * @example
 * ```ts
 * class HalveEveryEpoch extends LRScheduler {
 *   constructor(optimizer: SchedulableOptimizer) {
 *     super(optimizer);
 *     this.initialStep();
 *   }
 *   protected getLr(): number[] {
 *     return this.baseLrs.map((lr) => lr * 0.5 ** this.lastEpoch);
 *   }
 * }
 * ```
 */
export abstract class LRScheduler {
  /** The optimizer whose groups' learning rates this scheduler sets. */
  readonly optimizer: SchedulableOptimizer;
  /** Each group's starting learning rate (its `initialLr`). */
  baseLrs: number[];
  /** The number of `step()` calls so far minus one: the current epoch. */
  lastEpoch: number;
  /** Number of `step()` calls, including the one the constructor makes (PyTorch's `_step_count`). */
  protected stepCount = 0;
  /** The learning rates the last `step()` set (PyTorch's `_last_lr`). */
  protected lastLr: number[] = [];

  /**
   * Sets each group's `initialLr` (when `lastEpoch` is -1) and `baseLrs`. Subclasses call
   * `this.initialStep()` once their own fields are set.
   *
   * @example
   * ```ts
   * super(optimizer, options.lastEpoch ?? -1);
   * ```
   */
  protected constructor(optimizer: SchedulableOptimizer, lastEpoch = -1) {
    this.optimizer = checkOptimizer(optimizer);
    const groups = this.optimizer.paramGroups;
    if (lastEpoch === -1) {
      for (const group of groups) if (group.initialLr === undefined) group.initialLr = group.lr;
    } else {
      groups.forEach((group, i) => {
        if (group.initialLr === undefined) {
          throw new ValueError(
            `param 'initialLr' is not specified in paramGroups[${i}] when resuming an optimizer`,
          );
        }
      });
    }
    this.baseLrs = groups.map((group) => group.initialLr as number);
    this.lastEpoch = lastEpoch;
  }

  /**
   * The first step, taken when the scheduler is built: sets the learning rates of epoch
   * `lastEpoch + 1` (for a fresh scheduler, epoch 0: usually the base rates).
   *
   * @example
   * ```ts
   * this.initialStep(); // last line of a subclass constructor
   * ```
   */
  protected initialStep(): void {
    this.stepCount = 0;
    this.step();
  }

  /**
   * The learning rates of epoch `lastEpoch`, one per group. PyTorch's schedulers compute most of
   * them from the groups' current `lr` (a chainable form), so follow the same recursion to match
   * them.
   *
   * @example
   * ```ts
   * protected getLr(): number[] {
   *   return this.optimizer.paramGroups.map((g) => g.lr * 0.9);
   * }
   * ```
   */
  protected abstract getLr(): number[];

  /**
   * Advances one epoch and sets every group's `lr`.
   *
   * @example
   * ```ts
   * for (let epoch = 0; epoch < 100; epoch++) {
   *   train(opt);
   *   scheduler.step();
   * }
   * ```
   */
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    const values = this.getLr();
    const groups = this.optimizer.paramGroups;
    const n = Math.min(groups.length, values.length);
    for (let i = 0; i < n; i++) (groups[i] as { lr: number }).lr = values[i] as number;
    this.lastLr = groups.map((group) => group.lr);
  }

  /**
   * The learning rates the last `step()` set, one per group.
   *
   * @example
   * ```ts
   * scheduler.getLastLr(); // [0.1]
   * ```
   */
  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  /**
   * The scheduler's state (counters and hyperparameters, not the optimizer), as a deep copy.
   * Save it together with the optimizer's state dict.
   *
   * @example
   * ```ts
   * const saved = { optimizer: opt.stateDict(), scheduler: scheduler.stateDict() };
   * ```
   */
  stateDict(): LRSchedulerStateDict {
    return saveState(this);
  }

  /**
   * Restores a state from {@link LRScheduler.stateDict}. Load the optimizer's state too: the
   * groups' `lr` lives there.
   *
   * @example
   * ```ts
   * opt.loadStateDict(saved.optimizer);
   * scheduler.loadStateDict(saved.scheduler);
   * ```
   */
  loadStateDict(stateDict: LRSchedulerStateDict): void {
    loadState(this, stateDict);
  }
}
