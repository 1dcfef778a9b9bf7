import type { TypedArray } from '../dtype.js';
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
  | 'clampMask'
  | 'logicalNot'
  | 'isNonFinite'
  | 'copy';

/**
 * Elementwise ops of two broadcast operands. The `…Backward` ops are fused gradients of
 * activations (`a` the incoming gradient, `b` the saved output or input), used by backward when
 * it records no graph: `tanhBackward` a·(1−b²), `sigmoidBackward` a·b·(1−b), `reluBackward`
 * b > 0 ? a : 0.
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
  | 'reluBackward';

/** Reductions over a set of axes. */
export type ReduceOp = 'sum' | 'max' | 'min';

/**
 * The seam between ops and arithmetic: pure functions over typed arrays. A faster backend
 * (WebAssembly, threads) implements this interface; ops and gradients stay as they are. Every
 * output array is allocated by the caller, contiguous and row-major.
 */
export interface Kernels {
  /** `out[i] = op(x[i])`; `p0`/`p1` carry the op's parameters (unused ones are 0). */
  unary(op: UnaryOp, x: TypedArray, out: TypedArray, p0: number, p1: number): void;
  /** `out[i] = a[·] op b[·]` over `outShape`; strides are 0 on broadcast axes. */
  binary(
    op: BinaryOp,
    a: TypedArray,
    aStrides: readonly number[],
    b: TypedArray,
    bStrides: readonly number[],
    out: TypedArray,
    outShape: Shape,
  ): void;
  /** `out[i] = cond[·] ? a[·] : b[·]` over `outShape`, all three broadcast (strides 0). */
  where(
    cond: TypedArray,
    condStrides: readonly number[],
    a: TypedArray,
    aStrides: readonly number[],
    b: TypedArray,
    bStrides: readonly number[],
    out: TypedArray,
    outShape: Shape,
  ): void;
  /** Reduces `dims` (sorted) of `x`; `out` has the shape with those axes removed. */
  reduce(op: ReduceOp, x: TypedArray, shape: Shape, dims: readonly number[], out: TypedArray): void;
  /** Index of the max/min along `dim` (first occurrence, NaN wins, as PyTorch). */
  argReduce(
    op: 'argmax' | 'argmin',
    x: TypedArray,
    shape: Shape,
    dim: number,
    out: Int32Array,
  ): void;
  /**
   * Batched `out[b] = op(a[b]) · op(b[b])` with `op` a transpose when flagged; `a` is [batch,m,k]
   * (or [batch,k,m] transposed), `b` is [batch,k,n] (or [batch,n,k]); a batch stride of 0 reuses
   * one matrix for every batch.
   */
  matmul(
    a: TypedArray,
    b: TypedArray,
    out: TypedArray,
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
  stridedCopy(
    src: TypedArray,
    offset: number,
    strides: readonly number[],
    out: TypedArray,
    outShape: Shape,
  ): void;
  /** The adjoint of stridedCopy: `out[offset + Σ index_d(i)·strides_d] += src[i]` over `srcShape`. */
  stridedScatterAdd(
    src: TypedArray,
    srcShape: Shape,
    out: TypedArray,
    offset: number,
    strides: readonly number[],
  ): void;
  /** Copies with dtype conversion (bool is `x != 0`). */
  cast(x: TypedArray, out: TypedArray): void;
  /** `out[o, j, i] = x[o, index[j], i]` with x viewed as [outer, dimSize, inner]. */
  indexSelect(
    x: TypedArray,
    outer: number,
    dimSize: number,
    inner: number,
    index: Int32Array,
    out: TypedArray,
  ): void;
  /** `out[o, index[j], i] += src[o, j, i]`, out viewed as [outer, dimSize, inner]. */
  indexAdd(
    src: TypedArray,
    outer: number,
    dimSize: number,
    inner: number,
    index: Int32Array,
    out: TypedArray,
  ): void;
  /** `out[…i_d…] = x[…index[…i…]…]` along `dim` (PyTorch gather); `index` and `out` share a shape. */
  gather(
    x: TypedArray,
    xShape: Shape,
    dim: number,
    index: Int32Array,
    indexShape: Shape,
    out: TypedArray,
  ): void;
  /** `out[…index[…i…]…] += src[…i…]` along `dim` (PyTorch scatter_add_, in place on out). */
  scatterAdd(
    src: TypedArray,
    index: Int32Array,
    indexShape: Shape,
    dim: number,
    out: TypedArray,
    outShape: Shape,
  ): void;
}
