import { DescentError, ValueError } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { encodeIdx } from '../__fixtures__/idx.js';
import { DataError } from '../errors.js';
import { readIdxHeader } from './header.js';
import { parseIdx } from './parse-idx.js';

describe('parseIdx', () => {
  it("reads MNIST's unsigned bytes as int32 by default, or as floats directly", () => {
    const bytes = encodeIdx(0x08, [2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
    const t = parseIdx(bytes);
    expect([t.dtype, t.shape]).toEqual(['int32', [2, 2, 3]]);
    expect(t.toArray()).toEqual([
      [
        [0, 1, 2],
        [3, 4, 5],
      ],
      [
        [250, 251, 252],
        [253, 254, 255],
      ],
    ]);
    const f = parseIdx(bytes, { dtype: 'float32' });
    expect(f.dtype).toBe('float32');
    expect(f.toArray()).toEqual(t.toArray());
  });

  it.each([
    [0x09, 'int32', [-128, -1, 0, 127]],
    [0x0b, 'int32', [-32768, -2, 258, 32767]],
    [0x0c, 'int32', [-2147483648, -1, 65536, 2147483647]],
    [0x0d, 'float32', [-1.5, 0.1, 3.4e38, -0]],
    [0x0e, 'float64', [-1.5, 0.1, 1e300, Number.MIN_VALUE]],
  ] as const)('type 0x%s: big-endian values, as %s', (code, dtype, values) => {
    const t = parseIdx(encodeIdx(code, [4], values));
    expect(t.dtype).toBe(dtype);
    const expected = code === 0x0d ? values.map(Math.fround) : values;
    expect(t.toArray()).toEqual(expected);
  });

  it('reads the bytes of a view into a larger buffer (a Node Buffer from a pool)', () => {
    const file = encodeIdx(0x0b, [2], [-2, 300]);
    const padded = new Uint8Array(file.length + 7);
    padded.set(file, 5);
    expect(parseIdx(padded.subarray(5, 5 + file.length)).toArray()).toEqual([-2, 300]);
  });

  it('keeps NaN in float files, as data', () => {
    const t = parseIdx(encodeIdx(0x0d, [3], [1, Number.NaN, 2]));
    expect(t.toArray()).toEqual([1, Number.NaN, 2]);
  });

  it('readIdxHeader: type and shape without the data', () => {
    const bytes = encodeIdx(0x08, [60000, 28, 28], []);
    expect(readIdxHeader(bytes)).toEqual({
      type: 'uint8',
      typeCode: 8,
      shape: [60000, 28, 28],
      headerBytes: 16,
      dataBytes: 47040000,
    });
  });
});

describe('parseIdx refuses bytes that are not an IDX file, before allocating', () => {
  const refuses = (bytes: Uint8Array, message: string | RegExp) => {
    const call = () => parseIdx(bytes);
    expect(call).toThrow(DataError);
    expect(call).toThrow(message);
  };

  it('too short for a header', () => {
    refuses(new Uint8Array(0), 'parseIdx: 0 bytes end inside the IDX header, which needs 4');
    refuses(
      new Uint8Array([0, 0, 8]),
      'parseIdx: 3 bytes end inside the IDX header, which needs 4',
    );
    refuses(
      new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1]),
      /8 bytes end inside the IDX header, which needs 16/,
    );
  });

  it('a wrong magic number, with a hint when it is gzip', () => {
    refuses(
      new Uint8Array([1, 2, 8, 1, 0, 0, 0, 0]),
      'parseIdx: the data starts with 0x01 0x02; an IDX file starts with two zero bytes',
    );
    refuses(
      new Uint8Array([0x1f, 0x8b, 8, 0]),
      /\(this is gzip: unzip it first, or read it with readIdxFile/,
    );
  });

  it('an unknown type code, or 0 or more than 16 dimensions', () => {
    refuses(
      new Uint8Array([0, 0, 0x0a, 1, 0, 0, 0, 0]),
      /type code 0x0a is not an IDX type; expected 0x08/,
    );
    refuses(
      new Uint8Array([0, 0, 8, 0]),
      'parseIdx: the header declares 0 dimensions; expected 1 to 16',
    );
    refuses(new Uint8Array([0, 0, 8, 17]), /declares 17 dimensions/);
  });

  it('data shorter or longer than the shape declares', () => {
    const file = encodeIdx(0x0b, [2, 3], [1, 2, 3, 4, 5, 6]);
    refuses(
      file.subarray(0, file.length - 1),
      'parseIdx: the header declares shape [2, 3] of shorts, 12 bytes of data, but 11 bytes follow it (a truncated file?)',
    );
    const longer = new Uint8Array(file.length + 2);
    longer.set(file);
    refuses(longer, /12 bytes of data, but 14 bytes follow it$/);
  });

  it('a shape whose size no file could hold: refused by length, nothing allocated', () => {
    const huge = encodeIdx(0x0e, [4294967295, 4294967295, 4294967295], []);
    refuses(
      huge,
      /shape \[4294967295, 4294967295, 4294967295\] of doubles, .* but 0 bytes follow it/,
    );
  });

  it('a float file read as int32', () => {
    const call = () => parseIdx(encodeIdx(0x0d, [1], [1.5]), { dtype: 'int32' });
    expect(call).toThrow(DataError);
    expect(call).toThrow(
      'parseIdx: the file holds floats, which cannot be read as int32; use float32 or float64',
    );
  });

  it('bad arguments are ValueErrors', () => {
    expect(() => parseIdx([0, 0, 8, 1] as never)).toThrow(ValueError);
    expect(() => parseIdx(encodeIdx(8, [1], [1]), { dtype: 'bool' } as never)).toThrow(
      /dtype must be 'int32', 'float32' or 'float64', got "bool"/,
    );
    expect(() =>
      parseIdx(encodeIdx(8, [1], [1]), { dtype: 'float32', scale: 255 } as never),
    ).toThrow(/unknown option "scale"/);
    expect(() => readIdxHeader('IDX' as never)).toThrow(ValueError);
  });

  it('errors are DataErrors and DescentErrors', () => {
    try {
      parseIdx(new Uint8Array(1));
    } catch (e) {
      expect(e).toBeInstanceOf(DescentError);
      expect((e as Error).name).toBe('DataError');
    }
  });
});
