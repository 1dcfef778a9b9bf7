#!/usr/bin/env node
// Dual ESM + CJS build of one workspace package (run from the package directory by its
// `build` script). See shared toolchain notes, "Dual build":
//   dist/index.js (+ one .js per source file)   ESM, unbundled   dist/index.d.ts (+ rest)
//   dist/index.cjs                               CJS bundle       dist/cjs/index.d.ts
//                                                                 dist/cjs/package.json
// The ESM build keeps one file per source module, as tsc would: a bundler then drops the
// modules a program does not use (the packages declare `"sideEffects": false`), so drawing a
// lineChart does not pull in dagre, and class names stay as written (esbuild's bundles rename
// a class that refers to itself, `Tensor` to `_Tensor`). A module with top-level side effects
// (registering something on import) would be dropped too: list it in `sideEffects` instead.
// The CJS build stays one bundle (CommonJS is not tree-shaken) with `keepNames`, so its
// classes keep their names as well. A package with a Node-only subpath (`src/node.ts`,
// exported as `./node`) gets dist/node.js and dist/node.cjs too; their imports of
// `./index.js` stay imports of the main entry, so both share one copy of each class (an error
// thrown by one is `instanceof` in the other).
// The second tsc run (instead of copying .d.ts to .d.cts) is what makes node16 CommonJS
// consumers type-check: relative imports inside the declarations must also be CJS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const tscBin = require.resolve('typescript/bin/tsc');

rmSync('dist', { recursive: true, force: true });

/** @type {import('esbuild').BuildOptions} */
const common = {
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};
const nodeEntry = resolve('src/node.ts');
/** Keeps `import … from './index.js'` in src/node.ts pointing at the main bundle. */
const mainBundleExternal = (extension) => ({
  name: 'main-bundle-external',
  setup(b) {
    b.onResolve({ filter: /^\.\/index\.js$/ }, (args) =>
      args.importer === nodeEntry ? { path: `./index.${extension}`, external: true } : undefined,
    );
  },
});
/** Every source module that ships: not tests, not test fixtures. */
const sources = readdirSync('src', { recursive: true })
  .map((file) => join('src', String(file)))
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .filter((file) => !file.split(/[\\/]/).includes('__fixtures__'));
const entries = ['index', ...(existsSync(nodeEntry) ? ['node'] : [])];
await Promise.all([
  build({ ...common, entryPoints: sources, outbase: 'src', outdir: 'dist', format: 'esm' }),
  ...entries.map((entry) =>
    build({
      ...common,
      bundle: true,
      packages: 'external',
      keepNames: true,
      entryPoints: [`src/${entry}.ts`],
      format: 'cjs',
      outfile: `dist/${entry}.cjs`,
      plugins: entry === 'index' ? [] : [mainBundleExternal('cjs')],
    }),
  ),
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
