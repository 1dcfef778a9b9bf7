import { Generator, tensor } from '@descent/core';
import { DataLoader, TensorDataset } from '@descent/data';
import type { Runner } from './framework.js';
import { Rng } from './random.js';
import { tf } from './tfjs.js';

/**
 * One epoch of shuffled mini-batches from data held in memory, MNIST-shaped: 10,000 rows of 784
 * float32 features and an int32 label, batches of 64 (157 per epoch, the last of 16). descent:
 * `DataLoader` over a `TensorDataset` (a permutation per epoch, `indexSelect` per batch).
 * TensorFlow.js has no in-memory loader of its own for tensors; `model.fit` shuffles an index
 * array and `tf.gather`s each batch, which is what its side does here.
 */
const ROWS = 10_000;
const FEATURES = 784;
const BATCH = 64;

function data() {
  const rng = new Rng(11);
  return { x: rng.uniform(ROWS * FEATURES, 0, 1), y: rng.ints(ROWS, 10) };
}

/** The label sum of one epoch on each side: every row seen once, so both must equal this. */
export const loaderCheck = { expected: 0, descent: Number.NaN, tfjs: Number.NaN };

export function descentLoaderEpoch(): Runner {
  const { x, y } = data();
  loaderCheck.expected = y.reduce((a, b) => a + b, 0);
  const loader = new DataLoader(
    new TensorDataset(tensor(x, { shape: [ROWS, FEATURES] }), tensor(y)),
    { batchSize: BATCH, shuffle: true, generator: new Generator(0) },
  );
  let labels = 0;
  for (const [, yb] of loader) labels += yb.sum().item();
  loaderCheck.descent = labels;
  return {
    run: () => {
      for (const batch of loader) void batch;
      return undefined;
    },
  };
}

export function tfjsLoaderEpoch(): Runner {
  const { x, y } = data();
  const xs = tf.tensor2d(x, [ROWS, FEATURES]);
  const ys = tf.tensor1d(y, 'int32');
  const order = new Int32Array(ROWS);
  const epoch = (visit: (yb: ReturnType<typeof tf.gather>) => void) => {
    for (let i = 0; i < ROWS; i++) order[i] = i;
    tf.util.shuffle(order);
    for (let start = 0; start < ROWS; start += BATCH) {
      tf.tidy(() => {
        const rows = tf.tensor1d(order.subarray(start, Math.min(start + BATCH, ROWS)), 'int32');
        tf.gather(xs, rows);
        visit(tf.gather(ys, rows));
      });
    }
  };
  let labels = 0;
  epoch((yb) => {
    labels += yb.sum().dataSync()[0] as number;
  });
  loaderCheck.tfjs = labels;
  return {
    run: () => {
      epoch(() => {});
      return undefined;
    },
    dispose: () => {
      xs.dispose();
      ys.dispose();
    },
  };
}
