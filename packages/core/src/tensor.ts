import type { Node } from './autograd/node.js';
import { type DType, isFloating, type TypedArray } from './dtype.js';
import { AutogradError, DTypeError, ValueError } from './errors.js';
import type { Shape } from './shape.js';
import { formatShape, shapesEqual } from './shape.js';
import type { Storage } from './storage.js';

/** A tensor or a plain number, which ops treat as a 0-d tensor of the other operand's dtype. */
export type TensorOrScalar = Tensor | number;

/** Nested arrays of numbers, as `toArray()` returns them. */
export type NestedArray = number | NestedArray[];

/**
 * An n-dimensional array with reverse-mode automatic differentiation. Its values live in a
 * backend's {@link Storage} (contiguous, row-major): `reshape`/`view`/`detach` share it, every
 * other op returns new storage. Values are read back explicitly with {@link Tensor.dataSync},
 * {@link Tensor.toArray} or {@link Tensor.item}, and changed only by ops (the in-place ones end
 * in `_`). Create tensors with {@link tensor}, {@link zeros}, {@link randn} and friends.
 *
 * The ops are methods too (`x.add(y)`, `x.sum(0)`); they are attached in one place, the core's
 * entry point, so that this class depends on no op.
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
  /** The backend storage this tensor views (shared by `reshape`, `view` and `detach`). */
  readonly storage: Storage;
  private requires = false;
  private gradient: Tensor | null = null;
  private fn: Node | null = null;
  private keepsGrad = false;

  /**
   * A tensor of `shape` viewing `storage` (not copied; sizes must match). Prefer {@link tensor},
   * which copies and validates data.
   *
   * @example
   * ```ts
   * new Tensor(x.storage, [x.size]); // what x.reshape([-1]) does, without the graph
   * ```
   */
  constructor(storage: Storage, shape: Shape) {
    let size = 1;
    for (const extent of shape) size *= extent;
    if (size !== storage.size) {
      throw new ValueError(
        `Tensor: shape ${formatShape(shape)} has ${size} elements but the storage holds ${storage.size}`,
      );
    }
    this.storage = storage;
    this.shape = shape;
    this.size = size;
    this.dtype = storage.dtype;
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
    return this.storage.version;
  }

  /**
   * Marks the storage as changed in place. Every in-place op calls it; call it yourself only
   * after changing values by other means (a kernel of your own backend).
   *
   * @example
   * ```ts
   * w.bumpVersion().version; // one more than before
   * ```
   */
  bumpVersion(): this {
    this.storage.bump();
    return this;
  }

  /** @internal A tensor of another shape on the same storage and version counter. */
  _view(shape: Shape): Tensor {
    return new Tensor(this.storage, shape);
  }

  /**
   * A copy of the values as a flat, row-major typed array of this dtype (`Uint8Array` for bool):
   * the explicit read-back, named as in TensorFlow.js. The copy is the caller's: writing to it
   * changes nothing (change a tensor with its in-place ops, such as `copy_`).
   *
   * @example
   * ```ts
   * tensor([[1, 2], [3, 4]]).dataSync(); // Float32Array [1, 2, 3, 4]
   * ```
   */
  dataSync(): TypedArray {
    return this.storage.backend.read(this.storage.handle);
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
    return this.storage.backend.readScalar(this.storage.handle, 0);
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
    const values = this.dataSync();
    const build = (dim: number, offset: number): NestedArray => {
      if (dim === this.shape.length) return values[offset] as number;
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
}
