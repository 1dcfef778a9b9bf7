import { type FloatDType, ones, ShapeError, type Tensor, ValueError, zeros } from '@descent/core';
import {
  checkFloating,
  checkInteger,
  checkNumber,
  checkOptions,
  checkTensor,
  describe,
  formatNumber,
  formatShape,
} from './checks.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/**
 * Options of {@link layerNorm}.
 *
 * @example
 * ```ts
 * layerNorm(x, [4], { weight: gamma, bias: beta, eps: 1e-6 });
 * ```
 */
export interface LayerNormOptions {
  /** Elementwise scale, shape `normalizedShape`. */
  weight?: Tensor | null;
  /** Elementwise shift, shape `normalizedShape`. */
  bias?: Tensor | null;
  /** Added to the variance for stability; default 1e-5. */
  eps?: number;
}

function checkNormalizedShape(where: string, shape: number | readonly number[]): number[] {
  const list = typeof shape === 'number' ? [shape] : shape;
  if (!Array.isArray(list) || list.length === 0) {
    throw new ValueError(
      `${where}: normalizedShape must be a size or a non-empty list of sizes, got ${describe(shape)}`,
    );
  }
  return list.map((extent) => checkInteger(where, 'normalizedShape', extent, 1));
}

function checkSuffix(where: string, x: Tensor, shape: readonly number[]): void {
  const offset = x.ndim - shape.length;
  if (offset < 0 || shape.some((extent, i) => x.shape[offset + i] !== extent)) {
    throw new ShapeError(
      `${where}: expected input with shape [*,${shape.join(',')}], got shape ${formatShape(x.shape)}`,
    );
  }
}

/**
 * Layer normalization, PyTorch's `F.layer_norm`: each sample is normalized over its last
 * `normalizedShape.length` dims with its own mean and biased variance, then scaled and
 * shifted elementwise. Unlike batch normalization it does not mix samples.
 *
 * @example
 * ```ts
 * const y = layerNorm(randn([2, 5]), [5]);
 * y.mean(1).toArray(); // ≈ [0, 0]
 * ```
 */
export function layerNorm(
  input: Tensor,
  normalizedShape: number | readonly number[],
  options: LayerNormOptions = {},
): Tensor {
  checkOptions('layerNorm', options, ['weight', 'bias', 'eps']);
  const where = 'layerNorm';
  const x = checkFloating(where, checkTensor(where, input));
  const shape = checkNormalizedShape(where, normalizedShape);
  checkSuffix(where, x, shape);
  const eps = checkNumber(where, 'eps', options.eps ?? 1e-5, 0);
  for (const [name, t] of [
    ['weight', options.weight],
    ['bias', options.bias],
  ] as const) {
    if (t && formatShape(checkTensor(where, t, name).shape) !== formatShape(shape)) {
      throw new ShapeError(
        `${where}: ${name} must have shape ${formatShape(shape)}, got ${formatShape(t.shape)}`,
      );
    }
  }
  const dims = shape.map((_, i) => x.ndim - shape.length + i);
  const centered = x.sub(x.mean(dims, true));
  const variance = centered.square().mean(dims, true);
  let y = centered.mul(variance.add(eps).rsqrt());
  if (options.weight) y = y.mul(options.weight);
  if (options.bias) y = y.add(options.bias);
  return y;
}

/**
 * Options of {@link LayerNorm}.
 *
 * @example
 * ```ts
 * new LayerNorm(8, { eps: 1e-6, elementwiseAffine: false });
 * ```
 */
export interface LayerNormModuleOptions {
  /** Added to the variance for stability; default 1e-5. */
  eps?: number;
  /** Learn an elementwise scale (starts at 1) and shift (starts at 0); default true. */
  elementwiseAffine?: boolean;
  /** Parameter dtype; default float32. */
  dtype?: FloatDType;
}

/**
 * Layer Normalization (Ba et al., 2016), PyTorch's `nn.LayerNorm`: normalizes each sample over
 * its last dims (`normalizedShape`), the same way in training and evaluation. The relative of
 * Batch Normalization that does not depend on the batch.
 *
 * @example
 * ```ts
 * const ln = new LayerNorm(16);
 * ln.forward(randn([8, 16])).shape; // [8, 16]
 * String(ln); // 'LayerNorm([16], eps=1e-05, elementwiseAffine=true)'
 * ```
 */
export class LayerNorm extends Module {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'LayerNorm';

  /** The trailing dims normalized over. */
  readonly normalizedShape: readonly number[];
  /** Added to the variance for stability. */
  readonly eps: number;
  /** Whether the scale and shift are learned. */
  readonly elementwiseAffine: boolean;
  /** Elementwise scale, shape `normalizedShape` (null without `elementwiseAffine`). */
  weight: Parameter | null;
  /** Elementwise shift, shape `normalizedShape` (null without `elementwiseAffine`). */
  bias: Parameter | null;

  /**
   * @param normalizedShape - The trailing dims to normalize over (a size or a list of sizes).
   * @param options - `eps`, `elementwiseAffine`, `dtype`.
   *
   * @example
   * ```ts
   * new LayerNorm([4, 4]);
   * ```
   */
  constructor(normalizedShape: number | readonly number[], options: LayerNormModuleOptions = {}) {
    checkOptions('LayerNorm', options, ['eps', 'elementwiseAffine', 'dtype']);
    super();
    this.normalizedShape = checkNormalizedShape('LayerNorm', normalizedShape);
    this.eps = checkNumber('LayerNorm', 'eps', options.eps ?? 1e-5, 0);
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    const dtype = options.dtype ?? 'float32';
    if (dtype !== 'float32' && dtype !== 'float64') {
      throw new ValueError(
        `LayerNorm: dtype must be 'float32' or 'float64', got ${describe(dtype)}`,
      );
    }
    this.weight = this.elementwiseAffine
      ? new Parameter(ones(this.normalizedShape, { dtype }))
      : null;
    this.bias = this.elementwiseAffine
      ? new Parameter(zeros(this.normalizedShape, { dtype }))
      : null;
  }

  /**
   * Normalizes `input` over its last dims.
   *
   * @example
   * ```ts
   * new LayerNorm(3).forward(tensor([[1, 2, 3]])).toArray(); // ≈ [[-1.2247, 0, 1.2247]]
   * ```
   */
  override forward(input: Tensor): Tensor {
    const label = `LayerNorm(${formatShape(this.normalizedShape)})`;
    const x = checkFloating(label, checkTensor(label, input));
    checkSuffix(label, x, this.normalizedShape);
    return layerNorm(x, this.normalizedShape, {
      weight: this.weight,
      bias: this.bias,
      eps: this.eps,
    });
  }

  /**
   * The settings, as PyTorch prints them.
   *
   * @example
   * ```ts
   * new LayerNorm(16).extraRepr(); // '[16], eps=1e-05, elementwiseAffine=true'
   * ```
   */
  override extraRepr(): string {
    return `${formatShape(this.normalizedShape)}, eps=${formatNumber(this.eps)}, elementwiseAffine=${this.elementwiseAffine}`;
  }
}
