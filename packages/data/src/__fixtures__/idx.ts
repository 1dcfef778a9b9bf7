// Writes IDX files for the tests: the format written out independently of the reader.

const SIZES: Record<number, number> = { 8: 1, 9: 1, 11: 2, 12: 4, 13: 4, 14: 8 };

/** The bytes of an IDX file of `values` (row-major) with `shape` and element type `code`. */
export function encodeIdx(
  code: number,
  shape: readonly number[],
  values: readonly number[],
): Uint8Array {
  const size = SIZES[code] as number;
  const bytes = new Uint8Array(4 + 4 * shape.length + size * values.length);
  const view = new DataView(bytes.buffer);
  bytes[2] = code;
  bytes[3] = shape.length;
  for (const [d, n] of shape.entries()) view.setUint32(4 + 4 * d, n, false);
  const at = 4 + 4 * shape.length;
  values.forEach((v, i) => {
    const o = at + size * i;
    if (code === 8) view.setUint8(o, v);
    else if (code === 9) view.setInt8(o, v);
    else if (code === 11) view.setInt16(o, v, false);
    else if (code === 12) view.setInt32(o, v, false);
    else if (code === 13) view.setFloat32(o, v, false);
    else view.setFloat64(o, v, false);
  });
  return bytes;
}
