import type { TypedArray } from '../../dtype.js';
import { contiguousStrides, type Shape } from '../../shape.js';
import type { BinaryOp } from '../kernels.js';
import { coalesce, forEachRow } from './iterate.js';

export function binary(
  op: BinaryOp,
  a: TypedArray,
  aStrides: readonly number[],
  b: TypedArray,
  bStrides: readonly number[],
  out: TypedArray,
  outShape: Shape,
): void {
  const n0 = out.length;
  // Same-shape and scalar operands (most calls) need no stride bookkeeping at all.
  if ((a.length === n0 || a.length === 1) && (b.length === n0 || b.length === 1)) {
    binaryRow(op, out, 0, a, 0, a.length === n0 ? 1 : 0, b, 0, b.length === n0 ? 1 : 0, n0);
    return;
  }
  const outStrides = contiguousStrides(outShape);
  const it = coalesce(outShape, [outStrides, aStrides, bStrides]);
  const nd = it.shape.length;
  const n = it.shape[nd - 1] as number;
  const [os, as, bs] = it.strides as [number[], number[], number[]];
  const aStep = as[nd - 1] as number;
  const bStep = bs[nd - 1] as number;
  if (nd === 1) {
    binaryRow(op, out, 0, a, 0, aStep, b, 0, bStep, n);
    return;
  }
  forEachRow(it.shape, [os, as, bs], (_, [o, ao, bo]) =>
    binaryRow(op, out, o as number, a, ao as number, aStep, b, bo as number, bStep, n),
  );
}

/** One row: `out[o+i] = a[ao + i·as] op b[bo + i·bs]`, an explicit loop per op. */
function binaryRow(
  op: BinaryOp,
  out: TypedArray,
  o: number,
  a: TypedArray,
  ao: number,
  as: number,
  b: TypedArray,
  bo: number,
  bs: number,
  n: number,
): void {
  let i = ao;
  let j = bo;
  const end = o + n;
  switch (op) {
    case 'add':
      if (as === 1 && bs === 1) {
        for (let k = 0; k < n; k++) out[o + k] = (a[ao + k] as number) + (b[bo + k] as number);
        return;
      }
      for (let k = o; k < end; k++, i += as, j += bs) out[k] = (a[i] as number) + (b[j] as number);
      return;
    case 'sub':
      for (let k = o; k < end; k++, i += as, j += bs) out[k] = (a[i] as number) - (b[j] as number);
      return;
    case 'mul':
      if (as === 1 && bs === 1) {
        for (let k = 0; k < n; k++) out[o + k] = (a[ao + k] as number) * (b[bo + k] as number);
        return;
      }
      for (let k = o; k < end; k++, i += as, j += bs) out[k] = (a[i] as number) * (b[j] as number);
      return;
    case 'div':
      for (let k = o; k < end; k++, i += as, j += bs) out[k] = (a[i] as number) / (b[j] as number);
      return;
    case 'pow':
      for (let k = o; k < end; k++, i += as, j += bs) out[k] = (a[i] as number) ** (b[j] as number);
      return;
    case 'maximum':
      for (let k = o; k < end; k++, i += as, j += bs) {
        const x = a[i] as number;
        const y = b[j] as number;
        // NaN propagates, as in PyTorch.
        out[k] = x > y || Number.isNaN(x) ? x : y;
      }
      return;
    case 'minimum':
      for (let k = o; k < end; k++, i += as, j += bs) {
        const x = a[i] as number;
        const y = b[j] as number;
        out[k] = x < y || Number.isNaN(x) ? x : y;
      }
      return;
    case 'eq':
      for (let k = o; k < end; k++, i += as, j += bs) out[k] = a[i] === b[j] ? 1 : 0;
      return;
    case 'ne':
      for (let k = o; k < end; k++, i += as, j += bs) out[k] = a[i] !== b[j] ? 1 : 0;
      return;
    case 'lt':
      for (let k = o; k < end; k++, i += as, j += bs)
        out[k] = (a[i] as number) < (b[j] as number) ? 1 : 0;
      return;
    case 'le':
      for (let k = o; k < end; k++, i += as, j += bs)
        out[k] = (a[i] as number) <= (b[j] as number) ? 1 : 0;
      return;
    case 'gt':
      for (let k = o; k < end; k++, i += as, j += bs)
        out[k] = (a[i] as number) > (b[j] as number) ? 1 : 0;
      return;
    case 'ge':
      for (let k = o; k < end; k++, i += as, j += bs)
        out[k] = (a[i] as number) >= (b[j] as number) ? 1 : 0;
      return;
    case 'logicalAnd':
      for (let k = o; k < end; k++, i += as, j += bs) out[k] = a[i] && b[j] ? 1 : 0;
      return;
    case 'logicalOr':
      for (let k = o; k < end; k++, i += as, j += bs) out[k] = a[i] || b[j] ? 1 : 0;
      return;
  }
}

export function where(
  cond: TypedArray,
  condStrides: readonly number[],
  a: TypedArray,
  aStrides: readonly number[],
  b: TypedArray,
  bStrides: readonly number[],
  out: TypedArray,
  outShape: Shape,
): void {
  const it = coalesce(outShape, [contiguousStrides(outShape), condStrides, aStrides, bStrides]);
  const nd = it.shape.length;
  const n = it.shape[nd - 1] as number;
  const [os, cs, as, bs] = it.strides as [number[], number[], number[], number[]];
  const cStep = cs[nd - 1] as number;
  const aStep = as[nd - 1] as number;
  const bStep = bs[nd - 1] as number;
  forEachRow(it.shape, [os, cs, as, bs], (_, [o, co, ao, bo]) => {
    let c = co as number;
    let i = ao as number;
    let j = bo as number;
    const start = o as number;
    for (let k = start; k < start + n; k++, c += cStep, i += aStep, j += bStep) {
      out[k] = cond[c] ? (a[i] as number) : (b[j] as number);
    }
  });
}
