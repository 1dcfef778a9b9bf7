/**
 * TensorFlow Playground in code: a 2-8-8-2 tanh network learns the playground's spiral from
 * mini-batches of 10 (claim 4, with a network), and the pictures show what it learned: its
 * decision boundary over the training and test points, and its weights.
 */
import { Generator, linspace, manualSeed, noGrad, stack, type Tensor } from '@descent/core';
import {
  DataLoader,
  type DatasetInfo,
  randomSplit,
  type Subset,
  spiral,
  TensorDataset,
} from '@descent/data';
import { CrossEntropyLoss, Linear, Sequential, Tanh } from '@descent/nn';
import { Adam } from '@descent/optim';
import { computationGraph, decisionBoundary, networkDiagram } from '@descent/viz';
import { savePictures } from './lib/save.js';

type Points = Subset<[Tensor, Tensor]>;

/** The trained network, its data, and how well it does on the test points after each epoch. */
export interface ClassifierRun {
  model: Sequential;
  train: Points;
  test: Points;
  info: DatasetInfo;
  testAccuracy: number[];
}

/** The first batch of `size` points of a subset (all of them by default). */
function batch(points: Points, size = points.length): [Tensor, Tensor] {
  return new DataLoader(points, { batchSize: size })[Symbol.iterator]().next().value as [
    Tensor,
    Tensor,
  ];
}

function accuracy(model: Sequential, points: Points): number {
  const [x, y] = batch(points);
  return noGrad(() => model.forward(x).argmax(1).eq(y).sum().item()) / points.length;
}

/**
 * Trains the network with Adam on shuffled mini-batches of TF Playground's spiral (500 points,
 * 80% for training).
 *
 * @example
 * ```ts
 * const { testAccuracy } = run({ epochs: 50 });
 * ```
 */
export function run({ epochs = 200 } = {}): ClassifierRun {
  manualSeed(0);
  const { x, y, info } = spiral({ generator: new Generator(1) });
  const [train, test] = randomSplit(new TensorDataset(x, y), [0.8, 0.2], {
    generator: new Generator(2),
  }) as [Points, Points];
  const batches = new DataLoader(train, {
    batchSize: 10,
    shuffle: true,
    generator: new Generator(3),
  });
  const model = new Sequential(
    new Linear(2, 8),
    new Tanh(),
    new Linear(8, 8),
    new Tanh(),
    new Linear(8, 2),
  );
  const criterion = new CrossEntropyLoss();
  const optimizer = new Adam(model.parameters(), { lr: 0.01 });
  const testAccuracy: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const [xb, yb] of batches) {
      optimizer.zeroGrad();
      criterion.forward(model.forward(xb), yb).backward();
      optimizer.step();
    }
    testAccuracy.push(accuracy(model, test));
  }
  return { model, train, test, info, testAccuracy };
}

/**
 * The probability of class 1 at the centres of a `resolution`² grid over the dataset's ranges,
 * row 0 at the bottom, computed in one batch.
 */
function probabilities(result: ClassifierRun, resolution: number): Tensor {
  const [[x0, x1], [y0, y1]] = result.info.ranges as [[number, number], [number, number]];
  const half = (low: number, high: number) => (high - low) / resolution / 2;
  const xs = linspace(x0 + half(x0, x1), x1 - half(x0, x1), resolution);
  const ys = linspace(y0 + half(y0, y1), y1 - half(y0, y1), resolution);
  const grid = stack(
    [
      xs.unsqueeze(0).expand([resolution, resolution]),
      ys.unsqueeze(1).expand([resolution, resolution]),
    ],
    2,
  );
  return noGrad(() =>
    result.model
      .forward(grid.reshape([resolution * resolution, 2]))
      .softmax(1)
      .select(1, 1),
  ).reshape([resolution, resolution]);
}

/** Labelled points for a chart (test points are drawn outlined). */
function labelled(points: Points, set: 'train' | 'test') {
  const [x, y] = batch(points);
  const labels = y.toArray() as number[];
  return (x.toArray() as [number, number][]).map(([px, py], i) => ({
    x: px,
    y: py,
    label: labels[i] as number,
    set,
  }));
}

/**
 * What the network learned (`decision-boundary`), its weights (`network-diagram`) and the autograd
 * graph of its loss on one batch (`classifier-graph`).
 */
export function pictures(result: ClassifierRun = run()): Record<string, string> {
  const { model, info } = result;
  const [[x0, x1], [y0, y1]] = info.ranges as [[number, number], [number, number]];
  const layers = [0, 2, 4].map((i) => model.at(i) as Linear);
  const [xb, yb] = batch(result.test, 4);
  const loss = new CrossEntropyLoss().forward(model.forward(xb), yb);
  return {
    'decision-boundary': decisionBoundary(
      {
        values: probabilities(result, 80),
        x: [x0, x1],
        y: [y0, y1],
        // The test points only: the network never saw them (and 500 points would make the SVG
        // too large for a README).
        points: labelled(result.test, 'test'),
      },
      {
        title: `Spiral, 2-8-8-2 tanh network: ${(100 * (result.testAccuracy.at(-1) as number)).toFixed(0)}% of ${result.test.length} test points right`,
        xLabel: 'x1',
        yLabel: 'x2',
        equalAspect: true,
      },
    ),
    'network-diagram': networkDiagram({
      title: 'The trained 2-8-8-2 network',
      layers: [2, 8, 8, 2],
      weights: layers.map((layer) => layer.weight.toArray() as number[][]),
      labels: ['input', 'hidden 1', 'hidden 2', 'output'],
      unitLabels: [['x1', 'x2'], undefined, undefined, ['class 0', 'class 1']],
    }),
    'classifier-graph': computationGraph(loss, {
      title: 'Cross-entropy of the network on 4 points',
      labels: new Map<Tensor, string>(
        layers.flatMap((layer, l) => [
          [layer.weight, `W${l + 1}`],
          [layer.bias as Tensor, `b${l + 1}`],
        ]),
      ),
    }),
  };
}

export async function main(): Promise<void> {
  const result = run();
  const at = (epoch: number) => (100 * (result.testAccuracy[epoch - 1] as number)).toFixed(0);
  console.log(
    `test accuracy after 10, 50, 100 and 200 epochs: ${at(10)}%, ${at(50)}%, ${at(100)}%, ${at(200)}% (train ${result.train.length} points, test ${result.test.length})`,
  );
  await savePictures(pictures(result));
}
