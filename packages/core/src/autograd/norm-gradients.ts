import { batchNormBackward } from '../ops/batchnorm.js';
import { castTo } from '../ops/cast.js';
import {
  abs,
  add,
  div,
  eq,
  mul,
  pow,
  rsqrt,
  sign,
  square,
  sub,
  where,
} from '../ops/elementwise.js';
import { mean, sum } from '../ops/reduce.js';
import { reshape } from '../ops/shape.js';
import type { Tensor } from '../tensor.js';
import { isGradEnabled } from './grad-mode.js';
import type { GradContext } from './primitives.js';

/**
 * The closed-form gradient of training-mode batch normalization, with m values per channel and
 * sums over the batch axes: `dx = (γ·σ⁻¹/m)·(m·g − Σg − x̂·Σ(g·x̂))`, `dγ = Σ(g·x̂)`, `dβ = Σg`.
 * Without a recorded graph it is one backward kernel reading the saved μ and σ⁻¹; with
 * `createGraph` the same formula in ops, with x̂ and σ⁻¹ rebuilt from x so that they are in the
 * graph and second derivatives come out right.
 */
export function batchNormGrad(g: Tensor, ctx: GradContext<'batchNorm'>): (Tensor | null)[] {
  const { eps, hasWeight, hasBias, mean: savedMean, invstd: savedInvstd } = ctx.attrs;
  const x = ctx.inputs[0] as Tensor;
  const weight = hasWeight ? (ctx.inputs[1] as Tensor) : null;
  const bias = hasBias ? (ctx.inputs[hasWeight ? 2 : 1] as Tensor) : null;
  const needs = {
    dx: x.requiresGrad,
    dweight: weight?.requiresGrad ?? false,
    dbias: bias?.requiresGrad ?? false,
  };
  const grads: (Tensor | null)[] = [];
  if (!isGradEnabled()) {
    const { dx, dweight, dbias } = batchNormBackward(g, x, savedMean, savedInvstd, weight, needs);
    grads.push(dx);
    if (weight) grads.push(dweight);
    if (bias) grads.push(dbias);
    return grads;
  }
  const channels = x.shape[1] as number;
  const dims = x.ndim === 3 ? [0, 2] : [0];
  const statShape = x.ndim === 3 ? [1, channels, 1] : [1, channels];
  const count = x.size / channels;
  const centered = sub(x, mean(x, dims, true));
  const invstd = rsqrt(add(mean(square(centered), dims, true), eps));
  const xhat = mul(centered, invstd);
  const sumG = sum(g, dims, true);
  const sumGXhat = sum(mul(g, xhat), dims, true);
  const k = weight ? mul(invstd, reshape(weight, statShape)) : invstd; // γ·σ⁻¹
  grads.push(
    needs.dx
      ? sub(sub(mul(g, k), mul(xhat, div(mul(k, sumGXhat), count))), div(mul(k, sumG), count))
      : null,
  );
  if (weight) grads.push(needs.dweight ? reshape(sumGXhat, [channels]) : null);
  if (bias) grads.push(needs.dbias ? reshape(sumG, [channels]) : null);
  return grads;
}

/**
 * The gradient of the p-norm n of x: `g·sign(x)·|x|^(p−1)/n^(p−1)` (`g·x/n` for p = 2,
 * `g·sign(x)` for p = 1), and for p = ∞ `g·sign(x)` shared evenly by the elements of largest
 * magnitude. Zero where n is 0, as PyTorch's (the division is guarded so second order stays
 * finite there too).
 */
export function vectorNormGrad(g: Tensor, x: Tensor, n: Tensor, ord: number): Tensor {
  if (ord === 1) return mul(g, sign(x));
  if (ord === Number.POSITIVE_INFINITY) {
    const mask = castTo(eq(abs(x), n), x.dtype, false);
    return mul(g, mul(sign(x), div(mask, sum(mask))));
  }
  const zero = eq(n, 0);
  const safe = where(zero, 1, n);
  const direction =
    ord === 2 ? div(x, safe) : div(mul(sign(x), pow(abs(x), ord - 1)), pow(safe, ord - 1));
  return where(zero, 0, mul(g, direction));
}
