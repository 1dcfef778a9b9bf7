import type { FloatDType, Generator, Tensor } from '@descent/core';

/**
 * What a toy dataset is: its task, its features and the region it lives in, so a playground can
 * draw it and pick a loss without knowing the dataset.
 *
 * @example
 * ```ts
 * const { info } = circle();
 * info.featureNames; // ['x1', 'x2']
 * info.ranges;       // [[-6, 6], [-6, 6]]
 * info.classes;      // 2
 * ```
 */
export interface DatasetInfo {
  /** The dataset's name, e.g. `'circle'`. */
  readonly name: string;
  /** Whether `y` holds class indices or real-valued targets. */
  readonly task: 'classification' | 'regression';
  /** One name per column of `x`. */
  readonly featureNames: readonly string[];
  /**
   * The region to draw each feature over, `[low, high]`: for TensorFlow Playground's datasets its
   * fixed view `[-6, 6]`. Points can fall outside it when the noise is large.
   */
  readonly ranges: readonly (readonly [number, number])[];
  /** The number of classes (classification only); `y` holds 0 … classes − 1. */
  readonly classes?: number;
  /** What `y` measures (regression only). */
  readonly targetName?: string;
}

/**
 * A toy dataset: features `x` (`[N, features]`, float), targets `y` (`[N]`: int32 class indices for
 * classification, floats for regression) and what they are.
 *
 * @example
 * ```ts
 * const { x, y, info } = xor({ samples: 200 });
 * x.shape; // [200, 2]
 * y.dtype; // 'int32'
 * info.task; // 'classification'
 * ```
 */
export interface ToyData {
  /** The features, `[N, features]`. */
  readonly x: Tensor;
  /** The targets, `[N]`: class indices (int32) or values (the dtype of `x`). */
  readonly y: Tensor;
  /** What the dataset is. */
  readonly info: DatasetInfo;
}

/**
 * Options every toy dataset takes.
 *
 * @example
 * ```ts
 * circle({ samples: 200, noise: 0.1, generator: new Generator(1), dtype: 'float64' });
 * ```
 */
export interface ToyOptions {
  /** How many points: 500 for classification and 1200 for regression, as in TF Playground. */
  samples?: number;
  /**
   * How noisy the data is, from 0 to 1: TensorFlow Playground's noise slider divided by 100 (its
   * slider goes to 0.5). Each dataset's documentation says what it does. Default 0.
   */
  noise?: number;
  /** The generator to draw from; default core's global one (seeded by `manualSeed`). */
  generator?: Generator;
  /** The dtype of `x` (and of `y` for regression); default `float32`. */
  dtype?: FloatDType;
  /**
   * Whether to shuffle the points (default true, as TF Playground does before splitting off the
   * test set). With `false` the points come class by class, in the order they were drawn.
   */
  shuffle?: boolean;
}

/**
 * Options of {@link spiral}: the {@link ToyOptions} and the number of arms.
 *
 * @example
 * ```ts
 * spiral({ classes: 3, samples: 300 });
 * ```
 */
export interface SpiralOptions extends ToyOptions {
  /** The number of arms, one class each, evenly spaced in angle; default 2 (TF Playground's). */
  classes?: number;
}
