import type { Backend, DataHandle } from './backend/kernels.js';
import { backend } from './backend/registry.js';
import { type DType, dtypeOfArray, type TypedArray } from './dtype.js';

/** What the finalizer needs to free a handle; it must not reference the Storage itself. */
interface Held {
  backend: Backend;
  handle: DataHandle;
}

/**
 * Frees memory the garbage collector does not manage (a WebAssembly backend's) once its storage
 * is unreachable. Backends without `release` (the TypeScript one) never register: finalization
 * runs only between tasks, so a synchronous training loop would pile registrations up (measured:
 * 4 GB after 5 million) where plain typed arrays are simply collected.
 */
/** How many storages were ever made: the next one's serial number. */
let made = 0;
/** How many in-place changes were ever made, to any storage. */
let changes = 0;

const finalizer = new FinalizationRegistry<Held>(({ backend: owner, handle }) =>
  owner.release?.(handle),
);

/**
 * The memory behind a tensor: a handle a backend made, with its dtype and element count, and the
 * version counter of in-place changes. Shared by every tensor that views it (`reshape`, `view`,
 * `detach`). Only the backend looks inside the handle.
 *
 * @example
 * ```ts
 * const x = zeros([2, 3]);
 * x.reshape([6]).storage === x.storage; // true
 * ```
 */
export class Storage {
  /** The backend that owns the handle. */
  backend: Backend;
  /** The backend's handle to the values. */
  handle: DataHandle;
  /** Element type. */
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** How many times the values were changed in place (see `Tensor.version`); see `bump`. */
  version = 0;
  /**
   * @internal Storages are numbered in creation order: backward tells the gradients it made
   * itself (numbered after the pass began) from the caller's tensors.
   */
  readonly serial: number = made++;
  /** @internal The backward pass that handed these values out as a `.grad` (0: none). */
  _handedOut = 0;

  /**
   * Wraps a handle `owner` made for `size` elements of `dtype`.
   *
   * @example
   * ```ts
   * const b = backend();
   * new Storage(b, b.alloc('float32', 4), 'float32', 4);
   * ```
   */
  constructor(owner: Backend, handle: DataHandle, dtype: DType, size: number) {
    this.backend = owner;
    this.handle = handle;
    this.dtype = dtype;
    this.size = size;
    if (owner.release !== undefined) finalizer.register(this, { backend: owner, handle }, this);
  }

  /**
   * @internal Counts an in-place change of these values: the storage's version and the global
   * count, which lets backward skip its version checks when nothing changed in place at all.
   */
  bump(): void {
    this.version++;
    changes++;
  }

  /**
   * @internal How many in-place changes were made so far, to any storage.
   *
   * @example
   * ```ts
   * const before = Storage.changes();
   * zeros([2]).add_(1);
   * Storage.changes(); // before + 1
   * ```
   */
  static changes(): number {
    return changes;
  }

  /**
   * @internal The serial number the next storage will get.
   *
   * @example
   * ```ts
   * const before = Storage.nextSerial();
   * zeros([2]).storage.serial >= before; // true
   * ```
   */
  static nextSerial(): number {
    return made;
  }

  /**
   * New zeroed storage on the active backend.
   *
   * @example
   * ```ts
   * Storage.zeros('float64', 3).size; // 3
   * ```
   */
  static zeros(dtype: DType, size: number): Storage {
    const owner = backend();
    return new Storage(owner, owner.alloc(dtype, size), dtype, size);
  }

  /**
   * New storage on the active backend holding a copy of `values` (their array type gives the
   * dtype; `Uint8Array` is bool). Nothing is validated: NaN is stored as data. With
   * `new Tensor(storage, shape)` this is how a loader builds tensors from raw arrays.
   *
   * @example
   * ```ts
   * new Tensor(Storage.fromArray(new Float32Array([1, NaN])), [2]);
   * ```
   */
  static fromArray(values: TypedArray): Storage {
    const owner = backend();
    const dtype = dtypeOfArray(values);
    return new Storage(owner, owner.upload(dtype, values.slice()), dtype, values.length);
  }

  /**
   * The handle on `target`, first moving the values there if another backend holds them (after
   * `setBackend`, tensors made before move on first use).
   *
   * @example
   * ```ts
   * const h = x.storage.on(backend());
   * ```
   */
  on(target: Backend): DataHandle {
    if (this.backend === target) return this.handle;
    const previous = this.backend;
    const old = this.handle;
    this.handle = target.upload(this.dtype, previous.read(old));
    this.backend = target;
    if (previous.release !== undefined) {
      finalizer.unregister(this);
      previous.release(old);
    }
    if (target.release !== undefined) {
      finalizer.register(this, { backend: target, handle: this.handle }, this);
    }
    return this.handle;
  }
}
