/**
 * TensorFlow Playground's classification datasets, and scikit-learn's moons, against their
 * definitions: with noise 0 every label is recomputed from its point, and the statistics (class
 * balance, radii, ranges, variances) are the ones the generators are defined with.
 */
import { Generator, manualSeed } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { classCounts, moments, rows, sortPoints } from '../__fixtures__/rows.js';
import { circle } from './circle.js';
import { gauss, gaussVariance } from './gauss.js';
import { moons } from './moons.js';
import { spiral } from './spiral.js';
import { xor } from './xor.js';

const seeded = (seed = 0) => ({ generator: new Generator(seed) });

describe('every classification dataset', () => {
  const datasets = { circle, xor, gauss, spiral, moons };
  it.each(Object.entries(datasets))('%s: float32 [N, 2] points, int32 [N] labels', (_, make) => {
    const { x, y, info } = make(seeded());
    const samples = make === moons ? 100 : 500;
    expect(x.shape).toEqual([samples, 2]);
    expect(x.dtype).toBe('float32');
    expect(y.shape).toEqual([samples]);
    expect(y.dtype).toBe('int32');
    expect(info.task).toBe('classification');
    expect(info.classes).toBe(2);
    expect(info.featureNames).toEqual(['x1', 'x2']);
  });

  it.each(Object.entries(datasets))('%s: the same seed gives the same tensors', (_, make) => {
    const a = make({ ...seeded(3), noise: 0.2 });
    const b = make({ ...seeded(3), noise: 0.2 });
    expect(a.x.toArray()).toEqual(b.x.toArray());
    expect(a.y.toArray()).toEqual(b.y.toArray());
  });

  it.each(Object.entries(datasets))('%s: different seeds give different points', (_, make) => {
    const a = make({ ...seeded(3), noise: 0.2 });
    const b = make({ ...seeded(4), noise: 0.2 });
    expect(a.x.toArray()).not.toEqual(b.x.toArray());
  });

  it.each(Object.entries(datasets))('%s: float64 on request', (_, make) => {
    expect(make({ ...seeded(), dtype: 'float64' }).x.dtype).toBe('float64');
  });

  it('draws from the global generator when none is given, so manualSeed reproduces it', () => {
    manualSeed(5);
    const a = circle({ samples: 20 });
    manualSeed(5);
    expect(circle({ samples: 20 }).x.toArray()).toEqual(a.x.toArray());
  });

  it('shuffles by default; shuffle: false keeps the points class by class', () => {
    const ordered = circle({ ...seeded(), samples: 10, shuffle: false }).y.toArray();
    expect(ordered).toEqual([1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
    const shuffled = circle({ ...seeded(), samples: 200 }).y.toArray() as number[];
    expect(shuffled.slice(0, 100)).toContain(0);
    expect(shuffled.slice(0, 100)).toContain(1);
    // Shuffling only reorders: the same points as unshuffled, from the same draws.
    const a = circle({ ...seeded(), samples: 200, shuffle: false });
    const b = circle({ ...seeded(), samples: 200 });
    expect(sortPoints(b.x.toArray() as number[][])).toEqual(
      sortPoints(a.x.toArray() as number[][]),
    );
  });
});

describe('circle', () => {
  it('without noise: class 1 fills the disc of radius 2.5, class 0 the ring from 3.5 to 5', () => {
    const data = circle({ ...seeded(), samples: 2000 });
    expect(classCounts(data)).toEqual([1000, 1000]);
    const inner = rows(data).filter((p) => p.y === 1);
    const outer = rows(data).filter((p) => p.y === 0);
    expect(Math.max(...inner.map((p) => p.r))).toBeLessThan(2.5);
    expect(Math.min(...outer.map((p) => p.r))).toBeGreaterThanOrEqual(3.5 - 1e-6);
    expect(Math.max(...outer.map((p) => p.r))).toBeLessThanOrEqual(5 + 1e-6);
    // Radii are uniform, so the mean radius is the middle of each range.
    expect(moments(inner.map((p) => p.r)).mean).toBeCloseTo(1.25, 1);
    expect(moments(outer.map((p) => p.r)).mean).toBeCloseTo(4.25, 1);
  });

  it('with noise, labels are decided at a moved point: some near the gap flip', () => {
    const flipped = rows(circle({ ...seeded(), samples: 2000, noise: 0.5 })).filter(
      (p) => p.y !== (p.r < 2.5 ? 1 : 0),
    ).length;
    expect(flipped).toBeGreaterThan(100);
    expect(flipped).toBeLessThan(1000);
  });

  it('an odd number of samples puts the extra point inside', () => {
    expect(classCounts(circle({ ...seeded(), samples: 7 }))).toEqual([3, 4]);
  });
});

describe('xor', () => {
  it('without noise: class 1 exactly where x1·x2 ≥ 0, coordinates 0.3 to 5.3 from the axes', () => {
    const points = rows(xor({ ...seeded(), samples: 3000 }));
    for (const p of points) expect(p.y).toBe((p.x[0] as number) * (p.x[1] as number) >= 0 ? 1 : 0);
    const magnitudes = points.flatMap((p) => p.x.map(Math.abs));
    expect(Math.min(...magnitudes)).toBeGreaterThanOrEqual(0.3 - 1e-6);
    expect(Math.max(...magnitudes)).toBeLessThanOrEqual(5.3 + 1e-6);
    // Uniform quadrants: about half the points in each class.
    const ones = points.filter((p) => p.y === 1).length;
    expect(Math.abs(ones - 1500)).toBeLessThan(150);
  });

  it('with noise, some labels disagree with their quadrant', () => {
    const flipped = rows(xor({ ...seeded(), samples: 2000, noise: 0.3 })).filter(
      (p) => p.y !== ((p.x[0] as number) * (p.x[1] as number) >= 0 ? 1 : 0),
    ).length;
    expect(flipped).toBeGreaterThan(50);
    expect(flipped).toBeLessThan(1000);
  });
});

describe('gauss', () => {
  it('maps noise 0 … 0.5 to variance 0.5 … 4 as TF Playground does', () => {
    expect(gaussVariance(0)).toBe(0.5);
    expect(gaussVariance(0.5)).toBe(4);
    expect(gaussVariance(0.25)).toBeCloseTo(2.25, 12);
  });

  it.each([0, 0.5])('noise %s: each class is centred on (±2, ±2) with that variance', (noise) => {
    const n = 20000;
    const data = gauss({ ...seeded(1), samples: n, noise });
    expect(classCounts(data)).toEqual([n / 2, n / 2]);
    for (const [label, centre] of [
      [1, 2],
      [0, -2],
    ] as const) {
      const points = rows(data).filter((p) => p.y === label);
      for (const axis of [0, 1]) {
        const { mean, variance } = moments(points.map((p) => p.x[axis] as number));
        // Standard errors: sqrt(var/n) for the mean, var·sqrt(2/n) for the variance.
        expect(Math.abs(mean - centre)).toBeLessThan(5 * Math.sqrt(gaussVariance(noise) / 10000));
        expect(variance / gaussVariance(noise)).toBeCloseTo(1, 1);
      }
    }
  });
});

/** TF Playground's `classifySpiralData`, transcribed, with noise 0 (label ±1). */
function tfSpiral(numSamples: number): number[][] {
  const points: number[][] = [];
  const n = numSamples / 2;
  const genSpiral = (deltaT: number, label: number) => {
    for (let i = 0; i < n; i++) {
      const r = (i / n) * 5;
      const t = ((1.75 * i) / n) * 2 * Math.PI + deltaT;
      points.push([r * Math.sin(t), r * Math.cos(t), label]);
    }
  };
  genSpiral(0, 1);
  genSpiral(Math.PI, -1);
  return points;
}

describe('spiral', () => {
  it("with 2 classes and no noise it is TF Playground's spiral, label -1 as class 0", () => {
    const ours = spiral({ ...seeded(), samples: 400, dtype: 'float64' });
    const expected = tfSpiral(400).map(([x, y, label]) => [
      x as number,
      y as number,
      label === 1 ? 1 : 0,
    ]);
    const got = rows(ours).map((p) => [...p.x, p.y]);
    expect(sortPoints(got)).toEqual(sortPoints(expected));
  });

  it.each([3, 4, 7])('%s classes: arms evenly spaced in angle, samples split evenly', (k) => {
    const samples = 100 * k + 1;
    const data = spiral({ ...seeded(), samples, classes: k, shuffle: false, dtype: 'float64' });
    expect(data.info.classes).toBe(k);
    const counts = classCounts(data);
    expect(counts).toEqual(Array.from({ length: k }, (_, c) => (c === 0 ? 101 : 100)));
    // Point i of arm c sits at radius 5i/n and angle 3.5πi/n + 2π((c + 1) mod k)/k.
    let row = 0;
    const all = rows(data);
    counts.forEach((n, c) => {
      for (let i = 0; i < n; i++) {
        const p = all[row++] as (typeof all)[number];
        expect(p.y).toBe(c);
        const t = (3.5 * Math.PI * i) / n + (2 * Math.PI * ((c + 1) % k)) / k;
        expect(p.x[0]).toBeCloseTo(((5 * i) / n) * Math.sin(t), 10);
        expect(p.x[1]).toBeCloseTo(((5 * i) / n) * Math.cos(t), 10);
      }
    });
  });

  it('noise moves each coordinate by at most ±noise', () => {
    const clean = rows(spiral({ ...seeded(), samples: 300, shuffle: false }));
    const noisy = rows(spiral({ ...seeded(), samples: 300, shuffle: false, noise: 0.4 }));
    const moves = noisy.flatMap((p, i) =>
      p.x.map((v, a) => v - ((clean[i] as typeof p).x[a] as number)),
    );
    expect(Math.max(...moves.map(Math.abs))).toBeLessThanOrEqual(0.4 + 1e-6);
    expect(moments(moves.map(Math.abs)).mean).toBeCloseTo(0.2, 1);
  });
});

describe('moons', () => {
  it("without noise: scikit-learn's make_moons half circles, t evenly spaced over [0, π]", () => {
    const data = moons({ ...seeded(), samples: 11, shuffle: false, dtype: 'float64' });
    const got = rows(data);
    expect(got.map((p) => p.y)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    got.slice(0, 5).forEach((p, i) => {
      expect(p.x[0]).toBeCloseTo(Math.cos((Math.PI * i) / 4), 12);
      expect(p.x[1]).toBeCloseTo(Math.sin((Math.PI * i) / 4), 12);
    });
    got.slice(5).forEach((p, i) => {
      expect(p.x[0]).toBeCloseTo(1 - Math.cos((Math.PI * i) / 5), 12);
      expect(p.x[1]).toBeCloseTo(0.5 - Math.sin((Math.PI * i) / 5), 12);
    });
  });

  it('noise is Gaussian with standard deviation `noise`', () => {
    const clean = rows(moons({ ...seeded(), samples: 20000, shuffle: false }));
    const noisy = rows(moons({ ...seeded(), samples: 20000, shuffle: false, noise: 0.2 }));
    const moves = noisy.flatMap((p, i) =>
      p.x.map((v, a) => v - ((clean[i] as typeof p).x[a] as number)),
    );
    const { mean, variance } = moments(moves);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.sqrt(variance)).toBeCloseTo(0.2, 2);
  });
});
