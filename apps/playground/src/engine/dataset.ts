/**
 * The points the playground trains on: one of the toy data sets of `@descent/data`, or the
 * user's own points, split into training and test sets with the run's seed.
 */
import { Generator, randperm, type Tensor, tensor } from '@descent/core';
import {
  circle,
  gauss,
  regressionGauss,
  regressionPlane,
  spiral,
  type ToyData,
  xor,
} from '@descent/data';
import { classCount } from '../state/normalize.js';
import type { State } from '../state/schema.js';
import { values } from './read.js';

/** The square the points live in, TensorFlow Playground's [-6, 6]² unless your data is wider. */
export type Domain = readonly [number, number];
export const DEFAULT_DOMAIN: Domain = [-6, 6];

export interface PlaygroundData {
  /** Coordinates [N, 2], float32. */
  readonly points: Tensor;
  /** Per point: the class index (classification) or the target value (regression). */
  readonly labels: Float32Array;
  readonly train: Int32Array;
  readonly test: Int32Array;
  readonly task: 'classification' | 'regression';
  readonly classes: number;
  readonly domain: Domain;
}

/** Seeds derived from the state's seed, one per use, so each use has its own stream. */
export const SEED_STREAM = { data: 0, split: 1, init: 2, batches: 3 } as const;

/**
 * The generator for one use of the run's seed.
 *
 * @example
 * ```ts
 * seededGenerator(42, 'init').random();
 * ```
 */
export function seededGenerator(seed: number, use: keyof typeof SEED_STREAM): Generator {
  return new Generator(seed * 4 + SEED_STREAM[use]);
}

function toyData(state: State): ToyData {
  const generator = seededGenerator(state.seed, 'data');
  const noise = state.noise / 100;
  if (state.problem === 'regression') {
    return state.regDataset === 'gauss'
      ? regressionGauss({ noise, generator })
      : regressionPlane({ noise, generator });
  }
  switch (state.dataset) {
    case 'xor':
      return xor({ noise, generator });
    case 'gauss':
      return gauss({ noise, generator });
    case 'spiral':
      return spiral({ noise, generator, classes: state.arms });
    default:
      return circle({ noise, generator });
  }
}

function domainOf(coordinates: ArrayLike<number>): Domain {
  let most = 0;
  for (let i = 0; i < coordinates.length; i++) {
    const c = Math.abs(coordinates[i] as number);
    if (Number.isFinite(c)) most = Math.max(most, c);
  }
  if (most <= DEFAULT_DOMAIN[1]) return DEFAULT_DOMAIN;
  const edge = Math.ceil(most * 1.1);
  return [-edge, edge];
}

/**
 * Whether the state trains on the user's own points.
 *
 * @example
 * ```ts
 * usesOwnData({ ...defaultState(), dataset: 'custom' }); // true
 * ```
 */
export function usesOwnData(state: State): boolean {
  return (state.problem === 'classification' ? state.dataset : state.regDataset) === 'custom';
}

/**
 * Builds the state's data and splits it (the first `trainRatio` percent of a seeded permutation
 * trains, the rest tests, as in TensorFlow Playground).
 *
 * @example
 * ```ts
 * buildData(defaultState()).train.length; // 250
 * ```
 */
export function buildData(state: State): PlaygroundData {
  let points: Tensor;
  let labels: Float32Array;
  if (usesOwnData(state)) {
    const coordinates = new Float32Array(state.points.length * 2);
    labels = new Float32Array(state.points.length);
    state.points.forEach((p, i) => {
      coordinates[2 * i] = p.x1;
      coordinates[2 * i + 1] = p.x2;
      labels[i] = p.label;
    });
    points = tensor(coordinates).reshape([state.points.length, 2]);
  } else {
    const data = toyData(state);
    points = data.x.to('float32');
    labels = Float32Array.from(data.y.toArray() as number[]);
  }
  const n = labels.length;
  const order =
    n === 0
      ? new Int32Array(0)
      : Int32Array.from(
          randperm(n, { generator: seededGenerator(state.seed, 'split') }).toArray() as number[],
        );
  const trainCount = Math.round((n * state.trainRatio) / 100);
  return {
    points,
    labels,
    train: order.slice(0, trainCount),
    test: order.slice(trainCount),
    task: state.problem,
    classes: classCount(state),
    domain: domainOf(values(points)),
  };
}
