#!/usr/bin/env node
// `npm run bench` for @descent/bench: bundles src/main.ts with esbuild, reading every @descent
// package from its TypeScript source (the `source` export condition, so nothing needs to be
// built), then runs the bundle with `node --expose-gc`. TensorFlow.js stays external: it is
// loaded from node_modules as published. Arguments are passed through (see src/main.ts), except
// `--cpu-prof`, which goes to node itself.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
// Inside the root node_modules so that the bundle's bare imports (@tensorflow/*) resolve.
const outDir = join(root, 'node_modules', '.cache', 'descent-bench');
const outfile = join(outDir, `bench-${process.pid}.mjs`);
mkdirSync(outDir, { recursive: true });

await build({
  entryPoints: [join(here, 'src', 'main.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['source'],
  external: ['@tensorflow/*'],
  outfile,
  sourcemap: 'inline',
  logLevel: 'warning',
});

const args = process.argv.slice(2);
const nodeArgs = ['--expose-gc', '--enable-source-maps'];
const passArgs = [];
for (const a of args) {
  if (a.startsWith('--cpu-prof')) nodeArgs.push(a);
  else passArgs.push(a);
}
const r = spawnSync(process.execPath, [...nodeArgs, outfile, ...passArgs], {
  stdio: 'inherit',
  env: { ...process.env, DESCENT_BENCH_ROOT: root },
});
rmSync(outfile, { force: true });
if (r.error) throw r.error;
process.exit(r.status ?? 1);
