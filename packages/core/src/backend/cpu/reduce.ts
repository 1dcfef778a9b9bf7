import type { TypedArray } from '../../dtype.js';
import { contiguousStrides, type Shape } from '../../shape.js';
import type { ReduceOp } from '../kernels.js';
import { coalesce, forEachRow } from './iterate.js';

/** Float64 accumulators, kept between calls (one allocation per reduction cost more than the sum). */
let scratch = new Float64Array(256);

export function reduce(
  op: ReduceOp,
  x: TypedArray,
  shape: Shape,
  dims: readonly number[],
  out: TypedArray,
): void {
  const identity = op === 'sum' ? 0 : op === 'max' ? -Infinity : Infinity;
  const nOut = out.length;
  const nd = shape.length;
  // Fast paths for contiguous blocks: all dims, leading dims (a batch axis), trailing dims.
  if (x.length > 0 && dims.length > 0) {
    let leading = true;
    let trailing = true;
    for (let i = 0; i < dims.length; i++) {
      if (dims[i] !== i) leading = false;
      if (dims[i] !== nd - dims.length + i) trailing = false;
    }
    if (trailing) {
      // nOut rows of `inner` contiguous elements, each reduced to one value.
      const inner = x.length / nOut;
      for (let o = 0, i0 = 0; o < nOut; o++, i0 += inner) {
        out[o] = reduceRun(op, x, i0, inner, identity);
      }
      return;
    }
    if (leading) {
      // Rows of nOut elements, accumulated elementwise into float64 scratch.
      if (scratch.length < nOut) scratch = new Float64Array(Math.max(nOut, 2 * scratch.length));
      const acc = scratch;
      acc.fill(identity, 0, nOut);
      const rows = x.length / nOut;
      for (let r = 0; r < rows; r++) reduceRow(op, x, r * nOut, 1, acc, 0, 1, nOut);
      for (let o = 0; o < nOut; o++) out[o] = acc[o] as number;
      return;
    }
  }
  // Accumulate in float64 whatever the storage: a float32 sum of many terms drifts otherwise.
  const acc = new Float64Array(out.length).fill(identity);
  if (x.length > 0) {
    const inStrides = contiguousStrides(shape);
    const outStrides = new Array<number>(shape.length).fill(0);
    let stride = 1;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (dims.includes(d)) continue;
      outStrides[d] = stride;
      stride *= shape[d] as number;
    }
    const it = coalesce(shape, [inStrides, outStrides]);
    const nd = it.shape.length;
    const n = it.shape[nd - 1] as number;
    const [is, os] = it.strides as [number[], number[]];
    const inStep = is[nd - 1] as number;
    const outStep = os[nd - 1] as number;
    forEachRow(it.shape, [is, os], (_, [io, oo]) =>
      reduceRow(op, x, io as number, inStep, acc, oo as number, outStep, n),
    );
  }
  out.set(acc);
}

/** Reduces `n` contiguous elements from `i0` (float64 accumulator). */
function reduceRun(op: ReduceOp, x: TypedArray, i0: number, n: number, identity: number): number {
  let a = identity;
  const end = i0 + n;
  if (op === 'sum') for (let i = i0; i < end; i++) a += x[i] as number;
  else if (op === 'max')
    for (let i = i0; i < end; i++) {
      const v = x[i] as number;
      if (v > a || Number.isNaN(v)) a = v;
    }
  else
    for (let i = i0; i < end; i++) {
      const v = x[i] as number;
      if (v < a || Number.isNaN(v)) a = v;
    }
  return a;
}

function reduceRow(
  op: ReduceOp,
  x: TypedArray,
  i0: number,
  is: number,
  acc: Float64Array,
  o0: number,
  os: number,
  n: number,
): void {
  if (os === 0) {
    let a = acc[o0] as number;
    if (op === 'sum') for (let k = 0, i = i0; k < n; k++, i += is) a += x[i] as number;
    else if (op === 'max')
      for (let k = 0, i = i0; k < n; k++, i += is) {
        const v = x[i] as number;
        if (v > a || Number.isNaN(v)) a = v;
      }
    else
      for (let k = 0, i = i0; k < n; k++, i += is) {
        const v = x[i] as number;
        if (v < a || Number.isNaN(v)) a = v;
      }
    acc[o0] = a;
    return;
  }
  if (op === 'sum')
    for (let k = 0, i = i0, o = o0; k < n; k++, i += is, o += os)
      acc[o] = (acc[o] as number) + (x[i] as number);
  else if (op === 'max')
    for (let k = 0, i = i0, o = o0; k < n; k++, i += is, o += os) {
      const v = x[i] as number;
      if (v > (acc[o] as number) || Number.isNaN(v)) acc[o] = v;
    }
  else
    for (let k = 0, i = i0, o = o0; k < n; k++, i += is, o += os) {
      const v = x[i] as number;
      if (v < (acc[o] as number) || Number.isNaN(v)) acc[o] = v;
    }
}

export function argReduce(
  op: 'argmax' | 'argmin',
  x: TypedArray,
  shape: Shape,
  dim: number,
  out: Int32Array,
): void {
  const dimSize = shape[dim] as number;
  let inner = 1;
  for (let d = dim + 1; d < shape.length; d++) inner *= shape[d] as number;
  const outer = x.length / (dimSize * inner) || 0;
  const isMax = op === 'argmax';
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * dimSize * inner + i;
      let best = x[base] as number;
      let bestIndex = 0;
      for (let k = 1; k < dimSize && !Number.isNaN(best); k++) {
        const v = x[base + k * inner] as number;
        if (Number.isNaN(v) || (isMax ? v > best : v < best)) {
          best = v;
          bestIndex = k;
        }
      }
      out[o * inner + i] = bestIndex;
    }
  }
}
