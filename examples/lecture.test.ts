/**
 * The examples are the lecture's experiments; these tests hold them to the lecture's claims, so
 * a change to the library that breaks what a reader is meant to see fails here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as batchNorm from './batch-norm.js';
import * as featureScaling from './feature-scaling.js';
import * as learningRates from './learning-rates.js';
import { drift } from './mnist/percentiles.js';
import * as mnist from './mnist-batchnorm.js';
import * as stochastic from './stochastic.js';

const last = (xs: readonly number[]): number => xs[xs.length - 1] as number;

describe('tuning the learning rate (claims 1, 2, 10)', () => {
  const [small, right, large, shrinking] = learningRates
    .run({ steps: 60 })
    .map((r) => r.losses) as [number[], number[], number[], number[]];
  it('too small a rate falls slowly, the right one converges', () => {
    expect(last(small)).toBeLessThan(small[0] as number);
    expect(last(small)).toBeGreaterThan(5 * last(right));
    expect(last(right)).toBeLessThan(0.3);
  });
  it('too large a rate makes the loss go up even with the exact gradient', () => {
    expect(last(large)).toBeGreaterThan(1e3 * (large[0] as number));
  });
  it('η/√(t+1) converges to the same loss as a well-chosen fixed rate', () => {
    expect(last(shrinking)).toBeCloseTo(last(right), 4);
  });
});

describe('feature scaling and Adagrad (claims 3, 5)', () => {
  const result = featureScaling.run({ steps: 100 });
  const { unscaled, scaled } = result.problems;
  const excess = (p: featureScaling.Problem, path: featureScaling.Path): number =>
    last(path.losses) / p.loss(...p.best) - 1;
  it('on unscaled features the gradient does not point at the minimum; on scaled ones it does', () => {
    expect(Math.acos(featureScaling.aimAtMinimum(result.unscaled, unscaled.best))).toBeGreaterThan(
      Math.PI / 4,
    );
    expect(Math.acos(featureScaling.aimAtMinimum(result.scaled, scaled.best))).toBeLessThan(
      Math.PI / 36,
    );
  });
  it('gradient descent crawls on the ellipse and converges on the circle', () => {
    expect(excess(unscaled, result.unscaled)).toBeGreaterThan(0.5);
    expect(excess(scaled, result.scaled)).toBeLessThan(1e-3);
  });
  it('Adagrad, one rate per parameter, converges on the ellipse', () => {
    expect(excess(unscaled, result.adagrad)).toBeLessThan(1e-2);
  });
});

describe('stochastic gradient descent (claim 4)', () => {
  const { batch, stochastic: sgd } = stochastic.run({ epochs: 2 });
  it('takes one update per example and gets further in the first epoch', () => {
    expect(sgd.points.length - 1).toBe(100);
    expect(batch.points.length - 1).toBe(2);
    expect(sgd.epochLosses[1] as number).toBeLessThan(0.5 * (batch.epochLosses[1] as number));
  });
});

describe('Batch Normalization (claims 6-9)', () => {
  const { plain, normalized } = batchNorm.run({ steps: 400 });
  const tail = (r: batchNorm.Run): number => r.losses.slice(-20).reduce((a, b) => a + b, 0) / 20;
  it('lets a deep sigmoid network train where the plain one barely moves', () => {
    expect(tail(plain)).toBeGreaterThan(0.6);
    expect(tail(normalized)).toBeLessThan(0.2);
  });
  it('classifies test examples one at a time with its running averages', () => {
    expect(normalized.testAccuracy).toBeGreaterThan(0.95);
  });
}, 60_000);

describe('Batch Normalization on MNIST, Ioffe & Szegedy Figure 1 in small (claims 7-9)', () => {
  // 6,000 training digits, 200 steps of 60 at η = 1, one seed: the full run's setting in small.
  let result: mnist.MnistResult;
  beforeAll(async () => {
    result = await mnist.run({
      learningRates: [1],
      seeds: [0],
      steps: 200,
      evalEvery: 100,
      window: 20,
      digits: { train: 6000, test: 1000 },
      workers: 1,
      progress: false,
    });
  }, 120_000);
  const curve = (batchNorm: boolean) => result.curves.find((c) => c.batchNorm === batchNorm);
  const run = (batchNorm: boolean) => result.runs.find((r) => r.batchNorm === batchNorm);

  it('trains the sigmoid network with BatchNorm where the plain one is still at chance', () => {
    const plain = curve(false)?.mean.at(-1) as number;
    const normalized = curve(true)?.mean.at(-1) as number;
    expect(curve(true)?.steps).toEqual([0, 100, 200]);
    expect(plain).toBeLessThan(0.3);
    expect(normalized).toBeGreaterThan(0.75);
    expect(normalized - plain).toBeGreaterThan(0.4);
  });

  it("keeps the last hidden layer's input distribution in place; without it, it drifts", () => {
    const plain = run(false)?.percentiles;
    const normalized = run(true)?.percentiles;
    expect(plain?.step).toHaveLength(10);
    expect(drift(plain as never)).toBeGreaterThan(2 * drift(normalized as never));
    expect(drift(plain as never)).toBeGreaterThan(0.5);
  });

  it('classifies digits one at a time with its moving averages, and worse on batch statistics', () => {
    const { evalOneAtATime, evalAllAtOnce, trainMode } = result.inference;
    // Eval mode gives every digit the same normalization whatever else is in the batch.
    expect(Math.abs(evalOneAtATime - evalAllAtOnce)).toBeLessThanOrEqual(0.002);
    const ofTwo = trainMode.find((t) => t.batchSize === 2)?.accuracy as number;
    const ofSixty = trainMode.find((t) => t.batchSize === 60)?.accuracy as number;
    expect(ofTwo).toBeLessThan(evalOneAtATime - 0.15);
    expect(ofSixty).toBeGreaterThan(ofTwo);
  });
});
