import { flatten, type Tensor } from '@descent/core';
import { checkInteger, checkTensor } from './checks.js';
import { Module } from './module.js';

/**
 * Returns its input unchanged: a placeholder, e.g. to switch a layer off.
 *
 * @example
 * ```ts
 * const x = randn([2]);
 * new Identity().forward(x) === x; // true
 * ```
 */
export class Identity extends Module {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'Identity';

  /**
   * @example
   * ```ts
   * new Identity().forward(ones([3])).toArray(); // [1, 1, 1]
   * ```
   */
  override forward(input: Tensor): Tensor {
    return checkTensor('Identity', input);
  }
}

/**
 * Merges dims `startDim`…`endDim` into one (defaults 1 and -1: everything but the batch dim).
 *
 * @example
 * ```ts
 * new Flatten().forward(zeros([8, 3, 4])).shape; // [8, 12]
 * ```
 */
export class Flatten extends Module {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'Flatten';

  /** First dim to merge. */
  readonly startDim: number;
  /** Last dim to merge. */
  readonly endDim: number;

  /**
   * @param startDim - First dim to merge; default 1.
   * @param endDim - Last dim to merge; default -1.
   *
   * @example
   * ```ts
   * new Flatten(0).forward(zeros([2, 3])).shape; // [6]
   * ```
   */
  constructor(startDim = 1, endDim = -1) {
    super();
    this.startDim = checkInteger('Flatten', 'startDim', startDim, -Infinity);
    this.endDim = checkInteger('Flatten', 'endDim', endDim, -Infinity);
  }

  /**
   * @example
   * ```ts
   * new Flatten().forward(zeros([2, 2, 2])).shape; // [2, 4]
   * ```
   */
  override forward(input: Tensor): Tensor {
    return flatten(checkTensor('Flatten', input), this.startDim, this.endDim);
  }

  /**
   * @example
   * ```ts
   * new Flatten().extraRepr(); // 'startDim=1, endDim=-1'
   * ```
   */
  override extraRepr(): string {
    return `startDim=${this.startDim}, endDim=${this.endDim}`;
  }
}
