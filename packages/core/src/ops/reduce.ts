import { record } from '../autograd/record.js';
import { backend } from '../backend/registry.js';
import { floatingResult } from '../dtype.js';
import { IndexError, ValueError } from '../errors.js';
import { formatShape, normalizeDim, normalizeDims, reducedShape, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { emptyTensor } from './alloc.js';
import { castTo, inDType } from './cast.js';
import {
  add,
  div,
  exp,
  isFinite as finiteMask,
  log,
  mul,
  sqrt,
  sub,
  where,
} from './elementwise.js';
import { gather } from './indexing.js';
import { checkTensor } from './scalar.js';
import { reshape, squeeze } from './shape.js';

/** A dim, a list of dims, or null/undefined for all of them. */
export type Dims = number | readonly number[] | null | undefined;

/**
 * The result of {@link max} and {@link min} along a dim.
 *
 * @example
 * ```ts
 * const { values, indices } = max(tensor([[1, 5], [7, 2]]), 1);
 * ```
 */
export interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
}

/**
 * Options of {@link var_} and {@link std}.
 *
 * @example
 * ```ts
 * x.var(0, { correction: 0, keepDim: true }); // the biased (population) variance
 * ```
 */
export interface VarOptions {
  /** Subtracted from the count in the denominator; default 1 (Bessel's correction). */
  correction?: number;
  /** PyTorch's older flag: `unbiased: false` is `correction: 0`. */
  unbiased?: boolean;
  /** Keep reduced dims with size 1. */
  keepDim?: boolean;
}

function reduceDims(op: string, x: Tensor, dim: Dims): number[] {
  // An empty list reduces every dim, as PyTorch does.
  if (Array.isArray(dim) && dim.length === 0) return normalizeDims(op, null, x.ndim);
  // Already normalized (sorted, distinct, in range: what backward passes): no Set, no sort.
  if (Array.isArray(dim) && isNormalized(dim, x.ndim)) return dim.slice();
  return normalizeDims(op, dim, x.ndim);
}

function isNormalized(dims: readonly number[], ndim: number): boolean {
  let previous = -1;
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i] as number;
    if (!Number.isInteger(d) || d <= previous || d >= ndim) return false;
    previous = d;
  }
  return true;
}

function countOf(x: Tensor, dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= x.shape[d] as number;
  return n;
}

/**
 * Sum over `dim` (all dims by default). Integer and bool tensors sum to int32.
 *
 * @example
 * ```ts
 * sum(tensor([[1, 2], [3, 4]]), 0).toArray(); // [4, 6]
 * sum(tensor([[1, 2], [3, 4]])).item(); // 10
 * ```
 */
export function sum(input: Tensor, dim?: Dims, keepDim = false): Tensor {
  const checked = checkTensor('sum', input);
  const x = checked.dtype === 'bool' ? inDType(checked, 'int32') : checked;
  const dims = reduceDims('sum', x, dim);
  const shape = reducedShape(x.shape, dims, keepDim);
  const b = backend();
  const out = emptyTensor(b, shape, x.dtype, sizeOf(shape));
  b.reduce('sum', x.storage.on(b), x.shape, dims, out.storage.handle);
  return record('sum', out, [x], { dims, keepDim });
}

/**
 * Mean over `dim` (all dims by default).
 *
 * @example
 * ```ts
 * mean(tensor([1, 2, 3, 4])).item(); // 2.5
 * ```
 */
export function mean(input: Tensor, dim?: Dims, keepDim = false): Tensor {
  const x = checkTensor('mean', input);
  const dims = reduceDims('mean', x, dim);
  const floating = castTo(x, floatingResult(x.dtype), false);
  return div(sum(floating, dims, keepDim), countOf(x, dims));
}

function correctionOf(op: string, options: VarOptions): number {
  if (options.correction !== undefined && options.unbiased !== undefined) {
    throw new ValueError(`${op}: pass either correction or unbiased, not both`);
  }
  const correction = options.correction ?? (options.unbiased === false ? 0 : 1);
  if (!Number.isFinite(correction) || correction < 0) {
    throw new ValueError(`${op}: correction must be a finite number >= 0, got ${correction}`);
  }
  return correction;
}

/**
 * Variance over `dim` (all dims by default), unbiased (`correction: 1`) unless told otherwise,
 * as PyTorch. Named `var_` because `var` is reserved in JavaScript; the method is `x.var()`.
 *
 * @example
 * ```ts
 * var_(tensor([1, 2, 3, 4])).item(); // 1.6667
 * var_(tensor([1, 2, 3, 4]), null, { correction: 0 }).item(); // 1.25
 * ```
 */
export function var_(input: Tensor, dim?: Dims, options: VarOptions = {}): Tensor {
  const x = checkTensor('var', input);
  const dims = reduceDims('var', x, dim);
  const correction = correctionOf('var', options);
  const floating = castTo(x, floatingResult(x.dtype), false);
  const centered = sub(floating, mean(floating, dims, true));
  const n = countOf(x, dims);
  return div(
    sum(mul(centered, centered), dims, options.keepDim ?? false),
    Math.max(n - correction, 0),
  );
}

/**
 * Standard deviation: the square root of {@link var_}.
 *
 * @example
 * ```ts
 * std(tensor([1, 2, 3, 4]), null, { correction: 0 }).item(); // 1.1180
 * ```
 */
export function std(input: Tensor, dim?: Dims, options: VarOptions = {}): Tensor {
  return sqrt(var_(input, dim, options));
}

function extremum(op: 'amax' | 'amin', input: Tensor, dim: Dims, keepDim: boolean): Tensor {
  const x = checkTensor(op, input);
  const dims = reduceDims(op, x, dim);
  for (const d of dims) {
    if (x.shape[d] === 0) {
      throw new IndexError(
        `${op}: cannot reduce over dim ${d} of size 0 (shape ${formatShape(x.shape)}); the result would have no identity`,
      );
    }
  }
  if (x.size === 0 && dims.length === 0) throw new ValueError(`${op}: empty tensor`);
  const shape = reducedShape(x.shape, dims, keepDim);
  const b = backend();
  const out = emptyTensor(b, shape, x.dtype, sizeOf(shape));
  b.reduce(op === 'amax' ? 'max' : 'min', x.storage.on(b), x.shape, dims, out.storage.handle);
  return record(op, out, [x], { dims, keepDim });
}

/**
 * Maximum over `dim` (all by default); the gradient is shared evenly among ties, as PyTorch.
 *
 * @example
 * ```ts
 * amax(tensor([[1, 5], [7, 2]]), 0).toArray(); // [7, 5]
 * ```
 */
export function amax(x: Tensor, dim?: Dims, keepDim = false): Tensor {
  return extremum('amax', x, dim, keepDim);
}

/**
 * Minimum over `dim` (all by default); the gradient is shared evenly among ties.
 *
 * @example
 * ```ts
 * amin(tensor([[1, 5], [7, 2]]), 1).toArray(); // [1, 2]
 * ```
 */
export function amin(x: Tensor, dim?: Dims, keepDim = false): Tensor {
  return extremum('amin', x, dim, keepDim);
}

function valuesAndIndices(
  op: 'max' | 'min',
  x: Tensor,
  dim: number,
  keepDim: boolean,
): ValuesIndices {
  const indices = argReduce(op === 'max' ? 'argmax' : 'argmin', op, x, dim, true);
  const d = normalizeDim(op, dim, x.ndim);
  const values = x.ndim === 0 ? x.clone() : gather(x, d, indices);
  if (keepDim || x.ndim === 0) return { values, indices };
  return { values: squeeze(values, d), indices: squeeze(indices, d) };
}

/**
 * The maximum of all elements, or along `dim` the values and their int32 indices (gradient to
 * the index, as PyTorch).
 *
 * @example
 * ```ts
 * max(tensor([1, 9, 3])).item(); // 9
 * max(tensor([[1, 9], [4, 2]]), 1).indices.toArray(); // [1, 0]
 * ```
 */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, keepDim?: boolean): ValuesIndices;
export function max(x: Tensor, dim?: number, keepDim = false): Tensor | ValuesIndices {
  if (dim === undefined) return amax(x);
  return valuesAndIndices('max', checkTensor('max', x), dim, keepDim);
}

/**
 * The minimum of all elements, or along `dim` the values and their int32 indices.
 *
 * @example
 * ```ts
 * min(tensor([1, 9, 3])).item(); // 1
 * ```
 */
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, keepDim?: boolean): ValuesIndices;
export function min(x: Tensor, dim?: number, keepDim = false): Tensor | ValuesIndices {
  if (dim === undefined) return amin(x);
  return valuesAndIndices('min', checkTensor('min', x), dim, keepDim);
}

function argReduce(
  kind: 'argmax' | 'argmin',
  op: string,
  input: Tensor,
  dim: number | null | undefined,
  keepDim: boolean,
): Tensor {
  const x = checkTensor(op, input);
  if (dim === null || dim === undefined) {
    const flat = reshape(x, [x.size]);
    const index = argReduce(kind, op, flat, 0, false);
    return keepDim
      ? reshape(
          index,
          x.shape.map(() => 1),
        )
      : index;
  }
  const d = normalizeDim(op, dim, x.ndim);
  if (x.ndim > 0 && x.shape[d] === 0) {
    throw new IndexError(
      `${op}: cannot reduce over dim ${d} of size 0 (shape ${formatShape(x.shape)})`,
    );
  }
  if (x.size === 0 && x.ndim === 0) throw new ValueError(`${op}: empty tensor`);
  const shape = x.ndim === 0 ? [] : reducedShape(x.shape, [d], true);
  const b = backend();
  const out = emptyTensor(b, shape, 'int32', sizeOf(shape));
  if (x.ndim > 0) b.argReduce(kind, x.storage.on(b), x.shape, d, out.storage.handle);
  return keepDim || x.ndim === 0 ? out : squeeze(out, d);
}

/**
 * Index (int32) of the maximum along `dim`, or of the flattened tensor when `dim` is null.
 *
 * @example
 * ```ts
 * argmax(tensor([[1, 9], [4, 2]]), 1).toArray(); // [1, 0]
 * ```
 */
export function argmax(x: Tensor, dim?: number | null, keepDim = false): Tensor {
  return argReduce('argmax', 'argmax', x, dim, keepDim);
}

/**
 * Index (int32) of the minimum along `dim`, or of the flattened tensor when `dim` is null.
 *
 * @example
 * ```ts
 * argmin(tensor([3, 1, 2])).item(); // 1
 * ```
 */
export function argmin(x: Tensor, dim?: number | null, keepDim = false): Tensor {
  return argReduce('argmin', 'argmin', x, dim, keepDim);
}

/** The max along dims as a constant shift, with non-finite maxima (all -Infinity rows) set to 0. */
function stableShift(x: Tensor, dims: readonly number[]): Tensor {
  // An empty tensor has no max (amax throws); the shift is irrelevant, so zeros of the right shape.
  if (x.size === 0) return sum(x, dims, true).detach();
  const m = amax(x, dims, true).detach();
  return where(finiteMask(m), m, 0);
}

/**
 * `log(Σ exp(x))` over `dim`, stable for huge inputs (shifted by the max).
 *
 * @example
 * ```ts
 * logSumExp(tensor([1000, 1000]), 0).item(); // 1000.6931
 * ```
 */
export function logSumExp(input: Tensor, dim: number | readonly number[], keepDim = false): Tensor {
  const x = castTo(checkTensor('logSumExp', input), floatingResult(input.dtype), false);
  const dims = reduceDims('logSumExp', x, dim);
  const shift = stableShift(x, dims);
  const result = add(log(sum(exp(sub(x, shift)), dims, true)), shift);
  return keepDim ? result : squeezeDims(result, dims);
}

function squeezeDims(x: Tensor, dims: readonly number[]): Tensor {
  return reshape(
    x,
    x.shape.filter((_, d) => !dims.includes(d)),
  );
}

/**
 * Softmax along `dim`: `exp(x) / Σ exp(x)`, stable for logits of ±1000.
 *
 * @example
 * ```ts
 * softmax(tensor([1, 1]), 0).toArray(); // [0.5, 0.5]
 * ```
 */
export function softmax(input: Tensor, dim: number): Tensor {
  const x = castTo(checkTensor('softmax', input), floatingResult(input.dtype), false);
  const d = normalizeDim('softmax', dim, x.ndim);
  const e = exp(sub(x, stableShift(x, [d])));
  return div(e, sum(e, d, true));
}

/**
 * `log(softmax(x))` along `dim`, computed as `x - logSumExp(x)` so it stays finite.
 *
 * @example
 * ```ts
 * logSoftmax(tensor([0, 1000]), 0).toArray(); // [-1000, 0]
 * ```
 */
export function logSoftmax(input: Tensor, dim: number): Tensor {
  const x = castTo(checkTensor('logSoftmax', input), floatingResult(input.dtype), false);
  const d = normalizeDim('logSoftmax', dim, x.ndim);
  // Subtract the max before anything else: x - logSumExp(x) loses float32 digits near ±1000.
  const shifted = sub(x, stableShift(x, [d]));
  return sub(shifted, log(sum(exp(shifted), d, true)));
}
