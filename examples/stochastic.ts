/**
 * Lecture claim 4: stochastic gradient descent updates after each example instead of after the
 * whole set, so in the time full-batch descent takes one step it takes many noisy ones. Fits
 * y = wx + b both ways for the same number of passes over the data.
 */
import { Generator, mean, noGrad, type Tensor, tensor } from '@descent/core';
import { DataLoader, regressionLine, TensorDataset } from '@descent/data';
import { SGD } from '@descent/optim';
import { contourPlot, lineChart } from '@descent/viz';
import { savePictures } from './lib/save.js';

/** A run's path over (w, b) and its full-data loss after each pass (epoch). */
export interface Run {
  name: string;
  points: [number, number][];
  epochLosses: number[];
}

function fullLoss(x: Tensor, y: Tensor, w: Tensor, b: Tensor): number {
  return noGrad(() => mean(x.matmul(w).add(b).sub(y).square()).item());
}

function train(
  x: Tensor,
  y: Tensor,
  batchSize: number,
  lr: number,
  epochs: number,
  seed: number,
): Omit<Run, 'name'> {
  const w = tensor([[-1]], { dtype: 'float64', requiresGrad: true });
  const b = tensor([-1], { dtype: 'float64', requiresGrad: true });
  const optimizer = new SGD([w, b], { lr });
  // A fresh shuffle of the examples each epoch, cut into batches.
  const loader = new DataLoader(new TensorDataset(x, y), {
    batchSize,
    shuffle: true,
    generator: new Generator(seed),
  });
  const points: [number, number][] = [[w.item(), b.item()]];
  const epochLosses = [fullLoss(x, y, w, b)];
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const [xb, yb] of loader) {
      optimizer.zeroGrad();
      mean(xb.matmul(w).add(b).sub(yb).square()).backward();
      optimizer.step();
      points.push([w.item(), b.item()]);
    }
    epochLosses.push(fullLoss(x, y, w, b));
  }
  return { points, epochLosses };
}

/**
 * Full-batch gradient descent and SGD (one example per update) for the same number of epochs.
 *
 * @example
 * ```ts
 * const { batch, stochastic } = run({ epochs: 3 });
 * ```
 */
export function run({ epochs = 5 } = {}): {
  batch: Run;
  stochastic: Run;
  minibatch: Run;
  x: Tensor;
  y: Tensor;
} {
  const { x, y: target } = regressionLine({
    samples: 50,
    generator: new Generator(3),
    dtype: 'float64',
  });
  const y = target.unsqueeze(1);
  return {
    x,
    y,
    batch: { name: 'full batch', ...train(x, y, 50, 0.3, epochs, 1) },
    minibatch: { name: 'mini-batches of 10', ...train(x, y, 10, 0.1, epochs, 1) },
    stochastic: { name: 'SGD, batch of 1', ...train(x, y, 1, 0.03, epochs, 1) },
  };
}

/** The runs' paths over the loss surface (`sgd-vs-gd`) and their loss per epoch (`sgd-epochs`). */
export function pictures(result: ReturnType<typeof run> = run()): Record<string, string> {
  const { x, y, batch, minibatch, stochastic } = result;
  const loss = (w: number, b: number): number =>
    noGrad(() => mean(x.mul(w).add(b).sub(y).square()).item());
  return {
    'sgd-vs-gd': contourPlot(
      { f: loss, x: [-1.5, 4], y: [-1.5, 3], resolution: 80 },
      {
        title: `${batch.epochLosses.length - 1} epochs: one step per epoch vs one step per example`,
        levels: 12,
        levelSpacing: 'log',
        equalAspect: true,
        xLabel: 'w',
        yLabel: 'b',
        colorbarLabel: 'loss',
        trajectories: [
          { name: batch.name, points: batch.points, arrows: 2 },
          { name: stochastic.name, points: stochastic.points, strokeWidth: 1 },
        ],
      },
    ),
    'sgd-epochs': lineChart({
      series: [batch, minibatch, stochastic].map((r) => ({ name: r.name, y: r.epochLosses })),
      yScale: 'log',
      title: 'Loss on the whole set after each epoch',
      xLabel: 'epoch',
      yLabel: 'mean squared error',
    }),
  };
}

export async function main(): Promise<void> {
  const result = run();
  for (const r of [result.batch, result.minibatch, result.stochastic]) {
    console.log(
      `${r.name.padEnd(34)} ${r.points.length - 1} updates; loss after each epoch: ${r.epochLosses.map((l) => l.toFixed(3)).join(' → ')}`,
    );
  }
  await savePictures(pictures(result));
}
