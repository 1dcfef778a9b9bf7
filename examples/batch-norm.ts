/**
 * Lecture claims 6–9: normalizing each hidden layer's inputs with the batch's mean and standard
 * deviation (Batch Normalization, placed before the sigmoid, where its gradient is largest) lets
 * a deep sigmoid network train, where the same network without it barely moves. At test time the
 * network uses the moving averages it kept during training, one example at a time.
 */
import { Generator, manualSeed, noGrad, type Tensor } from '@descent/core';
import { DataLoader, moons, TensorDataset } from '@descent/data';
import { BatchNorm1d, CrossEntropyLoss, Linear, Module, ModuleList } from '@descent/nn';
import { SGD } from '@descent/optim';
import { histogram, lineChart } from '@descent/viz';
import { savePictures } from './lib/save.js';

/** Input and output sizes of a {@link SigmoidNet}: two of each for the two moons. */
export interface SigmoidNetSizes {
  inputs?: number;
  classes?: number;
}

/**
 * A deep sigmoid network, with or without BatchNorm before every sigmoid: `depth` hidden layers
 * of `width` units, PyTorch's default initialization.
 */
export class SigmoidNet extends Module {
  readonly hidden: ModuleList<Linear>;
  readonly norms: ModuleList<BatchNorm1d>;
  readonly output: Linear;
  /** The last hidden layer's pre-activations of the latest forward pass (for the histogram). */
  lastPreActivation: Tensor | null = null;

  constructor(
    width: number,
    depth: number,
    readonly batchNorm: boolean,
    { inputs = 2, classes = 2 }: SigmoidNetSizes = {},
  ) {
    super();
    // Hidden layers first, then the output layer: BatchNorm draws no random numbers, so a seed
    // gives the same weights with and without it, and the two runs differ only by BatchNorm.
    this.hidden = new ModuleList(
      Array.from({ length: depth }, (_, i) => new Linear(i === 0 ? inputs : width, width)),
    );
    this.norms = new ModuleList(
      batchNorm ? Array.from({ length: depth }, () => new BatchNorm1d(width)) : [],
    );
    this.output = new Linear(width, classes);
  }

  override forward(x: Tensor): Tensor {
    let h = x;
    let i = 0;
    for (const layer of this.hidden) {
      let z = layer.forward(h);
      if (this.batchNorm) z = this.norms.at(i).forward(z);
      this.lastPreActivation = z;
      h = z.sigmoid();
      i++;
    }
    return this.output.forward(h);
  }
}

/** Loss per step and final test accuracy of one network. */
export interface Run {
  name: string;
  losses: number[];
  testAccuracy: number;
  preActivations: Float64Array;
}

/** Two moons, as a dataset of points and class indices. */
function twoMoons(samples: number, seed: number): TensorDataset<[Tensor, Tensor]> {
  const { x, y } = moons({ samples, noise: 0.1, generator: new Generator(seed) });
  return new TensorDataset(x, y);
}

function train(batchNorm: boolean, steps: number): Run {
  manualSeed(11);
  const model = new SigmoidNet(32, 4, batchNorm);
  const optimizer = new SGD(model.parameters(), { lr: 0.5 });
  const criterion = new CrossEntropyLoss();
  // 512 points in batches of 64: eight updates per epoch, a fresh shuffle each epoch.
  const batches = new DataLoader(twoMoons(512, 1), {
    batchSize: 64,
    shuffle: true,
    generator: new Generator(5),
  });
  const losses: number[] = [];
  let preActivations: Float64Array = new Float64Array();
  while (losses.length < steps) {
    for (const [x, y] of batches) {
      if (losses.length === steps) break;
      optimizer.zeroGrad();
      const loss = criterion.forward(model.forward(x), y);
      losses.push(loss.item());
      if (losses.length === steps) preActivations = lastPreActivations(model);
      loss.backward();
      optimizer.step();
    }
  }
  // Test one example at a time: BatchNorm must use its running averages, not batch statistics.
  model.eval();
  const test = twoMoons(256, 2);
  let correct = 0;
  noGrad(() => {
    for (const [x, y] of new DataLoader(test)) {
      if (model.forward(x).argmax(1).item() === y.item()) correct++;
    }
  });
  return {
    name: batchNorm ? 'with BatchNorm' : 'without BatchNorm',
    losses,
    testAccuracy: correct / test.length,
    preActivations,
  };
}

function lastPreActivations(model: SigmoidNet): Float64Array {
  const z = model.lastPreActivation as Tensor;
  return Float64Array.from(z.flatten().toArray() as number[]);
}

/**
 * Trains the same 4-layer sigmoid network with and without BatchNorm.
 *
 * @example
 * ```ts
 * const { plain, normalized } = run({ steps: 100 });
 * ```
 */
export function run({ steps = 400 } = {}): { plain: Run; normalized: Run } {
  return { plain: train(false, steps), normalized: train(true, steps) };
}

/** Loss per update (`batch-norm-loss`) and the last hidden layer's pre-activations (`batchnorm-histogram`). */
export function pictures(result: { plain: Run; normalized: Run } = run()): Record<string, string> {
  const { plain, normalized } = result;
  return {
    'batch-norm-loss': lineChart({
      series: [plain, normalized].map((r) => ({ name: r.name, y: r.losses })),
      title: 'A 4-layer sigmoid network, same learning rate',
      xLabel: 'update',
      yLabel: 'cross-entropy',
    }),
    'batchnorm-histogram': histogram({
      series: [plain, normalized].map((r) => ({ name: r.name, values: r.preActivations })),
      bins: 40,
      title: 'Last hidden layer before the sigmoid',
      xLabel: 'pre-activation',
    }),
  };
}

export async function main(): Promise<void> {
  const result = run();
  for (const r of [result.plain, result.normalized]) {
    const tail = r.losses.slice(-20).reduce((a, b) => a + b, 0) / 20;
    console.log(
      `${r.name.padEnd(18)} loss ${r.losses[0]?.toFixed(3)} → ${tail.toFixed(3)} (mean of last 20 steps); test accuracy, one example at a time: ${(r.testAccuracy * 100).toFixed(1)}%`,
    );
  }
  await savePictures(pictures(result));
}
