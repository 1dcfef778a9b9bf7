import { ValueError } from '@descent/core';

/**
 * Data that cannot be read: a malformed CSV or IDX file, or one larger than the limit. It is a
 * core `ValueError` (so a `DescentError`), and its message names the function, what was found and
 * what was expected. Bad arguments (a batch size of 0, a noise level of 2) are core's
 * `ValueError`, `ShapeError` or `IndexError`, as in the other descent packages.
 *
 * @example
 * ```ts
 * try {
 *   parseIdx(new Uint8Array([1, 2, 3]));
 * } catch (e) {
 *   e instanceof DataError; // true
 * }
 * ```
 */
export class DataError extends ValueError {
  override name = 'DataError';
}

/**
 * A CSV that does not hold the table of numbers expected, at a known place: `line` is the 1-based
 * line of the text (a quoted field may span lines) and `column` the 1-based column (field)
 * number.
 *
 * @example
 * ```ts
 * try {
 *   parseCsv('x,y\n1,2\n3,oops\n');
 * } catch (e) {
 *   if (e instanceof CsvError) console.log(e.line, e.column); // 3 2
 * }
 * ```
 */
export class CsvError extends DataError {
  override name = 'CsvError';

  constructor(
    message: string,
    /** The 1-based line of the text where the problem is. */
    readonly line: number,
    /** The 1-based column (field) number where the problem is. */
    readonly column: number,
  ) {
    super(message);
  }
}
