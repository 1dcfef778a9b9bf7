import { type DType, type Tensor, tensor, ValueError } from '@descent/core';
import { checkOptions, describe } from '../check.js';
import { DataError } from '../errors.js';
import { valuesTensor } from '../values-tensor.js';
import { checkedIdxHeader, IDX_TYPES, type IdxTypeCode } from './header.js';

/**
 * Options of {@link parseIdx}.
 *
 * @example
 * ```ts
 * parseIdx(bytes, { dtype: 'float32' }); // pixels 0…255 as floats
 * ```
 */
export interface IdxOptions {
  /**
   * The tensor's dtype: by default int32 for the integer types (MNIST's unsigned bytes among
   * them), float32 for float and float64 for double. An integer file may be read as float32 or
   * float64 directly (one copy instead of two); a float file cannot be read as int32.
   */
  dtype?: Exclude<DType, 'bool'>;
}

/**
 * Reads a tensor in the IDX format that MNIST ships in (`train-images-idx3-ubyte` and the like):
 * a header of two zero bytes, a type code (0x08 unsigned byte, 0x09 signed byte, 0x0B short,
 * 0x0C int, 0x0D float, 0x0E double), the number of dimensions and each size as a big-endian
 * 32-bit integer, then the elements, big-endian, in row-major order. Browser-safe; for files
 * (also gzipped) use `readIdxFile` from `@descent/data/node`.
 *
 * The header is checked before anything is allocated: the magic number, the type code, 1 to 16
 * dimensions, and that the data's length is exactly what the shape declares. A file that does
 * not pass throws a {@link DataError}.
 *
 * @example
 * ```ts
 * // A 2×3 tensor of unsigned bytes.
 * const bytes = new Uint8Array([0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 255]);
 * const t = parseIdx(bytes);
 * t.shape;     // [2, 3]
 * t.toArray(); // [[1, 2, 3], [4, 5, 255]]
 * ```
 */
export function parseIdx(bytes: Uint8Array, options?: IdxOptions): Tensor {
  const op = 'parseIdx';
  const o = checkOptions(op, options, ['dtype']);
  if (!(bytes instanceof Uint8Array)) {
    throw new ValueError(
      `${op}: expected the file's bytes as a Uint8Array, got ${describe(bytes)}`,
    );
  }
  const header = checkedIdxHeader(op, bytes);
  const type = IDX_TYPES[header.typeCode];
  const dtype = o.dtype ?? (type.float ? (type.size === 4 ? 'float32' : 'float64') : 'int32');
  if (dtype !== 'int32' && dtype !== 'float32' && dtype !== 'float64') {
    throw new ValueError(
      `${op}: dtype must be 'int32', 'float32' or 'float64', got ${describe(o.dtype)}`,
    );
  }
  if (dtype === 'int32' && type.float) {
    throw new DataError(
      `${op}: the file holds ${type.name}s, which cannot be read as int32; use float32 or float64`,
    );
  }
  const count = header.dataBytes / type.size;
  const view = new DataView(bytes.buffer, bytes.byteOffset + header.headerBytes, header.dataBytes);
  const out =
    dtype === 'int32'
      ? new Int32Array(count)
      : dtype === 'float32'
        ? new Float32Array(count)
        : new Float64Array(count);
  readElements(view, header.typeCode, out);
  return out instanceof Int32Array
    ? tensor(out, { shape: header.shape })
    : valuesTensor(out, header.shape, out instanceof Float32Array ? 'float32' : 'float64');
}

function readElements(
  view: DataView,
  code: IdxTypeCode,
  out: Int32Array | Float32Array | Float64Array,
): void {
  const n = out.length;
  switch (code) {
    // Bytes need no byte order: converted by one typed-array copy (MNIST's images are 47 MB).
    case 0x08:
      out.set(new Uint8Array(view.buffer, view.byteOffset, n));
      return;
    case 0x09:
      out.set(new Int8Array(view.buffer, view.byteOffset, n));
      return;
    case 0x0b:
      for (let i = 0; i < n; i++) out[i] = view.getInt16(2 * i, false);
      return;
    case 0x0c:
      for (let i = 0; i < n; i++) out[i] = view.getInt32(4 * i, false);
      return;
    case 0x0d:
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(4 * i, false);
      return;
    case 0x0e:
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(8 * i, false);
      return;
  }
}
