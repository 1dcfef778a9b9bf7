import { describe, expect, it } from 'vitest';
import { parseTourArgs } from './flags.js';

describe('parseTourArgs', () => {
  it('separates experiment names from the MNIST options', () => {
    expect(parseTourArgs(['mnist-batchnorm', '--steps=500', '--seeds', '1', '--docs'])).toEqual({
      names: ['mnist-batchnorm'],
      flags: { steps: 500, seeds: 1, docs: true },
    });
    expect(parseTourArgs(['mnist-batchnorm', '--redraw']).flags).toEqual({ redraw: true });
    expect(parseTourArgs([])).toEqual({ names: [], flags: {} });
  });

  it('refuses unknown flags and counts that are not positive whole numbers', () => {
    expect(() => parseTourArgs(['--step=5'])).toThrow(/--step/);
    expect(() => parseTourArgs(['--steps=0'])).toThrow(
      '--steps must be a positive whole number, got "0"',
    );
    expect(() => parseTourArgs(['--workers=1.5'])).toThrow(/--workers/);
  });
});
