import { CLASSIFICATION_SAMPLES, playgroundInfo } from './playground.js';
import { Points, resolveToyOptions, uniform } from './sample.js';
import type { ToyData, ToyOptions } from './types.js';

const PADDING = 0.3;

/**
 * TensorFlow Playground's exclusive or: points uniform in [-5, 5]², each coordinate pushed 0.3
 * away from its axis; class 1 where x1·x2 ≥ 0 (first and third quadrants), class 0 elsewhere.
 * The label is decided at the point moved by uniform noise in ±5·`noise` per coordinate.
 *
 * @example
 * ```ts
 * const { x, y } = xor({ generator: new Generator(0) });
 * x.shape; // [500, 2]
 * ```
 */
export function xor(options?: ToyOptions): ToyData {
  const o = resolveToyOptions('xor', options, CLASSIFICATION_SAMPLES);
  const points = new Points(o.samples, 2);
  const padded = (v: number): number => v + (v > 0 ? PADDING : -PADDING);
  for (let i = 0; i < o.samples; i++) {
    const x = padded(uniform(o.generator, -5, 5));
    const y = padded(uniform(o.generator, -5, 5));
    const noiseX = uniform(o.generator, -5, 5) * o.noise;
    const noiseY = uniform(o.generator, -5, 5) * o.noise;
    points.add([x, y], (x + noiseX) * (y + noiseY) >= 0 ? 1 : 0);
  }
  return points.toData(playgroundInfo('xor', 'classification', 2), o);
}
