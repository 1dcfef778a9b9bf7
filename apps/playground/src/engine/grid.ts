/**
 * The grid of points a picture is evaluated on.
 */
import { type Tensor, tensor } from '@descent/core';
import type { Domain } from './dataset.js';

/**
 * The centres of a `density × density` grid over the square `domain`², row by row from the top
 * (largest x₂) down, as a `[density², 2]` tensor: the layout of a canvas's pixels.
 *
 * @example
 * ```ts
 * gridPoints([-6, 6], 2).toArray(); // [[-3, 3], [3, 3], [-3, -3], [3, -3]]
 * ```
 */
export function gridPoints(domain: Domain, density: number): Tensor {
  const [lo, hi] = domain;
  const cell = (hi - lo) / density;
  const coordinates = new Float32Array(density * density * 2);
  for (let row = 0; row < density; row++) {
    const x2 = hi - (row + 0.5) * cell;
    for (let col = 0; col < density; col++) {
      const i = (row * density + col) * 2;
      coordinates[i] = lo + (col + 0.5) * cell;
      coordinates[i + 1] = x2;
    }
  }
  return tensor(coordinates).reshape([density * density, 2]);
}
