import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One vitest process runs every workspace's tests (fastest on 2 cores), plus the repo
    // tooling tests (dependency rules) and the slow pack-and-install test.
    projects: [
      'packages/*',
      'apps/*',
      'scripts',
      'tests/*',
      'examples',
      // nn and optim once more on core's contract-checking backend (core's own suite runs on
      // every registered backend by itself).
      ...['nn', 'optim'].map((name) => ({
        extends: `./packages/${name}/vitest.config.ts`,
        root: `./packages/${name}`,
        test: {
          name: `${name} [checked(ts)]`,
          setupFiles: ['./src/__fixtures__/checked-backend.setup.ts'],
        },
      })),
    ],
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**', 'apps/*/src/**'],
      exclude: ['**/*.test.ts', '**/__fixtures__/**'],
    },
  },
});
