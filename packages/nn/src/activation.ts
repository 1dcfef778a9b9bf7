import {
  leakyRelu,
  logSoftmax,
  relu,
  type SoftplusOptions,
  sigmoid,
  softmax,
  softplus,
  type Tensor,
  tanh,
} from '@descent/core';
import { checkInteger, checkNumber, checkOptions, checkTensor, formatNumber } from './checks.js';
import { Module } from './module.js';

/**
 * The logistic function `1 / (1 + e^-x)`, elementwise.
 *
 * @example
 * ```ts
 * new Sigmoid().forward(tensor([0])).item(); // 0.5
 * ```
 */
export class Sigmoid extends Module {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'Sigmoid';

  /**
   * @example
   * ```ts
   * new Sigmoid().forward(zeros([2])).toArray(); // [0.5, 0.5]
   * ```
   */
  override forward(input: Tensor): Tensor {
    return sigmoid(checkTensor('Sigmoid', input));
  }
}

/**
 * Hyperbolic tangent, elementwise.
 *
 * @example
 * ```ts
 * new Tanh().forward(tensor([0])).item(); // 0
 * ```
 */
export class Tanh extends Module {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'Tanh';

  /**
   * @example
   * ```ts
   * new Tanh().forward(zeros([2])).toArray(); // [0, 0]
   * ```
   */
  override forward(input: Tensor): Tensor {
    return tanh(checkTensor('Tanh', input));
  }
}

/**
 * `max(x, 0)`, elementwise (gradient 0 at 0, as PyTorch).
 *
 * @example
 * ```ts
 * new ReLU().forward(tensor([-1, 2])).toArray(); // [0, 2]
 * ```
 */
export class ReLU extends Module {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'ReLU';

  /**
   * @example
   * ```ts
   * new ReLU().forward(tensor([-3])).item(); // 0
   * ```
   */
  override forward(input: Tensor): Tensor {
    return relu(checkTensor('ReLU', input));
  }
}

/**
 * `x` for x > 0, `negativeSlope · x` otherwise (default slope 0.01).
 *
 * @example
 * ```ts
 * new LeakyReLU(0.1).forward(tensor([-10, 2])).toArray(); // [-1, 2]
 * ```
 */
export class LeakyReLU extends Module {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'LeakyReLU';

  /** The slope for negative inputs. */
  readonly negativeSlope: number;

  /**
   * @param negativeSlope - Slope for negative inputs; default 0.01.
   *
   * @example
   * ```ts
   * new LeakyReLU(0.2);
   * ```
   */
  constructor(negativeSlope = 0.01) {
    super();
    this.negativeSlope = checkNumber('LeakyReLU', 'negativeSlope', negativeSlope);
  }

  /**
   * @example
   * ```ts
   * new LeakyReLU().forward(tensor([-1])).item(); // -0.01
   * ```
   */
  override forward(input: Tensor): Tensor {
    return leakyRelu(checkTensor('LeakyReLU', input), this.negativeSlope);
  }

  /**
   * @example
   * ```ts
   * new LeakyReLU().extraRepr(); // 'negativeSlope=0.01'
   * ```
   */
  override extraRepr(): string {
    return `negativeSlope=${formatNumber(this.negativeSlope)}`;
  }
}

/**
 * `log(1 + e^(βx)) / β`, linear above `βx > threshold` (defaults β = 1, threshold = 20).
 *
 * @example
 * ```ts
 * new Softplus().forward(tensor([0])).item(); // 0.6931…
 * ```
 */
export class Softplus extends Module {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'Softplus';

  /** Sharpness β. */
  readonly beta: number;
  /** Above `β·x > threshold` the output is `x`. */
  readonly threshold: number;

  /**
   * @param options - `beta` (default 1) and `threshold` (default 20).
   *
   * @example
   * ```ts
   * new Softplus({ beta: 2 });
   * ```
   */
  constructor(options: SoftplusOptions = {}) {
    checkOptions('Softplus', options, ['beta', 'threshold']);
    super();
    this.beta = checkNumber('Softplus', 'beta', options.beta ?? 1);
    this.threshold = checkNumber('Softplus', 'threshold', options.threshold ?? 20);
  }

  /**
   * @example
   * ```ts
   * new Softplus().forward(tensor([30])).item(); // 30
   * ```
   */
  override forward(input: Tensor): Tensor {
    return softplus(checkTensor('Softplus', input), { beta: this.beta, threshold: this.threshold });
  }

  /**
   * @example
   * ```ts
   * new Softplus().extraRepr(); // 'beta=1, threshold=20'
   * ```
   */
  override extraRepr(): string {
    return `beta=${formatNumber(this.beta)}, threshold=${formatNumber(this.threshold)}`;
  }
}

/**
 * Softmax along `dim`: each slice along `dim` becomes positive and sums to 1 (stable for large
 * logits).
 *
 * @example
 * ```ts
 * new Softmax(1).forward(tensor([[1, 1]])).toArray(); // [[0.5, 0.5]]
 * ```
 */
export class Softmax extends Module {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'Softmax';

  /** The dim that sums to 1. */
  readonly dim: number;

  /**
   * @param dim - The dim to normalize (required, as PyTorch recommends).
   *
   * @example
   * ```ts
   * new Softmax(-1);
   * ```
   */
  constructor(dim: number) {
    super();
    this.dim = checkInteger('Softmax', 'dim', dim, -Infinity);
  }

  /**
   * @example
   * ```ts
   * new Softmax(0).forward(tensor([0, 0])).toArray(); // [0.5, 0.5]
   * ```
   */
  override forward(input: Tensor): Tensor {
    return softmax(checkTensor('Softmax', input), this.dim);
  }

  /**
   * @example
   * ```ts
   * new Softmax(1).extraRepr(); // 'dim=1'
   * ```
   */
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/**
 * `log(softmax(x))` along `dim`, computed stably.
 *
 * @example
 * ```ts
 * new LogSoftmax(0).forward(tensor([0, 0])).toArray(); // [-0.6931, -0.6931]
 * ```
 */
export class LogSoftmax extends Module {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'LogSoftmax';

  /** The dim to normalize. */
  readonly dim: number;

  /**
   * @param dim - The dim to normalize.
   *
   * @example
   * ```ts
   * new LogSoftmax(1);
   * ```
   */
  constructor(dim: number) {
    super();
    this.dim = checkInteger('LogSoftmax', 'dim', dim, -Infinity);
  }

  /**
   * @example
   * ```ts
   * new LogSoftmax(1).forward(randn([2, 3])).shape; // [2, 3]
   * ```
   */
  override forward(input: Tensor): Tensor {
    return logSoftmax(checkTensor('LogSoftmax', input), this.dim);
  }

  /**
   * @example
   * ```ts
   * new LogSoftmax(1).extraRepr(); // 'dim=1'
   * ```
   */
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
