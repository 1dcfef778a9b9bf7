/**
 * Test helpers shared by the nn tests: reading the PyTorch fixtures (schema in
 * scripts/fixtures/nn.py) and comparing tensors with the fixture tolerances.
 */
import { readFileSync } from 'node:fs';
import { type DType, Storage, Tensor } from '@descent/core';
import { expect } from 'vitest';

export type Num = number | string; // JSON has no ±Infinity/NaN: they are written as strings

export interface FixTensor {
  shape: number[];
  dtype: string;
  data: Num[];
  requiresGrad?: boolean;
}

export function readFixture<T>(name: string): { torch: string; cases: T[] } {
  return JSON.parse(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')) as {
    torch: string;
    cases: T[];
  };
}

export function readFixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`./${name}`, import.meta.url)));
}

/** A descent tensor with the fixture's values (NaN allowed), optionally requiring grad. */
export function build(f: FixTensor, requiresGrad = false): Tensor {
  const values = f.data.map(Number);
  const dtype = f.dtype as DType;
  const data =
    dtype === 'int32'
      ? Int32Array.from(values)
      : dtype === 'bool'
        ? Uint8Array.from(values)
        : dtype === 'float32'
          ? Float32Array.from(values)
          : Float64Array.from(values);
  const t = new Tensor(Storage.fromArray(data), f.shape.slice());
  if (requiresGrad) t.requiresGrad_(true);
  return t;
}

/** |a−b| ≤ 1e-10 + 1e-8·|b| (float64) or 1e-6 + 1e-5·|b| (float32); exact otherwise. */
export function expectClose(
  actual: Tensor | null | undefined,
  want: FixTensor,
  what: string,
): void {
  expect(actual, `${what}: missing`).toBeTruthy();
  const t = actual as Tensor;
  expect([...t.shape], `${what}: shape`).toEqual(want.shape);
  expect(t.dtype, `${what}: dtype`).toBe(want.dtype);
  const [atol, rtol] =
    want.dtype === 'float64' ? [1e-10, 1e-8] : want.dtype === 'float32' ? [1e-6, 1e-5] : [0, 0];
  const bad: string[] = [];
  const got = t.dataSync();
  want.data.forEach((w, i) => {
    const b = Number(w);
    const a = Number(got[i]);
    const ok = Number.isFinite(b) ? Math.abs(a - b) <= atol + rtol * Math.abs(b) : Object.is(a, b);
    if (!ok) bad.push(`[${i}] got ${a}, want ${b}`);
  });
  if (bad.length > 0) {
    expect.fail(
      `${what}: ${bad.length} of ${want.data.length} values differ: ${bad.slice(0, 5).join('; ')}`,
    );
  }
}
