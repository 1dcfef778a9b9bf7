/**
 * One run of Ioffe & Szegedy's Figure 1 experiment: a 784-100-100-100-10 sigmoid network (with or
 * without BatchNorm before each sigmoid) trained with plain SGD on mini-batches of 60 digits,
 * its test accuracy measured every few hundred steps and one last-hidden-layer unit's input
 * tracked as percentiles.
 */
import { Generator, manualSeed, noGrad } from '@descent/core';
import { DataLoader, TensorDataset } from '@descent/data';
import { CrossEntropyLoss } from '@descent/nn';
import { SGD } from '@descent/optim';
import { SigmoidNet } from '../batch-norm.js';
import type { Digits, Mnist } from './data.js';
import { type InferenceStudy, inferenceStudy } from './inference.js';
import { type PercentileTrack, PercentileTracker } from './percentiles.js';

/** The paper's batch size. */
export const BATCH_SIZE = 60;

/** What one run trains: the learning rate, BatchNorm or not, and the seed. */
export interface RunSpec {
  lr: number;
  batchNorm: boolean;
  seed: number;
  /** After training, compare eval mode with batch statistics (BatchNorm runs only). */
  studyInference?: boolean;
}

/** How long to train and what to measure, the same for every run. */
export interface Schedule {
  steps: number;
  /** Test accuracy every this many steps (and at step 0). */
  evalEvery: number;
  /** The last-hidden-layer unit whose input is tracked. */
  unit: number;
  /** Steps per percentile window. */
  window: number;
}

/** What one run measured. */
export interface RunResult extends RunSpec {
  /** The steps at which the test accuracy was measured. */
  evalSteps: number[];
  accuracy: number[];
  percentiles: PercentileTrack;
  /** Wall-clock seconds of the run, training and measuring. */
  seconds: number;
  inference?: InferenceStudy;
}

/**
 * Test accuracy in eval mode (BatchNorm uses its running averages), in chunks of 1,000 digits
 * to bound memory.
 */
export function accuracy(model: SigmoidNet, test: Digits): number {
  model.eval();
  const n = test.y.shape[0] as number;
  let correct = 0;
  noGrad(() => {
    for (let start = 0; start < n; start += 1000) {
      const len = Math.min(1000, n - start);
      const logits = model.forward(test.x.narrow(0, start, len));
      correct += logits
        .argmax(1)
        .eq(test.y.narrow(0, start, len))
        .sum()
        .item();
    }
  });
  model.train();
  return correct / n;
}

/**
 * Trains one network. `onSteps(n)` is told of every `n` steps done, for a progress bar.
 *
 * @example
 * ```ts
 * const data = await loadMnist({ train: 6000, test: 1000 });
 * const r = trainRun({ lr: 0.1, batchNorm: true, seed: 0 }, data, {
 *   steps: 200, evalEvery: 100, unit: 0, window: 20,
 * });
 * r.accuracy; // at steps 0, 100, 200
 * ```
 */
export function trainRun(
  spec: RunSpec,
  data: Mnist,
  schedule: Schedule,
  onSteps: (n: number) => void = () => {},
): RunResult {
  const started = performance.now();
  manualSeed(spec.seed);
  const model = new SigmoidNet(100, 3, spec.batchNorm, { inputs: 784, classes: 10 });
  const optimizer = new SGD(model.parameters(), { lr: spec.lr });
  const criterion = new CrossEntropyLoss();
  // A fresh shuffle each epoch, the same order for the networks with and without BatchNorm.
  const batches = new DataLoader(new TensorDataset(data.train.x, data.train.y), {
    batchSize: BATCH_SIZE,
    shuffle: true,
    dropLast: true,
    generator: new Generator(1000 + spec.seed),
  });
  const tracker = new PercentileTracker(schedule.window);
  const evalSteps = [0];
  const acc = [accuracy(model, data.test)];
  let step = 0;
  let reported = 0;
  while (step < schedule.steps) {
    for (const [x, y] of batches) {
      if (step === schedule.steps) break;
      optimizer.zeroGrad();
      const loss = criterion.forward(model.forward(x), y);
      loss.backward();
      optimizer.step();
      step++;
      // The sigmoid's input as this batch saw it (after BatchNorm, when there is one).
      const z = model.lastPreActivation;
      if (z) tracker.add(step, z.select(1, schedule.unit).toArray() as number[]);
      if (step % schedule.evalEvery === 0 || step === schedule.steps) {
        evalSteps.push(step);
        acc.push(accuracy(model, data.test));
      }
      if (step - reported >= 10 || step === schedule.steps) {
        onSteps(step - reported);
        reported = step;
      }
    }
  }
  const inference =
    spec.studyInference && spec.batchNorm
      ? inferenceStudy(model, data.test, new Generator(spec.seed))
      : undefined;
  return {
    ...spec,
    evalSteps,
    accuracy: acc,
    percentiles: tracker.result(),
    seconds: (performance.now() - started) / 1000,
    ...(inference ? { inference } : {}),
  };
}
