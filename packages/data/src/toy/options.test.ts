/** Bad options to the toy datasets: a clear ValueError, and the generator left untouched. */
import { Generator, ValueError } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { circle } from './circle.js';
import { gauss } from './gauss.js';
import { moons } from './moons.js';
import { pokemon } from './pokemon.js';
import { regressionGauss } from './regression-gauss.js';
import { regressionLine } from './regression-line.js';
import { regressionPlane } from './regression-plane.js';
import { spiral } from './spiral.js';
import type { ToyOptions } from './types.js';
import { xor } from './xor.js';

const all: Record<string, (o?: ToyOptions) => unknown> = {
  circle,
  xor,
  gauss,
  spiral,
  regressionPlane,
  regressionGauss,
  pokemon,
  moons,
  regressionLine,
};

const bad: [string, unknown, RegExp][] = [
  ['noise above 1', { noise: 1.5 }, /noise must be a number from 0 to 1, got 1\.5/],
  ['negative noise', { noise: -0.1 }, /noise must be a number from 0 to 1, got -0\.1/],
  ['NaN noise', { noise: Number.NaN }, /noise .* got NaN/],
  ['noise as a string', { noise: '0.1' }, /noise .* got "0\.1"/],
  ['zero samples', { samples: 0 }, /samples must be a whole number from 1 to 16777216, got 0/],
  ['fractional samples', { samples: 2.5 }, /samples .* got 2\.5/],
  ['too many samples', { samples: 2 ** 30 }, /samples .* got 1073741824/],
  ['an unknown option', { sample: 10 }, /unknown option "sample"; expected one of samples, noise/],
  ['a generator that is not one', { generator: 5 }, /generator must be a Generator .* got 5/],
  ['an integer dtype', { dtype: 'int32' }, /dtype must be 'float32' or 'float64', got "int32"/],
  ['shuffle as a string', { shuffle: 'yes' }, /shuffle must be true or false, got "yes"/],
  ['options that are not an object', 5, /options must be an object, got 5/],
];

describe.each(Object.entries(all))('%s refuses bad options', (name, make) => {
  it.each(bad)('%s', (_, options, message) => {
    const call = () => make(options as ToyOptions);
    expect(call).toThrow(ValueError);
    expect(call).toThrow(new RegExp(`^${name}: `));
    expect(call).toThrow(message);
  });
});

describe('option errors specific to one dataset', () => {
  it('spiral needs at least 2 whole classes', () => {
    expect(() => spiral({ classes: 1 })).toThrow(/spiral: classes must be a whole number from 2/);
    expect(() => spiral({ classes: 2.5 })).toThrow(ValueError);
  });

  it('regressionLine needs a finite slope and intercept', () => {
    expect(() => regressionLine({ slope: Number.POSITIVE_INFINITY })).toThrow(
      /regressionLine: slope must be a finite number, got Infinity/,
    );
    expect(() => regressionLine({ intercept: Number.NaN })).toThrow(/intercept .* got NaN/);
  });

  it('a call that fails draws nothing from the generator', () => {
    const used = new Generator(9);
    expect(() => circle({ generator: used, noise: 2 })).toThrow(ValueError);
    expect(() => spiral({ generator: used, classes: 0 })).toThrow(ValueError);
    expect(used.random()).toBe(new Generator(9).random());
  });
});
