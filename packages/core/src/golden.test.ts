/**
 * Golden tests: every op's forward values and gradients against PyTorch.
 *
 * The cases live in `__fixtures__/ops.json`, written by `scripts/fixtures/core_ops.py` (see
 * `scripts/fixtures/README.md`); this test needs no PyTorch. Each case calls
 * `core[op](...inputs, ...args)` (or `core[op](inputs, ...args)` when `inputsAsList`, or with the
 * args after the first `argsAt` inputs), checks the output, then the gradients of
 * `sum(output * gradOutput)`, and for second-order cases the gradients of `sum(grads * ggInputs)`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeEachBackend } from './__fixtures__/backends.js';
import * as core from './index.js';

type Num = number | string; // JSON has no ±Infinity/NaN: they are written as strings
interface FixTensor {
  shape: number[];
  dtype?: string;
  data: Num[];
  requiresGrad?: boolean;
}
interface FixCase {
  id: string;
  op: string;
  inputs: FixTensor[];
  inputsAsList?: boolean;
  argsAt?: number;
  args: unknown[];
  output?: FixTensor | { values: FixTensor; indices: FixTensor };
  outputs?: FixTensor[];
  gradOutput?: FixTensor;
  gradOutputs?: FixTensor[];
  grads?: (FixTensor | null)[];
  ggInputs?: (FixTensor | null)[];
  gradgrads?: (FixTensor | null)[];
}

/** The slice of the core API this test relies on, typed here so it does not track core's types. */
interface Tensor {
  readonly shape: readonly number[];
  readonly dtype: string;
  dataSync(): ArrayLike<number>;
  readonly grad: Tensor | null;
  backward(): void;
  mul(other: Tensor): Tensor;
  sum(): Tensor;
}
interface Api {
  tensor(
    data: ArrayLike<number>,
    opts: { shape: number[]; dtype: string; requiresGrad?: boolean },
  ): Tensor;
  add(a: Tensor, b: Tensor): Tensor;
  autograd: {
    grad(
      outputs: Tensor | Tensor[],
      inputs: Tensor[],
      opts?: { createGraph?: boolean },
    ): (Tensor | null)[];
  };
}
const api = core as unknown as Api;
const ops = core as unknown as Record<string, unknown>;

const fixture = JSON.parse(
  readFileSync(new URL('./__fixtures__/ops.json', import.meta.url), 'utf8'),
) as {
  torch: string;
  cases: FixCase[];
};

const decode = (x: unknown): unknown =>
  x === 'Infinity' || x === '-Infinity' || x === 'NaN' ? Number(x) : x;

function build(f: FixTensor, requiresGrad = false): Tensor {
  const dtype = f.dtype ?? 'float64';
  const values = f.data.map(Number);
  const data =
    dtype === 'int32'
      ? Int32Array.from(values)
      : dtype === 'bool'
        ? Uint8Array.from(values)
        : Float64Array.from(values);
  return api.tensor(data, { shape: f.shape, dtype, requiresGrad });
}

/** Checks shape, dtype and values; ±Infinity and NaN must match exactly. */
function expectClose(actual: Tensor | null | undefined, want: FixTensor, what: string): void {
  expect(actual, `${what}: missing`).toBeTruthy();
  const t = actual as Tensor;
  expect([...t.shape], `${what}: shape`).toEqual(want.shape);
  const dtype = want.dtype ?? 'float64';
  expect(t.dtype, `${what}: dtype`).toBe(dtype);
  const [atol, rtol] =
    dtype === 'float64' ? [1e-10, 1e-8] : dtype === 'float32' ? [1e-6, 1e-5] : [0, 0];
  const bad: string[] = [];
  const got = t.dataSync();
  want.data.forEach((w, i) => {
    const b = Number(w);
    const a = Number(got[i]);
    const ok = Number.isFinite(b) ? Math.abs(a - b) <= atol + rtol * Math.abs(b) : Object.is(a, b);
    if (!ok) bad.push(`[${i}] got ${a}, want ${b}`);
  });
  if (bad.length > 0)
    expect.fail(
      `${what}: ${bad.length} of ${want.data.length} values differ: ${bad.slice(0, 5).join('; ')}`,
    );
}

/** A gradient that autograd may report as null when it is identically zero. */
function expectGrad(actual: Tensor | null | undefined, want: FixTensor, what: string): void {
  if (actual == null && want.data.every((x) => Number(x) === 0)) return;
  expectClose(actual, want, what);
}

const sumAll = (terms: Tensor[]): Tensor => terms.reduce((acc, t) => api.add(acc, t));

function runCase(c: FixCase): void {
  const fn = ops[c.op] as (...a: unknown[]) => unknown;
  const inputs = c.inputs.map((f) => build(f, f.requiresGrad === true));
  const args = c.args.map(decode);
  const k = c.argsAt ?? inputs.length;
  const result = c.inputsAsList
    ? fn(inputs, ...args)
    : fn(...inputs.slice(0, k), ...args, ...inputs.slice(k));

  // Output(s) and the float tensors that gradients flow from.
  let outs: Tensor[];
  let wants: FixTensor[];
  if (c.outputs) {
    expect(Array.isArray(result), 'result should be a list of tensors').toBe(true);
    outs = result as Tensor[];
    wants = c.outputs;
    expect(outs.length, 'number of outputs').toBe(wants.length);
  } else if (c.output && 'values' in c.output) {
    const r = result as { values: Tensor; indices: Tensor };
    expectClose(r.indices, c.output.indices, 'indices');
    outs = [r.values];
    wants = [c.output.values];
  } else {
    outs = [result as Tensor];
    wants = [c.output as FixTensor];
  }
  for (const [i, o] of outs.entries()) {
    expectClose(o, wants[i], outs.length > 1 ? `output ${i}` : 'output');
  }

  const gradOutputs = c.gradOutputs ?? (c.gradOutput ? [c.gradOutput] : []);
  if (!c.grads || gradOutputs.length === 0) return;
  const loss = sumAll(outs.map((o, i) => o.mul(build(gradOutputs[i])).sum()));
  const grads = c.grads;
  const diffIdx = c.inputs.flatMap((f, i) => (f.requiresGrad ? [i] : []));
  const diff = diffIdx.map((i) => inputs[i]);
  const want = (list: (FixTensor | null)[] | undefined, i: number) => list?.[i] as FixTensor;

  if (!c.gradgrads) {
    loss.backward();
    for (const i of diffIdx) expectGrad(inputs[i].grad, want(grads, i), `grad of input ${i}`);
    return;
  }
  const first = api.autograd.grad(loss, diff, { createGraph: true });
  for (const [n, g] of first.entries()) {
    expectGrad(g, want(grads, diffIdx[n]), `grad of input ${diffIdx[n]}`);
  }
  const terms = first.flatMap((g, n) =>
    g ? [g.mul(build(want(c.ggInputs, diffIdx[n]))).sum()] : [],
  );
  const second = api.autograd.grad(sumAll(terms), diff);
  for (const [n, g] of second.entries()) {
    expectGrad(g, want(c.gradgrads, diffIdx[n]), `gradgrad of input ${diffIdx[n]}`);
  }
}

const missing = [...new Set(fixture.cases.map((c) => c.op))].filter(
  (op) => typeof ops[op] !== 'function',
);

describeEachBackend('golden', () => {
  describe(`golden: core ops vs PyTorch ${fixture.torch}`, () => {
    it('exports every op the fixtures use', () => {
      expect(missing, 'ops missing from @descent/core').toEqual([]);
    });

    for (const c of fixture.cases) {
      // Cases of a missing op are skipped: the test above already names the op.
      (missing.includes(c.op) ? it.skip : it)(c.id, () => runCase(c));
    }
  });
});
