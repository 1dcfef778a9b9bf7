/**
 * Node.js file readers for `@descent/data` (`@descent/data/node`). The main entry stays free of
 * Node built-ins so it also runs in browsers; import these only where `node:fs` exists. A file
 * that cannot be read as data throws the main entry's `DataError` (or `CsvError`), its message
 * naming the file; errors of the file system itself (a missing file, no permission) are Node's.
 *
 * @example
 * ```ts
 * import { readCsvFile, readIdxFile } from '@descent/data/node';
 *
 * const { columns, data } = await readCsvFile('points.csv', { columns: ['x1', 'x2', 'label'] });
 * const images = await readIdxFile('train-images-idx3-ubyte.gz', { dtype: 'float32' });
 * ```
 *
 * @packageDocumentation
 */
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { type Tensor, ValueError } from '@descent/core';
// Only through the main entry: the build keeps it external, so both entries share one DataError.
import {
  CsvError,
  type CsvOptions,
  type CsvTable,
  DataError,
  DEFAULT_MAX_CSV_BYTES,
  type IdxHeader,
  type IdxOptions,
  parseCsv,
  parseIdx,
  readIdxHeader,
} from './index.js';

/**
 * Reads a CSV file of numbers with `parseCsv` (same options, same errors, the message naming the
 * file). The file is decoded as UTF-8; one larger than `maxBytes` (16 MiB unless told) is refused
 * before it is read.
 *
 * @example
 * ```ts
 * const { columns, data } = await readCsvFile('points.csv', { allowNaN: true });
 * ```
 */
export async function readCsvFile(path: string | URL, options?: CsvOptions): Promise<CsvTable> {
  const op = 'readCsvFile';
  const limit = options?.maxBytes ?? DEFAULT_MAX_CSV_BYTES;
  const { size } = await stat(path);
  if (typeof limit === 'number' && size > limit) {
    throw new DataError(
      `${op}: ${String(path)} is ${size} bytes, more than maxBytes = ${limit}; pass a larger maxBytes to read it`,
    );
  }
  const text = await readFile(path, 'utf8');
  try {
    return parseCsv(text, options);
  } catch (error) {
    throw inFile(op, path, error);
  }
}

/** The default {@link ReadIdxOptions.maxBytes}: 256 MiB (MNIST's largest file is 47 MB). */
const DEFAULT_MAX_IDX_BYTES = 256 * 1024 * 1024;

/**
 * Options of {@link readIdxFile}: those of `parseIdx`, and a size limit.
 *
 * @example
 * ```ts
 * await readIdxFile('train-images-idx3-ubyte.gz', { dtype: 'float32', maxBytes: 2 ** 30 });
 * ```
 */
export interface ReadIdxOptions extends IdxOptions {
  /** Refuse a file whose (unzipped) size exceeds this many bytes; default 256 MiB. */
  maxBytes?: number;
}

/**
 * Reads an IDX file (see `parseIdx`), gzipped or not: a file that starts with gzip's magic bytes
 * is unzipped as it streams, as MNIST's `.gz` files are. The header is checked as soon as it
 * arrives and reading stops with a `DataError` once the data passes what the header declares or
 * `maxBytes`, so a hostile file cannot make it hold more than that.
 *
 * @example
 * ```ts
 * const images = await readIdxFile('train-images-idx3-ubyte.gz'); // int32 [60000, 28, 28]
 * const labels = await readIdxFile('train-labels-idx1-ubyte.gz'); // int32 [60000]
 * const x = images.to('float32').div(255).flatten(1);             // [60000, 784] in [0, 1]
 * ```
 */
export async function readIdxFile(path: string | URL, options?: ReadIdxOptions): Promise<Tensor> {
  const op = 'readIdxFile';
  const { maxBytes, ...idxOptions } = options ?? {};
  if (
    maxBytes !== undefined &&
    (typeof maxBytes !== 'number' || !Number.isInteger(maxBytes) || maxBytes < 1)
  ) {
    throw new ValueError(`${op}: maxBytes must be a whole number >= 1, got ${String(maxBytes)}`);
  }
  const limit = maxBytes ?? DEFAULT_MAX_IDX_BYTES;
  const bytes = (await isGzip(path))
    ? await gunzipIdx(op, path, limit)
    : await readWhole(op, path, limit);
  try {
    return parseIdx(bytes, idxOptions);
  } catch (error) {
    throw inFile(op, path, error);
  }
}

/** A DataError of a parser, restated as the reader's and naming the file. */
function inFile(op: string, path: string | URL, error: unknown): unknown {
  if (!(error instanceof DataError)) return error;
  const message = `${op}: ${String(path)}: ${error.message.replace(/^\w+: /, '')}`;
  return error instanceof CsvError
    ? new CsvError(message, error.line, error.column)
    : new DataError(message);
}

async function isGzip(path: string | URL): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const magic = new Uint8Array(2);
    const { bytesRead } = await file.read(magic, 0, 2, 0);
    return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    await file.close();
  }
}

async function readWhole(op: string, path: string | URL, limit: number): Promise<Uint8Array> {
  const { size } = await stat(path);
  if (size > limit) {
    throw new DataError(
      `${op}: ${String(path)} is ${size} bytes, more than maxBytes = ${limit}; pass a larger maxBytes to read it`,
    );
  }
  return new Uint8Array(await readFile(path));
}

/** The header, once the first bytes hold all of it (4 + 4 · dimensions bytes). */
function headerOf(prefix: Uint8Array): IdxHeader | null {
  if (prefix.length < 4) return null;
  const ndim = Math.min(Math.max(prefix[3] as number, 1), 16);
  return prefix.length >= 4 + 4 * ndim || (prefix[0] ?? 0) + (prefix[1] ?? 0) !== 0
    ? readIdxHeader(prefix)
    : null;
}

/** Unzips while checking the header, keeping no more than it declares (nor `limit`). */
async function gunzipIdx(op: string, path: string | URL, limit: number): Promise<Uint8Array> {
  const source = createReadStream(path);
  const gunzip = createGunzip();
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  const chunks: Buffer[] = [];
  let total = 0;
  let header: IdxHeader | null = null;
  let allowed = limit;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      total += chunk.length;
      if (header === null) {
        try {
          header = headerOf(Buffer.concat(chunks));
        } catch (error) {
          throw inFile(op, path, error);
        }
        if (header !== null) {
          allowed = header.headerBytes + header.dataBytes;
          if (allowed > limit) {
            throw new DataError(
              `${op}: ${String(path)}: the header declares shape [${header.shape.join(', ')}], ${allowed} bytes unzipped, more than maxBytes = ${limit}; pass a larger maxBytes to read it`,
            );
          }
        }
      }
      if (total > allowed) {
        throw new DataError(
          header === null
            ? `${op}: ${String(path)} unzips to more than maxBytes = ${limit}`
            : `${op}: ${String(path)} unzips to more than the ${allowed} bytes its header declares (shape [${header.shape.join(', ')}])`,
        );
      }
    }
  } catch (error) {
    if (error instanceof DataError) throw error;
    // Errors of the file itself (missing, unreadable) are Node's; a broken stream is bad data.
    const code = (error as { code?: string }).code;
    if (code !== undefined && !code.startsWith('Z_')) throw error;
    throw new DataError(`${op}: ${String(path)} is not valid gzip: ${(error as Error).message}`);
  } finally {
    source.destroy();
    gunzip.destroy();
  }
  return Buffer.concat(chunks, total);
}
