import { ShapeError, type Tensor, ValueError } from '@descent/core';
import { checkFloating, checkOptions, checkTensor, describe, formatShape } from '../checks.js';
import { Module } from '../module.js';
import { displayNameOf } from '../names.js';

/**
 * How a loss combines its per-element values: their `mean` (the default), their `sum`, or
 * `none` (the unreduced tensor).
 *
 * @example
 * ```ts
 * mseLoss(input, target, { reduction: 'sum' });
 * ```
 */
export type Reduction = 'mean' | 'sum' | 'none';

/**
 * The option every loss takes.
 *
 * @example
 * ```ts
 * const options: ReductionOptions = { reduction: 'none' };
 * ```
 */
export interface ReductionOptions {
  /** `mean` (default), `sum` or `none`. */
  reduction?: Reduction;
}

/** Throws unless `value` names a reduction; returns it (default 'mean'). */
export function checkReduction(where: string, value: unknown): Reduction {
  const reduction = value ?? 'mean';
  if (reduction === 'mean' || reduction === 'sum' || reduction === 'none') return reduction;
  throw new ValueError(
    `${where}: reduction must be 'mean', 'sum' or 'none', got ${describe(value)}`,
  );
}

/** Applies an unweighted reduction. */
export function reduce(losses: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return losses;
  return reduction === 'sum' ? losses.sum() : losses.mean();
}

/** Checks a loss's float input and a target of the same shape. */
export function checkPair(where: string, input: unknown, target: unknown): [Tensor, Tensor] {
  const x = checkFloating(where, checkTensor(where, input));
  const t = checkFloating(where, checkTensor(where, target, 'target'), 'target');
  if (formatShape(x.shape) !== formatShape(t.shape)) {
    throw new ShapeError(
      `${where}: target shape ${formatShape(t.shape)} must equal input shape ${formatShape(x.shape)} ` +
        '(PyTorch would broadcast with a warning; descent refuses, as it is almost always a bug)',
    );
  }
  return [x, t];
}

/**
 * The base class of the loss modules: holds the `reduction` and prints nothing extra, as
 * PyTorch's `_Loss`.
 *
 * @example
 * ```ts
 * const loss = new MSELoss({ reduction: 'sum' });
 * loss instanceof Loss; // true
 * loss.reduction; // 'sum'
 * ```
 */
export class Loss extends Module {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'Loss';

  /** How per-element losses are combined. */
  readonly reduction: Reduction;

  /**
   * @param options - `reduction` (default `mean`).
   * @param keys - the option keys the loss takes (checked for descent's own losses).
   *
   * @example
   * ```ts
   * class Zero extends Loss {
   *   override forward(input: Tensor): Tensor {
   *     return input.mul(0).sum();
   *   }
   * }
   * ```
   */
  constructor(options: ReductionOptions = {}, keys: readonly string[] = ['reduction']) {
    super();
    if (!Array.isArray(keys)) {
      throw new ValueError(`Loss: keys must be an array of option names, got ${describe(keys)}`);
    }
    // Option keys are checked for descent's losses; a subclass of yours may take its own.
    checkOptions(
      displayNameOf(this),
      options,
      Object.hasOwn(new.target, 'displayName') ? keys : undefined,
    );
    this.reduction = checkReduction(displayNameOf(this), options.reduction);
  }
}
