#!/usr/bin/env node
// Dual ESM + CJS build of one workspace package (run from the package directory by its
// `build` script). See shared toolchain notes, "Dual build":
//   dist/index.js        ESM bundle     dist/index.d.ts (+ rest)   ESM declarations
//   dist/index.cjs       CJS bundle     dist/cjs/index.d.ts        CJS declarations
//                                       dist/cjs/package.json      {"type":"commonjs"}
// The second tsc run (instead of copying .d.ts to .d.cts) is what makes node16 CommonJS
// consumers type-check: relative imports inside the declarations must also be CJS.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const tscBin = require.resolve('typescript/bin/tsc');

rmSync('dist', { recursive: true, force: true });

/** @type {import('esbuild').BuildOptions} */
const common = {
  entryPoints: ['src/index.ts'],
  bundle: true,
  packages: 'external',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};
await Promise.all([
  build({ ...common, format: 'esm', outfile: 'dist/index.js' }),
  build({ ...common, format: 'cjs', outfile: 'dist/index.cjs' }),
]);

function tsc(...args) {
  const r = spawnSync(process.execPath, [tscBin, '-p', 'tsconfig.build.json', ...args], {
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
tsc();
tsc('--outDir', 'dist/cjs');
mkdirSync('dist/cjs', { recursive: true });
writeFileSync('dist/cjs/package.json', '{"type":"commonjs"}\n');
