import { describe, expect, it } from 'vitest';
import { defaultState } from './schema.js';
import { MAX_STATE_FILE_BYTES, stateFromJson, stateToJson } from './state-file.js';

describe('the settings file', () => {
  it('round-trips a state', () => {
    const state = {
      ...defaultState(),
      learningRate: 0.3,
      layers: [8, 8, 8],
      batchNorm: [true, false, true],
    };
    expect(stateFromJson(stateToJson(state))).toEqual({ state, notices: [] });
  });

  it.each([
    ['', /not JSON/],
    ['{', /not JSON/],
    ['[]', /not a playground settings file/],
    ['{"format":"other","settings":{}}', /not a playground settings file/],
    ['{"format":"descent-playground-state","settings":[]}', /"settings" is not an object/],
    ['{"format":"descent-playground-state","settings":null}', /"settings" is not an object/],
  ])('refuses %j', (text, message) => {
    expect(() => stateFromJson(text)).toThrow(message);
  });

  it('refuses an enormous file unread', () => {
    expect(() => stateFromJson(' '.repeat(MAX_STATE_FILE_BYTES + 1))).toThrow(/larger than/);
  });

  it('falls back to the default for each refused value, with a notice', () => {
    const text = JSON.stringify({
      format: 'descent-playground-state',
      version: 1,
      settings: { noise: '10', learningRate: 3, layers: [4, 'x'], evil: 1, batchSize: 1e9 },
    });
    const { state, notices } = stateFromJson(text);
    expect(state.learningRate).toBe(3);
    expect(state.noise).toBe(0);
    expect(state.layers).toEqual([4, 2]);
    expect(state.batchSize).toBe(10);
    expect(notices).toEqual([
      'Ignored the unknown setting “evil”.',
      'Noise: the file’s value is not allowed; using the default.',
      'Batch size: the file’s value is not allowed; using the default.',
      'Hidden layers: the file’s value is not allowed; using the default.',
    ]);
  });
});
