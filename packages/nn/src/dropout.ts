import { type Generator, rand, type Tensor } from '@descent/core';
import { checkFloating, checkNumber, checkOptions, checkTensor, formatNumber } from './checks.js';
import { Module } from './module.js';

/**
 * Options of {@link dropout}.
 *
 * @example
 * ```ts
 * dropout(x, { p: 0.2, training: true, generator: new Generator(0) });
 * ```
 */
export interface DropoutOptions {
  /** Probability of zeroing each element; default 0.5. */
  p?: number;
  /** Apply dropout (true, the default) or return the input unchanged. */
  training?: boolean;
  /** Generator for the mask (default: the global one). */
  generator?: Generator;
}

/**
 * Zeroes each element with probability `p` and scales the rest by `1 / (1 - p)`, so the
 * expected value is unchanged; the identity when not training or when `p = 0`.
 *
 * @example
 * ```ts
 * const y = dropout(ones([1000]), { p: 0.5, generator: new Generator(0) });
 * // about half the entries are 0, the others 2
 * ```
 */
export function dropout(input: Tensor, options: DropoutOptions = {}): Tensor {
  checkOptions('dropout', options, ['p', 'training', 'generator']);
  const x = checkFloating('dropout', checkTensor('dropout', input));
  const p = checkNumber('dropout', 'p', options.p ?? 0.5, 0, 1);
  if (options.training === false || p === 0) return x;
  if (p === 1) return x.mul(0);
  const keep = rand(x.shape, { dtype: x.dtype, generator: options.generator }).lt(1 - p);
  return x.mul(keep.to(x.dtype).mul(1 / (1 - p)));
}

/**
 * Dropout as a layer: in training mode zeroes each element with probability `p` (seeded by
 * `generator`) and scales the rest by `1 / (1 - p)`; in evaluation mode the identity.
 *
 * @example
 * ```ts
 * const drop = new Dropout(0.5, { generator: new Generator(0) });
 * drop.forward(ones([4])); // e.g. [2, 0, 2, 2]
 * drop.eval().forward(ones([4])).toArray(); // [1, 1, 1, 1]
 * ```
 */
export class Dropout extends Module {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'Dropout';

  /** Probability of zeroing an element. */
  readonly p: number;
  /** The generator drawing the masks (default: the global one). */
  generator: Generator | undefined;

  /**
   * @param p - Probability of zeroing an element; default 0.5.
   * @param options - `generator` for reproducible masks.
   *
   * @example
   * ```ts
   * new Dropout(0.1);
   * ```
   */
  constructor(p = 0.5, options: { generator?: Generator } = {}) {
    super();
    checkOptions('Dropout', options, ['generator']);
    this.p = checkNumber('Dropout', 'p', p, 0, 1);
    this.generator = options.generator;
  }

  /**
   * @example
   * ```ts
   * new Dropout(0.5).eval().forward(ones([2])).toArray(); // [1, 1]
   * ```
   */
  override forward(input: Tensor): Tensor {
    return dropout(input, { p: this.p, training: this.training, generator: this.generator });
  }

  /**
   * @example
   * ```ts
   * new Dropout(0.5).extraRepr(); // 'p=0.5'
   * ```
   */
  override extraRepr(): string {
    return `p=${formatNumber(this.p)}`;
  }
}
