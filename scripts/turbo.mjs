#!/usr/bin/env node
// Runs the repo-pinned turbo with telemetry and the update check turned off, so that
// `npm run build|typecheck|lint|docs|bench|start` make no network calls (works on any OS:
// no `VAR=1 cmd` shell syntax in package.json).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const turboBin = require.resolve('turbo/bin/turbo');

const result = spawnSync(process.execPath, [turboBin, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: {
    ...process.env,
    TURBO_TELEMETRY_DISABLED: '1',
    TURBO_NO_UPDATE_NOTIFIER: '1',
  },
});
if (result.error) throw result.error;
process.exit(result.status ?? 1);
