import type { DType, TypedArray } from '../dtype.js';
import type { Shape } from '../shape.js';

/** Elementwise ops of one operand; `p0`/`p1` carry parameters (slope, bounds, beta…). */
export type UnaryOp =
  | 'neg'
  | 'exp'
  | 'log'
  | 'log1p'
  | 'sqrt'
  | 'rsqrt'
  | 'abs'
  | 'square'
  | 'sin'
  | 'cos'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'sign'
  | 'floor'
  | 'ceil'
  | 'round'
  | 'expm1'
  | 'reciprocal'
  | 'leakyRelu'
  | 'softplus'
  | 'clamp'
  | 'logicalNot'
  | 'isNonFinite';

/**
 * Elementwise ops of two broadcast operands. The `…Backward` ops are fused gradients of
 * activations (`a` the incoming gradient, `b` the saved output or input), used by backward when
 * it records no graph: `tanhBackward` a·(1−b²), `sigmoidBackward` a·b·(1−b), `reluBackward`
 * b > 0 ? a : 0, `squareBackward` a·(2b).
 */
export type BinaryOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'maximum'
  | 'minimum'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'logicalAnd'
  | 'logicalOr'
  | 'tanhBackward'
  | 'sigmoidBackward'
  | 'reluBackward'
  | 'squareBackward';

/** Reductions over a set of axes. */
export type ReduceOp = 'sum' | 'max' | 'min';

/**
 * In-place updates of `out` with an `alpha` scale: `add` out += α·a, `addcmul` out += α·a·b,
 * `addcdiv` out += α·a/b, `addScalar` out += α (a and b unused).
 */
export type UpdateOp = 'add' | 'addcmul' | 'addcdiv' | 'addScalar';

/**
 * An opaque reference to memory a backend owns. Code outside the backend passes handles to the
 * backend's methods and never looks inside: values are read back with `read`/`readScalar` and
 * changed only by kernels. What a handle is depends on the backend (a typed array for the
 * TypeScript backend, an offset into WebAssembly memory for another).
 */
export interface DataHandle {
  /** Never present at run time: it only keeps handles from being mistaken for arrays. */
  readonly __backendData: never;
}

/**
 * The arithmetic of ops and gradients, as a backend implements it. `H` is the backend's handle
 * type ({@link DataHandle} outside the backend).
 *
 * The rules every kernel follows (the `checked` test backend asserts them on every call):
 *
 * - **Layout.** Every buffer is dense and row-major: element `(i₀, …, iₙ)` of a buffer of shape
 *   `s` is at `Σ i_d · Π_{e>d} s_e`. Strides appear only as arguments (broadcasting, strided
 *   copies), counted in elements; a stride of 0 repeats an element along that axis.
 * - **Sizes.** A handle knows its dtype and element count (it was made by `alloc` or `upload`
 *   with them). Each kernel states how its buffers' sizes relate; callers make them match.
 * - **Dtypes.** Operands have the output's dtype unless a kernel says otherwise: comparisons and
 *   the logical ops write bool from two operands of one dtype; `argReduce` and `nonzero` write
 *   int32; index operands are int32; `where`'s condition is bool; `cast` converts any dtype to
 *   any. Callers convert operands first (`cast`), as PyTorch computes in the promoted dtype.
 * - **Aliasing.** Outputs never share memory with inputs, except where a kernel allows it:
 *   `unary` may write into `x` itself, `binary` into `a` when `a` is read with the contiguous
 *   strides of `outShape` (an in-place op), and `update`, the optimizer steps and the
 *   `…ScatterAdd`/`indexAdd` kernels read and write their target on purpose.
 * - **Values.** NaN is data: kernels propagate it as IEEE arithmetic and PyTorch do (NaN wins
 *   `max`/`min`/`argmax`). Integer outputs truncate toward zero; bool outputs hold 0 or 1.
 */
export interface Kernels<H = DataHandle> {
  /** `out[i] = op(x[i])`; `p0`/`p1` carry the op's parameters (unused ones are 0). Same size. */
  unary(op: UnaryOp, x: H, out: H, p0: number, p1: number): void;
  /** `out[i] = a[·] op b[·]` over `outShape`; strides are 0 on broadcast axes. */
  binary(
    op: BinaryOp,
    a: H,
    aStrides: readonly number[],
    b: H,
    bStrides: readonly number[],
    out: H,
    outShape: Shape,
  ): void;
  /** `out[i] = cond[·] ? a[·] : b[·]` over `outShape`, all three broadcast (strides 0). */
  where(
    cond: H,
    condStrides: readonly number[],
    a: H,
    aStrides: readonly number[],
    b: H,
    bStrides: readonly number[],
    out: H,
    outShape: Shape,
  ): void;
  /**
   * Reduces `dims` (sorted, distinct) of `x` of `shape`; `out` holds the shape with those axes
   * removed. Sums accumulate in float64 whatever the storage.
   */
  reduce(op: ReduceOp, x: H, shape: Shape, dims: readonly number[], out: H): void;
  /** Index (int32) of the max/min along `dim` (first occurrence; NaN wins, as PyTorch). */
  argReduce(op: 'argmax' | 'argmin', x: H, shape: Shape, dim: number, out: H): void;
  /**
   * Batched `out[s] = op(a[s]) · op(b[s])` with `op` a transpose when flagged; `a` is [batch,m,k]
   * (or [batch,k,m] transposed), `b` is [batch,k,n] (or [batch,n,k]), `out` is [batch,m,n]; a
   * batch stride of 0 reuses one matrix for every batch.
   */
  matmul(
    a: H,
    b: H,
    out: H,
    batch: number,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
    aBatchStride: number,
    bBatchStride: number,
  ): void;
  /** `out[i] = src[offset + Σ index_d(i)·strides_d]` over `outShape`. */
  stridedCopy(src: H, offset: number, strides: readonly number[], out: H, outShape: Shape): void;
  /** The adjoint of stridedCopy: `out[offset + Σ index_d(i)·strides_d] += src[i]` over `srcShape`. */
  stridedScatterAdd(
    src: H,
    srcShape: Shape,
    out: H,
    offset: number,
    strides: readonly number[],
  ): void;
  /** Copies with dtype conversion (bool is `x != 0`, int32 truncates). Same size. */
  cast(x: H, out: H): void;
  /** `out[o, j, i] = x[o, index[j], i]` with x viewed as [outer, dimSize, inner]. */
  indexSelect(x: H, outer: number, dimSize: number, inner: number, index: H, out: H): void;
  /** `out[o, index[j], i] += src[o, j, i]`, out viewed as [outer, dimSize, inner]. */
  indexAdd(src: H, outer: number, dimSize: number, inner: number, index: H, out: H): void;
  /** `out[…i_d…] = x[…index[…i…]…]` along `dim` (PyTorch gather); `index` and `out` share a shape. */
  gather(x: H, xShape: Shape, dim: number, index: H, indexShape: Shape, out: H): void;
  /** `out[…index[…i…]…] += src[…i…]` along `dim` (PyTorch scatter_add_, in place on out). */
  scatterAdd(src: H, index: H, indexShape: Shape, dim: number, out: H, outShape: Shape): void;
  /**
   * In-place `out ← out + α·f(a, b)` (see {@link UpdateOp}). `a` and `b` have out's size or one
   * element (broadcast); neither aliases `out`.
   */
  update(op: UpdateOp, out: H, a: H | null, b: H | null, alpha: number): void;
  /**
   * The p-norm of all elements of `x` into the one element of `out` (x's dtype): `(Σ|x|ᵖ)^(1/p)`,
   * the largest magnitude for p = Infinity. Accumulates in float64; NaN propagates.
   */
  vectorNorm(x: H, p: number, out: H): void;
  /** The flat positions of the non-zero elements of `mask` (bool) into `out` (int32, their count). */
  nonzero(mask: H, out: H): void;
  /** The flat index of the first NaN or ±Infinity in `x`, or -1. */
  findNonFinite(x: H): number;
  /**
   * Training-mode batch normalization of `x` viewed as [n, c, l] over n and l: writes the
   * per-channel mean and 1/√(biased variance + eps) (each [c]) and
   * `out = (x − mean)·invstd·weight + bias` (weight and bias optional, [c]). With running
   * statistics given, updates them in place: `r ← (1 − momentum)·r + momentum·stat`, with the
   * unbiased variance (n·l > 1 is the caller's check).
   */
  batchNormForward(
    x: H,
    n: number,
    c: number,
    l: number,
    weight: H | null,
    bias: H | null,
    eps: number,
    out: H,
    mean: H,
    invstd: H,
    runningMean: H | null,
    runningVar: H | null,
    momentum: number,
  ): void;
  /**
   * The closed-form gradient of {@link Kernels.batchNormForward} given the output gradient `g`:
   * with x̂ = (x − mean)·invstd and m = n·l values per channel,
   * `dx = (weight·invstd/m)·(m·g − Σg − x̂·Σ(g·x̂))`, `dweight = Σ(g·x̂)`, `dbias = Σg`. Each
   * output may be null (not needed).
   */
  batchNormBackward(
    g: H,
    x: H,
    mean: H,
    invstd: H,
    weight: H | null,
    n: number,
    c: number,
    l: number,
    dx: H | null,
    dweight: H | null,
    dbias: H | null,
  ): void;
  /**
   * One fused SGD update of a parameter, in place (see `fusedSgd_` for the rule and rounding).
   * `buf` is the momentum buffer (null without momentum), `first` whether it is new.
   */
  sgdStep(p: H, g: H, buf: H | null, first: boolean, options: SgdStepOptions): void;
  /** One fused Adagrad update of a parameter and its sum of squares at step `step`, in place. */
  adagradStep(p: H, g: H, sum: H, step: number, options: AdagradStepOptions): void;
  /** One fused RMSprop update, in place; `gradAvg` only when centered, `buf` only with momentum. */
  rmspropStep(
    p: H,
    g: H,
    squareAvg: H,
    gradAvg: H | null,
    buf: H | null,
    options: RmspropStepOptions,
  ): void;
  /**
   * One fused Adam update at step `step` (counted from 1), in place; AdamW's when `decoupled`;
   * `maxExpAvgSq` only with amsgrad.
   */
  adamStep(
    p: H,
    g: H,
    expAvg: H,
    expAvgSq: H,
    maxExpAvgSq: H | null,
    step: number,
    decoupled: boolean,
    options: AdamStepOptions,
  ): void;
}

/** The options of one SGD step (PyTorch's, in camelCase). */
export interface SgdStepOptions {
  /** Learning rate. */
  readonly lr: number;
  /** Momentum factor μ. */
  readonly momentum: number;
  /** Dampening τ. */
  readonly dampening: number;
  /** L2 penalty λ. */
  readonly weightDecay: number;
  /** Nesterov momentum. */
  readonly nesterov: boolean;
  /** Ascend instead of descend. */
  readonly maximize: boolean;
}

/** The options of one Adagrad step. */
export interface AdagradStepOptions {
  /** Learning rate. */
  readonly lr: number;
  /** Step t uses `lr / (1 + (t − 1)·lrDecay)`. */
  readonly lrDecay: number;
  /** L2 penalty λ. */
  readonly weightDecay: number;
  /** Added to √sum. */
  readonly eps: number;
  /** Ascend instead of descend. */
  readonly maximize: boolean;
}

/** The options of one RMSprop step. */
export interface RmspropStepOptions {
  /** Learning rate. */
  readonly lr: number;
  /** Smoothing constant α. */
  readonly alpha: number;
  /** Added to the root of the average. */
  readonly eps: number;
  /** L2 penalty λ. */
  readonly weightDecay: number;
  /** Momentum factor. */
  readonly momentum: number;
  /** Divide by the centered second moment. */
  readonly centered: boolean;
  /** Ascend instead of descend. */
  readonly maximize: boolean;
}

/** The options of one Adam or AdamW step. */
export interface AdamStepOptions {
  /** Learning rate. */
  readonly lr: number;
  /** (β₁, β₂). */
  readonly betas: readonly [number, number];
  /** Added to the corrected root of the second moment. */
  readonly eps: number;
  /** Weight decay λ (L2 for Adam, decoupled for AdamW). */
  readonly weightDecay: number;
  /** Use the running maximum of the second moment. */
  readonly amsgrad: boolean;
  /** Ascend instead of descend. */
  readonly maximize: boolean;
}

/**
 * A backend: its kernels plus the storage they work on. Ops allocate every output with `alloc`
 * and pass handles to the kernels; tensors read values back only through `read`/`readScalar`.
 * Register one with `registerBackend` and select it with `setBackend`.
 */
export interface Backend<H = DataHandle> extends Kernels<H> {
  /** The name `setBackend` selects it by (`'ts'` for the built-in one). */
  readonly name: string;
  /** New storage for `size` elements of `dtype`, all zero. */
  alloc(dtype: DType, size: number): H;
  /** Storage holding `values` (their dtype's array); the backend may keep the array itself. */
  upload(dtype: DType, values: TypedArray): H;
  /** A copy of the values (a new typed array of the handle's dtype): the explicit read-back. */
  read(buffer: H): TypedArray;
  /** One element, by flat index. */
  readScalar(buffer: H, index: number): number;
  /** Overwrites every element with `values` (the handle's dtype and size). */
  write(buffer: H, values: TypedArray): void;
  /** Sets every element to `value` (bool: 1 for non-zero). */
  fill(buffer: H, value: number): void;
  /**
   * Frees storage the JavaScript garbage collector does not manage (WebAssembly memory). Core
   * calls it once a tensor's storage is unreachable; the TypeScript backend leaves it out.
   */
  release?(buffer: H): void;
}
