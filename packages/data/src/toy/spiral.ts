import { checkInteger } from '../check.js';
import { CLASSIFICATION_SAMPLES, playgroundInfo } from './playground.js';
import { Points, resolveToyOptions, splitEvenly, uniform } from './sample.js';
import type { SpiralOptions, ToyData } from './types.js';

/** The most arms {@link spiral} draws. */
const MAX_CLASSES = 1000;

/**
 * TensorFlow Playground's spiral, generalized to `classes` arms (default 2). Arm c holds n points
 * (the samples split as evenly as possible); point i of it is at radius r = 5·i/n and angle
 * t = 1.75·2π·i/n + 2π·((c + 1) mod K)/K, at (r·sin t, r·cos t), moved by uniform noise in
 * ±`noise` per coordinate. With 2 classes and an even number of samples these are TF
 * Playground's two arms exactly: class 1 starts at angle 0 and class 0 at angle π.
 *
 * @example
 * ```ts
 * const { x, y, info } = spiral({ classes: 3, samples: 300, generator: new Generator(0) });
 * info.classes; // 3
 * ```
 */
export function spiral(options?: SpiralOptions): ToyData {
  const o = resolveToyOptions('spiral', options, CLASSIFICATION_SAMPLES, ['classes']);
  const classes =
    o.classes === undefined ? 2 : checkInteger('spiral', 'classes', o.classes, 2, MAX_CLASSES);
  const points = new Points(o.samples, 2);
  splitEvenly(o.samples, classes).forEach((n, c) => {
    const start = (2 * Math.PI * ((c + 1) % classes)) / classes;
    for (let i = 0; i < n; i++) {
      const r = (i / n) * 5;
      const t = ((1.75 * i) / n) * 2 * Math.PI + start;
      const x = r * Math.sin(t) + uniform(o.generator, -1, 1) * o.noise;
      const y = r * Math.cos(t) + uniform(o.generator, -1, 1) * o.noise;
      points.add([x, y], c);
    }
  });
  return points.toData(playgroundInfo('spiral', 'classification', classes), o);
}
