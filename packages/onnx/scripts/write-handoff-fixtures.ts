/**
 * Writes the descent side of the PyTorch hand-off fixtures: for each case of
 * src/__fixtures__/handoff-models.ts, `<id>.py` (toPyTorch) and `<id>.safetensors` (the state
 * dict as @descent/nn/node saves it), plus `manifest.json` (input shapes and dtypes) for
 * scripts/fixtures/handoff.py, which runs them in PyTorch and records its outputs.
 *
 * Usage: node scripts/run-ts.mjs packages/onnx/scripts/write-handoff-fixtures.ts
 *        /usr/bin/python3 scripts/fixtures/handoff.py
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { saveSafetensors } from '@descent/nn';
import { HANDOFF_CASES, HANDOFF_METADATA } from '../src/__fixtures__/handoff-models.js';
import { toPyTorch } from '../src/index.js';

// run-ts bundles this script into node_modules/.cache, so paths start at the repo root (cwd).
const out = join(process.cwd(), 'packages/onnx/src/__fixtures__/handoff');
mkdirSync(out, { recursive: true });

const manifest = HANDOFF_CASES.map(({ id, covers, sampleShape, dtype, build }) => {
  const model = build();
  writeFileSync(join(out, `${id}.py`), toPyTorch(model));
  writeFileSync(
    join(out, `${id}.safetensors`),
    saveSafetensors(model.stateDict(), HANDOFF_METADATA),
  );
  return { id, covers, sampleShape, dtype, className: 'DescentModel' };
});
writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote ${manifest.length} cases to ${out}`);
