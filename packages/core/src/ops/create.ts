import { backend } from '../backend/registry.js';
import {
  allocate,
  checkDType,
  type DType,
  dtypeOfArray,
  isFloating,
  type TypedArray,
} from '../dtype.js';
import { DTypeError, ValueError } from '../errors.js';
import { defaultGenerator, type Generator } from '../random/generator.js';
import { checkShape, formatShape, sizeOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { emptyTensor, uploadTensor } from './alloc.js';

/** Nested arrays of numbers or booleans accepted by {@link tensor}. */
export type NestedInput = number | boolean | readonly NestedInput[];

/** A shape given as one size or an array of sizes. */
export type ShapeInput = number | readonly number[];

/**
 * Options for creating a tensor.
 *
 * @example
 * ```ts
 * zeros([2, 3], { dtype: 'float64', requiresGrad: true });
 * ```
 */
export interface CreateOptions {
  /** Element type; default `float32` (PyTorch infers int64 from whole numbers; we do not). */
  dtype?: DType;
  /** Whether the new leaf tensor requires grad. */
  requiresGrad?: boolean;
}

/**
 * Options for {@link tensor}.
 *
 * @example
 * ```ts
 * tensor(new Float32Array(6), { shape: [2, 3] });
 * ```
 */
export interface TensorOptions extends CreateOptions {
  /** The shape of flat data (a typed array or a flat number array). */
  shape?: ShapeInput;
}

/**
 * Options for random creation ops.
 *
 * @example
 * ```ts
 * randn([2], { generator: new Generator(1) });
 * ```
 */
export interface RandomOptions extends CreateOptions {
  /** The generator to draw from; default: the global one seeded by {@link manualSeed}. */
  generator?: Generator;
}

/** A leaf holding `data` (a host array of `dtype`'s kind, handed to the backend). */
function finish(
  data: TypedArray,
  shape: readonly number[],
  dtype: DType,
  requiresGrad: boolean | undefined,
): Tensor {
  const t = uploadTensor(data, shape, dtype);
  if (requiresGrad) t.requiresGrad_(true);
  return t;
}

function resolveDType(
  op: string,
  options: CreateOptions | undefined,
  fallback: DType = 'float32',
): DType {
  const dtype = options?.dtype === undefined ? fallback : checkDType(op, options.dtype);
  if (options?.requiresGrad && !isFloating(dtype)) {
    throw new DTypeError(
      `${op}: only floating-point tensors can require gradients, got dtype ${dtype}`,
    );
  }
  return dtype;
}

/** Continuous samples exist only for floating dtypes (PyTorch refuses `randn` into integers too). */
function resolveFloatDType(op: string, options: CreateOptions | undefined): DType {
  const dtype = resolveDType(op, options);
  if (!isFloating(dtype)) {
    throw new DTypeError(`${op}: expected a floating dtype (float32 or float64), got ${dtype}`);
  }
  return dtype;
}

/**
 * Creates a tensor from a number, nested arrays, or flat data with a `shape`. Data is copied.
 * Whole numbers become float32 unless a dtype is given.
 *
 * @example
 * ```ts
 * tensor([[1, 2], [3, 4]]);                                  // shape [2, 2], float32
 * tensor(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] }); // fast path, float64
 * tensor(3, { requiresGrad: true });                        // a 0-d tensor
 * ```
 */
export function tensor(
  data: NestedInput | TypedArray | Tensor,
  options: TensorOptions = {},
): Tensor {
  if (data instanceof Tensor) return fromFlat(data.dataSync(), data.shape, options, data.dtype);
  if (ArrayBuffer.isView(data)) {
    const flat = data as TypedArray;
    const shape = options.shape === undefined ? [flat.length] : checkShape('tensor', options.shape);
    return fromFlat(flat, shape, options, dtypeOfArray(flat));
  }
  const shape: number[] = [];
  inferShape(data, shape);
  const inferred = allBoolean(data) ? 'bool' : 'float32';
  const dtype = resolveDType('tensor', options, inferred);
  const size = sizeOf(shape);
  const out = allocate(dtype, size);
  flattenInto(data, shape, 0, out, { offset: 0 }, []);
  const finalShape =
    options.shape === undefined ? shape : reshapeFlat(checkShape('tensor', options.shape), size);
  return finish(out, finalShape, dtype, options.requiresGrad);
}

function fromFlat(
  flat: TypedArray,
  shape: readonly number[],
  options: TensorOptions,
  inferred: DType,
): Tensor {
  const dtype = resolveDType('tensor', options, inferred);
  if (sizeOf(shape) !== flat.length) {
    throw new ValueError(
      `tensor: data has ${flat.length} elements but shape ${formatShape(shape)} needs ${sizeOf(shape)}`,
    );
  }
  for (let i = 0; i < flat.length; i++) {
    if (Number.isNaN(flat[i])) throw new ValueError(`tensor: element ${i} of the data is NaN`);
  }
  const out = allocate(dtype, flat.length);
  if (dtype === 'bool') for (let i = 0; i < flat.length; i++) out[i] = Number(flat[i] !== 0);
  else out.set(flat);
  return finish(out, shape.slice(), dtype, options.requiresGrad);
}

function reshapeFlat(shape: number[], size: number): number[] {
  if (sizeOf(shape) !== size) {
    throw new ValueError(
      `tensor: data has ${size} elements but shape ${formatShape(shape)} needs ${sizeOf(shape)}`,
    );
  }
  return shape;
}

function inferShape(data: NestedInput, shape: number[]): void {
  let level: NestedInput = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0] as NestedInput;
  }
}

/** Whether every leaf is a boolean: mixed booleans and numbers give numbers, as in PyTorch. */
function allBoolean(data: NestedInput): boolean {
  if (!Array.isArray(data)) return typeof data === 'boolean';
  return data.length > 0 && data.every(allBoolean);
}

function flattenInto(
  data: NestedInput,
  shape: readonly number[],
  dim: number,
  out: TypedArray,
  cursor: { offset: number },
  path: number[],
): void {
  const where = (): string => path.map((i) => `[${i}]`).join('') || 'the data';
  if (dim === shape.length) {
    if (typeof data === 'boolean') {
      out[cursor.offset++] = data ? 1 : 0;
      return;
    }
    if (typeof data !== 'number') {
      throw new ValueError(
        `tensor: element ${where()} is ${Array.isArray(data) ? 'an array' : String(data)}; expected a number (ragged nesting?)`,
      );
    }
    if (Number.isNaN(data)) throw new ValueError(`tensor: element ${where()} is NaN`);
    // Bool storage holds only 0 and 1 (any non-zero number is true).
    out[cursor.offset++] = out instanceof Uint8Array ? Number(data !== 0) : data;
    return;
  }
  if (!Array.isArray(data)) {
    throw new ValueError(
      `tensor: ragged nested array: ${where()} is ${String(data)} but an array of length ${shape[dim]} was expected`,
    );
  }
  if (data.length !== shape[dim]) {
    throw new ValueError(
      `tensor: ragged nested array: ${where()} has length ${data.length} but its siblings have length ${shape[dim]}`,
    );
  }
  for (let i = 0; i < data.length; i++) {
    path.push(i);
    flattenInto(data[i] as NestedInput, shape, dim + 1, out, cursor, path);
    path.pop();
  }
}

/**
 * A tensor of `shape` filled with `value`.
 *
 * @example
 * ```ts
 * full([2, 2], 7).toArray(); // [[7, 7], [7, 7]]
 * ```
 */
export function full(shape: ShapeInput, value: number, options?: CreateOptions): Tensor {
  return filled('full', shape, value, options);
}

/** {@link full} with errors naming the op the user called (zeros, onesLike…). */
function filled(op: string, shape: ShapeInput, value: number, options?: CreateOptions): Tensor {
  const dims = checkShape(op, shape);
  const dtype = resolveDType(op, options);
  const b = backend();
  const t = emptyTensor(b, dims, dtype, sizeOf(dims));
  if (value !== 0) b.fill(t.storage.handle, value);
  if (options?.requiresGrad) t.requiresGrad_(true);
  return t;
}

/**
 * A tensor of zeros.
 *
 * @example
 * ```ts
 * zeros([2, 3]).shape; // [2, 3]
 * ```
 */
export function zeros(shape: ShapeInput, options?: CreateOptions): Tensor {
  return filled('zeros', shape, 0, options);
}

/**
 * A tensor of ones.
 *
 * @example
 * ```ts
 * ones(3).toArray(); // [1, 1, 1]
 * ```
 */
export function ones(shape: ShapeInput, options?: CreateOptions): Tensor {
  return filled('ones', shape, 1, options);
}

/**
 * Zeros with the shape (and, unless given, the dtype) of `like`.
 *
 * @example
 * ```ts
 * zerosLike(randn([2, 2])).shape; // [2, 2]
 * ```
 */
export function zerosLike(like: Tensor, options?: CreateOptions): Tensor {
  return filled('zerosLike', like.shape, 0, { dtype: like.dtype, ...options });
}

/**
 * Ones with the shape (and, unless given, the dtype) of `like`.
 *
 * @example
 * ```ts
 * onesLike(zeros([2])).toArray(); // [1, 1]
 * ```
 */
export function onesLike(like: Tensor, options?: CreateOptions): Tensor {
  return filled('onesLike', like.shape, 1, { dtype: like.dtype, ...options });
}

/**
 * `value` with the shape (and, unless given, the dtype) of `like`.
 *
 * @example
 * ```ts
 * fullLike(zeros([2]), 5).toArray(); // [5, 5]
 * ```
 */
export function fullLike(like: Tensor, value: number, options?: CreateOptions): Tensor {
  return filled('fullLike', like.shape, value, { dtype: like.dtype, ...options });
}

/**
 * Values from `start` up to (not including) `end` in steps of `step`; `arange(n)` is 0…n-1.
 *
 * @example
 * ```ts
 * arange(5).toArray();        // [0, 1, 2, 3, 4]
 * arange(1, 2, 0.25).toArray(); // [1, 1.25, 1.5, 1.75]
 * ```
 */
export function arange(start: number, end?: number, step = 1, options?: CreateOptions): Tensor {
  const [from, to] = end === undefined ? [0, start] : [start, end];
  if (!Number.isFinite(from) || !Number.isFinite(to) || !Number.isFinite(step) || step === 0) {
    throw new ValueError(
      `arange: expected finite start/end and a non-zero step, got start=${from}, end=${to}, step=${step}`,
    );
  }
  if ((to - from) * step < 0) {
    throw new ValueError(
      `arange: upper bound and step sign are inconsistent (start=${from}, end=${to}, step=${step})`,
    );
  }
  const count = Math.max(0, Math.ceil((to - from) / step));
  const dtype = resolveDType('arange', options);
  const data = allocate(dtype, count);
  for (let i = 0; i < count; i++) data[i] = from + i * step;
  return finish(data, [count], dtype, options?.requiresGrad);
}

/**
 * `steps` evenly spaced values from `start` to `end`, both included.
 *
 * @example
 * ```ts
 * linspace(0, 1, 5).toArray(); // [0, 0.25, 0.5, 0.75, 1]
 * ```
 */
export function linspace(
  start: number,
  end: number,
  steps: number,
  options?: CreateOptions,
): Tensor {
  if (!Number.isInteger(steps) || steps < 0) {
    throw new ValueError(`linspace: steps must be a whole number >= 0, got ${steps}`);
  }
  const dtype = resolveDType('linspace', options);
  const data = allocate(dtype, steps);
  const delta = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Fill from both ends, as PyTorch does, so the last value is exactly `end`.
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++)
    data[i] = i < half || steps === 1 ? start + i * delta : end - (steps - 1 - i) * delta;
  return finish(data, [steps], dtype, options?.requiresGrad);
}

/**
 * The identity matrix (n×n, or n×m).
 *
 * @example
 * ```ts
 * eye(2).toArray(); // [[1, 0], [0, 1]]
 * ```
 */
export function eye(n: number, cols?: number | null, options?: CreateOptions): Tensor {
  const m = cols ?? n;
  const dims = checkShape('eye', [n, m]);
  const dtype = resolveDType('eye', options);
  const data = allocate(dtype, n * m);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return finish(data, dims, dtype, options?.requiresGrad);
}

/**
 * Uniform samples from [0, 1).
 *
 * @example
 * ```ts
 * manualSeed(0);
 * rand([2, 2]); // reproducible
 * ```
 */
export function rand(shape: ShapeInput, options?: RandomOptions): Tensor {
  const dims = checkShape('rand', shape);
  const dtype = resolveFloatDType('rand', options);
  const generator = options?.generator ?? defaultGenerator;
  const data = allocate(dtype, sizeOf(dims));
  for (let i = 0; i < data.length; i++) data[i] = generator.random();
  return finish(data, dims, dtype, options?.requiresGrad);
}

/**
 * Standard normal samples.
 *
 * @example
 * ```ts
 * randn([3], { generator: new Generator(42) });
 * ```
 */
export function randn(shape: ShapeInput, options?: RandomOptions): Tensor {
  const dims = checkShape('randn', shape);
  const dtype = resolveFloatDType('randn', options);
  const generator = options?.generator ?? defaultGenerator;
  const data = allocate(dtype, sizeOf(dims));
  for (let i = 0; i < data.length; i++) data[i] = generator.normal();
  return finish(data, dims, dtype, options?.requiresGrad);
}

/**
 * Uniform whole numbers in [low, high); int32 unless a dtype is given.
 *
 * @example
 * ```ts
 * randint(0, 10, [5]); // five digits
 * ```
 */
export function randint(
  low: number,
  high: number,
  shape: ShapeInput,
  options?: RandomOptions,
): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new ValueError(
      `randint: expected whole numbers low < high, got low=${low}, high=${high}`,
    );
  }
  const dims = checkShape('randint', shape);
  const dtype = resolveDType('randint', options, 'int32');
  const generator = options?.generator ?? defaultGenerator;
  const data = allocate(dtype, sizeOf(dims));
  for (let i = 0; i < data.length; i++) data[i] = generator.integer(low, high);
  return finish(data, dims, dtype, options?.requiresGrad);
}

/**
 * A random permutation of 0…n-1 (Fisher–Yates); int32 unless a dtype is given.
 *
 * @example
 * ```ts
 * randperm(4).toArray(); // e.g. [2, 0, 3, 1]
 * ```
 */
export function randperm(n: number, options?: RandomOptions): Tensor {
  const [count] = checkShape('randperm', [n]) as [number];
  const dtype = resolveDType('randperm', options, 'int32');
  const generator = options?.generator ?? defaultGenerator;
  const data = allocate(dtype, count);
  for (let i = 0; i < count; i++) data[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = generator.integer(0, i + 1);
    const tmp = data[i] as number;
    data[i] = data[j] as number;
    data[j] = tmp;
  }
  return finish(data, [count], dtype, options?.requiresGrad);
}

/**
 * Uniform samples with the shape and dtype of `like`.
 *
 * @example
 * ```ts
 * randLike(zeros([2])).shape; // [2]
 * ```
 */
export function randLike(like: Tensor, options?: RandomOptions): Tensor {
  return rand(like.shape, { dtype: like.dtype, ...options });
}

/**
 * Normal samples with the shape and dtype of `like`.
 *
 * @example
 * ```ts
 * randnLike(zeros([2])).shape; // [2]
 * ```
 */
export function randnLike(like: Tensor, options?: RandomOptions): Tensor {
  return randn(like.shape, { dtype: like.dtype, ...options });
}
