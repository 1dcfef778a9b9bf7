import { type DType, ValueError } from '@descent/core';

/**
 * Thrown for a safetensors file or state dict descent cannot read or write: the message names
 * what is wrong (truncated, header length, JSON, dtype, shape, offsets) and where.
 *
 * @example
 * ```ts
 * try {
 *   loadSafetensors(new Uint8Array(3));
 * } catch (e) {
 *   e instanceof SafetensorsError; // true: "safetensors: the file is 3 bytes, shorter than …"
 * }
 * ```
 */
export class SafetensorsError extends ValueError {
  override name = 'SafetensorsError';
}

/**
 * The safetensors dtypes descent reads. F32, F64, I32 and BOOL load as themselves; F16 and
 * BF16 are widened exactly to float32; I8, I16, U8 and U16 to int32; I64 becomes int32 when
 * every value fits (PyTorch's int64 index and counter tensors), and is rejected otherwise.
 *
 * @example
 * ```ts
 * const d: SafetensorsDType = 'F32';
 * ```
 */
export type SafetensorsDType =
  | 'F64'
  | 'F32'
  | 'F16'
  | 'BF16'
  | 'I64'
  | 'I32'
  | 'I16'
  | 'I8'
  | 'U16'
  | 'U8'
  | 'BOOL';

/** Bytes per element and the descent dtype each safetensors dtype loads as. */
export const DTYPES: Readonly<Record<SafetensorsDType, { itemsize: number; loadsAs: DType }>> = {
  F64: { itemsize: 8, loadsAs: 'float64' },
  F32: { itemsize: 4, loadsAs: 'float32' },
  F16: { itemsize: 2, loadsAs: 'float32' },
  BF16: { itemsize: 2, loadsAs: 'float32' },
  I64: { itemsize: 8, loadsAs: 'int32' },
  I32: { itemsize: 4, loadsAs: 'int32' },
  I16: { itemsize: 2, loadsAs: 'int32' },
  I8: { itemsize: 1, loadsAs: 'int32' },
  U16: { itemsize: 2, loadsAs: 'int32' },
  U8: { itemsize: 1, loadsAs: 'int32' },
  BOOL: { itemsize: 1, loadsAs: 'bool' },
};

/** Dtypes of the format that descent does not read (named in the error). */
export const UNSUPPORTED_DTYPES: ReadonlySet<string> = new Set([
  'U32',
  'U64',
  'F8_E4M3',
  'F8_E5M2',
  'C64',
]);

/** The largest header accepted, as the reference implementation: 100 MB. */
export const MAX_HEADER_BYTES = 100_000_000;

/**
 * One tensor's entry in a safetensors header.
 *
 * @example
 * ```ts
 * readSafetensorsHeader(bytes).tensors['0.weight']; // { dtype: 'F32', shape: [16, 2], dataOffsets: [0, 128] }
 * ```
 */
export interface SafetensorsTensorInfo {
  /** The stored dtype. */
  dtype: SafetensorsDType;
  /** The tensor's shape. */
  shape: number[];
  /** `[begin, end)` byte offsets within the data section. */
  dataOffsets: [number, number];
}

/**
 * A validated safetensors header.
 *
 * @example
 * ```ts
 * const { metadata, tensors } = readSafetensorsHeader(bytes);
 * metadata.format; // 'pt'
 * ```
 */
export interface SafetensorsHeader {
  /** The `__metadata__` strings (empty when absent). */
  metadata: Record<string, string>;
  /** Every tensor's entry, in header order. */
  tensors: Record<string, SafetensorsTensorInfo>;
  /** Byte offset of the data section in the file (8 + header length). */
  dataStart: number;
}

/** Whether this machine stores typed arrays little-endian (every mainstream one does). */
export const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Sets an own, enumerable property even for names like `__proto__` (hostile files). */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
