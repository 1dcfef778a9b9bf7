import type { TypedArray } from '../../dtype.js';
import type { UnaryOp } from '../kernels.js';

/**
 * One explicit loop per op: a shared loop calling a per-op function would turn megamorphic and
 * slow every op down. Each element is read before its result is written, so `out` may be `x`.
 */
export function unary(op: UnaryOp, x: TypedArray, out: TypedArray, p0: number, p1: number): void {
  const n = x.length;
  switch (op) {
    case 'neg':
      for (let i = 0; i < n; i++) out[i] = -(x[i] as number);
      return;
    case 'exp':
      for (let i = 0; i < n; i++) out[i] = Math.exp(x[i] as number);
      return;
    case 'expm1':
      for (let i = 0; i < n; i++) out[i] = Math.expm1(x[i] as number);
      return;
    case 'log':
      for (let i = 0; i < n; i++) out[i] = Math.log(x[i] as number);
      return;
    case 'log1p':
      for (let i = 0; i < n; i++) out[i] = Math.log1p(x[i] as number);
      return;
    case 'sqrt':
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i] as number);
      return;
    case 'rsqrt':
      for (let i = 0; i < n; i++) out[i] = 1 / Math.sqrt(x[i] as number);
      return;
    case 'reciprocal':
      for (let i = 0; i < n; i++) out[i] = 1 / (x[i] as number);
      return;
    case 'abs':
      for (let i = 0; i < n; i++) out[i] = Math.abs(x[i] as number);
      return;
    case 'square':
      for (let i = 0; i < n; i++) {
        const v = x[i] as number;
        out[i] = v * v;
      }
      return;
    case 'sin':
      for (let i = 0; i < n; i++) out[i] = Math.sin(x[i] as number);
      return;
    case 'cos':
      for (let i = 0; i < n; i++) out[i] = Math.cos(x[i] as number);
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const v = x[i] as number;
        // Split by sign so exp never overflows.
        if (v >= 0) out[i] = 1 / (1 + Math.exp(-v));
        else {
          const e = Math.exp(v);
          out[i] = e / (1 + e);
        }
      }
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i] as number);
      return;
    case 'relu':
      for (let i = 0; i < n; i++) {
        const v = x[i] as number;
        out[i] = Math.max(v, 0);
      }
      return;
    case 'leakyRelu':
      for (let i = 0; i < n; i++) {
        const v = x[i] as number;
        out[i] = v > 0 ? v : v * p0;
      }
      return;
    case 'softplus':
      // p0 = beta, p1 = threshold: above it softplus is linear, as in PyTorch.
      for (let i = 0; i < n; i++) {
        const v = (x[i] as number) * p0;
        out[i] =
          v > p1 ? (x[i] as number) : (Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)))) / p0;
      }
      return;
    case 'clamp':
      for (let i = 0; i < n; i++) {
        const v = x[i] as number;
        out[i] = Math.min(Math.max(v, p0), p1);
      }
      return;
    case 'sign':
      for (let i = 0; i < n; i++) {
        const v = x[i] as number;
        out[i] = v > 0 ? 1 : v < 0 ? -1 : v;
      }
      return;
    case 'floor':
      for (let i = 0; i < n; i++) out[i] = Math.floor(x[i] as number);
      return;
    case 'ceil':
      for (let i = 0; i < n; i++) out[i] = Math.ceil(x[i] as number);
      return;
    case 'round':
      // Round half to even, as PyTorch does.
      for (let i = 0; i < n; i++) {
        const v = x[i] as number;
        const r = Math.round(v);
        out[i] = r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
      }
      return;
    case 'logicalNot':
      for (let i = 0; i < n; i++) out[i] = x[i] ? 0 : 1;
      return;
    case 'isNonFinite':
      for (let i = 0; i < n; i++) out[i] = Number.isFinite(x[i] as number) ? 0 : 1;
      return;
  }
}

/** Copies with conversion; bool storage gets 1 for every non-zero (and NaN) value. */
export function cast(x: TypedArray, out: TypedArray): void {
  const n = x.length;
  if (out instanceof Uint8Array) {
    for (let i = 0; i < n; i++) out[i] = (x[i] as number) !== 0 ? 1 : 0;
    return;
  }
  if (out instanceof Int32Array) {
    for (let i = 0; i < n; i++) out[i] = Math.trunc(x[i] as number);
    return;
  }
  out.set(x);
}
