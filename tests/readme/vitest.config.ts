import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'readme',
    environment: 'node',
    include: ['**/*.test.ts'],
  },
});
