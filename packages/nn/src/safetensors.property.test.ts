/**
 * Property: a safetensors reader fed random bytes, or a real file with random bytes changed,
 * inserted or cut, or a real header with random JSON edits, either loads (and then agrees with
 * its own header) or throws a SafetensorsError. No other error escapes: no RangeError from a
 * huge allocation, no TypeError from a malformed entry, no stack overflow.
 */
import { tensor } from '@descent/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  loadSafetensors,
  readSafetensorsHeader,
  SafetensorsError,
  saveSafetensors,
} from './index.js';

const valid = saveSafetensors(
  {
    'fc.weight': tensor([
      [1, 2],
      [3, 4],
    ]),
    'fc.bias': tensor([0.5, -0.5], { dtype: 'float64' }),
    steps: tensor([3], { dtype: 'int32' }),
    mask: tensor([true, false, true]),
  },
  { format: 'pt' },
);

/** Reads `bytes`; any error must be a SafetensorsError, and a load must match its header. */
function check(bytes: Uint8Array): void {
  let loaded: ReturnType<typeof loadSafetensors>;
  try {
    loaded = loadSafetensors(bytes);
  } catch (error) {
    if (!(error instanceof SafetensorsError)) throw error;
    expect(() => readSafetensorsHeader(bytes)).not.toThrow(TypeError);
    return;
  }
  const header = readSafetensorsHeader(bytes);
  expect(Object.keys(loaded)).toEqual(Object.keys(header.tensors));
  for (const [name, info] of Object.entries(header.tensors)) {
    expect(loaded[name]?.shape).toEqual(info.shape);
  }
}

function withHeader(json: string, data: Uint8Array): Uint8Array {
  const text = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setUint32(0, text.length, true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}

const headerLength = Number(new DataView(valid.buffer).getUint32(0, true));
const validJson = new TextDecoder().decode(valid.subarray(8, 8 + headerLength));
const validData = valid.subarray(8 + headerLength);

/** JSON values that a header might hold in the wrong place. */
const jsonValue = fc.oneof(
  fc.integer({ min: -2, max: 2 ** 53 }),
  fc.double(),
  fc.constantFrom(
    null,
    true,
    'F32',
    'BOOL',
    'I64',
    [],
    {},
    [0, 0],
    [1e15, 0],
    [2 ** 40, 2 ** 40, 0],
  ),
  fc.array(fc.integer({ min: -1, max: 20 }), { maxLength: 4 }),
  fc.string({ maxLength: 6 }),
);

/** The JSON text of arrays nested `depth` deep (as text: deep values overflow stringify). */
const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('safetensors reader: only SafetensorsError escapes', () => {
  it('random bytes, with a plausible header length or none', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.option(fc.integer({ min: 0, max: 220 }), { nil: undefined }),
        (bytes, length) => {
          const input = bytes.slice();
          if (length !== undefined && input.length >= 8) {
            new DataView(input.buffer).setUint32(0, length, true);
            new DataView(input.buffer).setUint32(4, 0, true);
          }
          check(input);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a real file with bytes changed, inserted or cut', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.nat({ max: valid.length - 1 }),
            kind: fc.constantFrom('set', 'insert', 'delete'),
            byte: fc.integer({ min: 0, max: 255 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        (edits) => {
          const bytes = [...valid];
          for (const { at, kind, byte } of edits) {
            const i = Math.min(at, bytes.length);
            if (kind === 'set' && i < bytes.length) bytes[i] = byte;
            else if (kind === 'insert') bytes.splice(i, 0, byte);
            else bytes.splice(i, 1);
          }
          check(Uint8Array.from(bytes));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a real header with random fields replaced, removed, added or repeated', () => {
    const header = JSON.parse(validJson) as Record<string, Record<string, unknown>>;
    const names = Object.keys(header);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: fc.constantFrom(...names, 'extra'),
            field: fc.constantFrom('dtype', 'shape', 'data_offsets', 'format', 'x'),
            kind: fc.constantFrom('set', 'delete', 'repeat'),
            value: jsonValue,
            // When set, the value is arrays nested this deep instead.
            depth: fc.option(fc.integer({ min: 1, max: 6000 }), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        fc.boolean(),
        (edits, trimData) => {
          const h = structuredClone(header);
          const repeats: string[] = [];
          const deep: string[] = [];
          for (const { name, field, kind, value: given, depth } of edits) {
            // A placeholder string, replaced by the nested text once the header is written.
            const value = depth === undefined ? given : `@nested${deep.push(nested(depth)) - 1}@`;
            h[name] ??= {};
            const entry = h[name];
            if (kind === 'delete') delete entry[field];
            else if (kind === 'set') entry[field] = value;
            else
              repeats.push(
                `"${field}":${JSON.stringify(value) ?? 'null'}`.replace(
                  /"@nested(\d+)@"/g,
                  (_, i) => deep[Number(i)] ?? '0',
                ),
              );
          }
          let json = JSON.stringify(h).replace(
            /"@nested(\d+)@"/g,
            (_, i) => deep[Number(i)] ?? '0',
          );
          // Repeated fields: spliced into the first entry's object text.
          if (repeats.length > 0) json = json.replace(':{', `:{${repeats.join(',')},`);
          check(withHeader(json, trimData ? validData.subarray(1) : validData));
        },
      ),
      { numRuns: 400 },
    );
  });
});
