/**
 * Property-based tests of parseIdx: any shape and values of any element type round-trip; any
 * bytes, and any mutation of a valid file, give a tensor of the declared shape or a DataError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeIdx } from '../__fixtures__/idx.js';
import { DataError } from '../errors.js';
import { parseIdx } from './parse-idx.js';

const element: Record<number, fc.Arbitrary<number>> = {
  8: fc.integer({ min: 0, max: 255 }),
  9: fc.integer({ min: -128, max: 127 }),
  11: fc.integer({ min: -32768, max: 32767 }),
  12: fc.integer(),
  13: fc.float({ noNaN: true }),
  14: fc.double({ noNaN: true }),
};

const file = fc
  .record({
    code: fc.constantFrom(8, 9, 11, 12, 13, 14),
    shape: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }),
  })
  .chain(({ code, shape }) =>
    fc.record({
      code: fc.constant(code),
      shape: fc.constant(shape),
      values: fc.array(element[code] as fc.Arbitrary<number>, {
        minLength: shape.reduce((a, b) => a * b, 1),
        maxLength: shape.reduce((a, b) => a * b, 1),
      }),
    }),
  );

/** parseIdx either reads a tensor of the shape its header declares or throws a DataError. */
function tensorOrDataError(bytes: Uint8Array): void {
  try {
    const t = parseIdx(bytes);
    const ndim = bytes[3] as number;
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(t.shape).toEqual(Array.from({ length: ndim }, (_, d) => view.getUint32(4 + 4 * d)));
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    expect(error.message).toMatch(/^parseIdx: /);
  }
}

describe('parseIdx properties', () => {
  it('every element type, shape and value round-trips', () => {
    fc.assert(
      fc.property(file, ({ code, shape, values }) => {
        const t = parseIdx(encodeIdx(code, shape, values), {
          dtype: code === 13 ? 'float32' : 'float64',
        });
        expect(t.shape).toEqual(shape);
        expect((t.toArray() as unknown[]).flat(8)).toEqual(values);
      }),
    );
  });

  it('any bytes throw nothing but a DataError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), tensorOrDataError), { numRuns: 500 });
    // Bytes that start like an IDX header, so the checks past the magic number are reached.
    const headed = fc
      .tuple(
        fc.constantFrom(8, 9, 10, 11, 12, 13, 14, 15),
        fc.integer({ min: 0, max: 20 }),
        fc.uint8Array({ maxLength: 80 }),
      )
      .map(([code, ndim, rest]) => Uint8Array.from([0, 0, code, ndim, ...rest]));
    fc.assert(fc.property(headed, tensorOrDataError), { numRuns: 500 });
  });

  it('any mutation of a valid file throws nothing but a DataError', () => {
    const mutation = fc.record({
      at: fc.nat(),
      value: fc.integer({ min: 0, max: 255 }),
      cut: fc.integer({ min: -3, max: 3 }),
    });
    fc.assert(
      fc.property(
        file,
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        ({ code, shape, values }, mutations) => {
          let bytes = encodeIdx(code, shape, values);
          for (const { at, value, cut } of mutations) {
            bytes = bytes.slice();
            if (bytes.length > 0) bytes[at % bytes.length] = value;
            if (cut < 0) bytes = bytes.subarray(0, Math.max(0, bytes.length + cut));
            else if (cut > 0) bytes = Uint8Array.from([...bytes, ...new Array(cut).fill(value)]);
          }
          tensorOrDataError(bytes);
        },
      ),
      { numRuns: 500 },
    );
  });
});
