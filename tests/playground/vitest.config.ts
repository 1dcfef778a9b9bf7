import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'playground-e2e',
    environment: 'node',
    include: ['**/*.test.ts'],
    // A real Chromium against the built app: each file starts its own server and browser.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
