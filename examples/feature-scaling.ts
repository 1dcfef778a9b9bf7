/**
 * Lecture claims 3 and 5: with features on different scales (a Pokémon's combat power and hit
 * points) the error surface is a long ellipse, the gradient does not point at the minimum and
 * one learning rate cannot suit both directions. Standardizing the features makes the surface
 * nearly circular; Adagrad, which gives each parameter its own rate, copes with the ellipse.
 */
import { Generator, matmul, mean, noGrad, type Tensor, tensor } from '@descent/core';
import { pokemon, standardize } from '@descent/data';
import { Adagrad, SGD } from '@descent/optim';
import { contourPlot } from '@descent/viz';
import { savePictures } from './lib/save.js';

/** One optimizer's path over the (w1, w2) plane. */
export interface Path {
  name: string;
  points: [number, number][];
  losses: number[];
}

/** The problem on one feature scaling: data, the best weights and the loss function. */
export interface Problem {
  features: Tensor;
  target: Tensor;
  best: [number, number];
  loss: (w1: number, w2: number) => number;
}

function problem(features: Tensor, target: Tensor): Problem {
  // Least squares in closed form, to know where the minimum is: solve (XᵀX) w = Xᵀy (2×2).
  const [[a, b], [c, d]] = matmul(features.t(), features).toArray() as [
    [number, number],
    [number, number],
  ];
  const [[u], [v]] = matmul(features.t(), target).toArray() as [[number], [number]];
  const det = a * d - b * c;
  const best: [number, number] = [(u * d - b * v) / det, (a * v - c * u) / det];
  const loss = (w1: number, w2: number): number =>
    noGrad(() =>
      mean(
        matmul(features, tensor([[w1], [w2]], { dtype: 'float64' }))
          .sub(target)
          .square(),
      ).item(),
    );
  return { features, target, best, loss };
}

/** The unscaled and the standardized problem, both centered so no bias is needed. */
export function problems(): { unscaled: Problem; scaled: Problem } {
  const { x, y } = pokemon({ samples: 200, generator: new Generator(7), dtype: 'float64' });
  const target = y.sub(y.mean()).unsqueeze(1);
  return {
    unscaled: problem(x.sub(x.mean(0)), target),
    scaled: problem(standardize(x).scaled, target),
  };
}

function descend(
  p: Problem,
  name: string,
  start: [number, number],
  steps: number,
  make: (w: Tensor) => { zeroGrad(): void; step(): void },
): Path {
  const w = tensor([[start[0]], [start[1]]], { dtype: 'float64', requiresGrad: true });
  const optimizer = make(w);
  const points: [number, number][] = [[start[0], start[1]]];
  const losses: number[] = [];
  for (let t = 0; t < steps; t++) {
    optimizer.zeroGrad();
    const loss = mean(matmul(p.features, w).sub(p.target).square());
    losses.push(loss.item());
    loss.backward();
    optimizer.step();
    const [[w1], [w2]] = w.toArray() as [[number], [number]];
    points.push([w1, w2]);
  }
  return { name, points, losses };
}

/** The cosine between the first step's direction and the direction to the minimum. */
export function aimAtMinimum(path: Path, best: [number, number]): number {
  const [[x0, y0], [x1, y1]] = path.points as [[number, number], [number, number]];
  const step = [x1 - x0, y1 - y0];
  const toBest = [best[0] - x0, best[1] - y0];
  const dot =
    (step[0] as number) * (toBest[0] as number) + (step[1] as number) * (toBest[1] as number);
  return (
    dot /
    (Math.hypot(step[0] as number, step[1] as number) *
      Math.hypot(toBest[0] as number, toBest[1] as number))
  );
}

/**
 * Gradient descent on both surfaces and Adagrad on the unscaled one, from comparable starts.
 *
 * @example
 * ```ts
 * const { unscaled, scaled, adagrad } = run({ steps: 100 });
 * ```
 */
export function run({ steps = 100 } = {}): {
  problems: ReturnType<typeof problems>;
  unscaled: Path;
  scaled: Path;
  adagrad: Path;
} {
  const ps = problems();
  const u = ps.unscaled;
  // The largest stable rate is 2/λmax; the steep direction (combat power) sets λmax.
  const unscaled = descend(
    u,
    'gradient descent',
    [0, 0],
    steps,
    (w) => new SGD([w], { lr: 1.8e-5 }),
  );
  const adagrad = descend(u, 'Adagrad', [0, 0], steps, (w) => new Adagrad([w], { lr: 1 }));
  const scaled = descend(
    ps.scaled,
    'gradient descent',
    [0, 0],
    steps,
    (w) => new SGD([w], { lr: 0.1 }),
  );
  return { problems: ps, unscaled, scaled, adagrad };
}

/** The unscaled (`feature-scaling-unscaled`) and standardized (`feature-scaling-scaled`) surfaces with the paths. */
export function pictures(result: ReturnType<typeof run> = run()): Record<string, string> {
  const { unscaled: u, scaled: s } = result.problems;
  const span = (p: Problem, r: number): { x: [number, number]; y: [number, number] } => ({
    x: [
      Math.min(0, p.best[0]) - r * Math.abs(p.best[0]),
      Math.max(0, p.best[0]) + r * Math.abs(p.best[0]),
    ],
    y: [
      Math.min(0, p.best[1]) - r * Math.abs(p.best[1]),
      Math.max(0, p.best[1]) + r * Math.abs(p.best[1]),
    ],
  });
  const common = {
    levels: 14,
    levelSpacing: 'log',
    xLabel: 'w1 (combat power)',
    yLabel: 'w2 (hit points)',
    colorbarLabel: 'loss',
  } as const;
  return {
    'feature-scaling-unscaled': contourPlot(
      { f: u.loss, ...span(u, 0.3), resolution: 80 },
      {
        ...common,
        title: 'Unscaled features: a long ellipse',
        trajectories: [
          { ...result.unscaled, arrows: 3 },
          { ...result.adagrad, arrows: 3 },
        ],
      },
    ),
    'feature-scaling-scaled': contourPlot(
      { f: s.loss, ...span(s, 0.3), resolution: 80 },
      {
        ...common,
        title: 'Standardized features: nearly a circle',
        equalAspect: true,
        trajectories: [{ ...result.scaled, arrows: 3 }],
      },
    ),
  };
}

export async function main(): Promise<void> {
  const result = run();
  const { unscaled: u, scaled: s } = result.problems;
  const report = (label: string, p: Problem, path: Path): void => {
    const excess = Math.max(0, (path.losses.at(-1) as number) / p.loss(...p.best) - 1);
    console.log(
      `${label.padEnd(32)} first step aims ${((Math.acos(aimAtMinimum(path, p.best)) * 180) / Math.PI).toFixed(1)}° off the minimum; after ${path.losses.length} steps the loss is ${(excess * 100).toFixed(2)}% above it`,
    );
  };
  report('unscaled, gradient descent', u, result.unscaled);
  report('unscaled, Adagrad', u, result.adagrad);
  report('standardized, gradient descent', s, result.scaled);
  await savePictures(pictures(result));
}
