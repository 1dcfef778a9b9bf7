import { CLASSIFICATION_SAMPLES, distance, playgroundInfo } from './playground.js';
import { Points, resolveToyOptions, splitEvenly, uniform } from './sample.js';
import type { ToyData, ToyOptions } from './types.js';

const RADIUS = 5;

/**
 * TensorFlow Playground's circle: class 1 is a disc of radius 2.5 around the origin, class 0 a
 * ring between radii 3.5 and 5 around it (half the points each). Each label is decided at the
 * point moved by uniform noise in ±5·`noise` per coordinate (the point itself is not moved), so
 * with noise some points near the gap carry the other class's label, exactly as in TF Playground.
 *
 * @example
 * ```ts
 * const { x, y } = circle({ samples: 200, noise: 0.1, generator: new Generator(0) });
 * x.shape; // [200, 2]
 * y.sum().item(); // 100 points inside (noise aside)
 * ```
 */
export function circle(options?: ToyOptions): ToyData {
  const o = resolveToyOptions('circle', options, CLASSIFICATION_SAMPLES);
  const points = new Points(o.samples, 2);
  const [inside, outside] = splitEvenly(o.samples, 2) as [number, number];
  const draw = (count: number, low: number, high: number): void => {
    for (let i = 0; i < count; i++) {
      const r = uniform(o.generator, low, high);
      const angle = uniform(o.generator, 0, 2 * Math.PI);
      const x = r * Math.sin(angle);
      const y = r * Math.cos(angle);
      const noiseX = uniform(o.generator, -RADIUS, RADIUS) * o.noise;
      const noiseY = uniform(o.generator, -RADIUS, RADIUS) * o.noise;
      points.add([x, y], distance(x + noiseX, y + noiseY) < RADIUS * 0.5 ? 1 : 0);
    }
  };
  draw(inside, 0, RADIUS * 0.5);
  draw(outside, RADIUS * 0.7, RADIUS);
  return points.toData(playgroundInfo('circle', 'classification', 2), o);
}
