import { defineProject } from 'vitest/config';

export default defineProject({
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'examples',
    environment: 'node',
    include: ['**/*.test.ts'],
  },
});
