#!/usr/bin/env node
// Builds the gallery: bundles scripts/gallery.ts (which imports ../src) with esbuild, since Node 20
// cannot run TypeScript, then runs it. Output goes to packages/viz/gallery/ (git-ignored); pass
// --docs to also refresh the small lecture SVGs in packages/viz/docs/.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(pkg, 'gallery');
mkdirSync(outDir, { recursive: true });
const bundle = join(outDir, '.gallery.bundle.mjs');
await build({
  entryPoints: [join(pkg, 'scripts', 'gallery.ts')],
  bundle: true,
  packages: 'external',
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outfile: bundle,
  logLevel: 'warning',
});
const { main } = await import(pathToFileURL(bundle).href);
await main({ outDir, docsDir: join(pkg, 'docs'), docs: process.argv.includes('--docs') });
