import { allocate, type DType, type DTypeArrays, type TypedArray } from '../../dtype.js';

/**
 * Storage of the TypeScript backend: a handle is a typed array of its dtype, dense, owned by the
 * JavaScript garbage collector (nothing to release).
 *
 * Why slabs: V8 keeps a typed array of at most 64 bytes inside the JS heap, which is cheap, but
 * gives a bigger one its own off-heap backing store, about 1 µs to create and to sweep. The tiny
 * training step makes dozens of 40-to-2,000-byte arrays per step, so those are carved out of
 * shared 16 KB slabs instead (a view costs about 90 ns). A slab is never reused while any view of
 * it lives, so new views are always zero and the collector reclaims a slab when its last view
 * dies. The price: a long-lived view keeps its whole slab alive; views are capped at 2 KB so that
 * it is at most 16 KB per survivor (measured in the bench's memory case).
 */
const SLAB_BYTES = 16 * 1024;
/** Arrays up to this many bytes stay in the JS heap (V8's typed_array_max_size_in_heap). */
const ON_HEAP_BYTES = 64;
/** Arrays above this many bytes get their own backing store. */
const MAX_SLICE_BYTES = 2048;

let slab = new ArrayBuffer(SLAB_BYTES);
let slabOffset = 0;

const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4, bool: 1 };

/** A zeroed view of `bytes` (rounded up to 8) from the current slab, starting a new one if full. */
function slabSlice(bytes: number): number {
  const rounded = (bytes + 7) & ~7;
  if (slabOffset + rounded > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabOffset = 0;
  }
  const at = slabOffset;
  slabOffset += rounded;
  return at;
}

export function alloc<D extends DType>(dtype: D, size: number): DTypeArrays[D];
export function alloc(dtype: DType, size: number): TypedArray {
  const bytes = size * BYTES[dtype];
  if (bytes > ON_HEAP_BYTES && bytes <= MAX_SLICE_BYTES) {
    const at = slabSlice(bytes);
    switch (dtype) {
      case 'float32':
        return new Float32Array(slab, at, size);
      case 'float64':
        return new Float64Array(slab, at, size);
      case 'int32':
        return new Int32Array(slab, at, size);
      case 'bool':
        return new Uint8Array(slab, at, size);
    }
  }
  return allocate(dtype, size);
}

/** The values themselves: the caller hands the array over. */
export function upload(_dtype: DType, values: TypedArray): TypedArray {
  return values;
}

/** A copy with its own memory (never a view of a slab, so it keeps nothing else alive). */
export function read(buffer: TypedArray): TypedArray {
  return buffer.slice();
}

export function readScalar(buffer: TypedArray, index: number): number {
  return buffer[index] as number;
}

export function write(buffer: TypedArray, values: TypedArray): void {
  buffer.set(values);
}

export function fill(buffer: TypedArray, value: number): void {
  buffer.fill(buffer instanceof Uint8Array ? Number(value !== 0) : value);
}
