import { regressionDataset } from './playground.js';
import type { ToyData, ToyOptions } from './types.js';

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
  return regressionDataset('regressionPlane', options, (x, y) => (x + y) / 10);
}
