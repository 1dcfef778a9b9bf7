/**
 * Property-based tests of parseCsv: any table of numbers written as CSV (any names, quoting, line
 * ends, BOM, padding) reads back exactly; any text at all, and any mutation of a valid table,
 * gives either a consistent table or a DataError, never another exception.
 */
import { csvFormatRows } from 'd3-dsv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import type { CsvOptions } from './options.js';
import { parseCsv } from './parse-csv.js';

/**
 * A header name: not blank, without surrounding spaces (fields are trimmed), and text, not a
 * number or a spelling of a missing or infinite value (a first row of only those is data).
 */
const name = fc
  .string({ minLength: 1, maxLength: 8, unit: 'grapheme' })
  .filter(
    (s) =>
      s === s.trim() &&
      s !== '' &&
      Number.isNaN(Number(s)) &&
      !/^[+-]?(?:nan|na|n\/a|inf|infinity)$/i.test(s),
  );

/** A table: unique names and rows of numbers of one width. */
const table = <T>(value: fc.Arbitrary<T>) =>
  fc.integer({ min: 1, max: 6 }).chain((width) =>
    fc.record({
      names: fc.uniqueArray(name, { minLength: width, maxLength: width }),
      rows: fc.array(fc.array(value, { minLength: width, maxLength: width }), {
        minLength: 1,
        maxLength: 20,
      }),
    }),
  );

/** How the text is laid out: line ends, a BOM, a trailing line end, spaces around numbers. */
const layout = fc.record({
  eol: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
  trailing: fc.boolean(),
  pad: fc.constantFrom('', ' ', '\t'),
});

type Layout = typeof layout extends fc.Arbitrary<infer L> ? L : never;

function write(
  names: readonly string[],
  rows: readonly (readonly number[])[],
  { eol, bom, trailing, pad }: Layout,
): string {
  const header = csvFormatRows([names.slice()]);
  const body = rows.map((row) =>
    row.map((v) => `${pad}${Object.is(v, -0) ? '-0' : String(v)}${pad}`).join(','),
  );
  return `${bom ? '\uFEFF' : ''}${[header, ...body].join(eol)}${trailing ? eol : ''}`;
}

describe('parseCsv properties', () => {
  it('float64 tables round-trip exactly, names and all', () => {
    fc.assert(
      fc.property(
        table(fc.double({ noNaN: true, noDefaultInfinity: true })),
        layout,
        ({ names, rows }, how) => {
          const { columns, data } = parseCsv(write(names, rows, how), { dtype: 'float64' });
          expect(columns).toEqual(names);
          expect(data.shape).toEqual([rows.length, names.length]);
          expect(data.toArray()).toEqual(rows);
        },
      ),
    );
  });

  it('float32 tables round-trip exactly', () => {
    fc.assert(
      fc.property(
        table(fc.float({ noNaN: true, noDefaultInfinity: true })),
        layout,
        ({ names, rows }, how) => {
          const { data } = parseCsv(write(names, rows, how));
          expect(data.dtype).toBe('float32');
          expect(data.toArray()).toEqual(rows);
        },
      ),
    );
  });

  it('missing values round-trip as NaN with allowNaN', () => {
    fc.assert(
      fc.property(
        table(
          fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(Number.NaN)),
        ),
        ({ names, rows }) => {
          const text = write(names, rows, { eol: '\n', bom: false, trailing: true, pad: '' });
          const { data } = parseCsv(text, { allowNaN: true, dtype: 'float64' });
          expect(data.toArray()).toEqual(rows);
        },
      ),
    );
  });

  const options = fc.record(
    {
      header: fc.constantFrom<CsvOptions['header']>(true, false, 'auto'),
      allowNaN: fc.boolean(),
      columns: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant(['a', 'b'])),
      maxRows: fc.integer({ min: 1, max: 5 }),
      maxBytes: fc.integer({ min: 1, max: 200 }),
      dtype: fc.constantFrom<CsvOptions['dtype']>('float32', 'float64'),
    },
    { requiredKeys: [] },
  );

  /** parseCsv either succeeds with a consistent table or throws a DataError. */
  function tableOrDataError(text: string, o: CsvOptions): void {
    let result: ReturnType<typeof parseCsv>;
    try {
      result = parseCsv(text, o);
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      expect(error.message).toMatch(/^parseCsv: /);
      return;
    }
    expect(result.data.ndim).toBe(2);
    expect(result.data.shape[1]).toBe(result.columns.length);
    expect(result.data.shape[0]).toBeGreaterThan(0);
  }

  it('any text throws nothing but a DataError', () => {
    const csvish = fc.constantFrom(
      ',',
      '"',
      '\n',
      '\r',
      '\t',
      ' ',
      '1',
      '2',
      '.',
      'e',
      '-',
      '+',
      'a',
      'N',
      'n',
      'I',
      '\uFEFF',
      '',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 60 }),
          fc.string({ unit: csvish, maxLength: 80 }),
        ),
        options,
        tableOrDataError,
      ),
      { numRuns: 400 },
    );
  });

  it('any mutation of a valid table throws nothing but a DataError', () => {
    const mutation = fc.record({
      at: fc.nat(),
      remove: fc.integer({ min: 0, max: 3 }),
      insert: fc.string({ unit: 'binary-ascii', maxLength: 3 }),
    });
    fc.assert(
      fc.property(
        table(fc.double({ noNaN: true, noDefaultInfinity: true })),
        layout,
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        ({ names, rows }, how, mutations, allowNaN) => {
          let text = write(names, rows, how);
          for (const { at, remove, insert } of mutations) {
            const i = at % (text.length + 1);
            text = text.slice(0, i) + insert + text.slice(i + remove);
          }
          tableOrDataError(text, { allowNaN });
        },
      ),
      { numRuns: 400 },
    );
  });
});
