import type { FloatDType } from '@descent/core';
import { ValueError } from '@descent/core';
import { checkBoolean, checkFloatDType, checkInteger, checkOptions, describe } from '../check.js';

/** The default {@link CsvOptions.maxBytes}: 16 MiB, about 700,000 rows of three numbers. */
export const DEFAULT_MAX_CSV_BYTES = 16 * 1024 * 1024;
/** The default {@link CsvOptions.maxRows}: one million rows of data. */
export const DEFAULT_MAX_CSV_ROWS = 1_000_000;

/**
 * Options of {@link parseCsv}.
 *
 * @example
 * ```ts
 * parseCsv(text, { columns: ['x1', 'x2', 'label'], allowNaN: true, dtype: 'float64' });
 * ```
 */
export interface CsvOptions {
  /**
   * The columns expected: their names (a header, if there is one, must match them exactly; without
   * one they name the columns) or their count. Default: whatever the first row has.
   */
  columns?: readonly string[] | number;
  /**
   * Whether the first row is a header of column names. `'auto'` (the default): it is when it
   * equals the `columns` names, or when none of its fields is a number and at least one is text
   * (not a missing-value spelling such as `NA`).
   */
  header?: boolean | 'auto';
  /** The field separator, one character; default `','` (use `'\t'` for TSV). */
  delimiter?: string;
  /**
   * Refuse text longer than this many bytes (UTF-8) before parsing any of it; default
   * {@link DEFAULT_MAX_CSV_BYTES} (16 MiB).
   */
  maxBytes?: number;
  /** Refuse more rows of data than this; default {@link DEFAULT_MAX_CSV_ROWS} (1,000,000). */
  maxRows?: number;
  /**
   * Keep missing values (an empty field, `NaN`, `NA`, `N/A`) as NaN. Default false: a missing value
   * is an error naming its line and column, because a NaN in training data silently turns every
   * loss and gradient it touches into NaN.
   */
  allowNaN?: boolean;
  /** The dtype of the data tensor; default `float32`. */
  dtype?: FloatDType;
}

/** {@link CsvOptions}, checked, with defaults filled in. */
export interface ResolvedCsvOptions {
  names: readonly string[] | null;
  count: number | null;
  header: boolean | 'auto';
  delimiter: string;
  maxBytes: number;
  maxRows: number;
  allowNaN: boolean;
  dtype: FloatDType;
}

const KEYS = ['columns', 'header', 'delimiter', 'maxBytes', 'maxRows', 'allowNaN', 'dtype'];

/** Checks {@link CsvOptions} for `op` and fills in the defaults. */
export function resolveCsvOptions(op: string, options: CsvOptions | undefined): ResolvedCsvOptions {
  const o = checkOptions(op, options, KEYS);
  let names: readonly string[] | null = null;
  let count: number | null = null;
  if (typeof o.columns === 'number') {
    count = checkInteger(op, 'columns', o.columns, 1);
  } else if (Array.isArray(o.columns)) {
    if (o.columns.length === 0 || !o.columns.every((name) => typeof name === 'string')) {
      throw new ValueError(
        `${op}: columns must be a non-empty array of names or a count, got ${describe(o.columns)}`,
      );
    }
    names = o.columns.slice();
    count = names.length;
  } else if (o.columns !== undefined) {
    throw new ValueError(
      `${op}: columns must be an array of names or a count, got ${describe(o.columns)}`,
    );
  }
  const header = o.header ?? 'auto';
  if (header !== 'auto' && typeof header !== 'boolean') {
    throw new ValueError(`${op}: header must be true, false or 'auto', got ${describe(header)}`);
  }
  const delimiter = o.delimiter ?? ',';
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || /["\r\n]/.test(delimiter)) {
    throw new ValueError(
      `${op}: delimiter must be one character other than a quote or a line break, got ${describe(delimiter)}`,
    );
  }
  return {
    names,
    count,
    header,
    delimiter,
    maxBytes:
      o.maxBytes === undefined
        ? DEFAULT_MAX_CSV_BYTES
        : checkInteger(op, 'maxBytes', o.maxBytes, 1),
    maxRows:
      o.maxRows === undefined ? DEFAULT_MAX_CSV_ROWS : checkInteger(op, 'maxRows', o.maxRows, 1),
    allowNaN: o.allowNaN === undefined ? false : checkBoolean(op, 'allowNaN', o.allowNaN),
    dtype: checkFloatDType(op, o.dtype),
  };
}
