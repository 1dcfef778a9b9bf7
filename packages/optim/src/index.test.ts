import { describe, expect, it } from 'vitest';
import { PACKAGE_NAME } from './index.js';

describe('@descent/optim entry', () => {
  it('exports its package name', () => {
    expect(PACKAGE_NAME).toBe('@descent/optim');
  });
});
