// What TensorFlow Playground's datasets have in common (src/dataset.ts and src/playground.ts of
// tensorflow/playground).
import { Points, resolveToyOptions, uniform } from './sample.js';
import type { DatasetInfo, ToyData, ToyOptions } from './types.js';

/** TF Playground's `NUM_SAMPLES_CLASSIFY`. */
export const CLASSIFICATION_SAMPLES = 500;
/** TF Playground's `NUM_SAMPLES_REGRESS`. */
export const REGRESSION_SAMPLES = 1200;

/** TF Playground draws every dataset over the square [-6, 6]². */
export function playgroundInfo(
  name: string,
  task: DatasetInfo['task'],
  classes?: number,
): DatasetInfo {
  return {
    name,
    task,
    featureNames: ['x1', 'x2'],
    ranges: [
      [-6, 6],
      [-6, 6],
    ],
    ...(task === 'classification' ? { classes } : { targetName: 'y' }),
  };
}

/** TF Playground's `dist` from the origin: written out, as `Math.hypot` can round differently. */
export function distance(dx: number, dy: number): number {
  return Math.sqrt(dx * dx + dy * dy);
}

const RADIUS = 6;

/**
 * TF Playground's regression datasets: points uniform in [-6, 6]², the target computed at the
 * point moved by uniform noise in ±6·`noise` per coordinate.
 */
export function regressionDataset(
  name: string,
  options: ToyOptions | undefined,
  target: (x: number, y: number) => number,
): ToyData {
  const o = resolveToyOptions(name, options, REGRESSION_SAMPLES);
  const points = new Points(o.samples, 2);
  for (let i = 0; i < o.samples; i++) {
    const x = uniform(o.generator, -RADIUS, RADIUS);
    const y = uniform(o.generator, -RADIUS, RADIUS);
    const noiseX = uniform(o.generator, -RADIUS, RADIUS) * o.noise;
    const noiseY = uniform(o.generator, -RADIUS, RADIUS) * o.noise;
    points.add([x, y], target(x + noiseX, y + noiseY));
  }
  return points.toData(playgroundInfo(name, 'regression'), o);
}
