import { record } from '../autograd/record.js';
import { backend } from '../backend/registry.js';
import { promoteTypes } from '../dtype.js';
import { IndexError, ShapeError, ValueError } from '../errors.js';
import {
  broadcastShapes,
  contiguousStrides,
  formatShape,
  normalizeDim,
  shapesEqual,
  sizeOf,
} from '../shape.js';
import type { Tensor } from '../tensor.js';
import { emptyTensor } from './alloc.js';
import { inDType } from './cast.js';
import { checkTensor } from './scalar.js';
import { narrow } from './slice.js';
import { strided } from './strided.js';

/**
 * The same data with a new shape; one dim may be -1 (inferred). Shares storage (no copy).
 *
 * @example
 * ```ts
 * reshape(arange(6), [2, -1]).shape; // [2, 3]
 * ```
 */
export function reshape(input: Tensor, shape: readonly number[]): Tensor {
  const x = checkTensor('reshape', input);
  const target = inferShape('reshape', x, shape);
  if (shapesEqual(target, x.shape)) return x;
  const out = x._view(target);
  return record('reshape', out, [x], {});
}

function inferShape(op: string, x: Tensor, shape: readonly number[]): number[] {
  if (!Array.isArray(shape))
    throw new ValueError(`${op}: expected a shape array, got ${String(shape)}`);
  let inferred = -1;
  let known = 1;
  // Plain loops in the per-op helpers: a callback closing over locals allocates on every call.
  for (let d = 0; d < shape.length; d++) {
    const extent = shape[d] as number;
    if (extent === -1) {
      if (inferred >= 0)
        throw new ShapeError(`${op}: only one dim can be -1, got ${formatShape(shape)}`);
      inferred = d;
    } else if (!Number.isInteger(extent) || extent < 0) {
      throw new ShapeError(`${op}: invalid size ${extent} in shape ${formatShape(shape)}`);
    } else known *= extent;
  }
  const target = shape.slice();
  if (inferred >= 0) {
    if (known === 0 || x.size % known !== 0) {
      throw new ShapeError(
        `${op}: shape ${formatShape(shape)} is invalid for input of size ${x.size}`,
      );
    }
    target[inferred] = x.size / known;
  }
  if (sizeOf(target) !== x.size) {
    throw new ShapeError(
      `${op}: shape ${formatShape(shape)} is invalid for input of size ${x.size} (shape ${formatShape(x.shape)})`,
    );
  }
  return target;
}

/**
 * Alias of {@link reshape} (all descent tensors are contiguous, so a view always exists).
 *
 * @example
 * ```ts
 * view(zeros([4]), [2, 2]).shape; // [2, 2]
 * ```
 */
export function view(x: Tensor, shape: readonly number[]): Tensor {
  return reshape(x, shape);
}

/**
 * Merges dims `startDim`…`endDim` into one.
 *
 * @example
 * ```ts
 * flatten(zeros([2, 3, 4]), 1).shape; // [2, 12]
 * ```
 */
export function flatten(input: Tensor, startDim = 0, endDim = -1): Tensor {
  const x = checkTensor('flatten', input);
  if (x.ndim === 0) return reshape(x, [1]);
  const start = normalizeDim('flatten', startDim, x.ndim);
  const end = normalizeDim('flatten', endDim, x.ndim);
  if (start > end)
    throw new IndexError(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  const merged = x.shape.slice(start, end + 1).reduce((a, b) => a * b, 1);
  return reshape(x, [...x.shape.slice(0, start), merged, ...x.shape.slice(end + 1)]);
}

/**
 * Removes dims of size 1 (all of them, or just `dim` if it has size 1).
 *
 * @example
 * ```ts
 * squeeze(zeros([2, 1, 3])).shape; // [2, 3]
 * ```
 */
export function squeeze(input: Tensor, dim?: number | null): Tensor {
  const x = checkTensor('squeeze', input);
  if (dim === undefined || dim === null)
    return reshape(
      x,
      x.shape.filter((extent) => extent !== 1),
    );
  const d = normalizeDim('squeeze', dim, x.ndim);
  if (x.ndim === 0 || x.shape[d] !== 1) return x;
  return reshape(
    x,
    x.shape.filter((_, i) => i !== d),
  );
}

/**
 * Inserts a dim of size 1 at `dim` (negative counts from the end of the result).
 *
 * @example
 * ```ts
 * unsqueeze(zeros([3]), 0).shape; // [1, 3]
 * ```
 */
export function unsqueeze(input: Tensor, dim: number): Tensor {
  const x = checkTensor('unsqueeze', input);
  const d = normalizeDim('unsqueeze', dim, x.ndim + 1);
  const shape = x.shape.slice();
  shape.splice(d, 0, 1);
  return reshape(x, shape);
}

/**
 * Reorders the dims (a copy).
 *
 * @example
 * ```ts
 * permute(zeros([2, 3, 4]), [2, 0, 1]).shape; // [4, 2, 3]
 * ```
 */
export function permute(input: Tensor, dims: readonly number[]): Tensor {
  const x = checkTensor('permute', input);
  if (!Array.isArray(dims) || dims.length !== x.ndim) {
    throw new ShapeError(
      `permute: expected ${x.ndim} dims for a tensor of shape ${formatShape(x.shape)}, got ${JSON.stringify(dims)}`,
    );
  }
  const order = dims.map((d) => normalizeDim('permute', d, x.ndim));
  if (new Set(order).size !== order.length)
    throw new IndexError(`permute: repeated dim in ${JSON.stringify(dims)}`);
  if (order.every((d, i) => d === i)) return x;
  const strides = contiguousStrides(x.shape);
  return strided(
    x,
    'permute',
    order.map((d) => x.shape[d] as number),
    0,
    order.map((d) => strides[d] as number),
  );
}

/**
 * Swaps two dims (a copy).
 *
 * @example
 * ```ts
 * transpose(zeros([2, 3]), 0, 1).shape; // [3, 2]
 * ```
 */
export function transpose(input: Tensor, dim0: number, dim1: number): Tensor {
  const x = checkTensor('transpose', input);
  if (x.ndim === 0) return x;
  const a = normalizeDim('transpose', dim0, x.ndim);
  const b = normalizeDim('transpose', dim1, x.ndim);
  const order = x.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  return permute(x, order);
}

/**
 * Transpose of a tensor with at most 2 dims.
 *
 * @example
 * ```ts
 * t(zeros([2, 3])).shape; // [3, 2]
 * ```
 */
export function t(input: Tensor): Tensor {
  const x = checkTensor('t', input);
  if (x.ndim > 2)
    throw new ShapeError(
      `t: expects a tensor with <= 2 dims, got shape ${formatShape(x.shape)}; use transpose(x, dim0, dim1)`,
    );
  return x.ndim < 2 ? x : transpose(x, 0, 1);
}

/**
 * Repeats size-1 dims to `shape` (and adds leading dims); -1 keeps a dim. A copy.
 *
 * @example
 * ```ts
 * expand(tensor([[1], [2]]), [2, 3]).toArray(); // [[1, 1, 1], [2, 2, 2]]
 * ```
 */
export function expand(input: Tensor, shape: readonly number[]): Tensor {
  const x = checkTensor('expand', input);
  if (!Array.isArray(shape) || shape.length < x.ndim) {
    throw new ShapeError(
      `expand: the number of sizes (${shape.length}) must be >= the number of dims (${x.ndim}) of shape ${formatShape(x.shape)}`,
    );
  }
  const lead = shape.length - x.ndim;
  const sourceStrides = contiguousStrides(x.shape);
  const target = new Array<number>(shape.length);
  const strides = new Array<number>(shape.length);
  for (let i = 0; i < shape.length; i++) {
    const have = i < lead ? 1 : (x.shape[i - lead] as number);
    const extent = shape[i] === -1 && i >= lead ? have : (shape[i] as number);
    if (!Number.isInteger(extent) || extent < 0)
      throw new ShapeError(`expand: invalid size ${extent} in ${formatShape(shape)}`);
    target[i] = extent;
    if (i < lead || (have === 1 && extent !== 1)) strides[i] = 0;
    else if (have === extent) strides[i] = sourceStrides[i - lead] as number;
    else {
      throw new ShapeError(
        `expand: the expanded size ${extent} must match the existing size ${have} at dim ${i} (shape ${formatShape(x.shape)} to ${formatShape(shape)})`,
      );
    }
  }
  if (shapesEqual(target, x.shape)) return x;
  return strided(x, 'expand', target, 0, strides);
}

/**
 * Broadcasts `x` to `shape` (NumPy rules; a copy).
 *
 * @example
 * ```ts
 * broadcastTo(tensor([1, 2]), [3, 2]).shape; // [3, 2]
 * ```
 */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  const target = broadcastShapes('broadcastTo', checkTensor('broadcastTo', x).shape, shape);
  if (!shapesEqual(target, shape)) {
    throw new ShapeError(
      `broadcastTo: shape ${formatShape(x.shape)} cannot be broadcast to ${formatShape(shape)}`,
    );
  }
  return expand(x, shape);
}

/**
 * Joins tensors along an existing dim. Mixed float dtypes promote.
 *
 * @example
 * ```ts
 * cat([zeros([2, 3]), ones([1, 3])], 0).shape; // [3, 3]
 * ```
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0)
    throw new ValueError('cat: expected a non-empty array of tensors');
  tensors.forEach((x, i) => {
    checkTensor('cat', x, `tensors[${i}]`);
  });
  const first = tensors[0] as Tensor;
  if (first.ndim === 0)
    throw new ShapeError('cat: zero-dimensional tensors cannot be concatenated; use stack');
  const d = normalizeDim('cat', dim, first.ndim);
  let dtype = first.dtype;
  let total = 0;
  tensors.forEach((x, i) => {
    const fits =
      x.ndim === first.ndim &&
      x.shape.every((extent: number, j: number) => j === d || extent === first.shape[j]);
    if (!fits) {
      throw new ShapeError(
        `cat: tensors[${i}] has shape ${formatShape(x.shape)} but tensors[0] has ${formatShape(first.shape)}; all dims but ${d} must match`,
      );
    }
    dtype = promoteTypes(dtype, x.dtype);
    total += x.shape[d] as number;
  });
  const shape = first.shape.slice();
  shape[d] = total;
  const b = backend();
  const out = emptyTensor(b, shape, dtype, sizeOf(shape));
  const outStrides = contiguousStrides(shape);
  let offset = 0;
  const parts = tensors.map((x) => inDType(x, dtype));
  for (const part of parts) {
    // Scatter each part into its window of the output (the same kernel its gradient's adjoint uses).
    b.stridedScatterAdd(
      part.storage.on(b),
      part.shape,
      out.storage.handle,
      offset * (outStrides[d] as number),
      outStrides,
    );
    offset += part.shape[d] as number;
  }
  return record('cat', out, parts, { dim: d });
}

/**
 * Joins tensors of one shape along a new dim.
 *
 * @example
 * ```ts
 * stack([zeros([3]), ones([3])], 0).shape; // [2, 3]
 * ```
 */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0)
    throw new ValueError('stack: expected a non-empty array of tensors');
  const first = checkTensor('stack', tensors[0], 'tensors[0]');
  tensors.forEach((x, i) => {
    checkTensor('stack', x, `tensors[${i}]`);
    if (!shapesEqual(x.shape, first.shape)) {
      throw new ShapeError(
        `stack: expects each tensor to be the same shape, but tensors[0] is ${formatShape(first.shape)} and tensors[${i}] is ${formatShape(x.shape)}`,
      );
    }
  });
  const d = normalizeDim('stack', dim, first.ndim + 1);
  return cat(
    tensors.map((x) => unsqueeze(x, d)),
    d,
  );
}

/**
 * Splits into pieces of `splitSize` along `dim` (the last may be smaller), or into pieces of
 * the given sizes.
 *
 * @example
 * ```ts
 * split(arange(5), 2).map((p) => p.toArray()); // [[0, 1], [2, 3], [4]]
 * split(arange(5), [1, 4]).length; // 2
 * ```
 */
export function split(
  input: Tensor,
  splitSizeOrSections: number | readonly number[],
  dim = 0,
): Tensor[] {
  const x = checkTensor('split', input);
  const d = normalizeDim('split', dim, x.ndim);
  const extent = x.shape[d] as number;
  let sizes: number[];
  if (typeof splitSizeOrSections === 'number') {
    if (!Number.isInteger(splitSizeOrSections) || splitSizeOrSections <= 0) {
      throw new ValueError(
        `split: split size must be a whole number > 0, got ${splitSizeOrSections}`,
      );
    }
    sizes = [];
    for (let start = 0; start < extent; start += splitSizeOrSections)
      sizes.push(Math.min(splitSizeOrSections, extent - start));
    if (sizes.length === 0) sizes.push(0);
  } else {
    sizes = splitSizeOrSections.slice();
    const total = sizes.reduce((a, b) => a + b, 0);
    if (sizes.some((s) => !Number.isInteger(s) || s < 0) || total !== extent) {
      throw new ShapeError(
        `split: sizes ${JSON.stringify(sizes)} must be whole numbers summing to ${extent} (dim ${d} of shape ${formatShape(x.shape)})`,
      );
    }
  }
  let start = 0;
  return sizes.map((size) => {
    const piece = narrow(x, d, start, size);
    start += size;
    return piece;
  });
}

/**
 * Splits into `chunks` pieces of equal size along `dim` (the last may be smaller), as PyTorch.
 *
 * @example
 * ```ts
 * chunk(arange(6), 3).length; // 3
 * ```
 */
export function chunk(input: Tensor, chunks: number, dim = 0): Tensor[] {
  const x = checkTensor('chunk', input);
  if (!Number.isInteger(chunks) || chunks <= 0)
    throw new ValueError(`chunk: chunks must be a whole number > 0, got ${chunks}`);
  const d = normalizeDim('chunk', dim, x.ndim);
  const size = Math.ceil((x.shape[d] as number) / chunks);
  return split(x, Math.max(size, 1), d);
}
