import { checkNumber } from '../check.js';
import { Points, resolveToyOptions } from './sample.js';
import type { ToyData, ToyOptions } from './types.js';

/**
 * Options of {@link regressionLine}.
 *
 * @example
 * ```ts
 * regressionLine({ slope: -1, intercept: 0.5, noise: 0.1 });
 * ```
 */
export interface RegressionLineOptions extends ToyOptions {
  /** The line's slope; default 3. */
  slope?: number;
  /** The line's intercept; default 2. */
  intercept?: number;
}

/**
 * The simplest regression, for fitting a weight and a bias by hand: one feature x ~ N(0, 1) and
 * target slope·x + intercept plus Gaussian noise of standard deviation `noise` (default 0.5).
 * `x` is `[N, 1]`; 100 samples unless told.
 *
 * @example
 * ```ts
 * const { x, y } = regressionLine({ samples: 50, generator: new Generator(3), dtype: 'float64' });
 * x.shape; // [50, 1]
 * ```
 */
export function regressionLine(options?: RegressionLineOptions): ToyData {
  const o = resolveToyOptions('regressionLine', options, 100, ['slope', 'intercept']);
  const noise = options?.noise === undefined ? 0.5 : o.noise;
  const slope = o.slope === undefined ? 3 : checkNumber('regressionLine', 'slope', o.slope);
  const intercept =
    o.intercept === undefined ? 2 : checkNumber('regressionLine', 'intercept', o.intercept);
  const points = new Points(o.samples, 1);
  for (let i = 0; i < o.samples; i++) {
    const x = o.generator.normal();
    points.add([x], slope * x + intercept + noise * o.generator.normal());
  }
  return points.toData(
    {
      name: 'regressionLine',
      task: 'regression',
      featureNames: ['x'],
      ranges: [[-3, 3]],
      targetName: 'y',
    },
    o,
  );
}
