import { ValueError } from '@descent/core';
import { dsvFormat } from 'd3-dsv';
import { describe } from '../check.js';
import { DataError } from '../errors.js';
import { utf8LengthExceeds } from './byte-length.js';
import { type CsvOptions, resolveCsvOptions } from './options.js';
import { type CsvTable, TableReader } from './table-reader.js';

/**
 * Reads a CSV table of numbers, such as points uploaded to a playground: `x1,x2,label` rows, with
 * or without a header. Browser-safe; `readCsvFile` in `@descent/data/node` reads a file.
 *
 * Tokenizing is d3-dsv's (RFC 4180: quoted fields, `""` for a quote, LF, CRLF or CR line ends).
 * On top of it: a leading byte-order mark is dropped, blank lines are skipped, surrounding spaces
 * of a field are ignored, and every field must be a decimal number (`1`, `-2.5`, `.5`, `1e-3`).
 * Anything else throws a {@link CsvError} with the `line` and `column` it is at, before the
 * tensor is built:
 *
 * - an empty text, or a header with no rows after it;
 * - a row with more or fewer fields than expected (the message says how many of each);
 * - text where a number belongs, a header that differs from the `columns` names or repeats one;
 * - a missing value (an empty field, `NaN`, `NA`, `N/A`) unless `allowNaN: true`, which keeps it
 *   as NaN;
 * - an infinite value (`Infinity`, `inf`, or digits beyond a double's range, as in `1e400`), which
 *   no option allows: it is almost always an overflow upstream, and it makes every loss infinite;
 *   likewise a number too large for float32 when `dtype` is float32;
 * - more than `maxRows` rows of data.
 *
 * A text over `maxBytes` (16 MiB unless told) is refused with a `DataError` before any of it is
 * parsed.
 *
 * @example
 * ```ts
 * const { columns, data } = parseCsv('x1,x2,label\n0.5,-1,1\n2,3.5,0\n');
 * columns;    // ['x1', 'x2', 'label']
 * data.shape; // [2, 3]
 * const x = data.narrow(1, 0, 2);
 * const y = data.select(1, 2).to('int32');
 * ```
 */
export function parseCsv(text: string, options?: CsvOptions): CsvTable {
  const op = 'parseCsv';
  const o = resolveCsvOptions(op, options);
  if (typeof text !== 'string') {
    throw new ValueError(`${op}: expected the CSV text as a string, got ${describe(text)}`);
  }
  if (utf8LengthExceeds(text, o.maxBytes)) {
    throw new DataError(
      `${op}: the text is larger than maxBytes = ${o.maxBytes} bytes; pass a larger maxBytes to read it`,
    );
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const reader = new TableReader(op, o);
  dsvFormat(o.delimiter).parseRows(body, (fields) => {
    reader.row(fields);
    return null;
  });
  return reader.finish();
}
