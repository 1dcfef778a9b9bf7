import { describe, expect, it } from 'vitest';
import { descend, firstStepAim, remainingDistance, surfaceProblem } from './surface.js';

const degrees = (cos: number) => (Math.acos(cos) * 180) / Math.PI;
const options = { rate: 0.5, adagradRate: 1, steps: 100, batchSize: 1 };

describe('the error-surface lab (lecture claims 3, 4 and 5)', () => {
  const raw = surfaceProblem('raw');
  const standardized = surfaceProblem('standardized');

  it('is a long ellipse as measured and nearly a circle standardized', () => {
    const ratio = (p: typeof raw) => {
      // The Hessian's condition number: how much longer the ellipse is than wide, squared.
      const [a, b] = [p.features.select(1, 0), p.features.select(1, 1)];
      const a11 = a.square().mean().item();
      const a22 = b.square().mean().item();
      const a12 = a.mul(b).mean().item();
      const half = (a11 + a22) / 2;
      const root = Math.sqrt(((a11 - a22) / 2) ** 2 + a12 * a12);
      return (half + root) / (half - root);
    };
    expect(ratio(raw)).toBeGreaterThan(50);
    expect(ratio(standardized)).toBeLessThan(1.2);
  });

  it('gradient descent’s first step points far from the minimum as measured, straight at it standardized', () => {
    expect(degrees(firstStepAim(descend(raw, 'gd', options), raw.best))).toBeGreaterThan(45);
    expect(
      degrees(firstStepAim(descend(standardized, 'gd', options), standardized.best)),
    ).toBeLessThan(5);
  });

  it('gradient descent crawls as measured; standardized, and Adagrad as measured, reach the minimum', () => {
    const gdRaw = descend(raw, 'gd', options);
    expect(remainingDistance(gdRaw, raw.best)).toBeGreaterThan(0.1);
    expect((gdRaw.losses.at(-1) as number) / raw.minLoss - 1).toBeGreaterThan(0.05);
    expect(remainingDistance(descend(standardized, 'gd', options), standardized.best)).toBeLessThan(
      1e-6,
    );
    expect(remainingDistance(descend(raw, 'adagrad', options), raw.best)).toBeLessThan(1e-6);
  });

  it('SGD takes noisy steps where gradient descent aims at the minimum', () => {
    /** The mean angle, in degrees, between each step and the direction to the minimum. */
    const meanAim = (points: [number, number][], best: readonly [number, number]) => {
      const angles = points.slice(1).map((next, i) => {
        const [x, y] = points[i] as [number, number];
        const step = [next[0] - x, next[1] - y] as const;
        const aim = [best[0] - x, best[1] - y] as const;
        const cos =
          (step[0] * aim[0] + step[1] * aim[1]) / (Math.hypot(...step) * Math.hypot(...aim));
        return degrees(Math.max(-1, Math.min(1, cos)));
      });
      return angles.reduce((a, b) => a + b, 0) / angles.length;
    };
    const gd = descend(standardized, 'gd', { ...options, steps: 1 });
    const sgd = descend(standardized, 'sgd', { ...options, steps: 30 });
    expect(meanAim(gd.points, standardized.best)).toBeLessThan(5);
    expect(meanAim(sgd.points, standardized.best)).toBeGreaterThan(30);
    // Noisy, but stable at half the steepest example's limit: the loss still falls.
    expect(sgd.losses.at(-1) as number).toBeLessThan((sgd.losses[0] as number) / 2);
  });

  it('a learning rate above the stable limit leaves the surface', () => {
    const path = descend(raw, 'gd', { ...options, rate: 1.05, steps: 300 });
    expect(
      (path.losses.at(-1) as number) > (path.losses[0] as number) || path.points.length < 301,
    ).toBe(true);
  });
});
