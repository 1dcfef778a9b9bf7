/**
 * The regression datasets against their definitions: TensorFlow Playground's plane and six
 * Gaussians (targets recomputed from the points with TF's own formulas when the noise is 0), the
 * lecture's Pokémon problem and the line.
 */
import { Generator } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { moments, rows } from '../__fixtures__/rows.js';
import { POKEMON_WEIGHTS, pokemon } from './pokemon.js';
import { regressionGauss, regressionGaussTarget } from './regression-gauss.js';
import { regressionLine } from './regression-line.js';
import { regressionPlane } from './regression-plane.js';

const seeded = (seed = 0) => ({ generator: new Generator(seed) });

/** TF Playground's `regressGaussian` label, transcribed (d3's clamped linear scale by hand). */
function tfGaussLabel(x: number, y: number): number {
  const labelScale = (d: number) => Math.min(1, Math.max(0, 1 + (d / 2) * (0 - 1)));
  const gaussians = [
    [-4, 2.5, 1],
    [0, 2.5, -1],
    [4, 2.5, 1],
    [-4, -2.5, -1],
    [0, -2.5, 1],
    [4, -2.5, -1],
  ] as const;
  let label = 0;
  for (const [cx, cy, sign] of gaussians) {
    const newLabel = sign * labelScale(Math.sqrt((x - cx) ** 2 + (y - cy) ** 2));
    if (Math.abs(newLabel) > Math.abs(label)) label = newLabel;
  }
  return label;
}

describe('regressionPlane', () => {
  it('1200 points uniform in [-6, 6]², target (x1 + x2)/10 without noise', () => {
    const data = regressionPlane({ ...seeded(), dtype: 'float64' });
    expect(data.x.shape).toEqual([1200, 2]);
    expect(data.y.shape).toEqual([1200]);
    expect(data.y.dtype).toBe('float64');
    expect(data.info).toMatchObject({ task: 'regression', targetName: 'y' });
    const points = rows(data);
    for (const p of points) {
      expect(p.y).toBeCloseTo(((p.x[0] as number) + (p.x[1] as number)) / 10, 12);
      for (const v of p.x) expect(Math.abs(v)).toBeLessThanOrEqual(6);
    }
    expect(moments(points.map((p) => p.x[0] as number)).variance).toBeCloseTo(144 / 12, 0);
  });

  it('noise moves the point the target is computed at by up to ±6·noise per coordinate', () => {
    const errors = rows(regressionPlane({ ...seeded(), noise: 0.5, dtype: 'float64' })).map(
      (p) => p.y - ((p.x[0] as number) + (p.x[1] as number)) / 10,
    );
    expect(Math.max(...errors.map(Math.abs))).toBeLessThanOrEqual(0.6 + 1e-9);
    expect(Math.max(...errors.map(Math.abs))).toBeGreaterThan(0.4);
  });
});

describe('regressionGauss', () => {
  it("without noise every target is TF Playground's label at the point, within [-1, 1]", () => {
    const points = rows(regressionGauss({ ...seeded(), dtype: 'float64' }));
    expect(points).toHaveLength(1200);
    for (const p of points) {
      expect(p.y).toBe(tfGaussLabel(p.x[0] as number, p.x[1] as number));
      expect(Math.abs(p.y)).toBeLessThanOrEqual(1);
    }
    // Bumps cover 6 discs of radius 2 out of 144: a fair share of the targets is non-zero.
    const nonZero = points.filter((p) => p.y !== 0).length / points.length;
    expect(nonZero).toBeGreaterThan(0.4);
    expect(nonZero).toBeLessThan(0.7);
  });

  it('regressionGaussTarget peaks at ±1 on the centres and is 0 far from them', () => {
    expect(regressionGaussTarget(-4, 2.5)).toBe(1);
    expect(regressionGaussTarget(0, 2.5)).toBe(-1);
    expect(regressionGaussTarget(0, -2.5)).toBe(1);
    expect(regressionGaussTarget(0, 1.5)).toBe(-0.5);
    expect(regressionGaussTarget(6, 6)).toBe(0);
  });

  it('with noise some targets differ from the noise-free label', () => {
    const points = rows(regressionGauss({ ...seeded(), noise: 0.3, dtype: 'float64' }));
    const differ = points.filter(
      (p) => Math.abs(p.y - tfGaussLabel(p.x[0] as number, p.x[1] as number)) > 1e-9,
    ).length;
    expect(differ).toBeGreaterThan(300);
  });
});

describe('pokemon', () => {
  it('two features ten times apart in range, target 1.6·CP + 3·HP without noise', () => {
    const data = pokemon({ ...seeded(7), noise: 0, samples: 1000, dtype: 'float64' });
    expect(data.info).toMatchObject({
      name: 'pokemon',
      task: 'regression',
      featureNames: ['CP', 'HP'],
      ranges: [
        [10, 510],
        [10, 60],
      ],
      targetName: 'CP after evolution',
    });
    const points = rows(data);
    for (const p of points) {
      const [cp, hp] = p.x as [number, number];
      expect(cp).toBeGreaterThanOrEqual(10);
      expect(cp).toBeLessThan(510);
      expect(hp).toBeGreaterThanOrEqual(10);
      expect(hp).toBeLessThan(60);
      expect(p.y).toBeCloseTo(POKEMON_WEIGHTS.cp * cp + POKEMON_WEIGHTS.hp * hp, 9);
    }
    const spread = (axis: number) =>
      Math.sqrt(moments(points.map((p) => p.x[axis] as number)).variance);
    expect(spread(0) / spread(1)).toBeCloseTo(10, 0);
  });

  it('200 samples by default, with noise of standard deviation 20 CP (noise 0.2)', () => {
    expect(pokemon(seeded()).x.shape).toEqual([200, 2]);
    const residuals = rows(pokemon({ ...seeded(1), samples: 20000, dtype: 'float64' })).map(
      (p) =>
        p.y - POKEMON_WEIGHTS.cp * (p.x[0] as number) - POKEMON_WEIGHTS.hp * (p.x[1] as number),
    );
    const { mean, variance } = moments(residuals);
    expect(Math.abs(mean)).toBeLessThan(0.5);
    expect(Math.sqrt(variance)).toBeCloseTo(20, 0);
  });
});

describe('regressionLine', () => {
  it('x ~ N(0, 1) as [N, 1], target slope·x + intercept', () => {
    const data = regressionLine({
      ...seeded(),
      noise: 0,
      slope: -1.5,
      intercept: 4,
      dtype: 'float64',
    });
    expect(data.x.shape).toEqual([100, 1]);
    expect(data.y.shape).toEqual([100]);
    for (const p of rows(data)) expect(p.y).toBeCloseTo(-1.5 * (p.x[0] as number) + 4, 12);
  });

  it('defaults: y = 3x + 2 with noise of standard deviation 0.5', () => {
    const points = rows(regressionLine({ ...seeded(), samples: 20000, dtype: 'float64' }));
    const { mean, variance } = moments(points.map((p) => p.x[0] as number));
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(variance).toBeCloseTo(1, 1);
    const residuals = points.map((p) => p.y - 3 * (p.x[0] as number) - 2);
    expect(Math.sqrt(moments(residuals).variance)).toBeCloseTo(0.5, 2);
  });
});
