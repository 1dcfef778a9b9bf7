/**
 * Property: a module's `loadStateDict`, given a real state dict with random entries replaced,
 * removed or added, or random data, either loads fully (every entry it was given is now the
 * module's value) or throws a descent error and leaves every parameter and buffer as it was.
 */
import { DescentError, Tensor } from '@descent/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchNorm1d, Linear, Sequential, type StateDict } from './index.js';

function model(): Sequential {
  return new Sequential(new Linear(2, 3), new BatchNorm1d(3), new Linear(3, 1, { bias: false }));
}

/** Every parameter and buffer of `m`, as plain data. */
function snapshot(m: Sequential): string {
  return JSON.stringify(
    Object.entries(m.stateDict()).map(([k, t]) => [k, t.dtype, t.shape, [...t.data].map(String)]),
  );
}

/** Tensors of random dtype and shape (often the shape of a real entry), or non-tensors. */
const value: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .record({
      shape: fc.oneof(
        fc.constantFrom([3, 2], [3], [1, 3], [], [0]),
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
      ),
      dtype: fc.constantFrom('float32', 'float64', 'int32', 'bool'),
      fill: fc.double(),
    })
    .map(({ shape, dtype, fill }) => {
      const size = (shape as number[]).reduce((a, b) => a * b, 1);
      const data =
        dtype === 'float32'
          ? new Float32Array(size).fill(fill)
          : dtype === 'float64'
            ? new Float64Array(size).fill(fill)
            : dtype === 'int32'
              ? new Int32Array(size).fill(Number.isFinite(fill) ? fill : 0)
              : new Uint8Array(size).fill(fill > 0 ? 1 : 0);
      return new Tensor(data, shape, dtype);
    }),
  fc.constantFrom(null, undefined, 5, 'weight', [1, 2], {}),
);

// The model's keys, one it lacks (its last Linear has no bias) and one of no layer.
const keys = [...Object.keys(model().stateDict()), '2.bias', 'x'];

describe('Module.loadStateDict: loads fully or throws and changes nothing', () => {
  function check(candidate: unknown, strict: unknown): void {
    const m = model();
    const before = snapshot(m);
    try {
      m.loadStateDict(candidate as StateDict, { strict } as { strict?: boolean });
    } catch (error) {
      expect(error).toBeInstanceOf(DescentError);
      expect(snapshot(m)).toBe(before);
      return;
    }
    const now = m.stateDict();
    for (const [key, given] of Object.entries(candidate as Record<string, Tensor>)) {
      const loaded = now[key];
      if (loaded === undefined) continue; // an unexpected key, ignored without strict
      const expected = new Tensor(new Float64Array(given.data), given.shape, 'float64').to(
        loaded.dtype,
      );
      expect([...loaded.data].map(String)).toEqual([...expected.data].map(String));
    }
  }

  it('mutated real state dicts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ key: fc.constantFrom(...keys), remove: fc.boolean(), value }), {
          maxLength: 4,
        }),
        fc.constantFrom(undefined, true, false, 'no', 1),
        (edits, strict) => {
          const sd: Record<string, unknown> = model().stateDict();
          for (const { key, remove, value: v } of edits) {
            if (remove) delete sd[key];
            else sd[key] = v;
          }
          check(sd, strict);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random data', () => {
    fc.assert(
      fc.property(
        fc.oneof(value, fc.dictionary(fc.constantFrom(...keys), value)),
        fc.boolean(),
        check,
      ),
      { numRuns: 200 },
    );
  });
});
