/**
 * The fused training-mode batch normalization: one recorded op whose forward runs over the
 * typed arrays and whose backward is the closed form, instead of the ~10 nodes of the version
 * composed from core ops (see `batchNormComposed` in ./batchnorm.ts, which the tests compare
 * it with). Internal: `batchNorm` and `BatchNorm1d` call it in training mode.
 */
import { defineFunction, isGradEnabled, Tensor } from '@descent/core';

/** The result of {@link fusedBatchNorm}: the output, and the batch statistics per channel. */
export interface FusedBatchNormResult {
  /** γ·x̂ + β (or x̂ without weight and bias), recorded as one node named `batchNorm`. */
  output: Tensor;
  /** Batch mean μ per channel, [C], in the input's dtype. */
  mean: Tensor;
  /** Σ(x − μ)² per channel, [C], in the input's dtype (for the running variance). */
  sumOfSquares: Tensor;
}

function floatArray(dtype: string, size: number): Float32Array | Float64Array {
  return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}

/**
 * Training-mode batch normalization of a floating (N, C) or (N, C, L) input over N (and L),
 * as one op: `y = γ · (x − μ) / √(σ² + eps) + β` with the batch mean μ and biased variance σ².
 * The backward pass is the closed form, with m values per channel and sums over the batch axes:
 * `dx = (γ·σ⁻¹/m)·(m·g − Σg − x̂·Σ(g·x̂))`, `dγ = Σ(g·x̂)`, `dβ = Σg`. It is written with core
 * ops, so it is itself differentiable: when the graph is being recorded (`createGraph`), x̂ and
 * σ⁻¹ are rebuilt from x with recorded ops; otherwise the ones saved by the forward are used.
 *
 * The caller checks shapes, dtypes and that m > 1.
 */
export function fusedBatchNorm(
  x: Tensor,
  weight: Tensor | null,
  bias: Tensor | null,
  eps: number,
): FusedBatchNormResult {
  const n = x.shape[0] as number;
  const channels = x.shape[1] as number;
  const length = x.ndim === 3 ? (x.shape[2] as number) : 1;
  const count = n * length;
  const dims = x.ndim === 3 ? [0, 2] : [0];
  const statShape = x.ndim === 3 ? [1, channels, 1] : [1, channels];
  const dtype = x.dtype;

  const mean = new Float64Array(channels);
  const sumOfSquares = new Float64Array(channels);
  let savedXhat: Tensor | null = null;
  let savedInvstd: Tensor | null = null;

  const forward = (input: Tensor): Tensor => {
    channelStats(input.data, n, channels, length, mean, sumOfSquares);
    const invstd = floatArray(dtype, channels);
    const scale = new Float64Array(channels);
    const shift = new Float64Array(channels);
    for (let c = 0; c < channels; c++) {
      const inv = 1 / Math.sqrt((sumOfSquares[c] as number) / count + eps);
      invstd[c] = inv;
      scale[c] = weight ? (weight.data[c] as number) : 1;
      shift[c] = bias ? (bias.data[c] as number) : 0;
    }
    const xhat = floatArray(dtype, input.size);
    const out = floatArray(dtype, input.size);
    normalize(input.data, n, channels, length, mean, invstd, scale, shift, xhat, out);
    savedXhat = new Tensor(xhat, input.shape, dtype);
    savedInvstd = new Tensor(invstd, statShape, dtype);
    return new Tensor(out, input.shape, dtype);
  };

  const op = defineFunction({
    name: 'batchNorm',
    forward,
    backward: (g, _output, input, ...params) => {
      const gamma = weight ? (params[0] as Tensor) : null;
      let xhat = savedXhat as Tensor;
      let invstd = savedInvstd as Tensor;
      if (isGradEnabled()) {
        // createGraph: x̂ and σ⁻¹ must be functions of x in the graph for second derivatives.
        const centered = input.sub(input.mean(dims, true));
        invstd = centered.square().mean(dims, true).add(eps).rsqrt();
        xhat = centered.mul(invstd);
      }
      const sumG = g.sum(dims, true);
      const sumGXhat = g.mul(xhat).sum(dims, true);
      let dx: Tensor | null = null;
      if (input.requiresGrad) {
        const k = gamma ? invstd.mul(gamma.reshape(statShape)) : invstd; // γ·σ⁻¹
        dx = g
          .mul(k)
          .sub(xhat.mul(k.mul(sumGXhat).div(count)))
          .sub(k.mul(sumG).div(count));
      }
      const grads: (Tensor | null)[] = [dx];
      if (gamma) grads.push(gamma.requiresGrad ? sumGXhat.reshape([channels]) : null);
      if (bias) grads.push(params[gamma ? 1 : 0]?.requiresGrad ? sumG.reshape([channels]) : null);
      return grads;
    },
  });

  const inputs = [x];
  if (weight) inputs.push(weight);
  if (bias) inputs.push(bias);
  const output = op(...inputs);
  const toTensor = (values: Float64Array): Tensor => {
    const data = floatArray(dtype, channels);
    data.set(values);
    return new Tensor(data, [channels], dtype);
  };
  return { output, mean: toTensor(mean), sumOfSquares: toTensor(sumOfSquares) };
}

/**
 * Per-channel Σx / count into `mean` and Σ(x − μ)² into `sumOfSquares` (two passes, for
 * accuracy) over a row-major (n, channels, length) array. Module-level, so V8 optimizes it once
 * for every call.
 */
function channelStats(
  src: ArrayLike<number>,
  n: number,
  channels: number,
  length: number,
  mean: Float64Array,
  sumOfSquares: Float64Array,
): void {
  for (let b = 0, i = 0; b < n; b++) {
    for (let c = 0; c < channels; c++) {
      let s = 0;
      for (let l = 0; l < length; l++, i++) s += src[i] as number;
      mean[c] = (mean[c] as number) + s;
    }
  }
  const count = n * length;
  for (let c = 0; c < channels; c++) mean[c] = (mean[c] as number) / count;
  for (let b = 0, i = 0; b < n; b++) {
    for (let c = 0; c < channels; c++) {
      const mu = mean[c] as number;
      let s = 0;
      for (let l = 0; l < length; l++, i++) {
        const d = (src[i] as number) - mu;
        s += d * d;
      }
      sumOfSquares[c] = (sumOfSquares[c] as number) + s;
    }
  }
}

/** x̂ = (x − μ)·σ⁻¹ into `xhat` and γ·x̂ + β into `out`, per channel. */
function normalize(
  src: ArrayLike<number>,
  n: number,
  channels: number,
  length: number,
  mean: Float64Array,
  invstd: ArrayLike<number>,
  scale: Float64Array,
  shift: Float64Array,
  xhat: Float32Array | Float64Array,
  out: Float32Array | Float64Array,
): void {
  for (let b = 0, i = 0; b < n; b++) {
    for (let c = 0; c < channels; c++) {
      const mu = mean[c] as number;
      const inv = invstd[c] as number;
      const g = scale[c] as number;
      const s = shift[c] as number;
      for (let l = 0; l < length; l++, i++) {
        const h = ((src[i] as number) - mu) * inv;
        xhat[i] = h;
        out[i] = h * g + s;
      }
    }
  }
}
