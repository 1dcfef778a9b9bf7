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
  // One full operand and one broadcast along leading axes (a bias row, a [1,C] statistic) or
  // trailing ones (a [N,1] row statistic): rows of the full one, no iterator.
  if (a.length === n0 && n0 > 0) {
    const bl = b.length;
    if (tilesTrailing(bStrides, outShape, bl)) {
      if (op === 'add') {
        // A bias row added to every row (linear): one nested loop, no call per row.
        for (let o = 0; o < n0; o += bl)
          for (let k = 0; k < bl; k++) out[o + k] = (a[o + k] as number) + (b[k] as number);
        return;
      }
      for (let o = 0; o < n0; o += bl) binaryRow(op, out, o, a, o, 1, b, 0, 1, bl);
      return;
    }
    const inner = n0 / bl;
    if (repeatsTrailing(bStrides, outShape, inner)) {
      for (let r = 0, o = 0; r < bl; r++, o += inner)
        binaryRow(op, out, o, a, o, 1, b, r, 0, inner);
      return;
    }
  } else if (b.length === n0 && n0 > 0) {
    const al = a.length;
    if (tilesTrailing(aStrides, outShape, al)) {
      for (let o = 0; o < n0; o += al) binaryRow(op, out, o, a, 0, 1, b, o, 1, al);
      return;
    }
    const inner = n0 / al;
    if (repeatsTrailing(aStrides, outShape, inner)) {
      for (let r = 0, o = 0; r < al; r++, o += inner)
        binaryRow(op, out, o, a, r, 0, b, o, 1, inner);
      return;
    }
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
  if (nd === 2) {
    const rows = it.shape[0] as number;
    const ar = as[0] as number;
    const br = bs[0] as number;
    const or = os[0] as number;
    for (let r = 0; r < rows; r++)
      binaryRow(op, out, r * or, a, r * ar, aStep, b, r * br, bStep, n);
    return;
  }
  forEachRow(it.shape, [os, as, bs], (_, [o, ao, bo]) =>
    binaryRow(op, out, o as number, a, ao as number, aStep, b, bo as number, bStep, n),
  );
}

/**
 * Whether an operand of `len` elements read with `strides` is one contiguous block repeated
 * along the leading axes of `shape` (e.g. [C] or [1,C] against [N,C]).
 */
function tilesTrailing(strides: readonly number[], shape: Shape, len: number): boolean {
  let p = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    const extent = shape[d] as number;
    if (extent === 1) continue;
    if (p < len) {
      if (strides[d] !== p) return false;
      p *= extent;
    } else if (strides[d] !== 0) return false;
  }
  return p === len;
}

/**
 * Whether an operand is contiguous over the leading axes of `shape` and constant over trailing
 * axes spanning `inner` elements (e.g. [N,1] against [N,C]).
 */
function repeatsTrailing(strides: readonly number[], shape: Shape, inner: number): boolean {
  if (!Number.isInteger(inner)) return false;
  let p = 1;
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    const extent = shape[d] as number;
    if (extent === 1) continue;
    if (p < inner) {
      if (strides[d] !== 0) return false;
      p *= extent;
    } else {
      if (strides[d] !== stride) return false;
      stride *= extent;
    }
  }
  return p === inner;
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
    case 'tanhBackward':
      for (let k = o; k < end; k++, i += as, j += bs) {
        const y = b[j] as number;
        out[k] = (a[i] as number) * (1 - y * y);
      }
      return;
    case 'sigmoidBackward':
      for (let k = o; k < end; k++, i += as, j += bs) {
        const y = b[j] as number;
        out[k] = (a[i] as number) * (y * (1 - y));
      }
      return;
    case 'squareBackward':
      for (let k = o; k < end; k++, i += as, j += bs)
        out[k] = (a[i] as number) * (2 * (b[j] as number));
      return;
    case 'reluBackward':
      for (let k = o; k < end; k++, i += as, j += bs)
        out[k] = (b[j] as number) > 0 ? (a[i] as number) : 0;
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
  const n0 = out.length;
  // Every operand full-size or a single value (relu's mask and the like): one flat loop.
  if (
    (cond.length === n0 || cond.length === 1) &&
    (a.length === n0 || a.length === 1) &&
    (b.length === n0 || b.length === 1)
  ) {
    const cs = cond.length === n0 ? 1 : 0;
    const as = a.length === n0 ? 1 : 0;
    const bs = b.length === n0 ? 1 : 0;
    for (let k = 0, c = 0, i = 0, j = 0; k < n0; k++, c += cs, i += as, j += bs) {
      out[k] = cond[c] ? (a[i] as number) : (b[j] as number);
    }
    return;
  }
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
