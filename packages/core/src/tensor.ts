import { type BackwardOptions, backward } from './autograd/engine.js';
import type { Node } from './autograd/node.js';
import { type DType, dtypeOfArray, isFloating, type TypedArray } from './dtype.js';
import { AutogradError, DTypeError, ValueError } from './errors.js';
import { formatTensor } from './format.js';
import { castTo } from './ops/cast.js';
import * as ew from './ops/elementwise.js';
import type { SliceSpec } from './ops/indexing.js';
import * as ix from './ops/indexing.js';
import * as ip from './ops/inplace.js';
import * as lin from './ops/linalg.js';
import type { VarOptions } from './ops/reduce.js';
import * as red from './ops/reduce.js';
import * as sh from './ops/shape.js';
import type { Generator } from './random/generator.js';
import type { Shape } from './shape.js';
import { formatShape, shapesEqual } from './shape.js';

/** A tensor or a plain number, which ops treat as a 0-d tensor of the other operand's dtype. */
export type TensorOrScalar = Tensor | number;

/** Nested arrays of numbers, as `toArray()` returns them. */
export type NestedArray = number | NestedArray[];

/**
 * An n-dimensional array with reverse-mode automatic differentiation. Storage is one contiguous,
 * row-major typed array; `reshape`/`view` share it, every other op returns new storage.
 * Create tensors with {@link tensor}, {@link zeros}, {@link randn} and friends.
 *
 * @example
 * ```ts
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * const loss = x.mul(x).sum();
 * loss.backward();
 * x.grad?.toArray(); // [[2, 4], [6, 8]]
 * ```
 */
export class Tensor {
  /** Extent along each axis. */
  readonly shape: Shape;
  /** Element type. */
  readonly dtype: DType;
  /** Number of elements (PyTorch's `numel()`; PyTorch's `size()` is our `shape`). */
  readonly size: number;
  private storage: TypedArray;
  private requires = false;
  private gradient: Tensor | null = null;
  private fn: Node | null = null;
  private keepsGrad = false;
  /** Shared by every view of this storage; created when a view or an in-place change needs it. */
  private counter: { version: number } | null = null;

  /**
   * Wraps `data` (not copied) as a tensor of `shape`. Prefer {@link tensor}, which validates.
   *
   * @example
   * ```ts
   * new Tensor(new Float32Array([1, 2, 3, 4]), [2, 2]);
   * ```
   */
  constructor(data: TypedArray, shape: Shape, dtype?: DType) {
    this.storage = data;
    this.shape = shape;
    let size = 1;
    for (const extent of shape) size *= extent;
    this.size = size;
    this.dtype = dtype ?? dtypeOfArray(data);
  }

  /**
   * How many times this tensor's storage was changed in place (PyTorch's `_version`). Backward
   * compares it with the value recorded at the forward pass, so a saved tensor changed in
   * between is an error instead of a silently wrong gradient.
   *
   * @example
   * ```ts
   * const t = zeros([2]);
   * t.add_(1).version; // 1
   * ```
   */
  get version(): number {
    return this.counter === null ? 0 : this.counter.version;
  }

  /**
   * Marks the storage as changed in place. The in-place methods call it; code that writes to
   * `.data` directly (an optimizer's update loop) should call it too.
   *
   * @example
   * ```ts
   * w.data[0] = 1;
   * w.bumpVersion();
   * ```
   */
  bumpVersion(): this {
    this.counter ??= { version: 0 };
    this.counter.version++;
    return this;
  }

  /** @internal A tensor of another shape on the same storage and version counter. */
  _view(shape: Shape): Tensor {
    const view = new Tensor(this.storage, shape, this.dtype);
    this.counter ??= { version: 0 };
    view.counter = this.counter;
    return view;
  }

  /** The flat, row-major storage (shared, not copied: writing to it changes the tensor). */
  get data(): TypedArray {
    return this.storage;
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Whether gradients flow to this tensor. Only floating tensors can require grad. */
  get requiresGrad(): boolean {
    return this.requires;
  }

  /** Same as {@link Tensor.requiresGrad_}: only floating leaves can change it. */
  set requiresGrad(flag: boolean) {
    this.requiresGrad_(flag);
  }

  /** The accumulated gradient after `backward()` (leaves, and tensors that called `retainGrad`). */
  get grad(): Tensor | null {
    return this.gradient;
  }

  /** Replaces the gradient (its shape must match); `null` clears it. */
  set grad(value: Tensor | null) {
    if (value !== null && !shapesEqual(value.shape, this.shape)) {
      throw new AutogradError(
        `grad: assigned gradient has shape ${formatShape(value.shape)} but the tensor has shape ${formatShape(this.shape)}`,
      );
    }
    if (value !== null && value.dtype !== this.dtype) {
      throw new AutogradError(
        `grad: assigned gradient has dtype ${value.dtype} but the tensor has dtype ${this.dtype}`,
      );
    }
    this.gradient = value;
  }

  /** The op that produced this tensor, or null for leaves. */
  get gradFn(): Node | null {
    return this.fn;
  }

  /** Whether this tensor was created by the user rather than by a recorded op. */
  get isLeaf(): boolean {
    return this.fn === null;
  }

  /** Whether `.grad` is kept for this non-leaf tensor. */
  get retainsGrad(): boolean {
    return this.keepsGrad;
  }

  /** @internal Used by the op recorder. */
  _attach(node: Node): void {
    this.fn = node;
    this.requires = true;
  }

  /**
   * Sets `requiresGrad` in place and returns this tensor (PyTorch's `requires_grad_`).
   *
   * @example
   * ```ts
   * const w = zeros([3]).requiresGrad_();
   * ```
   */
  requiresGrad_(flag = true): this {
    if (flag && !isFloating(this.dtype)) {
      throw new DTypeError(
        `requiresGrad_: only floating-point tensors can require gradients, got ${this.dtype}`,
      );
    }
    if (!flag && this.fn !== null) {
      throw new AutogradError(
        'requiresGrad_: cannot turn off gradients of a non-leaf tensor; use detach() to get a tensor without history',
      );
    }
    this.requires = flag;
    return this;
  }

  /**
   * Keeps `.grad` for this non-leaf tensor during backward.
   *
   * @example
   * ```ts
   * const h = x.mul(2);
   * h.retainGrad();
   * h.sum().backward();
   * h.grad; // ones
   * ```
   */
  retainGrad(): this {
    if (!this.requires) {
      throw new AutogradError(
        "retainGrad: can't retain the grad of a tensor that does not require grad",
      );
    }
    if (this.fn !== null) this.keepsGrad = true;
    return this;
  }

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
  backward(grad?: Tensor, options: BackwardOptions = {}): void {
    backward(this, grad, options);
  }

  /**
   * A tensor sharing this storage, cut from the graph (never requires grad).
   *
   * @example
   * ```ts
   * const frozen = w.detach();
   * ```
   */
  detach(): Tensor {
    return this._view(this.shape);
  }

  /**
   * A copy with new storage that stays in the graph (gradient flows back to this tensor).
   *
   * @example
   * ```ts
   * const c = x.clone();
   * ```
   */
  clone(): Tensor {
    return castTo(this, this.dtype, true);
  }

  /**
   * Converts to `dtype` (differentiable between float types). Returns this tensor if it already has it.
   *
   * @example
   * ```ts
   * tensor([1.5]).to('float64').dtype; // 'float64'
   * ```
   */
  to(dtype: DType): Tensor {
    return castTo(this, dtype, false);
  }

  /**
   * The value of a one-element tensor.
   *
   * @example
   * ```ts
   * tensor([[3]]).item(); // 3
   * ```
   */
  item(): number {
    if (this.size !== 1) {
      throw new ValueError(
        `item: only one-element tensors can be converted to a number, got shape ${formatShape(this.shape)}`,
      );
    }
    return this.storage[0] as number;
  }

  /**
   * The values as nested arrays (numbers; bool tensors give 0 and 1).
   *
   * @example
   * ```ts
   * tensor([[1, 2], [3, 4]]).toArray(); // [[1, 2], [3, 4]]
   * ```
   */
  toArray(): NestedArray {
    const build = (dim: number, offset: number): NestedArray => {
      if (dim === this.shape.length) return this.storage[offset] as number;
      const extent = this.shape[dim] as number;
      let stride = 1;
      for (let d = dim + 1; d < this.shape.length; d++) stride *= this.shape[d] as number;
      const out: NestedArray[] = [];
      for (let i = 0; i < extent; i++) out.push(build(dim + 1, offset + i * stride));
      return out;
    };
    return build(0, 0);
  }

  /**
   * Number of elements (PyTorch's `numel()`).
   *
   * @example
   * ```ts
   * zeros([2, 3]).numel(); // 6
   * ```
   */
  numel(): number {
    return this.size;
  }

  /**
   * The tensor printed as PyTorch prints it.
   *
   * @example
   * ```ts
   * String(tensor([1, 2], { requiresGrad: true })); // 'tensor([1., 2.], requiresGrad=true)'
   * ```
   */
  toString(): string {
    return formatTensor(this);
  }

  // Elementwise — see the functions of the same name for details.
  /** @see {@link add} */ add(other: TensorOrScalar): Tensor {
    return ew.add(this, other);
  }
  /** @see {@link sub} */ sub(other: TensorOrScalar): Tensor {
    return ew.sub(this, other);
  }
  /** @see {@link mul} */ mul(other: TensorOrScalar): Tensor {
    return ew.mul(this, other);
  }
  /** @see {@link div} */ div(other: TensorOrScalar): Tensor {
    return ew.div(this, other);
  }
  /** @see {@link pow} */ pow(exponent: TensorOrScalar): Tensor {
    return ew.pow(this, exponent);
  }
  /** @see {@link maximum} */ maximum(other: TensorOrScalar): Tensor {
    return ew.maximum(this, other);
  }
  /** @see {@link minimum} */ minimum(other: TensorOrScalar): Tensor {
    return ew.minimum(this, other);
  }
  /** @see {@link neg} */ neg(): Tensor {
    return ew.neg(this);
  }
  /** @see {@link exp} */ exp(): Tensor {
    return ew.exp(this);
  }
  /** @see {@link expm1} */ expm1(): Tensor {
    return ew.expm1(this);
  }
  /** @see {@link log} */ log(): Tensor {
    return ew.log(this);
  }
  /** @see {@link log1p} */ log1p(): Tensor {
    return ew.log1p(this);
  }
  /** @see {@link sqrt} */ sqrt(): Tensor {
    return ew.sqrt(this);
  }
  /** @see {@link rsqrt} */ rsqrt(): Tensor {
    return ew.rsqrt(this);
  }
  /** @see {@link reciprocal} */ reciprocal(): Tensor {
    return ew.reciprocal(this);
  }
  /** @see {@link abs} */ abs(): Tensor {
    return ew.abs(this);
  }
  /** @see {@link square} */ square(): Tensor {
    return ew.square(this);
  }
  /** @see {@link sin} */ sin(): Tensor {
    return ew.sin(this);
  }
  /** @see {@link cos} */ cos(): Tensor {
    return ew.cos(this);
  }
  /** @see {@link sigmoid} */ sigmoid(): Tensor {
    return ew.sigmoid(this);
  }
  /** @see {@link tanh} */ tanh(): Tensor {
    return ew.tanh(this);
  }
  /** @see {@link relu} */ relu(): Tensor {
    return ew.relu(this);
  }
  /** @see {@link leakyRelu} */ leakyRelu(negativeSlope?: number): Tensor {
    return ew.leakyRelu(this, negativeSlope);
  }
  /** @see {@link softplus} */ softplus(options?: ew.SoftplusOptions): Tensor {
    return ew.softplus(this, options);
  }
  /** @see {@link clamp} */ clamp(min?: number | null, max?: number | null): Tensor {
    return ew.clamp(this, min, max);
  }
  /** @see {@link sign} */ sign(): Tensor {
    return ew.sign(this);
  }
  /** @see {@link floor} */ floor(): Tensor {
    return ew.floor(this);
  }
  /** @see {@link ceil} */ ceil(): Tensor {
    return ew.ceil(this);
  }
  /** @see {@link round} */ round(): Tensor {
    return ew.round(this);
  }
  /** @see {@link eq} */ eq(other: TensorOrScalar): Tensor {
    return ew.eq(this, other);
  }
  /** @see {@link ne} */ ne(other: TensorOrScalar): Tensor {
    return ew.ne(this, other);
  }
  /** @see {@link lt} */ lt(other: TensorOrScalar): Tensor {
    return ew.lt(this, other);
  }
  /** @see {@link le} */ le(other: TensorOrScalar): Tensor {
    return ew.le(this, other);
  }
  /** @see {@link gt} */ gt(other: TensorOrScalar): Tensor {
    return ew.gt(this, other);
  }
  /** @see {@link ge} */ ge(other: TensorOrScalar): Tensor {
    return ew.ge(this, other);
  }
  /** @see {@link logicalAnd} */ logicalAnd(other: TensorOrScalar): Tensor {
    return ew.logicalAnd(this, other);
  }
  /** @see {@link logicalOr} */ logicalOr(other: TensorOrScalar): Tensor {
    return ew.logicalOr(this, other);
  }
  /** @see {@link logicalNot} */ logicalNot(): Tensor {
    return ew.logicalNot(this);
  }
  /** @see {@link isFinite} */ isFinite(): Tensor {
    return ew.isFinite(this);
  }

  // Reductions
  /** @see {@link sum} */ sum(dim?: number | readonly number[] | null, keepDim?: boolean): Tensor {
    return red.sum(this, dim, keepDim);
  }
  /** @see {@link mean} */ mean(
    dim?: number | readonly number[] | null,
    keepDim?: boolean,
  ): Tensor {
    return red.mean(this, dim, keepDim);
  }
  /** @see {@link var_} */ var(
    dim?: number | readonly number[] | null,
    options?: VarOptions,
  ): Tensor {
    return red.var_(this, dim, options);
  }
  /** @see {@link std} */ std(
    dim?: number | readonly number[] | null,
    options?: VarOptions,
  ): Tensor {
    return red.std(this, dim, options);
  }
  /** @see {@link amax} */ amax(
    dim?: number | readonly number[] | null,
    keepDim?: boolean,
  ): Tensor {
    return red.amax(this, dim, keepDim);
  }
  /** @see {@link amin} */ amin(
    dim?: number | readonly number[] | null,
    keepDim?: boolean,
  ): Tensor {
    return red.amin(this, dim, keepDim);
  }
  /** @see {@link max} */ max(): Tensor;
  max(dim: number, keepDim?: boolean): red.ValuesIndices;
  max(dim?: number, keepDim?: boolean): Tensor | red.ValuesIndices {
    return dim === undefined ? red.max(this) : red.max(this, dim, keepDim);
  }
  /** @see {@link min} */ min(): Tensor;
  min(dim: number, keepDim?: boolean): red.ValuesIndices;
  min(dim?: number, keepDim?: boolean): Tensor | red.ValuesIndices {
    return dim === undefined ? red.min(this) : red.min(this, dim, keepDim);
  }
  /** @see {@link argmax} */ argmax(dim?: number | null, keepDim?: boolean): Tensor {
    return red.argmax(this, dim, keepDim);
  }
  /** @see {@link argmin} */ argmin(dim?: number | null, keepDim?: boolean): Tensor {
    return red.argmin(this, dim, keepDim);
  }
  /** @see {@link logSumExp} */ logSumExp(
    dim: number | readonly number[],
    keepDim?: boolean,
  ): Tensor {
    return red.logSumExp(this, dim, keepDim);
  }
  /** @see {@link softmax} */ softmax(dim: number): Tensor {
    return red.softmax(this, dim);
  }
  /** @see {@link logSoftmax} */ logSoftmax(dim: number): Tensor {
    return red.logSoftmax(this, dim);
  }

  // Linear algebra
  /** @see {@link matmul} */ matmul(other: Tensor): Tensor {
    return lin.matmul(this, other);
  }
  /** @see {@link dot} */ dot(other: Tensor): Tensor {
    return lin.dot(this, other);
  }
  /** @see {@link outer} */ outer(other: Tensor): Tensor {
    return lin.outer(this, other);
  }

  // Shape
  /** @see {@link reshape} */ reshape(shape: readonly number[]): Tensor {
    return sh.reshape(this, shape);
  }
  /** @see {@link view} */ view(shape: readonly number[]): Tensor {
    return sh.view(this, shape);
  }
  /** @see {@link flatten} */ flatten(startDim?: number, endDim?: number): Tensor {
    return sh.flatten(this, startDim, endDim);
  }
  /** @see {@link squeeze} */ squeeze(dim?: number | null): Tensor {
    return sh.squeeze(this, dim);
  }
  /** @see {@link unsqueeze} */ unsqueeze(dim: number): Tensor {
    return sh.unsqueeze(this, dim);
  }
  /** @see {@link transpose} */ transpose(dim0: number, dim1: number): Tensor {
    return sh.transpose(this, dim0, dim1);
  }
  /** The transpose of a tensor of at most 2 dimensions. @see {@link t} */ t(): Tensor {
    return sh.t(this);
  }
  /** @see {@link permute} */ permute(dims: readonly number[]): Tensor {
    return sh.permute(this, dims);
  }
  /** @see {@link expand} */ expand(shape: readonly number[]): Tensor {
    return sh.expand(this, shape);
  }
  /** @see {@link expand} */ expandAs(other: Tensor): Tensor {
    return sh.expand(this, other.shape);
  }
  /** @see {@link broadcastTo} */ broadcastTo(shape: readonly number[]): Tensor {
    return sh.broadcastTo(this, shape);
  }
  /** @see {@link split} */ split(
    splitSizeOrSections: number | readonly number[],
    dim?: number,
  ): Tensor[] {
    return sh.split(this, splitSizeOrSections, dim);
  }
  /** @see {@link chunk} */ chunk(chunks: number, dim?: number): Tensor[] {
    return sh.chunk(this, chunks, dim);
  }

  // Indexing
  /** @see {@link slice} */ slice(specs: readonly SliceSpec[]): Tensor {
    return ix.slice(this, specs);
  }
  /** @see {@link narrow} */ narrow(dim: number, start: number, length: number): Tensor {
    return ix.narrow(this, dim, start, length);
  }
  /** @see {@link select} */ select(dim: number, index: number): Tensor {
    return ix.select(this, dim, index);
  }
  /** @see {@link indexSelect} */ indexSelect(dim: number, index: Tensor): Tensor {
    return ix.indexSelect(this, dim, index);
  }
  /** @see {@link gather} */ gather(dim: number, index: Tensor): Tensor {
    return ix.gather(this, dim, index);
  }
  /** @see {@link scatterAdd} */ scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor {
    return ix.scatterAdd(this, dim, index, src);
  }
  /** @see {@link maskedFill} */ maskedFill(mask: Tensor, value: number): Tensor {
    return ix.maskedFill(this, mask, value);
  }
  /** @see {@link maskedSelect} */ maskedSelect(mask: Tensor): Tensor {
    return ix.maskedSelect(this, mask);
  }

  // In place (outside the graph: wrap in noGrad for tensors that require grad)
  /** Sets every element to 0 in place. @see {@link Tensor.fill_} */ zero_(): this {
    return ip.fill_(this, 0, 'zero_');
  }
  /** Sets every element to `value` in place. */ fill_(value: number): this {
    return ip.fill_(this, value);
  }
  /** Copies `src` (broadcast to this shape) into this tensor in place. */ copy_(
    src: TensorOrScalar,
  ): this {
    return ip.copy_(this, src);
  }
  /** `this += alpha · other` in place. */ add_(other: TensorOrScalar, alpha = 1): this {
    return ip.add_(this, other, alpha);
  }
  /** `this -= alpha · other` in place. */ sub_(other: TensorOrScalar, alpha = 1): this {
    return ip.add_(this, other, -alpha, 'sub_');
  }
  /** `this *= other` in place. */ mul_(other: TensorOrScalar): this {
    return ip.binaryInPlace('mul_', 'mul', this, other);
  }
  /** `this /= other` in place. */ div_(other: TensorOrScalar): this {
    return ip.binaryInPlace('div_', 'div', this, other);
  }
  /** `this += value · t1 · t2` in place. */ addcmul_(t1: Tensor, t2: Tensor, value = 1): this {
    return ip.addcmul_(this, t1, t2, value);
  }
  /** `this += value · t1 / t2` in place. */ addcdiv_(t1: Tensor, t2: Tensor, value = 1): this {
    return ip.addcdiv_(this, t1, t2, value);
  }
  /** Clamps in place. */ clamp_(min?: number | null, max?: number | null): this {
    return ip.clamp_(this, min, max);
  }
  /** Fills with uniform samples from [low, high) in place. */ uniform_(
    low = 0,
    high = 1,
    generator?: Generator,
  ): this {
    return ip.uniform_(this, low, high, generator);
  }
  /** Fills with normal samples in place. */ normal_(
    mean = 0,
    std = 1,
    generator?: Generator,
  ): this {
    return ip.normal_(this, mean, std, generator);
  }
}
