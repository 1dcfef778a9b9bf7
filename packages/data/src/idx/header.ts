import { ValueError } from '@descent/core';
import { describe } from '../check.js';
import { DataError } from '../errors.js';

/** The element types of the IDX format, by their type code (0x08, 0x09, 0x0B … 0x0E). */
export const IDX_TYPES: Record<
  IdxTypeCode,
  { type: IdxElementType; name: string; size: number; float: boolean }
> = {
  8: { type: 'uint8', name: 'unsigned byte', size: 1, float: false },
  9: { type: 'int8', name: 'signed byte', size: 1, float: false },
  11: { type: 'int16', name: 'short', size: 2, float: false },
  12: { type: 'int32', name: 'int', size: 4, float: false },
  13: { type: 'float32', name: 'float', size: 4, float: true },
  14: { type: 'float64', name: 'double', size: 8, float: true },
};

/**
 * An IDX type code: 0x08 (8), 0x09 (9), 0x0B (11), 0x0C (12), 0x0D (13) or 0x0E (14).
 *
 * @example
 * ```ts
 * const code: IdxTypeCode = readIdxHeader(bytes).typeCode; // 8 for MNIST
 * ```
 */
export type IdxTypeCode = 8 | 9 | 11 | 12 | 13 | 14;

/**
 * The element types an IDX file can hold: type codes 0x08 (`uint8`), 0x09 (`int8`), 0x0B
 * (`int16`), 0x0C (`int32`), 0x0D (`float32`) and 0x0E (`float64`), all big-endian.
 *
 * @example
 * ```ts
 * const type: IdxElementType = readIdxHeader(bytes).type; // 'uint8' for MNIST
 * ```
 */
export type IdxElementType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** The most dimensions an IDX file may declare (MNIST's have 1 and 3). */
export const MAX_IDX_DIMS = 16;

/**
 * What an IDX header declares, as {@link readIdxHeader} returns it.
 *
 * @example
 * ```ts
 * const { type, shape } = readIdxHeader(bytes); // 'uint8', [60000, 28, 28]
 * ```
 */
export interface IdxHeader {
  /** The element type. */
  type: IdxElementType;
  /** The element type code (0x08 … 0x0E). */
  typeCode: IdxTypeCode;
  /** The sizes of the dimensions. */
  shape: number[];
  /** The length of the header: 4 + 4 · dimensions. */
  headerBytes: number;
  /** The length of the data the header declares: elements × element size. */
  dataBytes: number;
}

const hex = (byte: number) => `0x${byte.toString(16).padStart(2, '0')}`;

/**
 * Reads the header at the start of an IDX file's bytes (all of them, or only the first 4 + 4 ·
 * dimensions): the element type and the shape, without reading the data. It checks the magic
 * number (two zero bytes, a known type code, 1 to 16 dimensions) and throws a {@link DataError}
 * for a header no IDX file has, or for bytes that end inside the header.
 *
 * @example
 * ```ts
 * const bytes = new Uint8Array([0, 0, 0x08, 1, 0, 0, 0, 3, 7, 8, 9]);
 * readIdxHeader(bytes); // { type: 'uint8', typeCode: 8, shape: [3], headerBytes: 8, dataBytes: 3 }
 * ```
 */
export function readIdxHeader(bytes: Uint8Array): IdxHeader {
  if (!(bytes instanceof Uint8Array)) {
    throw new ValueError(
      `readIdxHeader: expected the file's bytes as a Uint8Array, got ${describe(bytes)}`,
    );
  }
  return completeHeader('readIdxHeader', bytes);
}

/** The header at the start of `bytes`, or null when they end before it does. */
function partialHeader(op: string, bytes: Uint8Array): IdxHeader | null {
  if (bytes.length >= 2 && (bytes[0] !== 0 || bytes[1] !== 0)) {
    const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
    throw new DataError(
      `${op}: the data starts with ${hex(bytes[0] as number)} ${hex(bytes[1] as number)}; an IDX file starts with two zero bytes${gzip ? ' (this is gzip: unzip it first, or read it with readIdxFile from @descent/data/node)' : ''}`,
    );
  }
  if (bytes.length < 4) return null;
  const code = bytes[2] as number;
  if (!(code in IDX_TYPES)) {
    throw new DataError(
      `${op}: type code ${hex(code)} is not an IDX type; expected 0x08 (unsigned byte), 0x09 (signed byte), 0x0b (short), 0x0c (int), 0x0d (float) or 0x0e (double)`,
    );
  }
  const ndim = bytes[3] as number;
  if (ndim < 1 || ndim > MAX_IDX_DIMS) {
    throw new DataError(
      `${op}: the header declares ${ndim} dimensions; expected 1 to ${MAX_IDX_DIMS}`,
    );
  }
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerBytes);
  const shape = Array.from({ length: ndim }, (_, d) => view.getUint32(4 + 4 * d, false));
  const typeCode = code as IdxTypeCode;
  // A product of 32-bit sizes can exceed 2^53; it is only used to compare against real lengths.
  const dataBytes = shape.reduce((a, b) => a * b, IDX_TYPES[typeCode].size);
  return { type: IDX_TYPES[typeCode].type, typeCode, shape, headerBytes, dataBytes };
}

function completeHeader(op: string, bytes: Uint8Array): IdxHeader {
  const header = partialHeader(op, bytes);
  if (header === null) {
    const needed = bytes.length < 4 ? 4 : 4 + 4 * (bytes[3] as number);
    throw new DataError(
      `${op}: ${bytes.length} bytes end inside the IDX header, which needs ${needed}`,
    );
  }
  return header;
}

/** The header of a complete IDX file, checked against the file's length. */
export function checkedIdxHeader(op: string, bytes: Uint8Array): IdxHeader {
  const header = completeHeader(op, bytes);
  const found = bytes.length - header.headerBytes;
  if (found !== header.dataBytes) {
    const { name } = IDX_TYPES[header.typeCode];
    throw new DataError(
      `${op}: the header declares shape [${header.shape.join(', ')}] of ${name}s, ${header.dataBytes} bytes of data, but ${found} bytes follow it${found < header.dataBytes ? ' (a truncated file?)' : ''}`,
    );
  }
  return header;
}
