import { playgroundInfo, REGRESSION_SAMPLES } from './playground.js';
import { Points, resolveToyOptions, uniform } from './sample.js';
import type { ToyData, ToyOptions } from './types.js';

const RADIUS = 6;

/**
 * TensorFlow Playground's plane: points uniform in [-6, 6]², target (x1 + x2)/10 (TF Playground's
 * linear map of [-10, 10] onto [-1, 1], not clamped, so the corners reach ±1.2). The target is
 * computed at the point moved by uniform noise in ±6·`noise` per coordinate.
 *
 * @example
 * ```ts
 * const { x, y, info } = regressionPlane({ generator: new Generator(0) });
 * x.shape; // [1200, 2]
 * info.task; // 'regression'
 * ```
 */
export function regressionPlane(options?: ToyOptions): ToyData {
  const o = resolveToyOptions('regressionPlane', options, REGRESSION_SAMPLES);
  const points = new Points(o.samples, 2);
  for (let i = 0; i < o.samples; i++) {
    const x = uniform(o.generator, -RADIUS, RADIUS);
    const y = uniform(o.generator, -RADIUS, RADIUS);
    const noiseX = uniform(o.generator, -RADIUS, RADIUS) * o.noise;
    const noiseY = uniform(o.generator, -RADIUS, RADIUS) * o.noise;
    points.add([x, y], (x + noiseX + (y + noiseY)) / 10);
  }
  return points.toData(playgroundInfo('regressionPlane', 'regression'), o);
}
