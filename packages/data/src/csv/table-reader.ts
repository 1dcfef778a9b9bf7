// Turns the rows d3-dsv tokenizes into a table of numbers, checking each row as it arrives, so a
// bad file fails at its first bad field and nothing is kept of the text but the numbers.
import type { Tensor } from '@descent/core';
import { CsvError } from '../errors.js';
import { valuesTensor } from '../values-tensor.js';
import { readCell, showField } from './cell.js';
import type { ResolvedCsvOptions } from './options.js';

/** A parsed table: the column names and the numbers, `[rows, columns]`. */
export interface CsvTable {
  /** One name per column: from the header, from the `columns` option, or `column1`, `column2`… */
  readonly columns: string[];
  /** The numbers, `[rows, columns]`, of the requested dtype (float32 unless told). */
  readonly data: Tensor;
}

const LINE_BREAK = /\r\n|\r|\n/g;

/** Accumulates the rows of one CSV text. */
export class TableReader {
  /** The line the next row starts on. */
  private line = 1;
  private columns: string[] | null = null;
  private headerLine: number | null = null;
  /** Where the expected column count came from, for error messages. */
  private countSource = '';
  private values = new Float64Array(1024);
  private length = 0;
  private rows = 0;

  constructor(
    private readonly op: string,
    private readonly options: ResolvedCsvOptions,
  ) {}

  /** Takes the next row, as d3-dsv tokenized it. */
  row(fields: readonly string[]): void {
    const line = this.line;
    for (const field of fields) this.line += field.match(LINE_BREAK)?.length ?? 0;
    this.line += 1;
    if (fields.length === 1 && (fields[0] as string).trim() === '') return; // a blank line
    if (this.columns === null && this.startTable(fields, line)) return;
    this.dataRow(fields, line);
  }

  /** The table read so far; throws if it has no data. */
  finish(): CsvTable {
    if (this.columns === null) {
      throw new CsvError(`${this.op}: the text is empty; expected rows of numbers`, 1, 1);
    }
    if (this.rows === 0) {
      const line = (this.headerLine as number) + 1;
      throw new CsvError(
        `${this.op}: the header on line ${this.headerLine} is followed by no rows of data`,
        line,
        1,
      );
    }
    const shape = [this.rows, this.columns.length];
    const values = this.values.subarray(0, this.length);
    const data = valuesTensor(values, shape, this.options.dtype);
    return { columns: this.columns, data };
  }

  /** Reads the first row's names if it is a header (and returns true), or names the columns. */
  private startTable(fields: readonly string[], line: number): boolean {
    const { names, count, header } = this.options;
    const trimmed = fields.map((field) => field.trim());
    const isHeader =
      header === 'auto'
        ? (names !== null && sameNames(trimmed, names)) ||
          (fields.every((f) => readCell(f).kind !== 'number') &&
            fields.some((f) => readCell(f).kind === 'text'))
        : header;
    if (!isHeader) {
      this.columns = names?.slice() ?? defaultNames(count ?? fields.length);
      this.countSource =
        count === null ? `as on line ${line}, the first row` : 'as the columns option says';
      return false;
    }
    const found = trimmed.map((name, i) => name || `column${i + 1}`);
    if (count !== null && found.length !== count) {
      throw new CsvError(
        `${this.op}: the header on line ${line} has ${countColumns(found.length)} but the columns option expects ${count}`,
        line,
        Math.min(found.length, count) + 1,
      );
    }
    found.forEach((name, i) => {
      if (names !== null && name !== names[i]) {
        throw new CsvError(
          `${this.op}: line ${line}, column ${i + 1} of the header is named ${showField(name)}; expected ${showField(names[i] as string)}`,
          line,
          i + 1,
        );
      }
      const first = found.indexOf(name);
      if (first !== i) {
        throw new CsvError(
          `${this.op}: line ${line}: the header names two columns ${showField(name)} (columns ${first + 1} and ${i + 1}); expected distinct names`,
          line,
          i + 1,
        );
      }
    });
    this.columns = found;
    this.headerLine = line;
    this.countSource = `as the header on line ${line} has`;
    return true;
  }

  private dataRow(fields: readonly string[], line: number): void {
    const columns = this.columns as string[];
    const { op } = this;
    if (fields.length !== columns.length) {
      throw new CsvError(
        `${op}: line ${line} has ${countColumns(fields.length)}; expected ${columns.length}, ${this.countSource}`,
        line,
        Math.min(fields.length, columns.length) + 1,
      );
    }
    if (this.rows === this.options.maxRows) {
      throw new CsvError(
        `${op}: line ${line} is row ${this.rows + 1} of data, more than maxRows = ${this.options.maxRows}; pass a larger maxRows to read it`,
        line,
        1,
      );
    }
    this.reserve(fields.length);
    fields.forEach((field, i) => {
      this.values[this.length++] = this.number(field, line, i, columns[i] as string);
    });
    this.rows++;
  }

  /** The number in one field, or the error that says why there is none. */
  private number(field: string, line: number, index: number, name: string): number {
    const cell = readCell(field);
    const where = `${this.op}: line ${line}, column ${index + 1} (${showField(name)})`;
    const fail = (problem: string): never => {
      throw new CsvError(`${where}: ${problem}`, line, index + 1);
    };
    switch (cell.kind) {
      case 'number':
        if (this.options.dtype === 'float32' && !Number.isFinite(Math.fround(cell.value))) {
          fail(
            `${showField(field.trim())} is too large for float32 (largest about 3.4e38); pass dtype: 'float64'`,
          );
        }
        return cell.value;
      case 'missing':
        if (!this.options.allowNaN) {
          fail(
            `found ${showField(field)}, a missing value; expected a number (pass allowNaN: true to keep missing values as NaN)`,
          );
        }
        return Number.NaN;
      case 'infinite':
        return fail(
          `found ${showField(field.trim())}; expected a finite number (infinite values are refused)`,
        );
      case 'text':
        return fail(`found ${showField(field)}; expected a number`);
    }
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.values.length) return;
    const grown = new Float64Array(Math.max(this.values.length * 2, this.length + extra));
    grown.set(this.values.subarray(0, this.length));
    this.values = grown;
  }
}

function sameNames(found: readonly string[], names: readonly string[]): boolean {
  return found.length === names.length && found.every((name, i) => name === names[i]);
}

function defaultNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `column${i + 1}`);
}

function countColumns(count: number): string {
  return `${count} ${count === 1 ? 'column' : 'columns'}`;
}
