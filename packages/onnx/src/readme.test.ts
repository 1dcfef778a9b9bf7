/**
 * Runs the README's "Taking a model elsewhere" recipes as written: the TypeScript blocks here
 * (train, write model.onnx / model.py / model.safetensors, serve with onnxruntime-node), in a
 * scratch folder; the Python blocks ran in PyTorch when scripts/fixtures/handoff.py wrote
 * handoff.json, which records their hash (regenerate the fixture after editing them).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@descent/core';
import * as nn from '@descent/nn';
import * as nnNode from '@descent/nn/node';
import { transformSync } from 'esbuild';
import * as ort from 'onnxruntime-node';
import { expect, it } from 'vitest';
import { flat, worstRatio } from './__fixtures__/ort.js';
import * as onnx from './index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = (lang: string) =>
  [...readme.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))].map(
    (m) => m[1] ?? '',
  );

const MODULES: Record<string, unknown> = {
  '@descent/core': core,
  '@descent/nn': nn,
  '@descent/nn/node': nnNode,
  '@descent/onnx': onnx,
  'node:fs/promises': fsPromises,
  'onnxruntime-node': ort,
};

/** ESM imports → lookups in MODULES, so the blocks run as one async function body. */
function runnable(source: string): string {
  const { code } = transformSync(source, { loader: 'ts', format: 'esm' });
  return code.replace(/^import (.+?) from "(.+?)";$/gm, (_line, what: string, from: string) => {
    if (!(from in MODULES))
      throw new Error(`README imports ${from}, which the test does not provide`);
    const binding = what.startsWith('* as ') ? what.slice(5) : what.replace(/ as /g, ': ');
    return `const ${binding} = modules[${JSON.stringify(from)}];`;
  });
}

it('README: the TypeScript recipes run, and ONNX Runtime serves what descent computes', async () => {
  const ts = blocks('ts');
  expect(ts).toHaveLength(2);
  const body = `${ts.map(runnable).join('\n')}\nreturn { model, x, y, batch, output };`;
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
    ...args: string[]
  ) => (
    modules: Record<string, unknown>,
    console: { log: (...a: unknown[]) => void },
  ) => Promise<{
    model: nn.Module;
    x: core.Tensor;
    y: core.Tensor;
    batch: ort.Tensor;
    output: ort.Tensor;
  }>;
  const logs: unknown[][] = [];
  const dir = mkdtempSync(join(tmpdir(), 'descent-onnx-readme-'));
  const cwd = process.cwd();
  try {
    process.chdir(dir);
    const {
      model,
      x: trainX,
      y: trainY,
      batch,
      output,
    } = await new AsyncFunction('modules', 'console', body)(MODULES, {
      log: (...a) => logs.push(a),
    });
    expect(logs).toEqual([[[2, 3]]]);
    const x = core.tensor(Float32Array.from(batch.data as Float32Array), { shape: [2, 4] });
    const want = core.noGrad(() => (model.eval().forward as (t: core.Tensor) => core.Tensor)(x));
    expect(worstRatio(Array.from(output.data as Float32Array), flat(want))).toBeLessThanOrEqual(1);
    // Log-probabilities (rows of probabilities summing to 1) of a model that learned: its loss
    // is well below ln 3, where it starts.
    const rows = (want.exp().sum(1).toArray() as number[]).map((s) => Math.round(s * 1e5) / 1e5);
    expect(rows).toEqual([1, 1]);
    const loss = core.noGrad(() =>
      nn.nllLoss((model.forward as (t: core.Tensor) => core.Tensor)(trainX), trainY).item(),
    );
    expect(loss).toBeLessThan(0.7 * Math.log(3));
    const files = (await fsPromises.readdir(dir)).sort();
    expect(files).toEqual(['model.onnx', 'model.py', 'model.safetensors']);
    // The same architecture as the mlp_batchnorm fixture that handoff.py trained the Python
    // recipe on, so that run stands for this model.
    const source = await fsPromises.readFile(join(dir, 'model.py'), 'utf8');
    const fixture = new URL('./__fixtures__/handoff/mlp_batchnorm.py', import.meta.url);
    expect(source).toBe(readFileSync(fixture, 'utf8'));
  } finally {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  }
});

it('README: the Python recipes are the ones handoff.py ran in PyTorch', () => {
  const python = blocks('python');
  expect(python).toHaveLength(2);
  expect(python[0]).toContain('load_state_dict(load_file("model.safetensors"), strict=True)');
  expect(python[1]).toContain('DistributedDataParallel(model');
  const fixture = JSON.parse(
    readFileSync(new URL('./__fixtures__/handoff/handoff.json', import.meta.url), 'utf8'),
  ) as { cases: { id: string; readmeSha256?: string }[] };
  const recorded = fixture.cases.find((c) => c.id === 'readme/python recipe')?.readmeSha256;
  expect(createHash('sha256').update(python.join('\n')).digest('hex')).toBe(recorded);
});
