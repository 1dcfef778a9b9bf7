/**
 * Lecture claims 6–9: normalizing each hidden layer's inputs with the batch's mean and standard
 * deviation (Batch Normalization, placed before the sigmoid, where its gradient is largest) lets
 * a deep sigmoid network train, where the same network without it barely moves. At test time the
 * network uses the moving averages it kept during training, one example at a time.
 */
import { argmax, Generator, manualSeed, noGrad, randint, type Tensor } from '@descent/core';
import { BatchNorm1d, CrossEntropyLoss, Linear, Module, ModuleList } from '@descent/nn';
import { SGD } from '@descent/optim';
import { histogram, lineChart } from '@descent/viz';
import { twoMoons } from './lib/data.js';
import { savePicture } from './lib/save.js';

/** A deep sigmoid network, with or without BatchNorm before every sigmoid. */
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
  ) {
    super();
    this.hidden = new ModuleList(
      Array.from({ length: depth }, (_, i) => new Linear(i === 0 ? 2 : width, width)),
    );
    this.norms = new ModuleList(
      batchNorm ? Array.from({ length: depth }, () => new BatchNorm1d(width)) : [],
    );
    this.output = new Linear(width, 2);
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

function train(batchNorm: boolean, steps: number): Run {
  manualSeed(11);
  const model = new SigmoidNet(32, 4, batchNorm);
  const train = twoMoons(512, 0.1, 1);
  const test = twoMoons(256, 0.1, 2);
  const optimizer = new SGD(model.parameters(), { lr: 0.5 });
  const criterion = new CrossEntropyLoss();
  const generator = new Generator(5);
  const losses: number[] = [];
  let preActivations = new Float64Array();
  for (let step = 0; step < steps; step++) {
    const batch = randint(0, 512, [64], { generator });
    optimizer.zeroGrad();
    const loss = criterion.forward(
      model.forward(train.points.indexSelect(0, batch)),
      train.labels.indexSelect(0, batch),
    );
    losses.push(loss.item());
    if (step === steps - 1)
      preActivations = Float64Array.from((model.lastPreActivation as Tensor).dataSync());
    loss.backward();
    optimizer.step();
  }
  // Test one example at a time: BatchNorm must use its running averages, not batch statistics.
  model.eval();
  let correct = 0;
  const labels = test.labels.dataSync();
  noGrad(() => {
    for (let i = 0; i < 256; i++) {
      const logits = model.forward(test.points.narrow(0, i, 1));
      if (argmax(logits, 1).item() === labels[i]) correct++;
    }
  });
  return {
    name: batchNorm ? 'with BatchNorm' : 'without BatchNorm',
    losses,
    testAccuracy: correct / 256,
    preActivations,
  };
}

/**
 * Trains the same 4-layer sigmoid network with and without BatchNorm.
 *
 * @example
 * ```ts
 * const { plain, normalized } = run({ steps: 100 });
 * ```
 */
export function run({ steps = 300 } = {}): { plain: Run; normalized: Run } {
  return { plain: train(false, steps), normalized: train(true, steps) };
}

export async function main(): Promise<void> {
  const { plain, normalized } = run();
  for (const r of [plain, normalized]) {
    const tail = r.losses.slice(-20).reduce((a, b) => a + b, 0) / 20;
    console.log(
      `${r.name.padEnd(18)} loss ${r.losses[0]?.toFixed(3)} → ${tail.toFixed(3)} (mean of last 20 steps); test accuracy, one example at a time: ${(r.testAccuracy * 100).toFixed(1)}%`,
    );
  }
  console.log(
    `picture: ${await savePicture(
      'batch-norm-loss',
      lineChart({
        series: [plain, normalized].map((r) => ({ name: r.name, y: r.losses })),
        title: 'A 4-layer sigmoid network, same learning rate',
        xLabel: 'update',
        yLabel: 'cross-entropy',
      }),
    )}`,
  );
  console.log(
    `picture: ${await savePicture(
      'batch-norm-histogram',
      histogram({
        series: [plain, normalized].map((r) => ({ name: r.name, values: r.preActivations })),
        bins: 40,
        title: 'Last hidden layer before the sigmoid',
        xLabel: 'pre-activation',
      }),
    )}`,
  );
}
