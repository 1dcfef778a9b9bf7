import type { TypedArray } from '../../dtype.js';
import type {
  AdagradStepOptions,
  AdamStepOptions,
  RmspropStepOptions,
  SgdStepOptions,
} from '../kernels.js';
import { keep } from './rounding.js';

/**
 * The fused optimizer updates: one pass over a parameter doing what the optimizer's tensor ops
 * do, rounding every intermediate where those ops store one (`r`: to float32 for float32
 * storage), so the two agree bit for bit. Scalars that the ops turn into 0-d tensors of the
 * parameter's dtype (`mul_(β)`, `add(eps)`) are rounded the same way; `alpha`/`value` factors of
 * `add_`/`addcmul_`/`addcdiv_` stay float64, as in those kernels.
 *
 * Why chunks: each parameter is walked in calls of at most CHUNK elements, so a chunk function
 * runs many times in the first step and V8 optimizes it as a whole (option reads included),
 * instead of running its setup in the interpreter, which boxes every double it computes: an
 * allocation per operation for hundreds of steps. The callers only move references.
 */
const CHUNK = 1024;

export function sgdStep(
  p: TypedArray,
  g: TypedArray,
  buf: TypedArray | null,
  first: boolean,
  o: SgdStepOptions,
): void {
  for (let start = 0; start < p.length; start += CHUNK)
    sgdChunk(p, g, buf, first, o, start, Math.min(start + CHUNK, p.length));
}

function sgdChunk(
  p: TypedArray,
  g: TypedArray,
  b: TypedArray | null,
  first: boolean,
  o: SgdStepOptions,
  start: number,
  end: number,
): void {
  // Chosen here, not by a helper: an inlined helper whose type feedback V8 had not collected yet
  // would deoptimize this kernel in the steps that must not allocate.
  const r = p instanceof Float32Array ? Math.fround : keep;
  const negLr = -o.lr;
  const weightDecay = r(o.weightDecay);
  const momentum = r(o.momentum);
  const kept = 1 - o.dampening;
  const sign = o.maximize ? -1 : 1;
  const decay = o.weightDecay !== 0;
  if (o.momentum === 0 || b === null) {
    for (let j = start; j < end; j++) {
      let d = sign * (g[j] as number);
      if (decay) d = r(d + r((p[j] as number) * weightDecay));
      p[j] = (p[j] as number) + negLr * d;
    }
    return;
  }
  const nesterov = o.nesterov;
  for (let j = start; j < end; j++) {
    let d = sign * (g[j] as number);
    if (decay) d = r(d + r((p[j] as number) * weightDecay));
    // Both branches are evaluated, so the first step records type feedback for the update used
    // by every later step (a missing feedback would deoptimize the kernel at step 2).
    const next = r((b[j] as number) * momentum) + kept * d;
    b[j] = first ? d : next;
    const bj = b[j] as number;
    d = nesterov ? r(d + r(bj * momentum)) : bj;
    p[j] = (p[j] as number) + negLr * d;
  }
}

export function adagradStep(
  p: TypedArray,
  g: TypedArray,
  sum: TypedArray,
  step: number,
  o: AdagradStepOptions,
): void {
  for (let start = 0; start < p.length; start += CHUNK)
    adagradChunk(p, g, sum, step, o, start, Math.min(start + CHUNK, p.length));
}

function adagradChunk(
  p: TypedArray,
  g: TypedArray,
  sum: TypedArray,
  step: number,
  o: AdagradStepOptions,
  start: number,
  end: number,
): void {
  const r = p instanceof Float32Array ? Math.fround : keep;
  const negClr = -(o.lr / (1 + (step - 1) * o.lrDecay));
  const weightDecay = r(o.weightDecay);
  const decay = o.weightDecay !== 0;
  const eps = r(o.eps);
  const sign = o.maximize ? -1 : 1;
  for (let j = start; j < end; j++) {
    let d = sign * (g[j] as number);
    if (decay) d = r(d + r((p[j] as number) * weightDecay));
    sum[j] = (sum[j] as number) + d * d;
    const std = r(r(Math.sqrt(sum[j] as number)) + eps);
    p[j] = (p[j] as number) + (negClr * d) / std;
  }
}

export function rmspropStep(
  p: TypedArray,
  g: TypedArray,
  squareAvg: TypedArray,
  gradAvg: TypedArray | null,
  buf: TypedArray | null,
  o: RmspropStepOptions,
): void {
  for (let start = 0; start < p.length; start += CHUNK)
    rmspropChunk(p, g, squareAvg, gradAvg, buf, o, start, Math.min(start + CHUNK, p.length));
}

function rmspropChunk(
  p: TypedArray,
  g: TypedArray,
  v: TypedArray,
  gAvg: TypedArray | null,
  buf: TypedArray | null,
  o: RmspropStepOptions,
  start: number,
  end: number,
): void {
  const r = p instanceof Float32Array ? Math.fround : keep;
  const negLr = -o.lr;
  const alpha = r(o.alpha);
  const rest = 1 - o.alpha;
  const eps = r(o.eps);
  const weightDecay = r(o.weightDecay);
  const decay = o.weightDecay !== 0;
  const momentum = r(o.momentum);
  const sign = o.maximize ? -1 : 1;
  const centered = o.centered && gAvg !== null;
  const withMomentum = o.momentum > 0 && buf !== null;
  for (let j = start; j < end; j++) {
    let d = sign * (g[j] as number);
    if (decay) d = r(d + r((p[j] as number) * weightDecay));
    v[j] = r((v[j] as number) * alpha) + rest * d * d;
    let avg: number;
    if (centered && gAvg !== null) {
      gAvg[j] = r((gAvg[j] as number) * alpha) + rest * d;
      const m = gAvg[j] as number;
      avg = r(Math.sqrt(r((v[j] as number) - r(m * m))));
    } else {
      avg = r(Math.sqrt(v[j] as number));
    }
    avg = r(avg + eps);
    if (withMomentum && buf !== null) {
      buf[j] = r((buf[j] as number) * momentum) + d / avg;
      p[j] = (p[j] as number) + negLr * (buf[j] as number);
    } else {
      p[j] = (p[j] as number) + (negLr * d) / avg;
    }
  }
}

export function adamStep(
  p: TypedArray,
  g: TypedArray,
  expAvg: TypedArray,
  expAvgSq: TypedArray,
  maxExpAvgSq: TypedArray | null,
  step: number,
  decoupled: boolean,
  o: AdamStepOptions,
): void {
  for (let start = 0; start < p.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, p.length);
    adamChunk(p, g, expAvg, expAvgSq, maxExpAvgSq, step, decoupled, o, start, end);
  }
}

function adamChunk(
  p: TypedArray,
  g: TypedArray,
  m: TypedArray,
  v: TypedArray,
  vMax: TypedArray | null,
  step: number,
  decoupled: boolean,
  o: AdamStepOptions,
  start: number,
  end: number,
): void {
  const r = p instanceof Float32Array ? Math.fround : keep;
  const b1 = o.betas[0];
  const b2 = o.betas[1];
  const beta1 = r(b1);
  const beta2 = r(b2);
  const rest1 = 1 - b1;
  const rest2 = 1 - b2;
  const eps = r(o.eps);
  const amsgrad = o.amsgrad;
  const decay = o.weightDecay !== 0;
  const weightDecay = r(o.weightDecay);
  const shrink = r(1 - o.lr * o.weightDecay);
  const sign = o.maximize ? -1 : 1;
  const biasCorrection1 = 1 - b1 ** step;
  const biasCorrection2Sqrt = r(Math.sqrt(1 - b2 ** step));
  const negStepSize = -(o.lr / biasCorrection1);
  for (let j = start; j < end; j++) {
    let d = sign * (g[j] as number);
    if (decoupled) p[j] = r((p[j] as number) * shrink);
    else if (decay) d = r(d + r((p[j] as number) * weightDecay));
    m[j] = r((m[j] as number) * beta1) + rest1 * d;
    v[j] = r((v[j] as number) * beta2) + rest2 * d * d;
    let second = v[j] as number;
    if (amsgrad && vMax !== null) {
      // NaN propagates, as in torch.maximum.
      const previous = vMax[j] as number;
      vMax[j] = previous > second || Number.isNaN(previous) ? previous : second;
      second = vMax[j] as number;
    }
    const denom = r(r(r(Math.sqrt(second)) / biasCorrection2Sqrt) + eps);
    p[j] = (p[j] as number) + (negStepSize * (m[j] as number)) / denom;
  }
}
