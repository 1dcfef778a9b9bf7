import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Generator, randn, Tensor, tensor, zeros } from '@descent/core';
import { afterAll, describe, expect, it } from 'vitest';
import { build, type FixTensor, readFixture, readFixtureBytes } from './__fixtures__/helpers.js';
import {
  BatchNorm1d,
  Linear,
  loadSafetensors,
  readSafetensorsHeader,
  SafetensorsError,
  Sequential,
  Sigmoid,
  type StateDict,
  saveSafetensors,
} from './index.js';
import { loadSafetensorsFile, saveSafetensorsFile } from './node.js';

/** The raw bytes of a tensor's storage. */
const bytesOf = (t: Tensor): number[] =>
  Array.from(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));

/** A safetensors file from a header (object or raw text) and data bytes. */
function file(header: unknown, data: ArrayLike<number> = [], length?: number): Uint8Array {
  const json = new TextEncoder().encode(
    typeof header === 'string' ? header : JSON.stringify(header),
  );
  const out = new Uint8Array(8 + json.length + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, length ?? json.length, true);
  out.set(json, 8);
  out.set(Array.from(data), 8 + json.length);
  return out;
}

const f32 = (shape: number[], begin: number, end: number) => ({
  dtype: 'F32',
  shape,
  data_offsets: [begin, end],
});

describe('safetensors: round trip', () => {
  it('is bit-exact for NaN payloads, -0, subnormals, ±Infinity and extremes', () => {
    const f32bits = new Uint32Array([
      0x7fc00001, 0xffc12345, 0x7f800001, 0x80000000, 0x00000001, 0x007fffff, 0x7f800000,
      0xff800000, 0x7f7fffff, 0x3f800000,
    ]);
    const f64bits = new BigUint64Array([
      0x7ff8000000000123n,
      0xfff0000000000001n,
      0x8000000000000000n,
      0x0000000000000001n,
      0x7ff0000000000000n,
      0xfff0000000000000n,
      0x7fefffffffffffffn,
    ]);
    const sd: StateDict = {
      f32: new Tensor(new Float32Array(f32bits.buffer), [2, 5], 'float32'),
      f64: new Tensor(new Float64Array(f64bits.buffer), [7], 'float64'),
      i32: tensor([-(2 ** 31), 2 ** 31 - 1, 0, -1], { dtype: 'int32' }),
      flags: tensor([[true, false, true]]),
      scalar: tensor(3.25, { dtype: 'float64' }),
      empty: zeros([0, 4]),
    };
    for (const int32As of ['I64', 'I32'] as const) {
      const bytes = saveSafetensors(sd, { note: 'round trip' }, { int32As });
      const loaded = loadSafetensors(bytes);
      expect(Object.keys(loaded)).toEqual(Object.keys(sd));
      for (const [name, t] of Object.entries(sd)) {
        const back = loaded[name] as Tensor;
        expect(back.dtype, name).toBe(t.dtype);
        expect([...back.shape], name).toEqual([...t.shape]);
        expect(bytesOf(back), name).toEqual(bytesOf(t));
      }
      const header = readSafetensorsHeader(bytes);
      expect(header.metadata).toEqual({ note: 'round trip' });
      expect(header.tensors.i32?.dtype).toBe(int32As);
      expect(header.dataStart % 8).toBe(0);
      for (const info of Object.values(header.tensors)) {
        expect(info.dataOffsets[0] % (info.dtype === 'F64' || info.dtype === 'I64' ? 8 : 1)).toBe(
          0,
        );
      }
    }
  });

  it('moves a model between instances through bytes', () => {
    const make = (seed: number) =>
      new Sequential(
        new Linear(3, 4, { generator: new Generator(seed) }),
        new BatchNorm1d(4),
        new Sigmoid(),
        new Linear(4, 2, { generator: new Generator(seed + 1) }),
      );
    const a = make(1);
    a.forward(randn([5, 3]));
    const b = make(10);
    b.loadStateDict(loadSafetensors(saveSafetensors(a.stateDict())));
    const x = randn([2, 3]);
    expect(b.eval().forward(x).toArray()).toEqual(a.eval().forward(x).toArray());
    expect(
      readSafetensorsHeader(saveSafetensors(a.stateDict())).tensors['1.num_batches_tracked']?.dtype,
    ).toBe('I64');
  });

  it('reads unaligned data, ArrayBuffers and Node Buffers that are views into larger memory', () => {
    // A 3-byte-padded header puts the F32 data at an odd offset.
    const data = new Uint8Array(new Float32Array([1.5, -2]).buffer);
    const bytes = file(`{"x":${JSON.stringify(f32([2], 0, 8))}}   `, data);
    expect(readSafetensorsHeader(bytes).dataStart % 4).not.toBe(0);
    expect(loadSafetensors(bytes).x?.toArray()).toEqual([1.5, -2]);
    expect(loadSafetensors(bytes.slice().buffer).x?.toArray()).toEqual([1.5, -2]);
    const pool = Buffer.alloc(bytes.length + 5);
    pool.set(bytes, 5);
    expect(loadSafetensors(pool.subarray(5)).x?.toArray()).toEqual([1.5, -2]);
  });

  it('refuses what it can not write', () => {
    expect(() => saveSafetensors({ w: [1, 2] as unknown as Tensor })).toThrow(
      /"w" is an array, not a Tensor/,
    );
    expect(() => saveSafetensors({ __metadata__: zeros([1]) })).toThrow(
      /can not be named "__metadata__"/,
    );
    expect(() => saveSafetensors({ w: zeros([1]) }, { epoch: 3 as unknown as string })).toThrow(
      /metadata value for "epoch" must be a string/,
    );
    expect(() => saveSafetensors(null as unknown as StateDict)).toThrow(SafetensorsError);
  });
});

interface SafetensorsCase {
  metadata: Record<string, string>;
  dtypes: Record<string, string>;
  tensors: Record<string, FixTensor>;
}

describe('safetensors: a file written by PyTorch-side tooling', () => {
  const fixture = readFixture<SafetensorsCase>('safetensors.json').cases[0] as SafetensorsCase;
  const bytes = readFixtureBytes('pytorch.safetensors');

  it('loads every dtype with the exact values', () => {
    const header = readSafetensorsHeader(bytes);
    expect(header.metadata).toEqual(fixture.metadata);
    expect(
      Object.fromEntries(Object.entries(header.tensors).map(([k, v]) => [k, v.dtype])),
    ).toEqual(fixture.dtypes);
    const loaded = loadSafetensors(bytes);
    expect(Object.keys(loaded).sort()).toEqual(Object.keys(fixture.tensors).sort());
    for (const [name, want] of Object.entries(fixture.tensors)) {
      const t = loaded[name] as Tensor;
      expect(t.dtype, name).toBe(want.dtype);
      expect([...t.shape], name).toEqual(want.shape);
      for (const [i, w] of want.data.entries()) {
        expect(Object.is(Number(t.data[i]), Number(w)), `${name}[${i}]: ${t.data[i]} vs ${w}`).toBe(
          true,
        );
      }
    }
    expect(Object.is(loaded['extra.f32_special']?.data[1], -0)).toBe(true);
  });

  it('loads into a descent model (PyTorch state-dict keys, I64 counter to int32)', () => {
    const model = new Sequential(
      new Linear(4, 6),
      new BatchNorm1d(6),
      new Sigmoid(),
      new Linear(6, 3),
    );
    const { missingKeys, unexpectedKeys } = model.loadStateDict(loadSafetensors(bytes), {
      strict: false,
    });
    expect(missingKeys).toEqual([]);
    expect(unexpectedKeys.every((k) => k.startsWith('extra.'))).toBe(true);
    expect(model.getBuffer('1.num_batches_tracked')?.item()).toBe(4);
    const want = fixture.tensors['0.weight'] as FixTensor;
    expect(Array.from(model.getParameter('0.weight').data)).toEqual(Array.from(build(want).data));
  });
});

describe('safetensors: hostile files are rejected before any allocation', () => {
  const ok = new Uint8Array(new Float32Array([1, 2, 3, 4]).buffer);
  const cases: [string, Uint8Array, RegExp][] = [
    ['empty file', new Uint8Array(0), /the file is 0 bytes, shorter than the 8-byte header length/],
    ['truncated length', new Uint8Array(5), /the file is 5 bytes/],
    [
      'header length larger than the file',
      file({ x: f32([4], 0, 16) }, ok, 4000),
      /header length 4000 is larger than the \d+ bytes after it/,
    ],
    [
      'header length over 100 MB',
      file({}, [], 100_000_001),
      /header length 100000001 exceeds the limit of 100000000 bytes/,
    ],
    [
      'header length with the high word set',
      (() => {
        const f = file({}, []);
        new DataView(f.buffer).setUint32(4, 1, true);
        return f;
      })(),
      /exceeds the limit/,
    ],
    [
      'truncated data',
      file({ x: f32([4], 0, 16) }, ok.slice(0, 10)),
      /data_offsets \[0, 16\] outside the data section of 10 bytes/,
    ],
    [
      'header not UTF-8',
      file('{"\u0000"}').map((b, i) => (i === 10 ? 0xff : b)),
      /not valid UTF-8/,
    ],
    ['header not JSON', file('{"x": '), /not valid JSON/],
    ['header JSON not an object', file('[1, 2]'), /must be a JSON object starting with "\{"/],
    [
      'duplicate tensor names',
      file(`{"x":${JSON.stringify(f32([2], 0, 8))},"x":${JSON.stringify(f32([2], 8, 16))}}`, ok),
      /names "x" more than once/,
    ],
    [
      'unknown dtype',
      file({ x: { dtype: 'F128', shape: [1], data_offsets: [0, 16] } }, ok),
      /tensor "x" has an unknown dtype "F128"/,
    ],
    [
      'unsupported dtype',
      file({ x: { dtype: 'U64', shape: [2], data_offsets: [0, 16] } }, ok),
      /tensor "x" has dtype U64, which descent does not read/,
    ],
    ['entry not an object', file({ x: [1, 2] }, ok), /entry of tensor "x" must be an object/],
    ['negative shape', file({ x: f32([-4], 0, 16) }, ok), /invalid shape \[-4\]/],
    ['fractional shape', file({ x: f32([2.5], 0, 16) }, ok), /invalid shape \[2.5\]/],
    [
      'bad data_offsets',
      file({ x: { dtype: 'F32', shape: [4], data_offsets: [0] } }, ok),
      /invalid data_offsets \[0\]/,
    ],
    [
      'begin after end',
      file({ x: f32([0], 16, 8) }, ok),
      /data_offsets \[16, 8\] outside the data section/,
    ],
    [
      'shape/size mismatch',
      file({ x: f32([2, 2], 0, 12), y: f32([1], 12, 16) }, ok),
      /dtype F32 and shape \[2, 2\] needs 16 bytes, but its data_offsets \[0, 12\] span 12/,
    ],
    [
      'huge shape (its element count passes 2^64, refused as the reference reader does)',
      file({ x: f32([2 ** 40, 2 ** 40, 2 ** 40], 0, 16) }, ok),
      /has a shape whose element or byte count passes 2\^64 - 1 \(\[1099511627776, 1099511627776, 1099511627776\]\)/,
    ],
    [
      'huge shape within 64 bits',
      file({ x: f32([2 ** 40, 2 ** 10], 0, 16) }, ok),
      /of dtype F32 and shape \[1099511627776, 1024\] needs 4503599627370496 bytes, but its data_offsets \[0, 16\] span 16/,
    ],
    [
      'overlapping offsets',
      file({ x: f32([3], 0, 12), y: f32([2], 8, 16) }, ok),
      /tensors "x" and "y" overlap/,
    ],
    [
      'a hole between tensors',
      file({ x: f32([1], 0, 4), y: f32([2], 8, 16) }, ok),
      /bytes 4 to 8 of the data section belong to no tensor/,
    ],
    [
      'unused trailing bytes',
      file({ x: f32([3], 0, 12) }, ok),
      /bytes 12 to 16 of the data section belong to no tensor/,
    ],
    [
      'metadata with a number',
      file({ __metadata__: { epoch: 3 }, x: f32([4], 0, 16) }, ok),
      /__metadata__ value for "epoch" must be a string/,
    ],
    [
      'metadata not an object',
      file({ __metadata__: 'pt', x: f32([4], 0, 16) }, ok),
      /__metadata__ must be an object of strings/,
    ],
    [
      'a field twice in a tensor entry (the reference reader refuses duplicate fields)',
      file('{"x":{"dtype":"F32","dtype":"F32","shape":[4],"data_offsets":[0,16]}}', ok),
      /the entry of tensor "x" has the field "dtype" more than once/,
    ],
    [
      'a shape nested thousands deep',
      file(
        `{"x":{"dtype":"F32","shape":${'['.repeat(5000)}${']'.repeat(5000)},"data_offsets":[0,16]}}`,
        ok,
      ),
      /the header nests arrays or objects more than 128 deep, the reference reader's limit/,
    ],
    [
      'a shape nested 100 deep (within the limit): a short message',
      file(
        `{"x":{"dtype":"F32","shape":${'['.repeat(100)}${']'.repeat(100)},"data_offsets":[0,16]}}`,
        ok,
      ),
      /^safetensors: tensor "x" has an invalid shape \[{60}…; expected a list of whole numbers >= 0$/,
    ],
    [
      'a shape of 100,000 entries: a short message',
      file({ x: { dtype: 'F32', shape: new Array(100_000).fill(1.5), data_offsets: [0, 16] } }, ok),
      /^safetensors: tensor "x" has an invalid shape \[1\.5,1\.5,.{51}…; expected/,
    ],
    [
      'I64 beyond int32',
      file(
        { x: { dtype: 'I64', shape: [2], data_offsets: [0, 16] } },
        new Uint8Array(new BigInt64Array([5n, 2n ** 31n]).buffer),
      ),
      /holds 2147483648 at flat position 1, outside int32/,
    ],
  ];
  for (const [what, bytes, message] of cases) {
    it(what, () => {
      expect(() => loadSafetensors(bytes)).toThrow(SafetensorsError);
      expect(() => loadSafetensors(bytes)).toThrow(message);
    });
  }

  it('a zero-element tensor with a huge extent loads, as the reference reader accepts it', () => {
    const bytes = file({ empty: f32([1e15, 0], 0, 0), x: f32([4], 0, 16) }, ok);
    expect(readSafetensorsHeader(bytes).tensors.empty?.shape).toEqual([1e15, 0]);
    const loaded = loadSafetensors(bytes);
    expect(loaded.empty?.shape).toEqual([1e15, 0]);
    expect(loaded.empty?.size).toBe(0);
    expect(loaded.x?.toArray()).toEqual([1, 2, 3, 4]);
    // A zero after the running product has passed 2^64 is refused, as by the reference.
    expect(() =>
      loadSafetensors(file({ e: f32([2 ** 40, 2 ** 40, 0], 0, 0), x: f32([4], 0, 16) }, ok)),
    ).toThrow(/passes 2\^64 - 1/);
  });

  it('non-bytes input', () => {
    expect(() => loadSafetensors('file.safetensors' as unknown as Uint8Array)).toThrow(
      /expected the file's bytes/,
    );
  });

  it('a tensor named __proto__ becomes an ordinary key (no prototype pollution)', () => {
    const loaded = loadSafetensors(file(`{"__proto__":${JSON.stringify(f32([4], 0, 16))}}`, ok));
    expect(Object.keys(loaded)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(loaded)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(loaded, '__proto__')?.value).toBeInstanceOf(Tensor);
  });
});

describe('safetensors: Node file helpers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'descent-nn-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('saveSafetensorsFile and loadSafetensorsFile', async () => {
    const fc = new Linear(2, 3);
    const path = join(dir, 'fc.safetensors');
    await saveSafetensorsFile(path, fc.stateDict(), { format: 'pt' });
    const loaded = await loadSafetensorsFile(path);
    expect(loaded.weight?.toArray()).toEqual(fc.weight.toArray());
    await expect(loadSafetensorsFile(join(dir, 'missing.safetensors'))).rejects.toThrow(/ENOENT/);
  });
});
