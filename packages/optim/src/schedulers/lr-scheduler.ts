import { ValueError } from '@descent/core';
import { Optimizer } from '../optimizer.js';
import { describeValue } from '../validate.js';
import {
  type FieldCheck,
  fields,
  type LRSchedulerStateDict,
  loadState,
  saveState,
} from './state.js';

export type { FieldCheck, LRSchedulerStateDict } from './state.js';

/**
 * Any optimizer, as schedulers see it: parameter groups with a learning rate.
 *
 * @example
 * ```ts
 * const opt: SchedulableOptimizer = new SGD([w], { lr: 0.1 });
 * ```
 */
export type SchedulableOptimizer = Optimizer;

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

/** Throws unless `optimizer` is an {@link Optimizer}; `where` names the scheduler. */
export function checkOptimizer(where: string, optimizer: unknown): SchedulableOptimizer {
  if (!(optimizer instanceof Optimizer)) {
    throw new ValueError(
      `${where}: expected an optimizer such as new SGD(model.parameters(), { lr: 0.1 }), got ${describeValue(optimizer)}`,
    );
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
  /** The name errors use (given by descent's schedulers: a minifier renames classes). */
  readonly #name: string;

  /**
   * Sets each group's `initialLr` (when `lastEpoch` is -1) and `baseLrs`. Subclasses check their
   * own arguments before calling it (a constructor that throws must leave the optimizer as it
   * was) and call `this.initialStep()` once their own fields are set.
   *
   * @param optimizer - the optimizer whose learning rates to set.
   * @param lastEpoch - the last epoch (-1 to start fresh).
   * @param name - the scheduler's name in error messages (default: the class's name).
   *
   * @example
   * ```ts
   * super(optimizer, options.lastEpoch ?? -1);
   * ```
   */
  protected constructor(optimizer: SchedulableOptimizer, lastEpoch = -1, name = new.target.name) {
    this.#name = name;
    this.optimizer = checkOptimizer(name, optimizer);
    fields.lastEpoch(name, 'lastEpoch', lastEpoch);
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
  step(...args: never[]): void {
    if (args.length > 0) {
      throw new ValueError(
        `${this.#name}.step: takes no arguments (PyTorch's deprecated epoch argument is not supported), got ${args.length}`,
      );
    }
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
   * Restores a state from {@link LRScheduler.stateDict}. It must hold exactly the fields this
   * scheduler saves, with values its constructor would accept; otherwise it throws a
   * `ValueError` and changes nothing. Load the optimizer's state too: the groups' `lr` lives
   * there.
   *
   * @example
   * ```ts
   * opt.loadStateDict(saved.optimizer);
   * scheduler.loadStateDict(saved.scheduler);
   * ```
   */
  loadStateDict(stateDict: LRSchedulerStateDict): void {
    const groups = this.optimizer.paramGroups.length;
    loadState(this, `${this.#name}.loadStateDict`, stateDict, {
      baseLrs: fields.perGroup(groups),
      lastLr: fields.perGroup(groups),
      lastEpoch: fields.lastEpoch,
      stepCount: fields.count,
      ...this.stateChecks(),
    });
  }

  /**
   * The checks {@link LRScheduler.loadStateDict} applies to the scheduler's own fields, by name
   * (the same its constructor applies to its arguments). A field without one must keep the type
   * of its current value. Override it in a scheduler with fields of its own.
   *
   * @example
   * ```ts
   * protected override stateChecks() {
   *   return { gamma: (where: string, name: string, value: unknown) => checkGamma(value) };
   * }
   * ```
   */
  protected stateChecks(): Readonly<Record<string, FieldCheck>> {
    return {};
  }
}
