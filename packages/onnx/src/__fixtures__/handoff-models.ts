/**
 * The models of the PyTorch hand-off fixtures, built the same way by the script that writes
 * the fixtures (packages/onnx/scripts/write-handoff-fixtures.ts) and by handoff.test.ts, which
 * checks that toPyTorch and saveSafetensors still produce the committed bytes.
 *
 * Every weight and running statistic is drawn from a seeded Generator (no training steps), so
 * the bytes depend only on the generator and the initializers, not on kernel arithmetic.
 */
import { type FloatDType, Generator } from '@descent/core';
import {
  BatchNorm1d,
  Dropout,
  Flatten,
  Identity,
  LayerNorm,
  LeakyReLU,
  Linear,
  LogSoftmax,
  type Module,
  ReLU,
  Sequential,
  Sigmoid,
  Softmax,
  Softplus,
  Tanh,
} from '@descent/nn';
import { randomizeNorms } from './randomize-norms.js';

export interface HandoffCase {
  /** Case id, also the fixture file stem (`<id>.py`, `<id>.safetensors`). */
  id: string;
  /** What the case covers. */
  covers: string;
  /** The input shape without the batch dim. */
  sampleShape: number[];
  dtype: FloatDType;
  build: () => Module;
}

export const HANDOFF_CASES: HandoffCase[] = [
  {
    id: 'mlp_batchnorm',
    covers:
      'Linear, BatchNorm1d (running stats, num_batches_tracked), Sigmoid, Dropout, LogSoftmax',
    sampleShape: [4],
    dtype: 'float32',
    build: () => {
      const generator = new Generator(1);
      const model = new Sequential(
        new Linear(4, 8, { generator }),
        new BatchNorm1d(8),
        new Sigmoid(),
        new Dropout(0.25),
        new Linear(8, 3, { generator }),
        new LogSoftmax(1),
      );
      return randomizeNorms(model, generator, 7);
    },
  },
  {
    id: 'activations',
    covers: 'ReLU, Tanh, LeakyReLU, Softplus (beta, threshold), Sigmoid, Identity, Softmax(-1)',
    sampleShape: [5],
    dtype: 'float32',
    build: () => {
      const generator = new Generator(2);
      return new Sequential(
        new Linear(5, 6, { generator }),
        new ReLU(),
        new Linear(6, 6, { generator }),
        new Tanh(),
        new LeakyReLU(0.2),
        new Linear(6, 6, { generator }),
        new Softplus({ beta: 2, threshold: 1 }),
        new Sigmoid(),
        new Identity(),
        new Softmax(-1),
      );
    },
  },
  {
    id: 'nested_named',
    covers:
      'nested and named Sequentials, Flatten, LayerNorm, BatchNorm1d (momentum null, no affine), Linear without bias',
    sampleShape: [3, 4],
    dtype: 'float32',
    build: () => {
      const generator = new Generator(3);
      const model = new Sequential({
        encoder: new Sequential(new Flatten(), new Linear(12, 6, { generator }), new LayerNorm(6)),
        norm: new BatchNorm1d(6, { momentum: null, affine: false }),
        head: new Sequential(new Linear(6, 2, { bias: false, generator }), new Softmax(1)),
      });
      return randomizeNorms(model, generator, 3);
    },
  },
  {
    id: 'batchnorm_3d',
    covers:
      'BatchNorm1d on (N, C, L) with eps and momentum, LayerNorm over two dims without affine',
    sampleShape: [3, 4],
    dtype: 'float32',
    build: () => {
      const generator = new Generator(4);
      const model = new Sequential(
        new BatchNorm1d(3, { eps: 1e-3, momentum: 0.3 }),
        new LayerNorm([3, 4], { elementwiseAffine: false }),
        new Flatten(),
        new Linear(12, 2, { generator }),
      );
      return randomizeNorms(model, generator, 12);
    },
  },
  {
    id: 'shared_linear',
    covers: 'one Linear used twice (tied weights, two state-dict keys)',
    sampleShape: [4],
    dtype: 'float32',
    build: () => {
      const shared = new Linear(4, 4, { generator: new Generator(5) });
      return new Sequential(shared, new Tanh(), shared);
    },
  },
  {
    id: 'linear_float64',
    covers: 'a model that is one layer (nn.Linear subclass), float64',
    sampleShape: [3],
    dtype: 'float64',
    build: () => new Linear(3, 2, { dtype: 'float64', generator: new Generator(6) }),
  },
];

/** The metadata written into each fixture's .safetensors file. */
export const HANDOFF_METADATA = { source: 'packages/onnx/scripts/write-handoff-fixtures.ts' };
