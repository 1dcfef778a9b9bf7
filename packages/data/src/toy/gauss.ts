import { CLASSIFICATION_SAMPLES, playgroundInfo } from './playground.js';
import { Points, resolveToyOptions, splitEvenly } from './sample.js';
import type { ToyData, ToyOptions } from './types.js';

/**
 * TensorFlow Playground's two Gaussians: class 1 around (2, 2), class 0 around (-2, -2), half the
 * points each. The noise sets the variance of each coordinate, 0.5 + 7·`noise` (TF Playground
 * maps its slider's 0 … 0.5 linearly to 0.5 … 4); the labels are never flipped.
 *
 * @example
 * ```ts
 * const { x, y } = gauss({ noise: 0.5, generator: new Generator(0) }); // variance 4
 * ```
 */
export function gauss(options?: ToyOptions): ToyData {
  const o = resolveToyOptions('gauss', options, CLASSIFICATION_SAMPLES);
  const points = new Points(o.samples, 2);
  const sd = Math.sqrt(gaussVariance(o.noise));
  const [positive, negative] = splitEvenly(o.samples, 2) as [number, number];
  const draw = (count: number, center: number, label: number): void => {
    for (let i = 0; i < count; i++) {
      const x = center + sd * o.generator.normal();
      const y = center + sd * o.generator.normal();
      points.add([x, y], label);
    }
  };
  draw(positive, 2, 1);
  draw(negative, -2, 0);
  return points.toData(playgroundInfo('gauss', 'classification', 2), o);
}

/** TF Playground's `varianceScale`: d3's linear map from [0, 0.5] to [0.5, 4], not clamped. */
export function gaussVariance(noise: number): number {
  return 0.5 + (noise / 0.5) * 3.5;
}
