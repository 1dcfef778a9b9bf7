import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../lessons/presets.js';
import { encodeValue } from './codec.js';
import { MAX_HASH_LENGTH, parseHash, serializeHash } from './hash.js';
import type { Param } from './param.js';
import { defaultState, KEYS, type Key, PARAMS, type State } from './schema.js';

/** A random valid value of one setting. */
function arbitraryValue(param: Param): fc.Arbitrary<unknown> {
  switch (param.kind) {
    case 'choice':
      return fc.constantFrom(...param.options.map((o) => o.value));
    case 'range': {
      const steps = Math.round((param.max - param.min) / param.step);
      return fc.integer({ min: 0, max: steps }).map((k) => param.min + k * param.step);
    }
    case 'number':
      return param.integer
        ? fc.integer({ min: param.min, max: Math.min(param.max, 2 ** 31 - 1) })
        : fc.double({ min: param.min, max: param.max, noNaN: true });
    case 'bool':
      return fc.boolean();
    case 'intList':
      return fc.array(fc.integer({ min: 1, max: 16 }), { maxLength: 8 });
    case 'boolList':
      return fc.array(fc.boolean(), { maxLength: 8 });
    case 'points':
      return fc.array(
        fc.record({
          x1: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
          x2: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
          label: fc.integer({ min: 0, max: 1 }),
        }),
        { maxLength: 20 },
      );
  }
}

const arbitraryState: fc.Arbitrary<State> = fc
  .record(
    Object.fromEntries(KEYS.map((key) => [key, arbitraryValue(PARAMS[key] as Param)])) as Record<
      Key,
      fc.Arbitrary<unknown>
    >,
  )
  .map((record) => {
    const state = { ...(record as unknown as State) };
    // Keep the states the rules leave alone: the round trip must be exact.
    return { ...state, lesson: '' as const };
  });

describe('the URL hash', () => {
  it('reads the defaults from an empty hash, with no notices', () => {
    expect(parseHash('')).toEqual({ state: defaultState(), notices: [] });
    expect(parseHash('#')).toEqual({ state: defaultState(), notices: [] });
  });

  it('round-trips every valid state exactly (after the cross-setting rules)', () => {
    fc.assert(
      fc.property(arbitraryState, (state) => {
        const once = parseHash(serializeHash(state)).state;
        const twice = parseHash(serializeHash(once));
        expect(twice.state).toEqual(once);
        expect(twice.notices).toEqual([]);
        // Every value the rules did not touch survives exactly.
        for (const key of ['learningRate', 'noise', 'seed', 'layers', 'optimizer'] as const) {
          expect(once[key]).toEqual(state[key]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('writes your points only when the data set is your own', () => {
    const points = [{ x1: 1.5, x2: -2, label: 1 }];
    expect(serializeHash({ ...defaultState(), points })).not.toContain('points=');
    const own = { ...defaultState(), dataset: 'custom' as const, points };
    expect(serializeHash(own)).toContain('points=1.5_-2_1');
    expect(parseHash(serializeHash(own)).state.points).toEqual(points);
  });

  it.each([
    [
      'learningRate=1e9',
      'learningRate',
      0.03,
      /Learning rate: “1e9” is not one of 0\.00001, .*, 10; using 0\.03/,
    ],
    ['learningRate=0.05', 'learningRate', 0.03, /not one of/],
    ['noise=2000', 'noise', 0, /Noise: “2000” is not a number from 0 to 50 in steps of 5; using 0/],
    ['noise=7', 'noise', 0, /in steps of 5/],
    ['noise=-5', 'noise', 0, /from 0 to 50/],
    ['noise=NaN', 'noise', 0, /Noise/],
    ['noise=Infinity', 'noise', 0, /Noise/],
    ['noise=0x10', 'noise', 0, /Noise/],
    ['noise=', 'noise', 0, /Noise/],
    ['batchSize=2.5', 'batchSize', 10, /a whole number from 1 to 5000/],
    ['batchSize=0', 'batchSize', 10, /Batch size/],
    ['seed=-1', 'seed', 1, /Seed/],
    [
      'dataset=moon',
      'dataset',
      'circle',
      /Data set: “moon” is not one of circle, xor, gauss, spiral, custom/,
    ],
    ['dataset=__proto__', 'dataset', 'circle', /Data set/],
    [
      'activation=<img src=x onerror=alert(1)>',
      'activation',
      'tanh',
      /Activation: “<img src=x onerror=alert\(1\)>”/,
    ],
    ['layers=4,2,99', 'layers', [4, 2], /Hidden layers/],
    ['layers=1,1,1,1,1,1,1,1,1', 'layers', [4, 2], /Hidden layers/],
    ['layers=a,b', 'layers', [4, 2], /Hidden layers/],
    ['layers=-1', 'layers', [4, 2], /Hidden layers/],
    ['showTestData=yes', 'showTestData', false, /Show test data: “yes” is not true or false/],
    ['points=1_2', 'points', [], /Your data/],
    ['points=1_2_x', 'points', [], /Your data/],
    ['points=1_2_1e999', 'points', [], /Your data/],
    ['lesson=../../etc', 'lesson', '', /Lesson/],
  ])('refuses %s with a notice and uses the default', (hash, key, fallback, notice) => {
    const { state, notices } = parseHash(`#${hash}`);
    expect(state[key as Key]).toEqual(fallback);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(notice);
  });

  it('ignores unknown settings and badly encoded pairs, keeping the good ones', () => {
    const { state, notices } = parseHash('#foo=1&noise=10&%E0%A4%A=1&__proto__=x&constructor=2');
    expect(state.noise).toBe(10);
    expect(notices).toEqual([
      'Ignored the unknown setting “foo”.',
      'Ignored “%E0%A4%A=1”: it is not validly encoded.',
      'Ignored the unknown setting “__proto__”.',
      'Ignored the unknown setting “constructor”.',
    ]);
    expect(Object.getPrototypeOf(state)).toBe(Object.prototype);
  });

  it('shortens long untrusted text in notices', () => {
    const { notices } = parseHash(`#activation=${'x'.repeat(5000)}`);
    expect(notices[0]?.length).toBeLessThan(200);
    expect(notices[0]).toContain('…');
  });

  it('ignores an enormous hash whole, without reading it', () => {
    const { state, notices } = parseHash(`#noise=10&${'a'.repeat(MAX_HASH_LENGTH)}`);
    expect(state).toEqual(defaultState());
    expect(notices[0]).toMatch(/characters long/);
  });

  it('refuses more points than allowed before splitting them', () => {
    const many = Array.from({ length: PARAMS.points.maxPoints + 1 }, () => '1_1_0').join('~');
    const { state, notices } = parseHash(`#dataset=custom&points=${many}`);
    expect(state.points).toEqual([]);
    expect(notices[0]).toMatch(/at most 2000 points/);
  });

  it('never throws on random text, and every notice is plain text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const { state, notices } = parseHash(text);
        expect(KEYS.every((key) => key in state)).toBe(true);
        for (const notice of notices) expect(typeof notice).toBe('string');
      }),
      { numRuns: 500 },
    );
  });

  it('applies a lesson, then the values the link gives explicitly', () => {
    const lesson = LESSONS['batchnorm-sigmoid'];
    const { state } = parseHash('#lesson=batchnorm-sigmoid&learningRate=1');
    expect(state.activation).toBe(lesson.settings.activation);
    expect(state.layers).toEqual(lesson.settings.layers);
    expect(state.learningRate).toBe(1);
    expect(state.lesson).toBe('batchnorm-sigmoid');
  });

  it('writes numbers so they read back exactly', () => {
    for (const value of [0.00001, 0.003, 10]) {
      expect(Number(encodeValue(PARAMS.learningRate, value))).toBe(value);
    }
  });
});
