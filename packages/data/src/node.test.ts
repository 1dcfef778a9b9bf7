import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeIdx } from './__fixtures__/idx.js';
import { CsvError, DataError } from './index.js';
import { readCsvFile, readIdxFile } from './node.js';

const dir = mkdtempSync(join(tmpdir(), 'descent-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/** The rejection of `promise`, which must be a DataError. */
async function failure(promise: Promise<unknown>): Promise<DataError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}

describe('readCsvFile', () => {
  it('reads a UTF-8 file with a BOM and CRLF line ends', async () => {
    const path = file('points.csv', '\uFEFFx1,x2,label\r\n0.5,-1,1\r\n2,3.5,0\r\n');
    const { columns, data } = await readCsvFile(path, { columns: ['x1', 'x2', 'label'] });
    expect(columns).toEqual(['x1', 'x2', 'label']);
    expect(data.toArray()).toEqual([
      [0.5, -1, 1],
      [2, 3.5, 0],
    ]);
  });

  it("errors name the file and keep parseCsv's line and column", async () => {
    const path = file('bad.csv', 'x,y\n1,2\n3,oops\n');
    const e = await failure(readCsvFile(path));
    expect(e).toBeInstanceOf(CsvError);
    expect(e.message).toBe(
      `readCsvFile: ${path}: line 3, column 2 ("y"): found "oops"; expected a number`,
    );
    expect([(e as CsvError).line, (e as CsvError).column]).toEqual([3, 2]);
  });

  it('refuses a file over maxBytes before reading it', async () => {
    const path = file('big.csv', '1,2\n'.repeat(100));
    const e = await failure(readCsvFile(path, { maxBytes: 100 }));
    expect(e.message).toBe(
      `readCsvFile: ${path} is 400 bytes, more than maxBytes = 100; pass a larger maxBytes to read it`,
    );
  });

  it("a missing file is Node's own error", async () => {
    await expect(readCsvFile(join(dir, 'missing.csv'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('readIdxFile', () => {
  const labels = encodeIdx(0x08, [5], [7, 2, 1, 0, 4]);
  const images = encodeIdx(0x08, [2, 2, 2], [0, 255, 128, 1, 2, 3, 4, 5]);

  it('reads raw and gzipped files alike (MNIST ships .gz)', async () => {
    const raw = await readIdxFile(file('labels-idx1-ubyte', labels));
    const zipped = await readIdxFile(file('labels-idx1-ubyte.gz', gzipSync(labels)));
    expect(raw.toArray()).toEqual([7, 2, 1, 0, 4]);
    expect(zipped.toArray()).toEqual([7, 2, 1, 0, 4]);
    expect(zipped.dtype).toBe('int32');
    const x = await readIdxFile(file('images-idx3-ubyte.gz', gzipSync(images)), {
      dtype: 'float32',
    });
    expect([x.dtype, x.shape]).toEqual(['float32', [2, 2, 2]]);
    expect(x.div(255).max().item()).toBe(1);
  });

  it('detects gzip by its magic bytes, not the file name', async () => {
    expect((await readIdxFile(file('labels-zipped.idx', gzipSync(labels)))).shape).toEqual([5]);
  });

  it('errors of the format name the file', async () => {
    const truncated = file('short.gz', gzipSync(labels.subarray(0, labels.length - 2)));
    expect((await failure(readIdxFile(truncated))).message).toBe(
      `readIdxFile: ${truncated}: the header declares shape [5] of unsigned bytes, 5 bytes of data, but 3 bytes follow it (a truncated file?)`,
    );
    const notIdx = file('text.idx', 'hello');
    expect((await failure(readIdxFile(notIdx))).message).toBe(
      `readIdxFile: ${notIdx}: the data starts with 0x68 0x65; an IDX file starts with two zero bytes`,
    );
  });

  it('a file that is not valid gzip after its magic bytes', async () => {
    const zipped = gzipSync(images);
    const corrupt = file('corrupt.gz', zipped.subarray(0, 12));
    expect((await failure(readIdxFile(corrupt))).message).toMatch(
      new RegExp(`^readIdxFile: ${corrupt} is not valid gzip: `),
    );
  });

  it('stops unzipping once the data passes what the header declares', async () => {
    // A header declaring 10 bytes followed by a megabyte of zeros: a small file that unzips big.
    const bomb = new Uint8Array(encodeIdx(0x08, [10], []).length + 1_000_000);
    bomb.set(encodeIdx(0x08, [10], []));
    const path = file('bomb.gz', gzipSync(bomb));
    expect((await failure(readIdxFile(path))).message).toMatch(
      /unzips to more than the 18 bytes its header declares \(shape \[10\]\)$/,
    );
  });

  it('refuses a header declaring more than maxBytes before unzipping the data', async () => {
    const header = encodeIdx(0x08, [60000, 28, 28], []);
    const path = file('huge-header.gz', gzipSync(header));
    expect((await failure(readIdxFile(path, { maxBytes: 1_000_000 }))).message).toBe(
      `readIdxFile: ${path}: the header declares shape [60000, 28, 28], 47040016 bytes unzipped, more than maxBytes = 1000000; pass a larger maxBytes to read it`,
    );
    const raw = file('big-raw.idx', images);
    expect((await failure(readIdxFile(raw, { maxBytes: 10 }))).message).toBe(
      `readIdxFile: ${raw} is 24 bytes, more than maxBytes = 10; pass a larger maxBytes to read it`,
    );
  });

  it('refuses a bad maxBytes', async () => {
    await expect(readIdxFile(file('ok.idx', labels), { maxBytes: 0 })).rejects.toThrow(
      'readIdxFile: maxBytes must be a whole number >= 1, got 0',
    );
  });
});
