import { record } from '../autograd/record.js';
import { backend } from '../backend/registry.js';
import { DTypeError, IndexError, ShapeError } from '../errors.js';
import { broadcastShapes, formatShape, normalizeDim, shapesEqual, sizeOf } from '../shape.js';
import type { Tensor, TensorOrScalar } from '../tensor.js';
import { emptyTensor } from './alloc.js';
import { inDType } from './cast.js';
import { where } from './elementwise.js';
import { countTrue, extreme } from './inspect.js';
import { checkTensor } from './scalar.js';
import { expand, reshape } from './shape.js';
import { slice } from './slice.js';

function checkIndexTensor(op: string, index: unknown, extent: number, dim: number): Tensor {
  const idx = checkTensor(op, index, 'index');
  if (idx.dtype !== 'int32')
    throw new DTypeError(`${op}: index must be an int32 tensor, got ${idx.dtype}`);
  if (idx.size === 0 || (extreme('min', idx) >= 0 && extreme('max', idx) < extent)) return idx;
  // The error path reads the index back once, to name the first offending position.
  const values = idx.dataSync();
  const i = values.findIndex((v) => v < 0 || v >= extent);
  throw new IndexError(
    `${op}: index ${values[i]} (at flat position ${i}) is out of bounds for dim ${dim} with size ${extent}`,
  );
}

/** A 0-d tensor has one position, so its index must have exactly one element (as PyTorch). */
function checkScalarIndex(op: string, x: Tensor, idx: Tensor): void {
  if (x.ndim === 0 && idx.size !== 1) {
    throw new ShapeError(
      `${op}: the index of a 0-d tensor must have exactly 1 element, got ${idx.size}`,
    );
  }
}

function outerInner(shape: readonly number[], dim: number): { outer: number; inner: number } {
  let outer = 1;
  let inner = 1;
  shape.forEach((extent, d) => {
    if (d < dim) outer *= extent;
    if (d > dim) inner *= extent;
  });
  return { outer, inner };
}

/**
 * Picks the entries of `index` (a 1-D int32 tensor) along `dim`.
 *
 * @example
 * ```ts
 * indexSelect(tensor([[1, 2], [3, 4]]), 0, tensor([1, 1], { dtype: 'int32' })).toArray(); // [[3, 4], [3, 4]]
 * ```
 */
export function indexSelect(input: Tensor, dim: number, index: Tensor): Tensor {
  const x = checkTensor('indexSelect', input);
  const d = normalizeDim('indexSelect', dim, x.ndim);
  const extent = x.ndim === 0 ? 1 : (x.shape[d] as number);
  const idx = checkIndexTensor('indexSelect', index, extent, d);
  if (idx.ndim > 1)
    throw new ShapeError(`indexSelect: index must be 1-D, got shape ${formatShape(idx.shape)}`);
  checkScalarIndex('indexSelect', x, idx);
  const shape = x.ndim === 0 ? [] : x.shape.slice();
  if (x.ndim > 0) shape[d] = idx.size;
  const b = backend();
  const out = emptyTensor(b, shape, x.dtype, sizeOf(shape));
  const { outer, inner } = outerInner(x.shape, d);
  b.indexSelect(x.storage.on(b), outer, extent, inner, idx.storage.on(b), out.storage.handle);
  return record('indexSelect', out, [x, idx], { dim: d });
}

/**
 * `base` plus `src` added at the positions `index` along `dim` (PyTorch's `index_add`); repeated
 * indices accumulate. The gradient of {@link indexSelect}.
 *
 * @example
 * ```ts
 * indexAdd(zeros([3]), 0, tensor([0, 0], { dtype: 'int32' }), tensor([1, 2])).toArray(); // [3, 0, 0]
 * ```
 */
export function indexAdd(baseInput: Tensor, dim: number, index: Tensor, srcInput: Tensor): Tensor {
  const base = checkTensor('indexAdd', baseInput);
  const src = inDType(checkTensor('indexAdd', srcInput, 'src'), base.dtype);
  const d = normalizeDim('indexAdd', dim, base.ndim);
  const extent = base.ndim === 0 ? 1 : (base.shape[d] as number);
  const idx = checkIndexTensor('indexAdd', index, extent, d);
  checkScalarIndex('indexAdd', base, idx);
  const expected = base.shape.slice();
  if (base.ndim > 0) expected[d] = idx.size;
  if (!shapesEqual(expected, src.shape)) {
    throw new ShapeError(
      `indexAdd: src has shape ${formatShape(src.shape)} but ${formatShape(expected)} was expected`,
    );
  }
  const b = backend();
  const out = emptyTensor(b, base.shape, base.dtype, base.size);
  b.cast(base.storage.on(b), out.storage.handle);
  const { outer, inner } = outerInner(base.shape, d);
  b.indexAdd(src.storage.on(b), outer, extent, inner, idx.storage.on(b), out.storage.handle);
  return record('indexAdd', out, [base, idx, src], { dim: d });
}

function checkGatherShapes(op: string, x: Tensor, d: number, idx: Tensor): void {
  if (idx.ndim !== x.ndim) {
    throw new ShapeError(
      `${op}: index has ${idx.ndim} dims but the tensor has ${x.ndim} (shape ${formatShape(x.shape)})`,
    );
  }
  idx.shape.forEach((extent, i) => {
    if (i !== d && extent > (x.shape[i] as number)) {
      throw new ShapeError(
        `${op}: index shape ${formatShape(idx.shape)} exceeds tensor shape ${formatShape(x.shape)} at dim ${i}`,
      );
    }
  });
}

/**
 * `out[i][j] = x[index[i][j]][j]` for dim 0 (and likewise for other dims), as PyTorch's gather.
 *
 * @example
 * ```ts
 * gather(tensor([[1, 2], [3, 4]]), 1, tensor([[0, 0], [1, 0]], { dtype: 'int32' })).toArray(); // [[1, 1], [4, 3]]
 * ```
 */
export function gather(input: Tensor, dim: number, index: Tensor): Tensor {
  const x = checkTensor('gather', input);
  const d = normalizeDim('gather', dim, x.ndim);
  const idx = checkIndexTensor('gather', index, x.ndim === 0 ? 1 : (x.shape[d] as number), d);
  checkGatherShapes('gather', x, d, idx);
  const b = backend();
  const out = emptyTensor(b, idx.shape, x.dtype, idx.size);
  b.gather(x.storage.on(b), x.shape, d, idx.storage.on(b), idx.shape, out.storage.handle);
  return record('gather', out, [x, idx], { dim: d });
}

/**
 * `x` with `src` added at the positions `index` along `dim` (PyTorch's `scatter_add`); repeated
 * indices accumulate. Only the part of `src` covered by `index` is used.
 *
 * @example
 * ```ts
 * scatterAdd(zeros([3]), 0, tensor([0, 2, 0], { dtype: 'int32' }), tensor([1, 2, 3])).toArray(); // [4, 0, 2]
 * ```
 */
export function scatterAdd(input: Tensor, dim: number, index: Tensor, srcInput: Tensor): Tensor {
  const x = checkTensor('scatterAdd', input);
  let src = inDType(checkTensor('scatterAdd', srcInput, 'src'), x.dtype);
  const d = normalizeDim('scatterAdd', dim, x.ndim);
  const idx = checkIndexTensor('scatterAdd', index, x.ndim === 0 ? 1 : (x.shape[d] as number), d);
  checkGatherShapes('scatterAdd', x, d, idx);
  if (src.ndim !== idx.ndim || idx.shape.some((extent, i) => extent > (src.shape[i] as number))) {
    throw new ShapeError(
      `scatterAdd: index shape ${formatShape(idx.shape)} exceeds src shape ${formatShape(src.shape)}`,
    );
  }
  if (src.shape.some((extent, i) => extent !== idx.shape[i])) {
    src = slice(
      src,
      idx.shape.map((extent) => ({ stop: extent })),
    );
  }
  const b = backend();
  const out = emptyTensor(b, x.shape, x.dtype, x.size);
  b.cast(x.storage.on(b), out.storage.handle);
  b.scatterAdd(src.storage.on(b), idx.storage.on(b), idx.shape, d, out.storage.handle, x.shape);
  return record('scatterAdd', out, [x, idx, src], { dim: d });
}

/**
 * `x` with `value` where `mask` (bool, broadcastable to x) is true.
 *
 * @example
 * ```ts
 * maskedFill(tensor([1, 2, 3]), tensor([true, false, true]), 0).toArray(); // [0, 2, 0]
 * ```
 */
export function maskedFill(input: Tensor, mask: Tensor, value: TensorOrScalar): Tensor {
  const x = checkTensor('maskedFill', input);
  const m = checkTensor('maskedFill', mask, 'mask');
  const shape = broadcastShapes('maskedFill', x.shape, m.shape);
  if (!shapesEqual(shape, x.shape)) {
    throw new ShapeError(
      `maskedFill: mask of shape ${formatShape(m.shape)} does not broadcast to the tensor's shape ${formatShape(x.shape)}`,
    );
  }
  return where(m, value, x);
}

/**
 * The elements of `x` where `mask` is true, as a 1-D tensor.
 *
 * @example
 * ```ts
 * maskedSelect(tensor([1, 2, 3]), tensor([true, false, true])).toArray(); // [1, 3]
 * ```
 */
export function maskedSelect(input: Tensor, mask: Tensor): Tensor {
  const x = checkTensor('maskedSelect', input);
  const m = checkTensor('maskedSelect', mask, 'mask');
  if (m.dtype !== 'bool')
    throw new DTypeError(`maskedSelect: mask must be a bool tensor, got ${m.dtype}`);
  const shape = broadcastShapes('maskedSelect', x.shape, m.shape);
  const flatX = reshape(expand(x, shape), [-1]);
  const flatMask = reshape(expand(m, shape), [-1]);
  const b = backend();
  const count = countTrue(flatMask);
  const positions = emptyTensor(b, [count], 'int32', count);
  b.nonzero(flatMask.storage.on(b), positions.storage.handle);
  return indexSelect(flatX, 0, positions);
}
