#!/usr/bin/env node
// `npm start`: builds the playground and the packages it uses (turbo; cached when nothing
// changed), then serves the built static files on http://127.0.0.1:<PORT> and prints the URL.
// PORT defaults to a free port. `--no-build` serves what is already built; `--dir <path>` serves
// another copy of the built files (the end-to-end tests serve a private copy).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const app = join(root, 'apps', 'playground');
const args = process.argv.slice(2);
const dirFlag = args.indexOf('--dir');
const dir = dirFlag >= 0 ? resolve(args[dirFlag + 1] ?? '') : join(app, 'dist');
// biome-ignore lint/suspicious/noUndeclaredEnvVars: PORT is this script's documented setting.
const port = Number(process.env.PORT ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a whole number from 0 to 65535 (0: any free port), got ${port}`);
  process.exit(2);
}

if (!args.includes('--no-build')) {
  const built = spawnSync(
    process.execPath,
    [
      join(root, 'scripts/turbo.mjs'),
      'run',
      'build',
      '--filter=@descent/playground...',
      '--output-logs=errors-only',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (built.status !== 0) process.exit(built.status ?? 1);
}
if (!existsSync(join(dir, 'index.html'))) {
  console.error(`No built playground in ${dir}; run npm start (without --no-build) first.`);
  process.exit(1);
}

const server = await preview({
  root: app,
  configFile: join(app, 'vite.config.ts'),
  logLevel: 'warn',
  build: { outDir: dir },
  preview: { host: '127.0.0.1', port, strictPort: true, open: false },
});
const url = server.resolvedUrls?.local[0];
console.log(`descent playground: ${url}`);
console.log('Press Ctrl+C to stop.');
