/**
 * The input features TensorFlow Playground offers, as tensor ops (for the network) and as plain
 * functions of one point (for the small pictures of each input).
 */
import { stack, type Tensor } from '@descent/core';
import type { FeatureKey } from '../state/normalize.js';

interface Feature {
  /** The feature over a batch, from the columns x₁ and x₂. */
  readonly tensor: (x1: Tensor, x2: Tensor) => Tensor;
  /** The feature at one point. */
  readonly at: (x1: number, x2: number) => number;
}

export const FEATURES: Readonly<Record<FeatureKey, Feature>> = {
  x1: { tensor: (x1) => x1, at: (x1) => x1 },
  x2: { tensor: (_, x2) => x2, at: (_, x2) => x2 },
  x1Squared: { tensor: (x1) => x1.square(), at: (x1) => x1 * x1 },
  x2Squared: { tensor: (_, x2) => x2.square(), at: (_, x2) => x2 * x2 },
  x1x2: { tensor: (x1, x2) => x1.mul(x2), at: (x1, x2) => x1 * x2 },
  sinX1: { tensor: (x1) => x1.sin(), at: (x1) => Math.sin(x1) },
  sinX2: { tensor: (_, x2) => x2.sin(), at: (_, x2) => Math.sin(x2) },
};

/**
 * The network's input matrix [N, features] for points [N, 2].
 *
 * @example
 * ```ts
 * featureMatrix(tensor([[1, 2]]), ['x1', 'x1x2']).toArray(); // [[1, 2]]
 * ```
 */
export function featureMatrix(points: Tensor, keys: readonly FeatureKey[]): Tensor {
  const x1 = points.select(1, 0);
  const x2 = points.select(1, 1);
  return stack(
    keys.map((key) => FEATURES[key].tensor(x1, x2)),
    1,
  );
}
