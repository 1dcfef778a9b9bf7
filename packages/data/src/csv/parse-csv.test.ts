import { DescentError, ValueError } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { CsvError, DataError } from '../errors.js';
import { DEFAULT_MAX_CSV_BYTES } from './options.js';
import { parseCsv } from './parse-csv.js';

/** The error `parseCsv(text, options)` throws. */
function failure(text: string, options?: Parameters<typeof parseCsv>[1]): CsvError {
  try {
    parseCsv(text, options);
  } catch (error) {
    expect(error).toBeInstanceOf(CsvError);
    return error as CsvError;
  }
  throw new Error(`parseCsv accepted ${JSON.stringify(text)}`);
}

describe('parseCsv reads tables of numbers', () => {
  it('with a header: names and a [rows, columns] float32 tensor', () => {
    const { columns, data } = parseCsv('x1,x2,label\n0.5,-1,1\n2,3.5,0\n');
    expect(columns).toEqual(['x1', 'x2', 'label']);
    expect(data.shape).toEqual([2, 3]);
    expect(data.dtype).toBe('float32');
    expect(data.toArray()).toEqual([
      [0.5, -1, 1],
      [2, 3.5, 0],
    ]);
  });

  it('without a header: the first row is data, columns are named column1, column2…', () => {
    const { columns, data } = parseCsv('1,2\n3,4');
    expect(columns).toEqual(['column1', 'column2']);
    expect(data.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('every decimal spelling, with spaces around fields, into float64 exactly', () => {
    const { data } = parseCsv(' 1 ,-2.5,+.5\n1e-3,\t2E+2 ,7.\n', { dtype: 'float64' });
    expect(data.toArray()).toEqual([
      [1, -2.5, 0.5],
      [0.001, 200, 7],
    ]);
  });

  it('drops a byte-order mark, reads CRLF and CR line ends, skips blank lines', () => {
    const expected = [
      [1, 2],
      [3, 4],
    ];
    expect(parseCsv('\uFEFFa,b\r\n1,2\r\n3,4\r\n').data.toArray()).toEqual(expected);
    expect(parseCsv('\uFEFFa,b\r\n1,2\r\n3,4\r\n').columns).toEqual(['a', 'b']);
    expect(parseCsv('a,b\r1,2\r3,4').data.toArray()).toEqual(expected);
    expect(parseCsv('\n\na,b\n1,2\n\n  \n3,4\n\n\n').data.toArray()).toEqual(expected);
  });

  it('reads quoted fields: quoted numbers, and names with commas and quotes', () => {
    const { columns, data } = parseCsv('"x, in cm","say ""y"""\n"1.5",2\n');
    expect(columns).toEqual(['x, in cm', 'say "y"']);
    expect(data.toArray()).toEqual([[1.5, 2]]);
  });

  it('a header of numbers is read as one when asked (header: true), and never with false', () => {
    expect(parseCsv('2020,2021\n1,2\n', { header: true }).columns).toEqual(['2020', '2021']);
    expect(parseCsv('2020,2021\n1,2\n').data.shape).toEqual([2, 2]);
    expect(() => parseCsv('x,y\n1,2\n', { header: false })).toThrow(/line 1, column 1/);
  });

  it('columns: names for a headerless file, or the header they must match', () => {
    expect(parseCsv('1,2\n', { columns: ['a', 'b'] }).columns).toEqual(['a', 'b']);
    expect(parseCsv('a,b\n1,2\n', { columns: ['a', 'b'] }).data.toArray()).toEqual([[1, 2]]);
    expect(parseCsv('1,2,3\n', { columns: 3 }).columns).toEqual(['column1', 'column2', 'column3']);
  });

  it('empty header names become column<k>; TSV with a tab delimiter', () => {
    expect(parseCsv(',y\n1,2\n').columns).toEqual(['column1', 'y']);
    expect(parseCsv('a\tb\n1\t2\n', { delimiter: '\t' }).data.toArray()).toEqual([[1, 2]]);
  });

  it('allowNaN keeps missing values (empty, NaN, NA, N/A) as NaN', () => {
    const { data } = parseCsv('a,b,c\n,NaN,1\nNA,n/a,nan\n', { allowNaN: true });
    expect(data.toArray()).toEqual([
      [Number.NaN, Number.NaN, 1],
      [Number.NaN, Number.NaN, Number.NaN],
    ]);
    expect(parseCsv('1,2\n', { allowNaN: true }).data.toArray()).toEqual([[1, 2]]);
  });

  it('a one-column file', () => {
    expect(parseCsv('y\n1\n2\n3\n').data.shape).toEqual([3, 1]);
  });
});

describe('parseCsv refuses what is not a table of numbers, naming the line and column', () => {
  it('an empty text, or only blank lines', () => {
    for (const text of ['', '\n\n', '\uFEFF', '  \r\n\t\n']) {
      const e = failure(text);
      expect(e.message).toBe('parseCsv: the text is empty; expected rows of numbers');
      expect([e.line, e.column]).toEqual([1, 1]);
    }
  });

  it('a header with no data after it', () => {
    const e = failure('x1,x2,label\n\n');
    expect(e.message).toBe('parseCsv: the header on line 1 is followed by no rows of data');
    expect([e.line, e.column]).toEqual([2, 1]);
  });

  it('a row with too few or too many columns: which line, how many found, how many expected', () => {
    const few = failure('x1,x2,label\n1,2,0\n3,4\n');
    expect(few.message).toBe(
      'parseCsv: line 3 has 2 columns; expected 3, as the header on line 1 has',
    );
    expect([few.line, few.column]).toEqual([3, 3]);
    const many = failure('1,2\n3,4\n\n5,6,7\n');
    expect(many.message).toBe(
      'parseCsv: line 4 has 3 columns; expected 2, as on line 1, the first row',
    );
    expect([many.line, many.column]).toEqual([4, 3]);
    const one = failure('1,2\n3\n', { columns: 2 });
    expect(one.message).toBe(
      'parseCsv: line 2 has 1 column; expected 2, as the columns option says',
    );
  });

  it('text where a number belongs', () => {
    const e = failure('x,y\n1,2\n3,oops\n');
    expect(e.message).toBe('parseCsv: line 3, column 2 ("y"): found "oops"; expected a number');
    expect([e.line, e.column]).toEqual([3, 2]);
    for (const text of ['0x10', '"1,000"', '1_000', '--1', '1e', '.', 'true', '١']) {
      expect(failure(`a\n${text}\n`).message).toMatch(/expected a number$/);
    }
  });

  it('a missing value, unless allowNaN', () => {
    const e = failure('a,b\n1,2\n3,\n');
    expect(e.message).toBe(
      'parseCsv: line 3, column 2 ("b"): found "", a missing value; expected a number (pass allowNaN: true to keep missing values as NaN)',
    );
    expect([e.line, e.column]).toEqual([3, 2]);
    expect(failure('a,b\nNaN,1\n').column).toBe(1);
  });

  it('infinite values, always (also with allowNaN), and overflowing digits', () => {
    for (const spelling of ['Infinity', '-inf', '+INF', '1e400']) {
      const e = failure(`a,b\n1,${spelling}\n`, { allowNaN: true });
      expect(e.message).toMatch(/expected a finite number \(infinite values are refused\)$/);
      expect([e.line, e.column]).toEqual([2, 2]);
    }
  });

  it('a number beyond float32 unless dtype is float64', () => {
    const e = failure('a\n3.5e38\n');
    expect(e.message).toBe(
      `parseCsv: line 2, column 1 ("a"): "3.5e38" is too large for float32 (largest about 3.4e38); pass dtype: 'float64'`,
    );
    expect(parseCsv('a\n3.5e38\n', { dtype: 'float64' }).data.item()).toBe(3.5e38);
  });

  it('counts lines inside quoted fields, so the line is the line of the text', () => {
    const e = failure('a,b\n"1",2\n3,"multi\nline"\n5,x\n');
    expect(e.message).toMatch(/^parseCsv: line 3, column 2/);
    const later = failure('a,b\n"1\n\n",2\n5,x\n');
    expect(later.message).toMatch(/^parseCsv: line 5, column 2/);
    const crlf = failure('a,b\n1,"2\r\n"\n5,x\n');
    expect([crlf.line, crlf.column]).toEqual([4, 2]);
  });

  it('a header that differs from the columns names, or repeats a name', () => {
    const e = failure('x,z\n1,2\n', { columns: ['x', 'y'] });
    expect(e.message).toBe('parseCsv: line 1, column 2 of the header is named "z"; expected "y"');
    expect([e.line, e.column]).toEqual([1, 2]);
    const twice = failure('x,y,x\n1,2,3\n');
    expect(twice.message).toBe(
      'parseCsv: line 1: the header names two columns "x" (columns 1 and 3); expected distinct names',
    );
    expect(failure('a,b,c\n1,2,3\n', { columns: 2 }).message).toBe(
      'parseCsv: the header on line 1 has 3 columns but the columns option expects 2',
    );
  });

  it('more rows than maxRows', () => {
    expect(parseCsv('1\n2\n3\n', { maxRows: 3 }).data.shape).toEqual([3, 1]);
    const e = failure('a\n1\n2\n3\n', { maxRows: 2 });
    expect(e.message).toBe(
      'parseCsv: line 4 is row 3 of data, more than maxRows = 2; pass a larger maxRows to read it',
    );
  });

  it('text larger than maxBytes, in UTF-8 bytes, before parsing', () => {
    const call = () => parseCsv('a,b\n1,2\n', { maxBytes: 7 });
    expect(call).toThrow(DataError);
    expect(call).toThrow(
      'parseCsv: the text is larger than maxBytes = 7 bytes; pass a larger maxBytes to read it',
    );
    expect(parseCsv('a,b\n1,2\n', { maxBytes: 8 }).data.shape).toEqual([1, 2]);
    // 'é' is two bytes and '😀' four: 'é,😀\n1,2' is 2 + 1 + 4 + 1 + 3 = 11 bytes.
    expect(() => parseCsv('é,😀\n1,2', { maxBytes: 10 })).toThrow(DataError);
    expect(parseCsv('é,😀\n1,2', { maxBytes: 11 }).columns).toEqual(['é', '😀']);
    expect(DEFAULT_MAX_CSV_BYTES).toBe(16 * 1024 * 1024);
    // Decided before tokenizing: a huge text of garbage fails on size, not on its content.
    expect(() => parseCsv('x'.repeat(DEFAULT_MAX_CSV_BYTES + 1))).toThrow(/larger than maxBytes/);
  });

  it('errors are DataErrors, ValueErrors and DescentErrors', () => {
    const e = failure('a\nx\n');
    expect(e).toBeInstanceOf(DataError);
    expect(e).toBeInstanceOf(ValueError);
    expect(e).toBeInstanceOf(DescentError);
    expect(e.name).toBe('CsvError');
  });
});

describe('parseCsv refuses bad arguments with a ValueError', () => {
  it.each([
    [{ columns: 0 }, /columns must be a whole number >= 1, got 0/],
    [{ columns: [] }, /columns must be a non-empty array of names or a count/],
    [{ columns: ['a', 1] }, /columns must be a non-empty array of names or a count/],
    [{ columns: 'a,b' }, /columns must be an array of names or a count, got "a,b"/],
    [{ header: 'yes' }, /header must be true, false or 'auto', got "yes"/],
    [{ delimiter: ';;' }, /delimiter must be one character/],
    [{ delimiter: '"' }, /delimiter must be one character other than a quote/],
    [{ maxBytes: -1 }, /maxBytes must be a whole number >= 1, got -1/],
    [{ maxRows: 1.5 }, /maxRows must be a whole number >= 1, got 1\.5/],
    [{ allowNaN: 1 }, /allowNaN must be true or false, got 1/],
    [{ dtype: 'int32' }, /dtype must be 'float32' or 'float64'/],
    [{ maxbytes: 10 }, /unknown option "maxbytes"; expected one of columns, header/],
  ])('%j', (options, message) => {
    const call = () => parseCsv('1,2\n', options as Parameters<typeof parseCsv>[1]);
    expect(call).toThrow(ValueError);
    expect(call).toThrow(message);
    expect(call).not.toThrow(DataError);
  });

  it('text that is not a string', () => {
    expect(() => parseCsv(new Uint8Array(3) as unknown as string)).toThrow(
      'parseCsv: expected the CSV text as a string, got an object (Uint8Array)',
    );
  });
});

describe('header detection', () => {
  it('a first row of missing-value spellings is data, not a header', () => {
    expect(() => parseCsv('NA,N/A\n1,2\n')).toThrow(/line 1, column 1 .*a missing value/);
    expect(parseCsv('NA,x\n1,2\n').columns).toEqual(['NA', 'x']);
  });
});
