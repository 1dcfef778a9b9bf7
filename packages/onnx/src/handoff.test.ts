/**
 * The PyTorch hand-off against PyTorch itself: scripts/fixtures/handoff.py ran each committed
 * `<id>.py` (toPyTorch) with PyTorch 1.13, loaded `<id>.safetensors` with strict=True and
 * recorded its outputs (handoff.json). Here: descent still writes those exact bytes, and
 * descent's outputs are PyTorch's.
 */
import { readFileSync } from 'node:fs';
import { noGrad, type Tensor, tensor } from '@descent/core';
import { loadSafetensors, type Module, saveSafetensors } from '@descent/nn';
import { describe, expect, it } from 'vitest';
import { HANDOFF_CASES, HANDOFF_METADATA } from './__fixtures__/handoff-models.js';
import { toPyTorch } from './index.js';

interface FixTensor {
  shape: number[];
  dtype: 'float32' | 'float64';
  data: number[];
}
interface HandoffRecord {
  id: string;
  stateDictKeys: string[];
  runs: { input: FixTensor; output: FixTensor }[];
  readmeSha256?: string;
  file?: string;
}

const dir = new URL('./__fixtures__/handoff/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir));
const fixture = JSON.parse(read('handoff.json').toString('utf8')) as {
  torch: string;
  cases: HandoffRecord[];
};
const record = (id: string) => {
  const found = fixture.cases.find((c) => c.id === id);
  if (!found) throw new Error(`handoff.json has no case ${id}`);
  return found;
};

/** |descent − torch| ≤ atol + rtol·|torch|. */
const TOLERANCE = { float32: [1e-6, 1e-5], float64: [1e-12, 1e-10] } as const;

function fromFixture(f: FixTensor): Tensor {
  const data = f.dtype === 'float32' ? Float32Array.from(f.data) : Float64Array.from(f.data);
  return tensor(data, { shape: f.shape });
}

function expectTorchOutputs(model: Module, runs: HandoffRecord['runs']): void {
  model.eval();
  expect(runs.map((r) => r.input.shape[0])).toEqual([1, 3, 17]);
  for (const { input, output } of runs) {
    const got = noGrad(() => (model.forward as (x: Tensor) => Tensor)(fromFixture(input)));
    expect(got.shape).toEqual(output.shape);
    expect(got.dtype).toBe(output.dtype);
    const [atol, rtol] = TOLERANCE[output.dtype];
    const values = (got.toArray() as unknown[]).flat(Number.POSITIVE_INFINITY) as number[];
    const bad = output.data.filter((want, i) => {
      return !(Math.abs((values[i] as number) - want) <= atol + rtol * Math.abs(want));
    });
    expect(bad, `outputs outside tolerance for batch ${input.shape[0]}`).toEqual([]);
  }
}

describe('toPyTorch hand-off, checked against PyTorch (scripts/fixtures/handoff.py)', () => {
  it('covers every case, recorded by PyTorch 1.13', () => {
    expect(fixture.torch).toMatch(/^1\.13/);
    expect(fixture.cases.map((c) => c.id)).toEqual([
      ...HANDOFF_CASES.map((c) => c.id),
      'readme/python recipe',
    ]);
    const manifest = JSON.parse(read('manifest.json').toString('utf8')) as { id: string }[];
    expect(manifest.map((m) => m.id)).toEqual(HANDOFF_CASES.map((c) => c.id));
  });

  describe.each(HANDOFF_CASES.map((c) => [c.id, c] as const))('%s', (id, c) => {
    it('toPyTorch still writes the committed source, byte for byte', () => {
      expect(toPyTorch(c.build())).toBe(read(`${id}.py`).toString('utf8'));
    });

    it('the state dict is saved to the committed .safetensors, byte for byte', () => {
      const bytes = saveSafetensors(c.build().stateDict(), HANDOFF_METADATA);
      expect(Buffer.from(bytes).equals(read(`${id}.safetensors`))).toBe(true);
    });

    it("PyTorch's state_dict() keys, in order, are descent's", () => {
      expect(record(id).stateDictKeys).toEqual(Object.keys(c.build().stateDict()));
    });

    it("descent's evaluation outputs are PyTorch's (batches 1, 3, 17)", () => {
      expectTorchOutputs(c.build(), record(id).runs);
    });
  });

  it('weights trained by the README recipe in PyTorch load back into descent strictly', () => {
    const trained = record('readme/python recipe');
    const model = (
      HANDOFF_CASES.find((c) => c.id === 'mlp_batchnorm') ?? HANDOFF_CASES[0]
    )?.build() as Module;
    const before = Object.values(model.stateDict()).map((t) => t.toArray());
    const state = loadSafetensors(new Uint8Array(read(trained.file ?? '')));
    expect(Object.keys(state).sort()).toEqual([...trained.stateDictKeys].sort());
    model.loadStateDict(state);
    // Training in PyTorch changed the weights and counted its batches.
    expect(Object.values(model.stateDict()).map((t) => t.toArray())).not.toEqual(before);
    expect(model.getBuffer('1.num_batches_tracked')?.item()).toBeGreaterThan(7);
    expectTorchOutputs(model, trained.runs);
  });
});
