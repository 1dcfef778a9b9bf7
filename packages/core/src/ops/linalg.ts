import { record } from '../autograd/record.js';
import { backend } from '../backend/registry.js';
import { promoteTypes } from '../dtype.js';
import { ShapeError } from '../errors.js';
import { broadcastShapes, formatShape, shapesEqual, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { emptyTensor } from './alloc.js';
import { inDType } from './cast.js';
import { mul } from './elementwise.js';
import { checkTensor } from './scalar.js';
import { expand, reshape, unsqueeze } from './shape.js';

/**
 * The matrix-product primitive on 3-d operands: `op(a[i]) · op(b[i])`, with `op` a transpose
 * when flagged (folded into the kernel's reads, never copied). A batch of 1 is reused for
 * every batch of the other operand; the engine sums its gradient back. A 2-d operand is one
 * matrix (batch 1), and two 2-d operands give a 2-d result: no reshapes around the common case.
 */
export function bmm(first: Tensor, second: Tensor, transA: boolean, transB: boolean): Tensor {
  const dtype = promoteTypes(first.dtype, second.dtype);
  const a = inDType(first, dtype);
  const b = inDType(second, dtype);
  const as = a.shape;
  const bs = b.shape;
  const ba = as.length === 2 ? 1 : (as[0] as number);
  const ra = as[as.length - 2] as number;
  const ca = as[as.length - 1] as number;
  const bb = bs.length === 2 ? 1 : (bs[0] as number);
  const rb = bs[bs.length - 2] as number;
  const cb = bs[bs.length - 1] as number;
  const m = transA ? ca : ra;
  const k = transA ? ra : ca;
  const k2 = transB ? cb : rb;
  const n = transB ? rb : cb;
  if (k !== k2 || (ba !== bb && ba !== 1 && bb !== 1)) {
    throw new ShapeError(
      `matmul: batched shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} cannot be multiplied (${k} != ${k2})`,
    );
  }
  const batch = Math.max(ba, bb);
  const shape = as.length === 2 && bs.length === 2 ? [m, n] : [batch, m, n];
  const kernels = backend();
  const out = emptyTensor(kernels, shape, dtype, batch * m * n);
  kernels.matmul(
    a.storage.on(kernels),
    b.storage.on(kernels),
    out.storage.handle,
    batch,
    m,
    k,
    n,
    transA,
    transB,
    ba === 1 ? 0 : m * k,
    bb === 1 ? 0 : k * n,
  );
  return record('bmm', out, [a, b], { transA, transB }, 'matmul');
}

/**
 * Matrix product with PyTorch's rules: 1-d·1-d is a dot product, a 1-d operand is treated as a
 * row (left) or column (right) vector and its dim removed afterwards, and leading batch dims
 * broadcast.
 *
 * @example
 * ```ts
 * matmul(ones([2, 3]), ones([3, 4])).shape; // [2, 4]
 * matmul(ones([5, 2, 3]), ones([3])).shape; // [5, 2]
 * matmul(ones([2, 3]), ones([4, 5])); // ShapeError: matmul: shapes [2,3] and [4,5] cannot be multiplied (3 != 4)
 * ```
 */
export function matmul(first: Tensor, second: Tensor): Tensor {
  const a = checkTensor('matmul', first, 'the first operand');
  const b = checkTensor('matmul', second, 'the second operand');
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(
      `matmul: both operands need at least 1 dim, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
    );
  }
  const k = a.shape[a.ndim - 1] as number;
  const kb = (b.ndim === 1 ? b.shape[0] : b.shape[b.ndim - 2]) as number;
  if (k !== kb) {
    throw new ShapeError(
      `matmul: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} cannot be multiplied (${k} != ${kb})`,
    );
  }
  const a2 = a.ndim === 1 ? unsqueeze(a, 0) : a;
  const b2 = b.ndim === 1 ? unsqueeze(b, 1) : b;
  let result: Tensor;
  if (b2.ndim === 2 && a2.ndim === 2) {
    result = bmm(a2, b2, false, false);
  } else if (b2.ndim === 2) {
    // Fold every batch dim of a into its rows: one big product, no copy.
    const rows = sizeOf(a2.shape.slice(0, -1)); // not size / k: k may be 0
    const product = bmm(
      reshape(a2, [1, rows, k]),
      reshape(b2, [1, k, b2.shape[1] as number]),
      false,
      false,
    );
    result = reshape(product, [...a2.shape.slice(0, -1), b2.shape[1] as number]);
  } else {
    const batchA = a2.shape.slice(0, -2);
    const batchB = b2.shape.slice(0, -2);
    const batch = broadcastBatch(a.shape, b.shape, batchA, batchB);
    const m = a2.shape[a2.ndim - 2] as number;
    const n = b2.shape[b2.ndim - 1] as number;
    const a3 = toBatch(a2, batchA, batch, m, k);
    const b3 = toBatch(b2, batchB, batch, k, n);
    result = reshape(bmm(a3, b3, false, false), [...batch, m, n]);
  }
  if (a.ndim === 1)
    result = reshape(result, [
      ...result.shape.slice(0, -2),
      result.shape[result.ndim - 1] as number,
    ]);
  if (b.ndim === 1) result = reshape(result, result.shape.slice(0, -1));
  return result;
}

/** The broadcast batch dims; the error names the operands' full shapes, not just their batch dims. */
function broadcastBatch(
  shapeA: readonly number[],
  shapeB: readonly number[],
  batchA: readonly number[],
  batchB: readonly number[],
): number[] {
  try {
    return broadcastShapes('matmul', batchA, batchB);
  } catch {
    throw new ShapeError(
      `matmul: the batch dims of shapes ${formatShape(shapeA)} and ${formatShape(shapeB)} cannot be broadcast together ` +
        `(${formatShape(batchA)} vs ${formatShape(batchB)})`,
    );
  }
}

function toBatch(
  x: Tensor,
  own: readonly number[],
  batch: readonly number[],
  rows: number,
  cols: number,
): Tensor {
  if (sizeOf(own) === 1) return reshape(x, [1, rows, cols]);
  const full = shapesEqual(own, batch) ? x : expand(x, [...batch, rows, cols]);
  return reshape(full, [sizeOf(batch), rows, cols]);
}

/**
 * Dot product of two 1-d tensors.
 *
 * @example
 * ```ts
 * dot(tensor([1, 2]), tensor([3, 4])).item(); // 11
 * ```
 */
export function dot(a: Tensor, b: Tensor): Tensor {
  checkTensor('dot', a);
  checkTensor('dot', b);
  if (a.ndim !== 1 || b.ndim !== 1 || a.size !== b.size) {
    throw new ShapeError(
      `dot: expects two 1-d tensors of the same size, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
    );
  }
  return matmul(a, b);
}

/**
 * Outer product of two 1-d tensors.
 *
 * @example
 * ```ts
 * outer(tensor([1, 2]), tensor([3, 4, 5])).shape; // [2, 3]
 * ```
 */
export function outer(a: Tensor, b: Tensor): Tensor {
  checkTensor('outer', a);
  checkTensor('outer', b);
  if (a.ndim !== 1 || b.ndim !== 1) {
    throw new ShapeError(
      `outer: expects two 1-d tensors, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
    );
  }
  return mul(unsqueeze(a, 1), unsqueeze(b, 0));
}

/**
 * `x · weightᵀ + bias`, PyTorch's `F.linear`: the weight is [outFeatures, inFeatures] and is
 * read transposed in place, not copied.
 *
 * @example
 * ```ts
 * linear(ones([8, 3]), ones([4, 3]), zeros([4])).shape; // [8, 4]
 * ```
 */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const x = checkTensor('linear', input);
  const w = checkTensor('linear', weight, 'weight');
  if (w.ndim !== 2)
    throw new ShapeError(
      `linear: weight must be 2-d [outFeatures, inFeatures], got ${formatShape(w.shape)}`,
    );
  const [outFeatures, inFeatures] = w.shape as [number, number];
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== inFeatures) {
    throw new ShapeError(
      `linear: input of shape ${formatShape(x.shape)} cannot be multiplied with weight of shape ${formatShape(w.shape)} (expected last dim ${inFeatures})`,
    );
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== outFeatures)) {
    throw new ShapeError(
      `linear: bias must have shape [${outFeatures}], got ${formatShape(bias.shape)}`,
    );
  }
  if (x.ndim === 2) return linear2d(x, w, bias ?? null);
  const rows = sizeOf(x.shape.slice(0, -1)); // not size / inFeatures: it may be 0
  const y = linear2d(reshape(x, [rows, inFeatures]), w, bias ?? null);
  return reshape(y, [...x.shape.slice(0, -1), outFeatures]);
}

/**
 * The `linear` primitive on a 2-d input: one product, then the bias added in place into it (the
 * binary kernel may write into its first operand), recorded as one node.
 */
function linear2d(input: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
  let dtype = promoteTypes(input.dtype, weight.dtype);
  if (bias) dtype = promoteTypes(dtype, bias.dtype);
  const x = inDType(input, dtype);
  const w = inDType(weight, dtype);
  const n = x.shape[0] as number;
  const [outFeatures, inFeatures] = w.shape as [number, number];
  const kernels = backend();
  const out = emptyTensor(kernels, [n, outFeatures], dtype, n * outFeatures);
  const target = out.storage.handle;
  kernels.matmul(
    x.storage.on(kernels),
    w.storage.on(kernels),
    target,
    1,
    n,
    inFeatures,
    outFeatures,
    false,
    true,
    0,
    0,
  );
  if (bias === null) return record('linear', out, [x, w], NONE);
  const b = inDType(bias, dtype);
  kernels.binary('add', target, [outFeatures, 1], b.storage.on(kernels), [0, 1], target, out.shape);
  return record('linear', out, [x, w, b], NONE);
}

/** No attributes: one shared object instead of a new `{}` per recorded op. */
const NONE = Object.freeze({}) as Record<string, never>;
