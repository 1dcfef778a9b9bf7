import { distance, regressionDataset } from './playground.js';
import type { ToyData, ToyOptions } from './types.js';

/** TF Playground's six bumps: centre (x, y) and sign. */
const BUMPS: readonly (readonly [number, number, number])[] = [
  [-4, 2.5, 1],
  [0, 2.5, -1],
  [4, 2.5, 1],
  [-4, -2.5, -1],
  [0, -2.5, 1],
  [4, -2.5, -1],
];

/**
 * The target of {@link regressionGauss} at (x1, x2): of the six bumps sign·max(0, 1 − d/2), d the
 * distance to the bump's centre, the one largest in absolute value (the first on a tie; 0 when
 * the point is more than 2 from every centre).
 *
 * @example
 * ```ts
 * regressionGaussTarget(-4, 2.5); // 1
 * regressionGaussTarget(0, 1.5);  // -0.5
 * ```
 */
export function regressionGaussTarget(x1: number, x2: number): number {
  let target = 0;
  for (const [cx, cy, sign] of BUMPS) {
    const value = sign * Math.min(1, Math.max(0, 1 - distance(x1 - cx, x2 - cy) / 2));
    if (Math.abs(value) > Math.abs(target)) target = value;
  }
  return target;
}

/**
 * TensorFlow Playground's six Gaussian bumps: points uniform in [-6, 6]², target
 * {@link regressionGaussTarget} in [-1, 1] (three bumps up, three down, in a checkerboard),
 * computed at the point moved by uniform noise in ±6·`noise` per coordinate.
 *
 * @example
 * ```ts
 * const { x, y } = regressionGauss({ samples: 400, generator: new Generator(0) });
 * y.abs().max().item(); // at most 1
 * ```
 */
export function regressionGauss(options?: ToyOptions): ToyData {
  return regressionDataset('regressionGauss', options, regressionGaussTarget);
}
