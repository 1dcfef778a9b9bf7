#!/usr/bin/env node
// Dual ESM + CJS build of one workspace package (run from the package directory by its
// `build` script). See shared toolchain notes, "Dual build":
//   dist/index.js        ESM bundle     dist/index.d.ts (+ rest)   ESM declarations
//   dist/index.cjs       CJS bundle     dist/cjs/index.d.ts        CJS declarations
//                                       dist/cjs/package.json      {"type":"commonjs"}
// A package with a Node-only subpath (`src/node.ts`, exported as `./node`) gets dist/node.js and
// dist/node.cjs too; their imports of `./index.js` stay imports of the main bundle, so both
// entries share one copy of each class (an error thrown by one is `instanceof` in the other).
// The second tsc run (instead of copying .d.ts to .d.cts) is what makes node16 CommonJS
// consumers type-check: relative imports inside the declarations must also be CJS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const tscBin = require.resolve('typescript/bin/tsc');

rmSync('dist', { recursive: true, force: true });

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  packages: 'external',
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
const entries = ['index', ...(existsSync(nodeEntry) ? ['node'] : [])];
await Promise.all(
  entries.flatMap((entry) =>
    [
      ['esm', 'js'],
      ['cjs', 'cjs'],
    ].map(([format, extension]) =>
      build({
        ...common,
        entryPoints: [`src/${entry}.ts`],
        format,
        outfile: `dist/${entry}.${extension}`,
        plugins: entry === 'index' ? [] : [mainBundleExternal(extension)],
      }),
    ),
  ),
);

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
