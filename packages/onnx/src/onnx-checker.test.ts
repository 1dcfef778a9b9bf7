/**
 * The official ONNX checker on every model the ONNX Runtime tests export:
 * `onnx.checker.check_model(model, full_check=True)` (which also runs strict shape inference)
 * from Debian's python3-onnx (ONNX 1.12.0). `.ci/run` installs it; locally:
 * `apt-get install -y python3-onnx`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Generator, randn } from '@descent/core';
import { Linear, Sequential } from '@descent/nn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ONNX_CASES } from './__fixtures__/onnx-cases.js';
import { sample } from './__fixtures__/ort.js';
import { exportOnnx } from './index.js';

const PYTHON = '/usr/bin/python3';
// Prints one JSON line per file: null when the checker accepts it, else its message.
const CHECK = `
import json, sys
import onnx
from onnx import checker
print(json.dumps({"onnx": onnx.__version__}))
for path in sys.argv[1:]:
    try:
        checker.check_model(onnx.load(path), full_check=True)
        print(json.dumps(None))
    except Exception as e:
        print(json.dumps(str(e)))
`;

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'descent-onnx-check-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function check(models: Uint8Array[]): { version: string; problems: (string | null)[] } {
  const paths = models.map((bytes, i) => {
    const path = join(dir, `model-${i}.onnx`);
    writeFileSync(path, bytes);
    return path;
  });
  const r = spawnSync(PYTHON, ['-c', CHECK, ...paths], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(
      `the ONNX checker did not run (${PYTHON} with python3-onnx; apt-get install -y python3-onnx): ${r.error?.message ?? r.stderr}`,
    );
  }
  const [head, ...rest] = r.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  return { version: (head as { onnx: string }).onnx, problems: rest as (string | null)[] };
}

describe('the ONNX checker (full_check) accepts every exported model', () => {
  it('all ONNX Runtime test cases, with a dynamic batch and with a fixed one', () => {
    const models = ONNX_CASES.flatMap((c, i) => {
      const model = c.build(new Generator(100 + i));
      const x = sample(2, c.sampleShape, c.inputScale, 1);
      return [exportOnnx(model, x), exportOnnx(model, x, { dynamicBatch: false })];
    });
    const { version, problems } = check(models);
    expect(version).toBe('1.12.0');
    expect(problems).toEqual(models.map(() => null));
  });

  it('rejects a broken model (the check can fail)', () => {
    const bytes = exportOnnx(new Sequential(new Linear(3, 2)), randn([1, 3]));
    // Rename the Gemm's weight input in place: "0.weight" → "0.weighX" names no value.
    const text = Buffer.from(bytes);
    const at = text.indexOf('0.weight');
    text.write('0.weighX', at);
    const { problems } = check([new Uint8Array(text)]);
    expect(problems[0]).toMatch(/0\.weighX|not.*(output of any node|graph input|initializer)/i);
  });
});
