// What TensorFlow Playground's datasets have in common (src/dataset.ts and src/playground.ts of
// tensorflow/playground).
import type { DatasetInfo } from './types.js';

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
