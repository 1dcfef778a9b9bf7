/**
 * Lecture claim 8, Batch Normalization at test time: a trained BatchNorm network classifies the
 * test digits one at a time in eval mode, with the moving averages of μ and σ it kept during
 * training, and again in train mode, normalizing each small batch of test digits with that
 * batch's own statistics.
 */
import { type Generator, noGrad, randperm, type Tensor } from '@descent/core';
import type { SigmoidNet } from '../batch-norm.js';
import type { Digits } from './data.js';

/** Train-mode batch sizes compared with eval mode (a batch of one has no variance to divide by). */
export const TRAIN_MODE_BATCHES = [2, 4, 16, 60] as const;

/** Test accuracy of one trained BatchNorm network, evaluated in each way. */
export interface InferenceStudy {
  /** Eval mode, one digit at a time: the running averages. */
  evalOneAtATime: number;
  /** Eval mode, all digits in one pass: the same predictions, since no digit sees another. */
  evalAllAtOnce: number;
  /** Train mode: each batch of shuffled test digits normalized with its own mean and variance. */
  trainMode: { batchSize: number; accuracy: number }[];
  digits: number;
}

function correct(model: SigmoidNet, x: Tensor, y: Tensor): number {
  return model.forward(x).argmax(1).eq(y).sum().item();
}

/**
 * Evaluates `model` on `test` in eval mode (one digit at a time, and all at once) and in train
 * mode on shuffled batches of each of {@link TRAIN_MODE_BATCHES}. The model's running statistics
 * are restored afterwards: a forward pass in train mode updates them.
 *
 * @example
 * ```ts
 * const study = inferenceStudy(trainedBnModel, data.test, new Generator(0));
 * study.evalOneAtATime; // ≈ study.evalAllAtOnce
 * ```
 */
export function inferenceStudy(
  model: SigmoidNet,
  test: Digits,
  generator: Generator,
): InferenceStudy {
  const n = test.y.shape[0] as number;
  const saved = Object.entries(model.stateDict()).map(([k, t]) => [k, t.clone()] as const);
  try {
    return noGrad(() => {
      model.eval();
      let one = 0;
      for (let i = 0; i < n; i++) {
        one += correct(model, test.x.narrow(0, i, 1), test.y.narrow(0, i, 1));
      }
      const all = correct(model, test.x, test.y);
      model.train();
      const order = randperm(n, { generator });
      const x = test.x.indexSelect(0, order);
      const y = test.y.indexSelect(0, order);
      const trainMode = TRAIN_MODE_BATCHES.map((batchSize) => {
        let right = 0;
        let seen = 0;
        // The last partial batch is dropped, as it would be in training.
        for (let start = 0; start + batchSize <= n; start += batchSize) {
          right += correct(model, x.narrow(0, start, batchSize), y.narrow(0, start, batchSize));
          seen += batchSize;
        }
        return { batchSize, accuracy: right / seen };
      });
      return { evalOneAtATime: one / n, evalAllAtOnce: all / n, trainMode, digits: n };
    });
  } finally {
    model.loadStateDict(Object.fromEntries(saved));
    model.eval();
  }
}
