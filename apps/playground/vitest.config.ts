import { defineProject } from 'vitest/config';

export default defineProject({
  // Workspace packages are read from their TypeScript source, so unit tests need no build.
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'playground',
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
