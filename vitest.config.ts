import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One vitest process runs every workspace's tests (fastest on 2 cores), plus the repo
    // tooling tests (dependency rules) and the slow pack-and-install test.
    projects: ['packages/*', 'apps/*', 'scripts', 'tests/*', 'examples'],
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**', 'apps/*/src/**'],
      exclude: ['**/*.test.ts', '**/__fixtures__/**'],
    },
  },
});
