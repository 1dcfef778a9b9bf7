import { Tensor, ValueError } from '@descent/core';
import { checkBoolean, checkKnownKeys, checkOptionsObject, describeValue } from './validate.js';

/**
 * Options of {@link clipGradNorm_}.
 *
 * @example
 * ```ts
 * const options: ClipGradNormOptions = { normType: Infinity };
 * ```
 */
export interface ClipGradNormOptions {
  /** The p of the p-norm: a positive number, or `Infinity` for the largest magnitude (default 2). */
  normType?: number;
  /** Throw if the total norm is NaN or infinite instead of scaling by it (default false). */
  errorIfNonfinite?: boolean;
}

function gradsOf(fn: string, params: Iterable<Tensor> | Tensor): Tensor[] {
  const iterable =
    typeof params === 'object' &&
    params !== null &&
    typeof (params as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
  if (!(params instanceof Tensor) && !iterable) {
    throw new ValueError(
      `${fn}: params must be a tensor or an iterable of tensors such as model.parameters(), got ${describeValue(params)}`,
    );
  }
  const list = params instanceof Tensor ? [params] : [...params];
  const grads: Tensor[] = [];
  for (const p of list) {
    if (!(p instanceof Tensor)) {
      throw new ValueError(`${fn}: expected Tensors, got ${describeValue(p)}`);
    }
    if (p.grad !== null) grads.push(p.grad);
  }
  return grads;
}

/** The p-norm of `data` (Infinity: the largest magnitude). */
function norm(data: ArrayLike<number>, p: number): number {
  let acc = 0;
  if (p === Number.POSITIVE_INFINITY) {
    for (let i = 0; i < data.length; i++) {
      const a = Math.abs(data[i] as number);
      if (a > acc || Number.isNaN(a)) acc = a;
    }
    return acc;
  }
  if (p === 1) {
    for (let i = 0; i < data.length; i++) acc += Math.abs(data[i] as number);
    return acc;
  }
  if (p === 2) {
    for (let i = 0; i < data.length; i++) acc += (data[i] as number) * (data[i] as number);
    return Math.sqrt(acc);
  }
  for (let i = 0; i < data.length; i++) acc += Math.abs(data[i] as number) ** p;
  return acc ** (1 / p);
}

/**
 * Rescales the gradients of `params` in place so that their total p-norm (computed over all of
 * them together, as if concatenated) is at most `maxNorm`, as PyTorch's
 * `torch.nn.utils.clip_grad_norm_`: every gradient is multiplied by
 * `min(1, maxNorm / (total + 1e-6))`. Parameters without a gradient are skipped. Returns the total
 * norm before clipping (PyTorch returns it as a tensor; here it is a number).
 *
 * @example
 * ```ts
 * loss.backward();
 * const total = clipGradNorm_(params, 1.0); // the norm before clipping
 * opt.step();
 * ```
 */
export function clipGradNorm_(
  params: Iterable<Tensor> | Tensor,
  maxNorm: number,
  options: ClipGradNormOptions = {},
): number {
  const where = 'clipGradNorm_';
  const o = checkOptionsObject(where, options, '{ normType: 2 }');
  checkKnownKeys(where, 'option', o, ['normType', 'errorIfNonfinite']);
  const normType = o.normType ?? 2;
  const errorIfNonfinite = o.errorIfNonfinite ?? false;
  if (typeof normType !== 'number' || !(normType > 0)) {
    throw new ValueError(
      `clipGradNorm_: normType must be positive or Infinity, got ${describeValue(normType)}`,
    );
  }
  checkBoolean(where, 'errorIfNonfinite', errorIfNonfinite);
  if (typeof maxNorm !== 'number' || !(maxNorm >= 0)) {
    throw new ValueError(
      `clipGradNorm_: maxNorm must be a number >= 0 (Infinity: no clipping), got ${describeValue(maxNorm)}`,
    );
  }
  const grads = gradsOf(where, params);
  if (grads.length === 0) return 0;
  const norms = grads.map((g) => norm(g.data, normType));
  const total = norms.length === 1 ? (norms[0] as number) : norm(norms, normType);
  if (errorIfNonfinite && !Number.isFinite(total)) {
    throw new ValueError(
      `The total norm of order ${normType} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`errorIfNonfinite: false\``,
    );
  }
  const coef = maxNorm / (total + 1e-6);
  // As PyTorch: always multiply by the clamped coefficient (a no-op at 1); NaN propagates.
  const scale = Math.min(coef, 1);
  for (const g of grads) {
    const d = g.data;
    for (let i = 0; i < d.length; i++) d[i] = (d[i] as number) * scale;
  }
  return total;
}

/**
 * Clamps every gradient element of `params` to `[-clipValue, clipValue]` in place, as PyTorch's
 * `torch.nn.utils.clip_grad_value_`. Parameters without a gradient are skipped.
 *
 * @example
 * ```ts
 * loss.backward();
 * clipGradValue_(params, 0.5);
 * opt.step();
 * ```
 */
export function clipGradValue_(params: Iterable<Tensor> | Tensor, clipValue: number): void {
  if (typeof clipValue !== 'number' || !(clipValue >= 0)) {
    throw new ValueError(
      `clipGradValue_: clipValue must be non-negative, got ${describeValue(clipValue)}`,
    );
  }
  for (const g of gradsOf('clipGradValue_', params)) {
    const d = g.data;
    for (let i = 0; i < d.length; i++) {
      // NaN stays NaN, as in torch.clamp.
      d[i] = Math.min(Math.max(d[i] as number, -clipValue), clipValue);
    }
  }
}
