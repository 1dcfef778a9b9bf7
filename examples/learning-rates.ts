/**
 * Lecture claims 1, 2 and 10: plot the loss against the number of updates to tell whether the
 * learning rate is right. Too small falls slowly, too large oscillates and climbs, and a rate
 * that shrinks as η/√(t+1) starts bold and settles. Fits a line y = wx + b by full-batch
 * gradient descent with each rate.
 */
import { Generator, mean, type Tensor, zeros } from '@descent/core';
import { regressionLine } from '@descent/data';
import { InverseSqrtLR, SGD } from '@descent/optim';
import { lineChart } from '@descent/viz';
import { savePictures } from './lib/save.js';

/** A learning-rate setting and the loss after each update. */
export interface LearningRateRun {
  name: string;
  losses: number[];
}

function fitLine(x: Tensor, y: Tensor, lr: number, steps: number, shrink: boolean): number[] {
  const w = zeros([1, 1], { dtype: 'float64', requiresGrad: true });
  const b = zeros([1], { dtype: 'float64', requiresGrad: true });
  const optimizer = new SGD([w, b], { lr });
  const schedule = shrink ? new InverseSqrtLR(optimizer) : null;
  const losses: number[] = [];
  for (let t = 0; t < steps; t++) {
    optimizer.zeroGrad();
    const loss = mean(x.matmul(w).add(b).sub(y).square());
    losses.push(loss.item());
    loss.backward();
    optimizer.step();
    schedule?.step();
  }
  return losses;
}

/**
 * Runs gradient descent with four learning-rate settings on the same data.
 *
 * @example
 * ```ts
 * const runs = run({ steps: 50 });
 * ```
 */
export function run({ steps = 60 } = {}): LearningRateRun[] {
  const { x, y: target } = regressionLine({
    samples: 100,
    generator: new Generator(1),
    dtype: 'float64',
  });
  const y = target.unsqueeze(1);
  // The loss's curvature is about 2 in every direction here, so η must stay below 2/2 = 1.
  return [
    { name: 'η = 0.005 (too small)', losses: fitLine(x, y, 0.005, steps, false) },
    { name: 'η = 0.3 (about right)', losses: fitLine(x, y, 0.3, steps, false) },
    { name: 'η = 1.02 (too large)', losses: fitLine(x, y, 1.02, steps, false) },
    { name: 'η = 0.9/√(t+1)', losses: fitLine(x, y, 0.9, steps, true) },
  ];
}

/** The runs as loss curves: `learning-rates`. */
export function pictures(runs: readonly LearningRateRun[] = run()): Record<string, string> {
  const chart = lineChart({
    series: runs.map((r) => ({ name: r.name, y: r.losses })),
    yScale: 'log',
    // The diverging run leaves the chart through the top instead of flattening the others.
    yDomain: [0.1, 1000],
    title: 'Loss against updates for four learning rates',
    xLabel: 'update',
    yLabel: 'mean squared error',
  });
  return { 'learning-rates': chart };
}

export async function main(): Promise<void> {
  const runs = run();
  for (const r of runs) {
    console.log(
      `${r.name.padEnd(24)} loss ${r.losses[0]?.toFixed(3)} → ${r.losses.at(-1)?.toPrecision(4)}`,
    );
  }
  await savePictures(pictures(runs));
}
