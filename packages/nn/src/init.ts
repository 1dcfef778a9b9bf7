/**
 * Weight initialization, PyTorch's `nn.init`: every function fills a tensor in place (outside
 * the autograd graph), returns it, and takes an optional seeded {@link Generator}.
 *
 * @example
 * ```ts
 * import { Generator, zeros } from '@descent/core';
 * import { init } from '@descent/nn';
 *
 * const w = zeros([16, 2]);
 * init.kaimingUniform_(w, { nonlinearity: 'relu', generator: new Generator(0) });
 * ```
 *
 * @module
 */
import { type Generator, noGrad, type Tensor, ValueError } from '@descent/core';
import {
  checkGenerator,
  checkNumber,
  checkOptions,
  checkTensor,
  describe,
  formatShape,
} from './checks.js';

/**
 * The activations {@link calculateGain} knows (PyTorch's names, in camelCase; the snake_case
 * spellings are accepted too).
 *
 * @example
 * ```ts
 * const n: Nonlinearity = 'leakyRelu';
 * ```
 */
export type Nonlinearity =
  | 'linear'
  | 'conv1d'
  | 'conv2d'
  | 'conv3d'
  | 'convTranspose1d'
  | 'convTranspose2d'
  | 'convTranspose3d'
  | 'conv_transpose1d'
  | 'conv_transpose2d'
  | 'conv_transpose3d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leakyRelu'
  | 'leaky_relu'
  | 'selu';

/**
 * Which fan the Kaiming functions scale by: `fanIn` keeps the forward activations' variance,
 * `fanOut` the backward gradients'.
 *
 * @example
 * ```ts
 * const mode: FanMode = 'fanOut';
 * ```
 */
export type FanMode = 'fanIn' | 'fanOut' | 'fan_in' | 'fan_out';

/** The keys of each options object, which the init functions check. */
const INIT = ['generator'];
const XAVIER = ['gain', 'generator'];
const KAIMING = ['a', 'mode', 'nonlinearity', 'generator'];

/**
 * Options of every init function: the generator to draw from (default: the global one seeded by
 * `manualSeed`).
 *
 * @example
 * ```ts
 * init.normal_(w, 0, 0.02, { generator: new Generator(1) });
 * ```
 */
export interface InitOptions {
  /** The random generator; default `defaultGenerator`. */
  generator?: Generator;
}

/**
 * Options of {@link xavierUniform_} and {@link xavierNormal_}.
 *
 * @example
 * ```ts
 * init.xavierUniform_(w, { gain: init.calculateGain('tanh') });
 * ```
 */
export interface XavierOptions extends InitOptions {
  /** Scaling factor; default 1. */
  gain?: number;
}

/**
 * Options of {@link kaimingUniform_} and {@link kaimingNormal_}.
 *
 * @example
 * ```ts
 * init.kaimingNormal_(w, { mode: 'fanOut', nonlinearity: 'relu' });
 * ```
 */
export interface KaimingOptions extends InitOptions {
  /** Negative slope of the following leaky ReLU (only with `leakyRelu`); default 0. */
  a?: number;
  /** `fanIn` (default) or `fanOut`. */
  mode?: FanMode;
  /** The activation that follows; default `leakyRelu` (with `a = 0`, i.e. ReLU's gain √2). */
  nonlinearity?: Nonlinearity;
}

const LINEAR_GAIN = new Set([
  'linear',
  'conv1d',
  'conv2d',
  'conv3d',
  'convTranspose1d',
  'convTranspose2d',
  'convTranspose3d',
  'conv_transpose1d',
  'conv_transpose2d',
  'conv_transpose3d',
  'sigmoid',
]);

/**
 * The recommended gain for an activation, PyTorch's `calculate_gain`: 1 for linear layers and
 * sigmoid, 5/3 for tanh, √2 for ReLU, √(2 / (1 + slope²)) for leaky ReLU (slope `param`,
 * default 0.01), 3/4 for SELU.
 *
 * @example
 * ```ts
 * init.calculateGain('relu'); // 1.4142…
 * init.calculateGain('leakyRelu', 0.2); // 1.3867…
 * ```
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  if (LINEAR_GAIN.has(nonlinearity)) return 1;
  switch (nonlinearity) {
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leakyRelu':
    case 'leaky_relu': {
      const slope =
        param === undefined ? 0.01 : checkNumber('calculateGain', 'negative slope', param);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new ValueError(`calculateGain: unsupported nonlinearity ${describe(nonlinearity)}`);
  }
}

/**
 * `[fanIn, fanOut]` of a weight: `shape[1]` and `shape[0]` times the receptive field (the
 * product of the remaining dims), as PyTorch computes them.
 *
 * @example
 * ```ts
 * init.calculateFanInAndFanOut(zeros([16, 2])); // [2, 16]
 * ```
 */
export function calculateFanInAndFanOut(tensor: Tensor): [number, number] {
  const t = checkTensor('calculateFanInAndFanOut', tensor, 'tensor');
  if (t.ndim < 2) {
    throw new ValueError(
      `init: fan in and fan out can not be computed for a tensor with fewer than 2 dimensions (got shape ${formatShape(t.shape)})`,
    );
  }
  let receptive = 1;
  for (let d = 2; d < t.ndim; d++) receptive *= t.shape[d] as number;
  return [(t.shape[1] as number) * receptive, (t.shape[0] as number) * receptive];
}

function floatTarget(where: string, tensor: Tensor): Tensor {
  const t = checkTensor(where, tensor, 'tensor');
  if (t.dtype !== 'float32' && t.dtype !== 'float64') {
    throw new ValueError(`${where}: expected a float32 or float64 tensor, got ${t.dtype}`);
  }
  return t;
}

function fill<T extends Tensor>(tensor: T, draw: (t: T) => void): T {
  noGrad(() => draw(tensor));
  return tensor;
}

/**
 * Fills with samples from the uniform distribution U(a, b).
 *
 * @example
 * ```ts
 * init.uniform_(zeros([3]), -0.1, 0.1);
 * ```
 */
export function uniform_<T extends Tensor>(tensor: T, a = 0, b = 1, options: InitOptions = {}): T {
  checkOptions('uniform_', options, INIT);
  floatTarget('uniform_', tensor);
  checkNumber('uniform_', 'a', a);
  checkNumber('uniform_', 'b', b, a);
  return fill(tensor, (t) => t.uniform_(a, b, checkGenerator('uniform_', options.generator)));
}

/**
 * Fills with samples from the normal distribution N(mean, std²).
 *
 * @example
 * ```ts
 * init.normal_(zeros([3]), 0, 0.02);
 * ```
 */
export function normal_<T extends Tensor>(
  tensor: T,
  mean = 0,
  std = 1,
  options: InitOptions = {},
): T {
  checkOptions('normal_', options, INIT);
  floatTarget('normal_', tensor);
  checkNumber('normal_', 'mean', mean);
  checkNumber('normal_', 'std', std, 0);
  return fill(tensor, (t) => t.normal_(mean, std, checkGenerator('normal_', options.generator)));
}

/**
 * Fills with `value`.
 *
 * @example
 * ```ts
 * init.constant_(zeros([3]), 0.5).toArray(); // [0.5, 0.5, 0.5]
 * ```
 */
export function constant_<T extends Tensor>(tensor: T, value: number): T {
  checkTensor('constant_', tensor, 'tensor');
  if (typeof value !== 'number')
    throw new ValueError(`constant_: value must be a number, got ${describe(value)}`);
  return fill(tensor, (t) => t.fill_(value));
}

/**
 * Fills with zeros.
 *
 * @example
 * ```ts
 * init.zeros_(linear.bias!);
 * ```
 */
export function zeros_<T extends Tensor>(tensor: T): T {
  return constant_(tensor, 0);
}

/**
 * Fills with ones.
 *
 * @example
 * ```ts
 * init.ones_(bn.weight!);
 * ```
 */
export function ones_<T extends Tensor>(tensor: T): T {
  return constant_(tensor, 1);
}

/**
 * Glorot/Xavier uniform: U(-a, a) with a = gain·√(6 / (fanIn + fanOut)).
 *
 * @example
 * ```ts
 * init.xavierUniform_(zeros([16, 2]));
 * ```
 */
export function xavierUniform_<T extends Tensor>(tensor: T, options: XavierOptions = {}): T {
  checkOptions('xavierUniform_', options, XAVIER);
  floatTarget('xavierUniform_', tensor);
  const gain = checkNumber('xavierUniform_', 'gain', options.gain ?? 1);
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  if (tensor.size === 0) return tensor;
  const bound = Math.sqrt(3) * gain * Math.sqrt(2 / (fanIn + fanOut));
  return fill(tensor, (t) =>
    t.uniform_(-bound, bound, checkGenerator('xavierUniform_', options.generator)),
  );
}

/**
 * Glorot/Xavier normal: N(0, std²) with std = gain·√(2 / (fanIn + fanOut)).
 *
 * @example
 * ```ts
 * init.xavierNormal_(zeros([16, 2]));
 * ```
 */
export function xavierNormal_<T extends Tensor>(tensor: T, options: XavierOptions = {}): T {
  checkOptions('xavierNormal_', options, XAVIER);
  floatTarget('xavierNormal_', tensor);
  const gain = checkNumber('xavierNormal_', 'gain', options.gain ?? 1);
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  if (tensor.size === 0) return tensor;
  const std = gain * Math.sqrt(2 / (fanIn + fanOut));
  return fill(tensor, (t) => t.normal_(0, std, checkGenerator('xavierNormal_', options.generator)));
}

function kaimingStd(where: string, tensor: Tensor, options: KaimingOptions): number {
  floatTarget(where, tensor);
  const a = checkNumber(where, 'a', options.a ?? 0);
  const mode = options.mode ?? 'fanIn';
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  let fan: number;
  if (mode === 'fanIn' || mode === 'fan_in') fan = fanIn;
  else if (mode === 'fanOut' || mode === 'fan_out') fan = fanOut;
  else throw new ValueError(`${where}: mode must be 'fanIn' or 'fanOut', got ${describe(mode)}`);
  return calculateGain(options.nonlinearity ?? 'leakyRelu', a) / Math.sqrt(fan);
}

/**
 * He/Kaiming uniform: U(-b, b) with b = gain·√(3 / fan), gain from
 * `calculateGain(nonlinearity, a)`. `Linear` uses it with `a = √5`.
 *
 * @example
 * ```ts
 * init.kaimingUniform_(zeros([16, 2]), { a: Math.sqrt(5) });
 * ```
 */
export function kaimingUniform_<T extends Tensor>(tensor: T, options: KaimingOptions = {}): T {
  checkOptions('kaimingUniform_', options, KAIMING);
  const std = kaimingStd('kaimingUniform_', tensor, options);
  if (tensor.size === 0) return tensor;
  const bound = Math.sqrt(3) * std;
  return fill(tensor, (t) =>
    t.uniform_(-bound, bound, checkGenerator('kaimingUniform_', options.generator)),
  );
}

/**
 * He/Kaiming normal: N(0, std²) with std = gain / √fan.
 *
 * @example
 * ```ts
 * init.kaimingNormal_(zeros([16, 2]), { nonlinearity: 'relu' });
 * ```
 */
export function kaimingNormal_<T extends Tensor>(tensor: T, options: KaimingOptions = {}): T {
  checkOptions('kaimingNormal_', options, KAIMING);
  const std = kaimingStd('kaimingNormal_', tensor, options);
  if (tensor.size === 0) return tensor;
  return fill(tensor, (t) =>
    t.normal_(0, std, checkGenerator('kaimingNormal_', options.generator)),
  );
}
