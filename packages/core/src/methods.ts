/**
 * The one place where ops become `Tensor` methods (`x.add(y)` calls `add(x, y)`): declared by
 * declaration merging, attached to the prototype by {@link attachTensorMethods}. `tensor.ts`
 * imports no op, so the class is the bottom of the graph of modules instead of part of a cycle.
 */
import { type BackwardOptions, backward } from './autograd/engine.js';
import type { DType } from './dtype.js';
import { formatTensor } from './format.js';
import { castTo } from './ops/cast.js';
import type { SoftplusOptions } from './ops/elementwise.js';
import * as ew from './ops/elementwise.js';
import * as ix from './ops/indexing.js';
import * as ip from './ops/inplace.js';
import * as lin from './ops/linalg.js';
import type { ValuesIndices, VarOptions } from './ops/reduce.js';
import * as red from './ops/reduce.js';
import * as sh from './ops/shape.js';
import type { SliceSpec } from './ops/slice.js';
import * as sl from './ops/slice.js';
import type { Generator } from './random/generator.js';
import { Tensor, type TensorOrScalar } from './tensor.js';

/**
 * The methods every {@link Tensor} has besides its own members: the ops, each calling the
 * function of the same name with the tensor as its first argument.
 */
export interface TensorMethods {
  /**
   * Computes the gradient of this tensor with respect to every leaf that requires grad and
   * accumulates it into their `.grad`. `grad` is required unless this tensor has one element.
   *
   * @example
   * ```ts
   * const x = tensor([1, 2, 3], { requiresGrad: true });
   * x.pow(2).sum().backward();
   * x.grad?.toArray(); // [2, 4, 6]
   * ```
   */
  backward(grad?: Tensor, options?: BackwardOptions): void;
  /**
   * A copy with new storage that stays in the graph (gradient flows back to this tensor).
   *
   * @example
   * ```ts
   * const c = x.clone();
   * ```
   */
  clone(): Tensor;
  /**
   * Converts to `dtype` (differentiable between float types). Returns this tensor if it already has it.
   *
   * @example
   * ```ts
   * tensor([1.5]).to('float64').dtype; // 'float64'
   * ```
   */
  to(dtype: DType): Tensor;
  /**
   * The tensor printed as PyTorch prints it.
   *
   * @example
   * ```ts
   * String(tensor([1, 2], { requiresGrad: true })); // 'tensor([1., 2.], requiresGrad=true)'
   * ```
   */
  toString(): string;

  // Elementwise — see the functions of the same name for details.
  /** @see {@link add} */
  add(other: TensorOrScalar): Tensor;
  /** @see {@link sub} */
  sub(other: TensorOrScalar): Tensor;
  /** @see {@link mul} */
  mul(other: TensorOrScalar): Tensor;
  /** @see {@link div} */
  div(other: TensorOrScalar): Tensor;
  /** @see {@link pow} */
  pow(exponent: TensorOrScalar): Tensor;
  /** @see {@link maximum} */
  maximum(other: TensorOrScalar): Tensor;
  /** @see {@link minimum} */
  minimum(other: TensorOrScalar): Tensor;
  /** @see {@link neg} */
  neg(): Tensor;
  /** @see {@link exp} */
  exp(): Tensor;
  /** @see {@link expm1} */
  expm1(): Tensor;
  /** @see {@link log} */
  log(): Tensor;
  /** @see {@link log1p} */
  log1p(): Tensor;
  /** @see {@link sqrt} */
  sqrt(): Tensor;
  /** @see {@link rsqrt} */
  rsqrt(): Tensor;
  /** @see {@link reciprocal} */
  reciprocal(): Tensor;
  /** @see {@link abs} */
  abs(): Tensor;
  /** @see {@link square} */
  square(): Tensor;
  /** @see {@link sin} */
  sin(): Tensor;
  /** @see {@link cos} */
  cos(): Tensor;
  /** @see {@link sigmoid} */
  sigmoid(): Tensor;
  /** @see {@link tanh} */
  tanh(): Tensor;
  /** @see {@link relu} */
  relu(): Tensor;
  /** @see {@link leakyRelu} */
  leakyRelu(negativeSlope?: number): Tensor;
  /** @see {@link softplus} */
  softplus(options?: SoftplusOptions): Tensor;
  /** @see {@link clamp} */
  clamp(min?: number | null, max?: number | null): Tensor;
  /** @see {@link sign} */
  sign(): Tensor;
  /** @see {@link floor} */
  floor(): Tensor;
  /** @see {@link ceil} */
  ceil(): Tensor;
  /** @see {@link round} */
  round(): Tensor;
  /** @see {@link eq} */
  eq(other: TensorOrScalar): Tensor;
  /** @see {@link ne} */
  ne(other: TensorOrScalar): Tensor;
  /** @see {@link lt} */
  lt(other: TensorOrScalar): Tensor;
  /** @see {@link le} */
  le(other: TensorOrScalar): Tensor;
  /** @see {@link gt} */
  gt(other: TensorOrScalar): Tensor;
  /** @see {@link ge} */
  ge(other: TensorOrScalar): Tensor;
  /** @see {@link logicalAnd} */
  logicalAnd(other: TensorOrScalar): Tensor;
  /** @see {@link logicalOr} */
  logicalOr(other: TensorOrScalar): Tensor;
  /** @see {@link logicalNot} */
  logicalNot(): Tensor;
  /** @see {@link isFinite} */
  isFinite(): Tensor;

  // Reductions
  /** @see {@link sum} */
  sum(dim?: number | readonly number[] | null, keepDim?: boolean): Tensor;
  /** @see {@link mean} */
  mean(dim?: number | readonly number[] | null, keepDim?: boolean): Tensor;
  /** @see {@link var_} */
  var(dim?: number | readonly number[] | null, options?: VarOptions): Tensor;
  /** @see {@link std} */
  std(dim?: number | readonly number[] | null, options?: VarOptions): Tensor;
  /** @see {@link amax} */
  amax(dim?: number | readonly number[] | null, keepDim?: boolean): Tensor;
  /** @see {@link amin} */
  amin(dim?: number | readonly number[] | null, keepDim?: boolean): Tensor;
  /** @see {@link max} */
  max(): Tensor;
  /** The maximum along `dim`, with its indices. @see {@link max} */
  max(dim: number, keepDim?: boolean): ValuesIndices;
  /** @see {@link min} */
  min(): Tensor;
  /** The minimum along `dim`, with its indices. @see {@link min} */
  min(dim: number, keepDim?: boolean): ValuesIndices;
  /** @see {@link argmax} */
  argmax(dim?: number | null, keepDim?: boolean): Tensor;
  /** @see {@link argmin} */
  argmin(dim?: number | null, keepDim?: boolean): Tensor;
  /** @see {@link logSumExp} */
  logSumExp(dim: number | readonly number[], keepDim?: boolean): Tensor;
  /** @see {@link softmax} */
  softmax(dim: number): Tensor;
  /** @see {@link logSoftmax} */
  logSoftmax(dim: number): Tensor;

  // Linear algebra
  /** @see {@link matmul} */
  matmul(other: Tensor): Tensor;
  /** @see {@link dot} */
  dot(other: Tensor): Tensor;
  /** @see {@link outer} */
  outer(other: Tensor): Tensor;

  // Shape
  /** @see {@link reshape} */
  reshape(shape: readonly number[]): Tensor;
  /** @see {@link view} */
  view(shape: readonly number[]): Tensor;
  /** @see {@link flatten} */
  flatten(startDim?: number, endDim?: number): Tensor;
  /** @see {@link squeeze} */
  squeeze(dim?: number | null): Tensor;
  /** @see {@link unsqueeze} */
  unsqueeze(dim: number): Tensor;
  /** @see {@link transpose} */
  transpose(dim0: number, dim1: number): Tensor;
  /** The transpose of a tensor of at most 2 dimensions. @see {@link t} */
  t(): Tensor;
  /** @see {@link permute} */
  permute(dims: readonly number[]): Tensor;
  /** @see {@link expand} */
  expand(shape: readonly number[]): Tensor;
  /** @see {@link expand} */
  expandAs(other: Tensor): Tensor;
  /** @see {@link broadcastTo} */
  broadcastTo(shape: readonly number[]): Tensor;
  /** @see {@link split} */
  split(splitSizeOrSections: number | readonly number[], dim?: number): Tensor[];
  /** @see {@link chunk} */
  chunk(chunks: number, dim?: number): Tensor[];

  // Indexing
  /** @see {@link slice} */
  slice(specs: readonly SliceSpec[]): Tensor;
  /** @see {@link narrow} */
  narrow(dim: number, start: number, length: number): Tensor;
  /** @see {@link select} */
  select(dim: number, index: number): Tensor;
  /** @see {@link indexSelect} */
  indexSelect(dim: number, index: Tensor): Tensor;
  /** @see {@link gather} */
  gather(dim: number, index: Tensor): Tensor;
  /** @see {@link scatterAdd} */
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor;
  /** @see {@link maskedFill} */
  maskedFill(mask: Tensor, value: number): Tensor;
  /** @see {@link maskedSelect} */
  maskedSelect(mask: Tensor): Tensor;

  // In place (outside the graph: wrap in noGrad for tensors that require grad)
  /** Sets every element to 0 in place. @see {@link Tensor.fill_} */
  zero_(): this;
  /** Sets every element to `value` in place. */
  fill_(value: number): this;
  /** Copies `src` (broadcast to this shape) into this tensor in place. */
  copy_(src: TensorOrScalar): this;
  /** `this += alpha · other` in place. */
  add_(other: TensorOrScalar, alpha?: number): this;
  /** `this -= alpha · other` in place. */
  sub_(other: TensorOrScalar, alpha?: number): this;
  /** `this *= other` in place. */
  mul_(other: TensorOrScalar): this;
  /** `this /= other` in place. */
  div_(other: TensorOrScalar): this;
  /** `this += value · t1 · t2` in place. */
  addcmul_(t1: Tensor, t2: Tensor, value?: number): this;
  /** `this += value · t1 / t2` in place. */
  addcdiv_(t1: Tensor, t2: Tensor, value?: number): this;
  /** Clamps in place. */
  clamp_(min?: number | null, max?: number | null): this;
  /** Fills with uniform samples from [low, high) in place. */
  uniform_(low?: number, high?: number, generator?: Generator): this;
  /** Fills with normal samples in place. */
  normal_(mean?: number, std?: number, generator?: Generator): this;
}

declare module './tensor.js' {
  interface Tensor extends TensorMethods {}
}

/** The implementations, `this` being the tensor. */
const methods: TensorMethods & ThisType<Tensor> = {
  backward(grad?: Tensor, options: BackwardOptions = {}): void {
    backward(this, grad, options);
  },
  clone(): Tensor {
    return castTo(this, this.dtype, true);
  },
  to(dtype: DType): Tensor {
    return castTo(this, dtype, false);
  },
  toString(): string {
    return formatTensor(this);
  },

  // Elementwise — see the functions of the same name for details.
  add(other: TensorOrScalar): Tensor {
    return ew.add(this, other);
  },
  sub(other: TensorOrScalar): Tensor {
    return ew.sub(this, other);
  },
  mul(other: TensorOrScalar): Tensor {
    return ew.mul(this, other);
  },
  div(other: TensorOrScalar): Tensor {
    return ew.div(this, other);
  },
  pow(exponent: TensorOrScalar): Tensor {
    return ew.pow(this, exponent);
  },
  maximum(other: TensorOrScalar): Tensor {
    return ew.maximum(this, other);
  },
  minimum(other: TensorOrScalar): Tensor {
    return ew.minimum(this, other);
  },
  neg(): Tensor {
    return ew.neg(this);
  },
  exp(): Tensor {
    return ew.exp(this);
  },
  expm1(): Tensor {
    return ew.expm1(this);
  },
  log(): Tensor {
    return ew.log(this);
  },
  log1p(): Tensor {
    return ew.log1p(this);
  },
  sqrt(): Tensor {
    return ew.sqrt(this);
  },
  rsqrt(): Tensor {
    return ew.rsqrt(this);
  },
  reciprocal(): Tensor {
    return ew.reciprocal(this);
  },
  abs(): Tensor {
    return ew.abs(this);
  },
  square(): Tensor {
    return ew.square(this);
  },
  sin(): Tensor {
    return ew.sin(this);
  },
  cos(): Tensor {
    return ew.cos(this);
  },
  sigmoid(): Tensor {
    return ew.sigmoid(this);
  },
  tanh(): Tensor {
    return ew.tanh(this);
  },
  relu(): Tensor {
    return ew.relu(this);
  },
  leakyRelu(negativeSlope?: number): Tensor {
    return ew.leakyRelu(this, negativeSlope);
  },
  softplus(options?: SoftplusOptions): Tensor {
    return ew.softplus(this, options);
  },
  clamp(min?: number | null, max?: number | null): Tensor {
    return ew.clamp(this, min, max);
  },
  sign(): Tensor {
    return ew.sign(this);
  },
  floor(): Tensor {
    return ew.floor(this);
  },
  ceil(): Tensor {
    return ew.ceil(this);
  },
  round(): Tensor {
    return ew.round(this);
  },
  eq(other: TensorOrScalar): Tensor {
    return ew.eq(this, other);
  },
  ne(other: TensorOrScalar): Tensor {
    return ew.ne(this, other);
  },
  lt(other: TensorOrScalar): Tensor {
    return ew.lt(this, other);
  },
  le(other: TensorOrScalar): Tensor {
    return ew.le(this, other);
  },
  gt(other: TensorOrScalar): Tensor {
    return ew.gt(this, other);
  },
  ge(other: TensorOrScalar): Tensor {
    return ew.ge(this, other);
  },
  logicalAnd(other: TensorOrScalar): Tensor {
    return ew.logicalAnd(this, other);
  },
  logicalOr(other: TensorOrScalar): Tensor {
    return ew.logicalOr(this, other);
  },
  logicalNot(): Tensor {
    return ew.logicalNot(this);
  },
  isFinite(): Tensor {
    return ew.isFinite(this);
  },

  // Reductions
  sum(dim?: number | readonly number[] | null, keepDim?: boolean): Tensor {
    return red.sum(this, dim, keepDim);
  },
  mean(dim?: number | readonly number[] | null, keepDim?: boolean): Tensor {
    return red.mean(this, dim, keepDim);
  },
  var(dim?: number | readonly number[] | null, options?: VarOptions): Tensor {
    return red.var_(this, dim, options);
  },
  std(dim?: number | readonly number[] | null, options?: VarOptions): Tensor {
    return red.std(this, dim, options);
  },
  amax(dim?: number | readonly number[] | null, keepDim?: boolean): Tensor {
    return red.amax(this, dim, keepDim);
  },
  amin(dim?: number | readonly number[] | null, keepDim?: boolean): Tensor {
    return red.amin(this, dim, keepDim);
  },
  max: function (this: Tensor, dim?: number, keepDim?: boolean): Tensor | ValuesIndices {
    return dim === undefined ? red.max(this) : red.max(this, dim, keepDim);
  } as TensorMethods['max'],
  min: function (this: Tensor, dim?: number, keepDim?: boolean): Tensor | ValuesIndices {
    return dim === undefined ? red.min(this) : red.min(this, dim, keepDim);
  } as TensorMethods['min'],
  argmax(dim?: number | null, keepDim?: boolean): Tensor {
    return red.argmax(this, dim, keepDim);
  },
  argmin(dim?: number | null, keepDim?: boolean): Tensor {
    return red.argmin(this, dim, keepDim);
  },
  logSumExp(dim: number | readonly number[], keepDim?: boolean): Tensor {
    return red.logSumExp(this, dim, keepDim);
  },
  softmax(dim: number): Tensor {
    return red.softmax(this, dim);
  },
  logSoftmax(dim: number): Tensor {
    return red.logSoftmax(this, dim);
  },

  // Linear algebra
  matmul(other: Tensor): Tensor {
    return lin.matmul(this, other);
  },
  dot(other: Tensor): Tensor {
    return lin.dot(this, other);
  },
  outer(other: Tensor): Tensor {
    return lin.outer(this, other);
  },

  // Shape
  reshape(shape: readonly number[]): Tensor {
    return sh.reshape(this, shape);
  },
  view(shape: readonly number[]): Tensor {
    return sh.view(this, shape);
  },
  flatten(startDim?: number, endDim?: number): Tensor {
    return sh.flatten(this, startDim, endDim);
  },
  squeeze(dim?: number | null): Tensor {
    return sh.squeeze(this, dim);
  },
  unsqueeze(dim: number): Tensor {
    return sh.unsqueeze(this, dim);
  },
  transpose(dim0: number, dim1: number): Tensor {
    return sh.transpose(this, dim0, dim1);
  },
  t(): Tensor {
    return sh.t(this);
  },
  permute(dims: readonly number[]): Tensor {
    return sh.permute(this, dims);
  },
  expand(shape: readonly number[]): Tensor {
    return sh.expand(this, shape);
  },
  expandAs(other: Tensor): Tensor {
    return sh.expand(this, other.shape);
  },
  broadcastTo(shape: readonly number[]): Tensor {
    return sh.broadcastTo(this, shape);
  },
  split(splitSizeOrSections: number | readonly number[], dim?: number): Tensor[] {
    return sh.split(this, splitSizeOrSections, dim);
  },
  chunk(chunks: number, dim?: number): Tensor[] {
    return sh.chunk(this, chunks, dim);
  },

  // Indexing
  slice(specs: readonly SliceSpec[]): Tensor {
    return sl.slice(this, specs);
  },
  narrow(dim: number, start: number, length: number): Tensor {
    return sl.narrow(this, dim, start, length);
  },
  select(dim: number, index: number): Tensor {
    return sl.select(this, dim, index);
  },
  indexSelect(dim: number, index: Tensor): Tensor {
    return ix.indexSelect(this, dim, index);
  },
  gather(dim: number, index: Tensor): Tensor {
    return ix.gather(this, dim, index);
  },
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor {
    return ix.scatterAdd(this, dim, index, src);
  },
  maskedFill(mask: Tensor, value: number): Tensor {
    return ix.maskedFill(this, mask, value);
  },
  maskedSelect(mask: Tensor): Tensor {
    return ix.maskedSelect(this, mask);
  },

  // In place (outside the graph: wrap in noGrad for tensors that require grad)
  zero_(): Tensor {
    return ip.fill_(this, 0, 'zero_');
  },
  fill_(value: number): Tensor {
    return ip.fill_(this, value);
  },
  copy_(src: TensorOrScalar): Tensor {
    return ip.copy_(this, src);
  },
  add_(other: TensorOrScalar, alpha = 1): Tensor {
    return ip.add_(this, other, alpha);
  },
  sub_(other: TensorOrScalar, alpha = 1): Tensor {
    return ip.add_(this, other, -alpha, 'sub_');
  },
  mul_(other: TensorOrScalar): Tensor {
    return ip.binaryInPlace('mul_', 'mul', this, other);
  },
  div_(other: TensorOrScalar): Tensor {
    return ip.binaryInPlace('div_', 'div', this, other);
  },
  addcmul_(t1: Tensor, t2: Tensor, value = 1): Tensor {
    return ip.addcmul_(this, t1, t2, value);
  },
  addcdiv_(t1: Tensor, t2: Tensor, value = 1): Tensor {
    return ip.addcdiv_(this, t1, t2, value);
  },
  clamp_(min?: number | null, max?: number | null): Tensor {
    return ip.clamp_(this, min, max);
  },
  uniform_(low = 0, high = 1, generator?: Generator): Tensor {
    return ip.uniform_(this, low, high, generator);
  },
  normal_(mean = 0, std = 1, generator?: Generator): Tensor {
    return ip.normal_(this, mean, std, generator);
  },
};

/**
 * Attaches the ops to `Tensor.prototype` as non-enumerable methods, like a class's own. The
 * package's entry point calls it once.
 */
export function attachTensorMethods(): void {
  for (const name of Object.keys(methods) as (keyof TensorMethods)[]) {
    Object.defineProperty(Tensor.prototype, name, {
      value: methods[name],
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
}
