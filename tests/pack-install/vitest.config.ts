import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'pack-install',
    environment: 'node',
    include: ['**/*.test.ts'],
    // Builds, packs and installs the packages into a scratch project: slow by design.
    testTimeout: 180_000,
    hookTimeout: 240_000,
  },
});
