#!/usr/bin/env node
// `npm test`: lint (biome) + typecheck (every workspace, via turbo) + docs (typedoc) + build
// (every workspace, the playground app included) + every vitest project in one process (unit
// tests, dependency rules, pack-and-install, the playground in a real Chromium). All steps always
// run; the last line is `N passed, M failed` (vitest tests, plus lint, typecheck, docs and build
// as one check each) and the exit code is non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const turbo = join(root, 'scripts/turbo.mjs');
const vitestPkg = require.resolve('vitest/package.json');
const vitestBin = join(dirname(vitestPkg), require(vitestPkg).bin.vitest);

function step(title, args) {
  console.log(`\n> ${title}`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  return r.status === 0;
}

const lintOk = step('lint (biome check .)', [
  turbo,
  'run',
  'lint:repo',
  '--output-logs=errors-only',
]);
const typecheckOk = step('typecheck (tsc --noEmit, all workspaces)', [
  turbo,
  'run',
  'typecheck',
  'typecheck:repo',
  '--output-logs=errors-only',
]);

// TypeDoc with warnings as errors: every public name must carry documentation.
const docsOk = step('docs (typedoc, warnings are errors)', [
  turbo,
  'run',
  'docs:api',
  '--output-logs=errors-only',
]);

// Build every package and the playground once, before the tests: the end-to-end tests serve the
// built app, and the pack-and-install test's own build is then a turbo cache hit.
const buildOk = step('build (turbo, every workspace)', [
  turbo,
  'run',
  'build',
  '--output-logs=errors-only',
]);

const report = join(root, 'vitest.json');
rmSync(report, { force: true });
const vitestOk = step('vitest run (all projects)', [
  vitestBin,
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${report}`,
  ...process.argv.slice(2),
]);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests;
  skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A test file that fails to load has no failed test but must still count as a failure.
  for (const file of r.testResults ?? []) {
    const anyFailed = (file.assertionResults ?? []).some((a) => a.status === 'failed');
    if (file.status === 'failed' && !anyFailed) failed += 1;
  }
} else {
  failed += 1;
}
if (!vitestOk && failed === 0) failed += 1; // e.g. unhandled errors between tests

const checks = { lint: lintOk, typecheck: typecheckOk, docs: docsOk, build: buildOk };
console.log(
  `\n${Object.entries(checks)
    .map(([name, ok]) => `${name}: ${ok ? 'ok' : 'FAILED'}`)
    .join(', ')}`,
);
for (const ok of Object.values(checks)) {
  if (ok) passed += 1;
  else failed += 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
