/**
 * End to end: a 2-8-2 tanh MLP, built from @descent/core ops (linear, tanh, logSoftmax), learns
 * XOR-like data (four seeded Gaussian blobs; opposite corners share a class, so no linear model
 * can separate them) with every optimizer. Each test name states the accuracy it must reach.
 */
import { Generator, linear, noGrad, randn, type Tensor, tensor } from '@descent/core';
import { describe, expect, it } from 'vitest';
import {
  Adagrad,
  Adam,
  AdamW,
  InverseSqrtLR,
  type Optimizer,
  type OptimizerOptions,
  RMSprop,
  SGD,
} from './index.js';

const N = 200;

/** Four blobs at (±1, ±1) with σ = 0.35; class 1 where x·y > 0. */
function xorData(seed: number) {
  const g = new Generator(seed);
  const noise = randn([N, 2], { generator: g, dtype: 'float64' }).dataSync();
  const xs = new Float64Array(2 * N);
  const labels = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const cx = i % 2 === 0 ? 1 : -1;
    const cy = i % 4 < 2 ? 1 : -1;
    xs[2 * i] = cx + 0.35 * (noise[2 * i] as number);
    xs[2 * i + 1] = cy + 0.35 * (noise[2 * i + 1] as number);
    labels[i] = cx * cy > 0 ? 1 : 0;
  }
  return { xs, labels };
}

function mlp(seed: number) {
  const g = new Generator(seed);
  const init = (shape: number[], scale: number) =>
    randn(shape, { generator: g, dtype: 'float64' }).mul(scale).requiresGrad_();
  const W1 = init([8, 2], 1);
  const b1 = init([8], 0.1);
  const W2 = init([2, 8], 0.5);
  const b2 = init([2], 0.1);
  const forward = (x: Tensor) => linear(linear(x, W1, b1).tanh(), W2, b2);
  return { params: [W1, b1, W2, b2], forward };
}

function batch(data: ReturnType<typeof xorData>, rows: number[]) {
  const x = new Float64Array(rows.length * 2);
  const y = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    x[2 * i] = data.xs[2 * r] as number;
    x[2 * i + 1] = data.xs[2 * r + 1] as number;
    y[i] = data.labels[r] as number;
  });
  return {
    x: tensor(x, { shape: [rows.length, 2] }),
    y: tensor(y, { shape: [rows.length, 1] }),
  };
}

const crossEntropy = (logits: Tensor, y: Tensor) => logits.logSoftmax(1).gather(1, y).mean().neg();

function accuracy(forward: (x: Tensor) => Tensor, data: ReturnType<typeof xorData>): number {
  const all = batch(data, [...Array(N).keys()]);
  const predicted = noGrad(() => forward(all.x).argmax(1)).dataSync();
  let correct = 0;
  for (let i = 0; i < N; i++) if (predicted[i] === data.labels[i]) correct++;
  return correct / N;
}

type Make = (params: Tensor[]) => Optimizer<OptimizerOptions, object>;

/** Full-batch training for `steps` steps; returns [first loss, last loss, accuracy]. */
function fit(make: Make, steps: number, batchSize = N, schedule = false) {
  const data = xorData(7);
  const net = mlp(11);
  const opt = make(net.params);
  const scheduler = schedule ? new InverseSqrtLR(opt) : null;
  const order = new Generator(5);
  const losses: number[] = [];
  for (let step = 0; step < steps; ) {
    const perm = [...Array(N).keys()];
    for (let i = N - 1; i > 0; i--) {
      const j = Math.floor(order.random() * (i + 1));
      [perm[i], perm[j]] = [perm[j] as number, perm[i] as number];
    }
    for (let start = 0; start < N && step < steps; start += batchSize, step++) {
      const { x, y } = batch(data, perm.slice(start, start + batchSize));
      opt.zeroGrad();
      const loss = crossEntropy(net.forward(x), y);
      loss.backward();
      opt.step();
      scheduler?.step();
      losses.push(loss.item());
    }
  }
  return {
    first: losses[0] as number,
    last: losses[losses.length - 1] as number,
    acc: accuracy(net.forward, data),
  };
}

describe('end to end: a 2-8-2 tanh MLP on XOR blobs (200 points)', () => {
  const cases: [string, Make, number, number, number?, boolean?][] = [
    ['SGD lr 0.5, full batch', (p) => new SGD(p, { lr: 0.5 }), 300, 0.97],
    [
      'SGD lr 0.1 momentum 0.9 nesterov, full batch',
      (p) => new SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true }),
      200,
      0.97,
    ],
    ['SGD lr 0.2, mini-batches of 20', (p) => new SGD(p, { lr: 0.2 }), 300, 0.97, 20],
    ['SGD lr 1 with η/√(t+1) (InverseSqrtLR)', (p) => new SGD(p, { lr: 1 }), 300, 0.97, N, true],
    ['Adagrad lr 0.3', (p) => new Adagrad(p, { lr: 0.3 }), 200, 0.97],
    ['RMSprop lr 0.01', (p) => new RMSprop(p, { lr: 0.01 }), 200, 0.97],
    ['Adam lr 0.05', (p) => new Adam(p, { lr: 0.05 }), 150, 0.97],
    ['AdamW lr 0.05 weightDecay 0.01', (p) => new AdamW(p, { lr: 0.05 }), 150, 0.97],
  ];
  for (const [name, make, steps, target, batchSize, schedule] of cases) {
    it(`${name}: ≥ ${target * 100}% train accuracy after ${steps} steps`, () => {
      const r = fit(make, steps, batchSize, schedule);
      expect(r.last).toBeLessThan(r.first / 4);
      expect(r.acc).toBeGreaterThanOrEqual(target);
    });
  }
});
