import { defineProject } from 'vitest/config';

export default defineProject({
  // The packages' TypeScript source (the "source" export condition): no build needed.
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'wrong-types',
    environment: 'node',
    include: ['**/*.test.ts'],
  },
});
