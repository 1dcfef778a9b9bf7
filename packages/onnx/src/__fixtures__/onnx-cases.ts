/**
 * The models the ONNX tests export: every supported layer in each of its variants, alone, and
 * MLPs with BatchNorm1d. Shared by export-onnx.test.ts (ONNX Runtime) and
 * onnx-checker.test.ts (the ONNX checker).
 */
import type { Generator } from '@descent/core';
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

export interface OnnxCase {
  name: string;
  /** The input shape without the batch dim. */
  sampleShape: number[];
  /** Scale of the random inputs (wide enough to reach saturation and thresholds). */
  inputScale: number;
  build: (generator: Generator) => Module;
}

export const ONNX_CASES: OnnxCase[] = [
  {
    name: 'Linear',
    sampleShape: [5],
    inputScale: 1,
    build: (g) => new Linear(5, 3, { generator: g }),
  },
  {
    name: 'Linear without bias',
    sampleShape: [5],
    inputScale: 1,
    build: (g) => new Linear(5, 3, { bias: false, generator: g }),
  },
  {
    name: 'Linear on 3-d input (MatMul)',
    sampleShape: [2, 5],
    inputScale: 1,
    build: (g) => new Linear(5, 3, { generator: g }),
  },
  {
    name: 'Linear without bias on 3-d input',
    sampleShape: [2, 5],
    inputScale: 1,
    build: (g) => new Linear(5, 3, { bias: false, generator: g }),
  },
  { name: 'Sigmoid', sampleShape: [6], inputScale: 5, build: () => new Sigmoid() },
  { name: 'Tanh', sampleShape: [6], inputScale: 3, build: () => new Tanh() },
  { name: 'ReLU', sampleShape: [6], inputScale: 1, build: () => new ReLU() },
  { name: 'LeakyReLU(0.2)', sampleShape: [6], inputScale: 1, build: () => new LeakyReLU(0.2) },
  { name: 'LeakyReLU default', sampleShape: [2, 3], inputScale: 1, build: () => new LeakyReLU() },
  { name: 'Softplus default', sampleShape: [6], inputScale: 15, build: () => new Softplus() },
  {
    name: 'Softplus beta 2 threshold 1',
    sampleShape: [6],
    inputScale: 2,
    build: () => new Softplus({ beta: 2, threshold: 1 }),
  },
  {
    name: 'Softplus beta -0.5',
    sampleShape: [6],
    inputScale: 4,
    build: () => new Softplus({ beta: -0.5, threshold: 3 }),
  },
  { name: 'Softmax(1)', sampleShape: [6], inputScale: 3, build: () => new Softmax(1) },
  { name: 'Softmax(-1) on 3-d', sampleShape: [2, 4], inputScale: 3, build: () => new Softmax(-1) },
  {
    name: 'Softmax(0) over the batch',
    sampleShape: [3],
    inputScale: 1,
    build: () => new Softmax(0),
  },
  { name: 'LogSoftmax(1)', sampleShape: [6], inputScale: 3, build: () => new LogSoftmax(1) },
  {
    name: 'LogSoftmax(1) on 3-d',
    sampleShape: [4, 2],
    inputScale: 3,
    build: () => new LogSoftmax(1),
  },
  {
    name: 'Dropout (training mode)',
    sampleShape: [6],
    inputScale: 1,
    build: () => new Dropout(0.5),
  },
  { name: 'Identity', sampleShape: [6], inputScale: 1, build: () => new Identity() },
  { name: 'Flatten()', sampleShape: [3, 4], inputScale: 1, build: () => new Flatten() },
  {
    name: 'Flatten(1, 2) of 4-d',
    sampleShape: [2, 3, 4],
    inputScale: 1,
    build: () => new Flatten(1, 2),
  },
  {
    name: 'Flatten(-2) of 4-d',
    sampleShape: [2, 3, 4],
    inputScale: 1,
    build: () => new Flatten(-2),
  },
  {
    name: 'Flatten(2, 2) is the identity',
    sampleShape: [2, 3],
    inputScale: 1,
    build: () => new Flatten(2, 2),
  },
  {
    name: 'BatchNorm1d on (N, C)',
    sampleShape: [4],
    inputScale: 2,
    build: (g) => randomizeNorms(new BatchNorm1d(4), g, 5),
  },
  {
    name: 'BatchNorm1d on (N, C, L), eps 1e-3',
    sampleShape: [3, 5],
    inputScale: 2,
    build: (g) => randomizeNorms(new BatchNorm1d(3, { eps: 1e-3 }), g, 5),
  },
  {
    name: 'BatchNorm1d without affine',
    sampleShape: [4],
    inputScale: 2,
    build: (g) => randomizeNorms(new BatchNorm1d(4, { affine: false }), g, 5),
  },
  {
    name: 'BatchNorm1d in training mode (exported with running statistics)',
    sampleShape: [4],
    inputScale: 2,
    build: (g) => randomizeNorms(new BatchNorm1d(4), g, 5).train(),
  },
  {
    name: 'LayerNorm(6)',
    sampleShape: [6],
    inputScale: 2,
    build: (g) => randomizeNorms(new LayerNorm(6), g, 5),
  },
  {
    name: 'LayerNorm([3, 4]) without affine, eps 1e-3',
    sampleShape: [3, 4],
    inputScale: 2,
    build: () => new LayerNorm([3, 4], { elementwiseAffine: false, eps: 1e-3 }),
  },
  {
    name: 'LayerNorm(4) on 3-d',
    sampleShape: [2, 4],
    inputScale: 2,
    build: (g) => randomizeNorms(new LayerNorm(4), g, 5),
  },
  {
    name: 'MLP: Linear, BatchNorm1d, Sigmoid, Linear',
    sampleShape: [4],
    inputScale: 1,
    build: (g) =>
      randomizeNorms(
        new Sequential(
          new Linear(4, 16, { generator: g }),
          new BatchNorm1d(16),
          new Sigmoid(),
          new Linear(16, 3, { generator: g }),
        ),
        g,
        5,
      ),
  },
  {
    name: 'MLP with everything, nested and named',
    sampleShape: [3, 4],
    inputScale: 1,
    build: (g) =>
      randomizeNorms(
        new Sequential({
          features: new Sequential(
            new Flatten(),
            new Linear(12, 16, { generator: g }),
            new BatchNorm1d(16, { momentum: null }),
            new ReLU(),
            new Dropout(0.1),
          ),
          body: new Sequential(
            new Linear(16, 8, { generator: g }),
            new LayerNorm(8),
            new Tanh(),
            new LeakyReLU(0.1),
            new Softplus({ beta: 3, threshold: 2 }),
          ),
          head: new Sequential(new Linear(8, 3, { bias: false, generator: g }), new LogSoftmax(-1)),
        }),
        g,
        5,
      ),
  },
];
