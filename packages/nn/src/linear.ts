import {
  DTypeError,
  type FloatDType,
  type Generator,
  linear,
  ShapeError,
  type Tensor,
  ValueError,
  zeros,
} from '@descent/core';
import { checkInteger, checkOptions, checkTensor, describe, formatShape } from './checks.js';
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/**
 * Options of {@link Linear}.
 *
 * @example
 * ```ts
 * new Linear(2, 3, { bias: false, dtype: 'float64', generator: new Generator(0) });
 * ```
 */
export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Parameter dtype (default float32). */
  dtype?: FloatDType;
  /** Generator for the initial weights (default: the global one). */
  generator?: Generator;
}

/**
 * A fully connected layer, `y = x·Wᵀ + b`, with `weight` of shape [outFeatures, inFeatures]
 * and `bias` of shape [outFeatures]. Inputs are [..., inFeatures]. Initialized as PyTorch
 * does: `kaimingUniform_(weight, { a: √5 })`, i.e. U(-1/√inFeatures, 1/√inFeatures), and the
 * bias from the same range.
 *
 * @example
 * ```ts
 * const fc = new Linear(2, 16);
 * fc.forward(randn([8, 2])).shape; // [8, 16]
 * String(fc); // 'Linear(inFeatures=2, outFeatures=16, bias=true)'
 * ```
 */
export class Linear extends Module {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'Linear';

  /** Size of each input sample. */
  readonly inFeatures: number;
  /** Size of each output sample. */
  readonly outFeatures: number;
  /** The learnable weight, [outFeatures, inFeatures]. */
  weight: Parameter;
  /** The learnable bias, [outFeatures], or null with `bias: false`. */
  bias: Parameter | null;

  /**
   * @param inFeatures - Size of each input sample.
   * @param outFeatures - Size of each output sample.
   * @param options - `bias`, `dtype`, `generator`.
   *
   * @example
   * ```ts
   * new Linear(4, 2, { bias: false });
   * ```
   */
  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    checkOptions('Linear', options, ['bias', 'dtype', 'generator']);
    super();
    this.inFeatures = checkInteger('Linear', 'inFeatures', inFeatures);
    this.outFeatures = checkInteger('Linear', 'outFeatures', outFeatures);
    const dtype = options.dtype ?? 'float32';
    if (dtype !== 'float32' && dtype !== 'float64') {
      throw new ValueError(`Linear: dtype must be 'float32' or 'float64', got ${describe(dtype)}`);
    }
    this.weight = new Parameter(zeros([outFeatures, inFeatures], { dtype }));
    this.bias = options.bias === false ? null : new Parameter(zeros([outFeatures], { dtype }));
    this.resetParameters(options.generator);
  }

  /**
   * Re-draws the weights with PyTorch's default initialization.
   *
   * @example
   * ```ts
   * fc.resetParameters(new Generator(1));
   * ```
   */
  resetParameters(generator?: Generator): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5), generator });
    if (this.bias) {
      const [fanIn] = calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(this.bias, -bound, bound, { generator });
    }
  }

  /**
   * `input · weightᵀ + bias` for input [..., inFeatures].
   *
   * @example
   * ```ts
   * new Linear(3, 1).forward(ones([5, 3])).shape; // [5, 1]
   * ```
   */
  override forward(input: Tensor): Tensor {
    const x = checkTensor(this.#label(), input);
    if (x.ndim === 0 || x.shape[x.ndim - 1] !== this.inFeatures) {
      throw new ShapeError(
        `${this.#label()}: expected input with last dim ${this.inFeatures}, got shape ${formatShape(x.shape)}`,
      );
    }
    if (x.dtype !== this.weight.dtype) {
      const convert =
        x.dtype === 'float32' || x.dtype === 'float64'
          ? `the layer with layer.to('${x.dtype}') or `
          : '';
      throw new DTypeError(
        `${this.#label()}: input has dtype ${x.dtype} but the layer's weight is ${this.weight.dtype}; convert ${convert}the input with x.to('${this.weight.dtype}') (PyTorch refuses mixed dtypes too)`,
      );
    }
    return linear(x, this.weight, this.bias);
  }

  #label(): string {
    return `Linear(${this.inFeatures}→${this.outFeatures})`;
  }

  /**
   * `inFeatures=…, outFeatures=…, bias=…`.
   *
   * @example
   * ```ts
   * new Linear(2, 16).extraRepr(); // 'inFeatures=2, outFeatures=16, bias=true'
   * ```
   */
  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
