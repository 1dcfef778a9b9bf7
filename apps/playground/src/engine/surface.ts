/**
 * The error-surface lab: the lecture's two-weight regression (a Pokémon's combat power after
 * evolution from its combat power and hit points), its loss as a function of the two weights,
 * and the paths gradient descent, SGD and Adagrad take across it — all computed with descent.
 */
import { Generator, matmul, noGrad, type Tensor, tensor } from '@descent/core';
import { DataLoader, pokemon, standardize, TensorDataset } from '@descent/data';
import { Adagrad, SGD } from '@descent/optim';

export type Scaling = 'raw' | 'standardized';
export type Method = 'gd' | 'sgd' | 'adagrad';

export interface SurfaceProblem {
  readonly scaling: Scaling;
  /** Centred (and, standardized, scaled) features [N, 2], float64. */
  readonly features: Tensor;
  /** Centred targets [N, 1]. */
  readonly target: Tensor;
  /** The least-squares weights. */
  readonly best: readonly [number, number];
  readonly minLoss: number;
  /** The largest eigenvalue of the loss's Hessian 2XᵀX/N: gradient descent is stable below 2/λ. */
  readonly maxCurvature: number;
  /**
   * The largest curvature of one example's loss, 2·max|xᵢ|²: SGD's steps are stable below 2/λ
   * whatever examples a batch holds.
   */
  readonly maxExampleCurvature: number;
  /** Mean squared error at (w₁, w₂). */
  readonly loss: (w1: number, w2: number) => number;
}

export interface SurfacePath {
  readonly method: Method;
  readonly points: [number, number][];
  readonly losses: number[];
  readonly learningRate: number;
}

const SAMPLES = 200;
const DATA_SEED = 7;

/**
 * The lecture's problem with features as measured or standardized; both are centred, so the
 * model needs no bias and the loss depends on the two weights only.
 *
 * @example
 * ```ts
 * surfaceProblem('raw').best; // ≈ [1.6, 3]
 * ```
 */
export function surfaceProblem(scaling: Scaling): SurfaceProblem {
  const data = pokemon({ samples: SAMPLES, generator: new Generator(DATA_SEED), dtype: 'float64' });
  const centred = data.x.sub(data.x.mean(0, true));
  const features = scaling === 'raw' ? centred : standardize(data.x).scaled;
  const y = data.y.reshape([SAMPLES, 1]);
  const target = y.sub(y.mean());
  const n = SAMPLES;
  // The loss is a quadratic form: L(w) = wᵀAw − 2bᵀw + c with A = XᵀX/N, b = Xᵀy/N, c = yᵀy/N.
  const a = matmul(features.t(), features).div(n).toArray() as number[][];
  const b = matmul(features.t(), target).div(n).toArray() as number[][];
  const c = target.square().mean().item();
  const [a11, a12] = a[0] as [number, number];
  const a22 = (a[1] as [number, number])[1];
  const [b1, b2] = [(b[0] as number[])[0] as number, (b[1] as number[])[0] as number];
  const det = a11 * a22 - a12 * a12;
  const best: [number, number] = [(b1 * a22 - a12 * b2) / det, (a11 * b2 - a12 * b1) / det];
  const loss = (w1: number, w2: number) =>
    a11 * w1 * w1 + 2 * a12 * w1 * w2 + a22 * w2 * w2 - 2 * (b1 * w1 + b2 * w2) + c;
  const half = (a11 + a22) / 2;
  const maxCurvature = 2 * (half + Math.sqrt(((a11 - a22) / 2) ** 2 + a12 * a12));
  const maxExampleCurvature = 2 * features.square().sum(1).max().item();
  return {
    scaling,
    features,
    target,
    best,
    minLoss: loss(best[0], best[1]),
    maxCurvature,
    maxExampleCurvature,
    loss,
  };
}

/**
 * Runs one optimizer from (0, 0) for `steps` updates and records its path. Gradient descent uses
 * every example per update, SGD `batchSize` examples drawn in a seeded shuffled order. The
 * learning rate of both is `rate` times the largest stable one: 2/λmax of the whole loss for
 * gradient descent, of the steepest single example for SGD.
 *
 * @example
 * ```ts
 * descend(surfaceProblem('raw'), 'gd', { rate: 0.9, adagradRate: 1, steps: 100, batchSize: 1 });
 * ```
 */
export function descend(
  problem: SurfaceProblem,
  method: Method,
  options: { rate: number; adagradRate: number; steps: number; batchSize: number },
): SurfacePath {
  const w = tensor([[0], [0]], { dtype: 'float64', requiresGrad: true });
  const stable = 2 / (method === 'sgd' ? problem.maxExampleCurvature : problem.maxCurvature);
  const learningRate = method === 'adagrad' ? options.adagradRate : options.rate * stable;
  const optimizer =
    method === 'adagrad'
      ? new Adagrad([w], { lr: learningRate })
      : new SGD([w], { lr: learningRate });
  const batches =
    method === 'sgd'
      ? new DataLoader(new TensorDataset(problem.features, problem.target), {
          batchSize: options.batchSize,
          shuffle: true,
          generator: new Generator(DATA_SEED + 1),
        })
      : null;
  let iterator = batches?.[Symbol.iterator]();
  const nextBatch = (): [Tensor, Tensor] => {
    if (batches === null || iterator === undefined) return [problem.features, problem.target];
    let next = iterator.next();
    if (next.done) {
      iterator = batches[Symbol.iterator]();
      next = iterator.next();
    }
    return next.value as [Tensor, Tensor];
  };
  const points: [number, number][] = [[0, 0]];
  const losses: number[] = [problem.loss(0, 0)];
  for (let t = 0; t < options.steps; t++) {
    const [x, y] = nextBatch();
    optimizer.zeroGrad();
    matmul(x, w).sub(y).square().mean().backward();
    optimizer.step();
    const [w1, w2] = noGrad(() => w.reshape([2]).toArray() as [number, number]);
    if (!Number.isFinite(w1) || !Number.isFinite(w2)) break;
    points.push([w1, w2]);
    losses.push(problem.loss(w1, w2));
  }
  return { method, points, losses, learningRate };
}

/**
 * The cosine of the angle between the first step and the direction to the minimum (1: straight
 * at it).
 *
 * @example
 * ```ts
 * firstStepAim(path, problem.best); // ≈ 0.5 on the raw surface
 * ```
 */
export function firstStepAim(path: SurfacePath, best: readonly [number, number]): number {
  const [start, next] = path.points;
  if (start === undefined || next === undefined) return Number.NaN;
  const step = [next[0] - start[0], next[1] - start[1]] as const;
  const aim = [best[0] - start[0], best[1] - start[1]] as const;
  return (step[0] * aim[0] + step[1] * aim[1]) / (Math.hypot(...step) * Math.hypot(...aim) || 1);
}

/**
 * How much of the way from the start to the minimum is still left at the end of a path (0: at
 * the minimum, 1: no closer than the start).
 *
 * @example
 * ```ts
 * remainingDistance(path, problem.best); // ≈ 0.14 for gradient descent on the raw surface
 * ```
 */
export function remainingDistance(path: SurfacePath, best: readonly [number, number]): number {
  const [start, end] = [path.points[0], path.points.at(-1)];
  if (start === undefined || end === undefined) return Number.NaN;
  return (
    Math.hypot(end[0] - best[0], end[1] - best[1]) /
    Math.hypot(start[0] - best[0], start[1] - best[1])
  );
}

/**
 * The window a picture of the surface shows: a square (so, drawn with equal axes, a circle looks
 * round) around the start and the minimum, with a margin.
 *
 * @example
 * ```ts
 * view(surfaceProblem('raw')); // { x: [...], y: [...] } of equal widths
 * ```
 */
export function view(problem: SurfaceProblem): { x: [number, number]; y: [number, number] } {
  const [b1, b2] = problem.best;
  const half = 0.8 * Math.max(Math.abs(b1), Math.abs(b2)) || 1;
  return { x: [b1 / 2 - half, b1 / 2 + half], y: [b2 / 2 - half, b2 / 2 + half] };
}
