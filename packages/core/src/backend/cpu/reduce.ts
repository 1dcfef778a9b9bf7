import type { TypedArray } from '../../dtype.js';
import { contiguousStrides, type Shape } from '../../shape.js';
import type { ReduceOp } from '../kernels.js';
import { coalesce, forEachRow } from './iterate.js';

export function reduce(
  op: ReduceOp,
  x: TypedArray,
  shape: Shape,
  dims: readonly number[],
  out: TypedArray,
): void {
  // Accumulate in float64 whatever the storage: a float32 sum of many terms drifts otherwise.
  const acc = new Float64Array(out.length).fill(
    op === 'sum' ? 0 : op === 'max' ? -Infinity : Infinity,
  );
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
