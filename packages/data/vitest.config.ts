import { defineProject } from 'vitest/config';

export default defineProject({
  // Resolve @descent/* workspace imports to their TypeScript source (the "source" export
  // condition), so tests never need a prior build.
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'data',
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
