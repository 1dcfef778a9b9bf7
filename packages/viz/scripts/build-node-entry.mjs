#!/usr/bin/env node
// Bundles the Node-only subpath entry (src/node.ts → dist/node.js, dist/node.cjs) after the shared
// build (scripts/build-package.mjs at the repo root), which bundles src/index.ts only. Its
// declarations (dist/node.d.ts, dist/cjs/node.d.ts) already come from that build's tsc runs.
import { build } from 'esbuild';

const common = {
  entryPoints: ['src/node.ts'],
  bundle: true,
  packages: 'external',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};
await Promise.all([
  build({ ...common, format: 'esm', outfile: 'dist/node.js' }),
  build({ ...common, format: 'cjs', outfile: 'dist/node.cjs' }),
]);
