import type { TypedArray } from '../../dtype.js';
import { contiguousStrides, type Shape } from '../../shape.js';
import { coalesce, forEachRow } from './iterate.js';

export function stridedCopy(
  src: TypedArray,
  offset: number,
  strides: readonly number[],
  out: TypedArray,
  outShape: Shape,
): void {
  if (out.length === 0) return;
  // One element broadcast everywhere (the gradient of a full sum): a fill.
  let allZero = true;
  for (let d = 0; d < strides.length; d++)
    if (strides[d] !== 0 && outShape[d] !== 1) allZero = false;
  if (allZero) {
    out.fill(src[offset] as number);
    return;
  }
  const it = coalesce(outShape, [contiguousStrides(outShape), strides]);
  const nd = it.shape.length;
  const n = it.shape[nd - 1] as number;
  const [os, ss] = it.strides as [number[], number[]];
  const step = ss[nd - 1] as number;
  if (nd <= 2) {
    const rows = nd === 2 ? (it.shape[0] as number) : 1;
    const rowStride = nd === 2 ? (ss[0] as number) : 0;
    for (let r = 0, o = 0; r < rows; r++, o += n) {
      const i = offset + r * rowStride;
      for (let k = 0; k < n; k++) out[o + k] = src[i + k * step] as number;
    }
    return;
  }
  forEachRow(it.shape, [os, ss], (_, [o, s]) => {
    const start = o as number;
    let i = offset + (s as number);
    if (step === 1) {
      for (let k = 0; k < n; k++) out[start + k] = src[i + k] as number;
      return;
    }
    for (let k = start; k < start + n; k++, i += step) out[k] = src[i] as number;
  });
}

export function stridedScatterAdd(
  src: TypedArray,
  srcShape: Shape,
  out: TypedArray,
  offset: number,
  strides: readonly number[],
): void {
  if (src.length === 0) return;
  const it = coalesce(srcShape, [contiguousStrides(srcShape), strides]);
  const nd = it.shape.length;
  const n = it.shape[nd - 1] as number;
  const [ss, os] = it.strides as [number[], number[]];
  const step = os[nd - 1] as number;
  forEachRow(it.shape, [ss, os], (_, [s, o]) => {
    const start = s as number;
    let i = offset + (o as number);
    for (let k = start; k < start + n; k++, i += step)
      out[i] = (out[i] as number) + (src[k] as number);
  });
}

export function indexSelect(
  x: TypedArray,
  outer: number,
  dimSize: number,
  inner: number,
  index: Int32Array,
  out: TypedArray,
): void {
  const count = index.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < count; j++) {
      const from = (o * dimSize + (index[j] as number)) * inner;
      const to = (o * count + j) * inner;
      for (let i = 0; i < inner; i++) out[to + i] = x[from + i] as number;
    }
  }
}

export function indexAdd(
  src: TypedArray,
  outer: number,
  dimSize: number,
  inner: number,
  index: Int32Array,
  out: TypedArray,
): void {
  const count = index.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < count; j++) {
      const to = (o * dimSize + (index[j] as number)) * inner;
      const from = (o * count + j) * inner;
      for (let i = 0; i < inner; i++)
        out[to + i] = (out[to + i] as number) + (src[from + i] as number);
    }
  }
}

/**
 * Walks every position of `indexShape` and the flat position in a tensor of `targetShape` where
 * the `dim` coordinate is replaced by the index value: gathers `out[position] = x[target]`, or
 * scatter-adds `x[target] += out[position]`. One loop, no per-element callback.
 */
function walkIndexed(
  scatter: boolean,
  index: Int32Array,
  indexShape: Shape,
  dim: number,
  targetShape: Shape,
  x: TypedArray,
  out: TypedArray,
): void {
  const targetStrides = contiguousStrides(targetShape);
  const nd = indexShape.length;
  const coord = new Array<number>(nd).fill(0);
  for (let position = 0; position < index.length; position++) {
    let target = 0;
    for (let d = 0; d < nd; d++) {
      const c = d === dim ? (index[position] as number) : (coord[d] as number);
      target += c * (targetStrides[d] as number);
    }
    if (scatter) x[target] = (x[target] as number) + (out[position] as number);
    else out[position] = x[target] as number;
    for (let d = nd - 1; d >= 0; d--) {
      coord[d] = (coord[d] as number) + 1;
      if ((coord[d] as number) < (indexShape[d] as number)) break;
      coord[d] = 0;
    }
  }
}

export function gather(
  x: TypedArray,
  xShape: Shape,
  dim: number,
  index: Int32Array,
  indexShape: Shape,
  out: TypedArray,
): void {
  walkIndexed(false, index, indexShape, dim, xShape, x, out);
}

export function scatterAdd(
  src: TypedArray,
  index: Int32Array,
  indexShape: Shape,
  dim: number,
  out: TypedArray,
  outShape: Shape,
): void {
  walkIndexed(true, index, indexShape, dim, outShape, out, src);
}
