import { record } from '../autograd/record.js';
import { backend } from '../backend/active.js';
import { allocate } from '../dtype.js';
import { DTypeError, IndexError, ShapeError, ValueError } from '../errors.js';
import { broadcastShapes, contiguousStrides, formatShape, normalizeDim, sizeOf } from '../shape.js';
import { Tensor, type TensorOrScalar } from '../tensor.js';
import { where } from './elementwise.js';
import { checkTensor } from './scalar.js';
import { expand, reshape } from './shape.js';
import { strided } from './strided.js';

/**
 * How {@link slice} treats one axis: `null` keeps it whole, a number picks that index and drops
 * the axis (negative counts from the end), a range keeps `start ≤ i < stop` in steps of `step`
 * (Python's `start:stop:step`; negative start/stop count from the end; step > 0).
 */
export type SliceSpec = null | number | { start?: number; stop?: number; step?: number };

/**
 * Basic indexing, PyTorch's `x[1:5:2, :, -1]`, as `slice(x, [{ start: 1, stop: 5, step: 2 }, null, -1])`.
 * Axes after the given specs are kept whole. A copy.
 *
 * @example
 * ```ts
 * const x = arange(12).reshape([3, 4]);
 * slice(x, [{ start: 1 }, { step: 2 }]).toArray(); // [[4, 6], [8, 10]]
 * slice(x, [-1]).toArray(); // [8, 9, 10, 11]
 * ```
 */
export function slice(input: Tensor, specs: readonly SliceSpec[]): Tensor {
  const x = checkTensor('slice', input);
  if (!Array.isArray(specs))
    throw new ValueError(`slice: expected an array of specs, got ${String(specs)}`);
  if (specs.length > x.ndim) {
    throw new IndexError(
      `slice: too many indices (${specs.length}) for a tensor of shape ${formatShape(x.shape)}`,
    );
  }
  const base = contiguousStrides(x.shape);
  const shape: number[] = [];
  const strides: number[] = [];
  let offset = 0;
  x.shape.forEach((extent, d) => {
    const spec = d < specs.length ? specs[d] : null;
    const stride = base[d] as number;
    if (spec === null || spec === undefined) {
      shape.push(extent);
      strides.push(stride);
    } else if (typeof spec === 'number') {
      offset += checkIndex('slice', spec, extent, d) * stride;
    } else {
      const step = spec.step ?? 1;
      if (!Number.isInteger(step) || step <= 0)
        throw new ValueError(`slice: step must be a whole number > 0, got ${step} at dim ${d}`);
      const start = clampBound(spec.start ?? 0, extent);
      const stop = clampBound(spec.stop ?? extent, extent);
      shape.push(Math.max(0, Math.ceil((stop - start) / step)));
      strides.push(stride * step);
      offset += Math.min(start, extent) * stride;
    }
  });
  return strided(x, 'slice', shape, offset, strides);
}

function clampBound(bound: number, extent: number): number {
  if (!Number.isInteger(bound))
    throw new ValueError(`slice: bounds must be whole numbers, got ${bound}`);
  const resolved = bound < 0 ? bound + extent : bound;
  return Math.min(Math.max(resolved, 0), extent);
}

function checkIndex(op: string, index: number, extent: number, dim: number): number {
  if (!Number.isInteger(index) || index < -extent || index >= extent) {
    throw new IndexError(
      `${op}: index ${index} is out of bounds for dim ${dim} with size ${extent}`,
    );
  }
  return index < 0 ? index + extent : index;
}

/**
 * `length` elements of `dim` starting at `start` (negative counts from the end).
 *
 * @example
 * ```ts
 * narrow(arange(5), 0, 1, 3).toArray(); // [1, 2, 3]
 * ```
 */
export function narrow(input: Tensor, dim: number, start: number, length: number): Tensor {
  const x = checkTensor('narrow', input);
  const d = normalizeDim('narrow', dim, x.ndim);
  const extent = x.shape[d] as number;
  const from = start < 0 ? start + extent : start;
  if (
    !Number.isInteger(from) ||
    from < 0 ||
    from > extent ||
    !Number.isInteger(length) ||
    length < 0 ||
    from + length > extent
  ) {
    throw new IndexError(
      `narrow: start ${start} and length ${length} exceed dim ${d} of size ${extent}`,
    );
  }
  const specs: SliceSpec[] = x.shape.map(() => null);
  specs[d] = { start: from, stop: from + length };
  return slice(x, specs);
}

/**
 * The slice at `index` of `dim`, with that dim removed.
 *
 * @example
 * ```ts
 * select(tensor([[1, 2], [3, 4]]), 1, 0).toArray(); // [1, 3]
 * ```
 */
export function select(input: Tensor, dim: number, index: number): Tensor {
  const x = checkTensor('select', input);
  const d = normalizeDim('select', dim, x.ndim);
  const specs: SliceSpec[] = x.shape.map(() => null);
  specs[d] = checkIndex('select', index, x.shape[d] as number, d);
  return slice(x, specs);
}

function checkIndexTensor(op: string, index: unknown, extent: number, dim: number): Tensor {
  const idx = checkTensor(op, index, 'index');
  if (idx.dtype !== 'int32')
    throw new DTypeError(`${op}: index must be an int32 tensor, got ${idx.dtype}`);
  const data = idx.data;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (v < 0 || v >= extent) {
      throw new IndexError(
        `${op}: index ${v} (at flat position ${i}) is out of bounds for dim ${dim} with size ${extent}`,
      );
    }
  }
  return idx;
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
  const out = new Tensor(allocate(x.dtype, sizeOf(shape)), shape, x.dtype);
  const { outer, inner } = outerInner(x.shape, d);
  backend().indexSelect(x.data, outer, extent, inner, idx.data as Int32Array, out.data);
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
  const src = checkTensor('indexAdd', srcInput, 'src');
  const d = normalizeDim('indexAdd', dim, base.ndim);
  const extent = base.ndim === 0 ? 1 : (base.shape[d] as number);
  const idx = checkIndexTensor('indexAdd', index, extent, d);
  checkScalarIndex('indexAdd', base, idx);
  const expected = base.shape.slice();
  if (base.ndim > 0) expected[d] = idx.size;
  if (formatShape(expected) !== formatShape(src.shape)) {
    throw new ShapeError(
      `indexAdd: src has shape ${formatShape(src.shape)} but ${formatShape(expected)} was expected`,
    );
  }
  const out = new Tensor(allocate(base.dtype, base.size), base.shape, base.dtype);
  out.data.set(base.data);
  const { outer, inner } = outerInner(base.shape, d);
  backend().indexAdd(src.data, outer, extent, inner, idx.data as Int32Array, out.data);
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
  const out = new Tensor(allocate(x.dtype, idx.size), idx.shape, x.dtype);
  backend().gather(x.data, x.shape, d, idx.data as Int32Array, idx.shape, out.data);
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
  let src = checkTensor('scatterAdd', srcInput, 'src');
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
  const out = new Tensor(allocate(x.dtype, x.size), x.shape, x.dtype);
  out.data.set(x.data);
  backend().scatterAdd(src.data, idx.data as Int32Array, idx.shape, d, out.data, x.shape);
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
  if (formatShape(shape) !== formatShape(x.shape)) {
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
  const flatMask = reshape(expand(m, shape), [-1]).data;
  const positions: number[] = [];
  for (let i = 0; i < flatMask.length; i++) if (flatMask[i]) positions.push(i);
  return indexSelect(flatX, 0, new Tensor(Int32Array.from(positions), [positions.length], 'int32'));
}
