import { type Tensor, ValueError, where } from '@descent/core';
import { checkNumber, checkOptions, formatNumber } from '../checks.js';
import { checkPair, checkReduction, Loss, type ReductionOptions, reduce } from './reduction.js';

/**
 * Options of {@link huberLoss}.
 *
 * @example
 * ```ts
 * huberLoss(input, target, { delta: 0.5, reduction: 'sum' });
 * ```
 */
export interface HuberOptions extends ReductionOptions {
  /** Where the loss turns from quadratic to linear; default 1, must be > 0. */
  delta?: number;
}

function checkDelta(where: string, delta: number | undefined): number {
  const value = checkNumber(where, 'delta', delta ?? 1);
  if (value <= 0) throw new ValueError(`${where}: delta must be > 0, got ${value}`);
  return value;
}

/**
 * Huber loss: `½d²` where `|d| < delta` and `delta·(|d| - ½delta)` elsewhere, with
 * `d = input - target`; quadratic near 0, linear (robust to outliers) far away.
 *
 * @example
 * ```ts
 * huberLoss(tensor([0, 0]), tensor([0.5, 3])).item(); // (0.125 + 2.5) / 2
 * ```
 */
export function huberLoss(input: Tensor, target: Tensor, options: HuberOptions = {}): Tensor {
  checkOptions('huberLoss', options, ['reduction', 'delta']);
  const reduction = checkReduction('huberLoss', options.reduction);
  const delta = checkDelta('huberLoss', options.delta);
  const [x, t] = checkPair('huberLoss', input, target);
  const d = x.sub(t);
  const z = d.abs();
  return reduce(where(z.lt(delta), d.square().mul(0.5), z.sub(0.5 * delta).mul(delta)), reduction);
}

/**
 * {@link huberLoss} as a module.
 *
 * @example
 * ```ts
 * new HuberLoss({ delta: 2 }).forward(prediction, target);
 * ```
 */
export class HuberLoss extends Loss {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'HuberLoss';

  /** Where the loss turns from quadratic to linear. */
  readonly delta: number;

  /**
   * @param options - `reduction` and `delta` (default 1).
   *
   * @example
   * ```ts
   * new HuberLoss({ delta: 0.5 });
   * ```
   */
  constructor(options: HuberOptions = {}) {
    super(options, ['reduction', 'delta']);
    this.delta = checkDelta('HuberLoss', options.delta);
  }

  /**
   * @example
   * ```ts
   * new HuberLoss().forward(tensor([0]), tensor([3])).item(); // 2.5
   * ```
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }

  /**
   * @example
   * ```ts
   * new HuberLoss().extraRepr(); // 'delta=1'
   * ```
   */
  override extraRepr(): string {
    return `delta=${formatNumber(this.delta)}`;
  }
}
