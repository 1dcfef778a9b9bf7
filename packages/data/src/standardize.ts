import { DTypeError, noGrad, ShapeError, Tensor, ValueError, where } from '@descent/core';
import { describe } from './check.js';

/**
 * Per-feature statistics of {@link standardize}: `mean` and `std` have the shape of one row of
 * the data (`[features]` for `[N, features]`).
 *
 * @example
 * ```ts
 * const stats: FeatureStatistics = standardize(xTrain);
 * standardizeWith(xTest, stats);
 * ```
 */
export interface FeatureStatistics {
  /** The mean of each feature. */
  readonly mean: Tensor;
  /** The divisor of each feature: its population standard deviation, or 1 where that is 0. */
  readonly std: Tensor;
}

/**
 * The result of {@link standardize}: the standardized data and the statistics used.
 *
 * @example
 * ```ts
 * const { scaled, mean, std } = standardize(x);
 * ```
 */
export interface Standardization extends FeatureStatistics {
  /** `(x − mean) / std`: every feature with mean 0 and standard deviation 1. */
  readonly scaled: Tensor;
}

/**
 * Feature scaling as the lecture does it (and scikit-learn's `StandardScaler`): from each feature
 * (each column of `[N, features]` data; statistics are over the first dimension) subtract its
 * mean and divide by its standard deviation, so every feature has mean 0 and standard deviation
 * 1 and a linear model's error surface gets closer to a circle.
 *
 * The standard deviation is the population one, √(Σ(x − mean)²/N) (divide by N; ddof = 0 as in
 * scikit-learn), not `x.std(0)`, which by PyTorch's default is the sample one, dividing by N − 1.
 * A constant feature (standard deviation 0) is divided by 1, so it becomes 0 rather than NaN. The
 * statistics are constants: computed without gradient, returned so the same transformation can
 * be applied to test data with {@link standardizeWith}. A NaN in a feature makes that feature's
 * statistics NaN, as `mean` does.
 *
 * @example
 * ```ts
 * const { x } = pokemon({ generator: new Generator(7) });
 * const [train, test] = [x.narrow(0, 0, 150), x.narrow(0, 150, 50)];
 * const { scaled, mean, std } = standardize(train);
 * const testScaled = standardizeWith(test, { mean, std }); // the training statistics
 * ```
 */
export function standardize(x: Tensor): Standardization {
  const data = checkData('standardize', x);
  if (data.shape[0] === 0) {
    throw new ShapeError(
      `standardize: x has no rows (shape [${data.shape.join(', ')}]); expected at least one to compute statistics from`,
    );
  }
  const { mean, std } = noGrad(() => {
    const m = data.mean(0);
    const s = data.sub(m).square().mean(0).sqrt();
    return { mean: m, std: where(s.eq(0), 1, s) };
  });
  return { scaled: data.sub(mean).div(std), mean, std };
}

/**
 * Applies statistics from {@link standardize} (usually the training data's) to other data of the
 * same features: `(x − mean) / std`.
 *
 * @example
 * ```ts
 * const train = standardize(xTrain);
 * const xTestScaled = standardizeWith(xTest, train);
 * ```
 */
export function standardizeWith(x: Tensor, statistics: FeatureStatistics): Tensor {
  const data = checkData('standardizeWith', x);
  const { mean, std } = (statistics ?? {}) as Partial<FeatureStatistics>;
  if (!(mean instanceof Tensor) || !(std instanceof Tensor)) {
    throw new ValueError(
      `standardizeWith: statistics must be { mean, std } tensors (as standardize returns), got ${describe(statistics)}`,
    );
  }
  const features = data.shape.slice(1).join(', ');
  for (const [name, t] of [
    ['mean', mean],
    ['std', std],
  ] as const) {
    if (t.shape.join(', ') !== features) {
      throw new ShapeError(
        `standardizeWith: x has rows of shape [${features}] but the statistics' ${name} has shape [${t.shape.join(', ')}]; expected one value per feature`,
      );
    }
  }
  return data.sub(mean).div(std);
}

function checkData(op: string, x: Tensor): Tensor {
  if (!(x instanceof Tensor)) {
    throw new ValueError(`${op}: x must be a Tensor, got ${describe(x)}`);
  }
  if (x.dtype !== 'float32' && x.dtype !== 'float64') {
    throw new DTypeError(
      `${op}: x must be a floating tensor, got ${x.dtype}; convert it with x.to('float32')`,
    );
  }
  if (x.ndim === 0) {
    throw new ShapeError(`${op}: x is 0-d; expected [N, features] data (statistics over dim 0)`);
  }
  return x;
}
