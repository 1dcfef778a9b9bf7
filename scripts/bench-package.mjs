#!/usr/bin/env node
// `bench` script of every package: runs the package's `bench/**/*.bench.ts` with vitest
// bench, or succeeds quietly when the package has no bench/ directory yet.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

if (!existsSync('bench')) {
  console.log(`${basename(process.cwd())}: no bench/ directory, nothing to run`);
  process.exit(0);
}
const require = createRequire(import.meta.url);
const vitestPkg = require.resolve('vitest/package.json');
const vitestBin = join(dirname(vitestPkg), require(vitestPkg).bin.vitest);
const r = spawnSync(
  process.execPath,
  [vitestBin, 'bench', '--run', '--dir', 'bench', ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);
