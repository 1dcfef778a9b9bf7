import type { TypedArray } from '../../dtype.js';
import { rounding } from './rounding.js';

/** Per-channel float64 scratch, kept between calls. */
let sumA = new Float64Array(64);
let sumB = new Float64Array(64);

function scratch(c: number): void {
  if (sumA.length < c) {
    sumA = new Float64Array(c);
    sumB = new Float64Array(c);
  }
  sumA.fill(0, 0, c);
  sumB.fill(0, 0, c);
}

export function batchNormForward(
  x: TypedArray,
  n: number,
  c: number,
  l: number,
  weight: TypedArray | null,
  bias: TypedArray | null,
  eps: number,
  out: TypedArray,
  mean: TypedArray,
  invstd: TypedArray,
  runningMean: TypedArray | null,
  runningVar: TypedArray | null,
  momentum: number,
): void {
  scratch(c);
  const mu = sumA;
  const ss = sumB;
  const count = n * l;
  // Two passes (mean, then squared deviations) for accuracy, in float64.
  for (let b = 0, i = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      let s = 0;
      for (let k = 0; k < l; k++, i++) s += x[i] as number;
      mu[ch] = (mu[ch] as number) + s;
    }
  }
  for (let ch = 0; ch < c; ch++) mu[ch] = (mu[ch] as number) / count;
  for (let b = 0, i = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const m = mu[ch] as number;
      let s = 0;
      for (let k = 0; k < l; k++, i++) {
        const d = (x[i] as number) - m;
        s += d * d;
      }
      ss[ch] = (ss[ch] as number) + s;
    }
  }
  for (let ch = 0; ch < c; ch++) {
    mean[ch] = mu[ch] as number;
    invstd[ch] = 1 / Math.sqrt((ss[ch] as number) / count + eps);
  }
  for (let b = 0, i = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const m = mu[ch] as number;
      const inv = invstd[ch] as number;
      const scale = weight === null ? 1 : (weight[ch] as number);
      const shift = bias === null ? 0 : (bias[ch] as number);
      for (let k = 0; k < l; k++, i++) out[i] = ((x[i] as number) - m) * inv * scale + shift;
    }
  }
  if (runningMean !== null) updateRunning(runningMean, mean, momentum);
  if (runningVar !== null) {
    // The unbiased variance, rounded as a stored sum of squares divided by (m − 1) would be.
    const round = rounding(runningVar);
    for (let ch = 0; ch < c; ch++) ss[ch] = round(round(ss[ch] as number) / (count - 1));
    updateRunning(runningVar, ss, momentum);
  }
}

/** `r ← r·(1 − momentum) + momentum·stat`, rounded as the in-place ops `mul_` then `add_` would. */
function updateRunning(running: TypedArray, stat: ArrayLike<number>, momentum: number): void {
  const round = rounding(running);
  const keep = round(1 - momentum);
  for (let ch = 0; ch < running.length; ch++) {
    const decayed = round((running[ch] as number) * keep);
    running[ch] = decayed + momentum * round(stat[ch] as number);
  }
}

export function batchNormBackward(
  g: TypedArray,
  x: TypedArray,
  mean: TypedArray,
  invstd: TypedArray,
  weight: TypedArray | null,
  n: number,
  c: number,
  l: number,
  dx: TypedArray | null,
  dweight: TypedArray | null,
  dbias: TypedArray | null,
): void {
  scratch(c);
  const sumG = sumA;
  const sumGXhat = sumB;
  for (let b = 0, i = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const m = mean[ch] as number;
      const inv = invstd[ch] as number;
      let s = 0;
      let sx = 0;
      for (let k = 0; k < l; k++, i++) {
        const gi = g[i] as number;
        s += gi;
        sx += gi * ((x[i] as number) - m) * inv;
      }
      sumG[ch] = (sumG[ch] as number) + s;
      sumGXhat[ch] = (sumGXhat[ch] as number) + sx;
    }
  }
  if (dweight !== null) for (let ch = 0; ch < c; ch++) dweight[ch] = sumGXhat[ch] as number;
  if (dbias !== null) for (let ch = 0; ch < c; ch++) dbias[ch] = sumG[ch] as number;
  if (dx === null) return;
  const count = n * l;
  for (let b = 0, i = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const m = mean[ch] as number;
      const inv = invstd[ch] as number;
      const k = (weight === null ? 1 : (weight[ch] as number)) * inv;
      const meanG = (sumG[ch] as number) / count;
      const meanGXhat = (sumGXhat[ch] as number) / count;
      for (let j = 0; j < l; j++, i++) {
        const xhat = ((x[i] as number) - m) * inv;
        dx[i] = k * ((g[i] as number) - meanG - xhat * meanGXhat);
      }
    }
  }
}
