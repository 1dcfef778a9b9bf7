import { describe, expect, it } from 'vitest';
import { lessonSettings } from '../lessons/presets.js';
import { normalize } from '../state/normalize.js';
import { defaultState, type State } from '../state/schema.js';
import { Trainer } from './trainer.js';

const settings = (change: Partial<State>): State =>
  normalize({ ...defaultState(), ...change }).state;

function train(trainer: Trainer, epochs: number) {
  let last = trainer.measure();
  for (let i = 0; i < epochs; i++) last = trainer.trainEpoch();
  return last;
}

describe('the playground trainer', () => {
  it('starts at epoch 0 with TensorFlow Playground’s data: 250 training and 250 test points', () => {
    const trainer = new Trainer(defaultState());
    expect(trainer.epoch).toBe(0);
    expect(trainer.dataset.train.length).toBe(250);
    expect(trainer.dataset.test.length).toBe(250);
    expect(trainer.weights().layers).toEqual([2, 4, 2, 1]);
  });

  it('learns the circle from x₁², x₂²: test loss below 0.05 within 60 epochs', () => {
    const trainer = new Trainer(settings({ x1Squared: true, x2Squared: true }));
    let epochs = 0;
    let loss = trainer.measure().testLoss;
    while (loss >= 0.05 && epochs < 60) {
      loss = trainer.trainEpoch().testLoss;
      epochs++;
    }
    expect(loss).toBeLessThan(0.05);
    expect(trainer.measure().testScore).toBeGreaterThan(0.97);
  });

  it('trains exactly one epoch per call: every training point once, in batches', () => {
    const trainer = new Trainer(defaultState());
    const m = trainer.trainEpoch();
    expect(m.epoch).toBe(1);
    expect(trainer.epoch).toBe(1);
  });

  it('repeats a run exactly from the same seed, and not from another', () => {
    const a = train(new Trainer(settings({ seed: 42 })), 50);
    const b = train(new Trainer(settings({ seed: 42 })), 50);
    const c = train(new Trainer(settings({ seed: 43 })), 50);
    expect(b.trainLoss).toBe(a.trainLoss);
    expect(b.testLoss).toBe(a.testLoss);
    expect(c.testLoss).not.toBe(a.testLoss);
  });

  it('reset starts the same run again', () => {
    const trainer = new Trainer(defaultState());
    const first = train(trainer, 5);
    trainer.reset();
    expect(trainer.epoch).toBe(0);
    expect(train(trainer, 5).testLoss).toBe(first.testLoss);
  });

  it('keeps the weights when an optimizer setting changes, and starts over when the network does', () => {
    const trainer = new Trainer(defaultState());
    train(trainer, 3);
    const before = trainer.weights().weights.map((w) => Array.from(w));
    expect(trainer.configure({ ...trainer.state, learningRate: 0.1, optimizer: 'adam' })).toBe(
      'training',
    );
    expect(trainer.weights().weights.map((w) => Array.from(w))).toEqual(before);
    expect(trainer.epoch).toBe(3);
    expect(trainer.measure().learningRate).toBe(0.1);
    expect(trainer.configure({ ...trainer.state, activation: 'relu' })).toBe('model');
    expect(trainer.epoch).toBe(0);
    expect(trainer.configure({ ...trainer.state, noise: 20 })).toBe('data');
  });

  it('draws its pictures from the new inputs after the features change', () => {
    const trainer = new Trainer(defaultState());
    expect(trainer.outputGrid(10).length).toBe(100);
    trainer.configure({ ...trainer.state, x1Squared: true, sinX2: true });
    expect(trainer.weights().layers[0]).toBe(4);
    expect(trainer.outputGrid(10).length).toBe(100);
    expect(trainer.unitGrids(10).length).toBe(100 * 6);
  });

  it('schedules the learning rate by epoch: η/√(t+1) after 3 epochs', () => {
    const trainer = new Trainer(settings({ schedule: 'inverseSqrt', learningRate: 0.3 }));
    train(trainer, 3);
    expect(trainer.measure().learningRate).toBeCloseTo(0.3 / Math.sqrt(4), 12);
    // A new rate mid-run gives the rate a run with it from the start would have now.
    trainer.configure({ ...trainer.state, learningRate: 1 });
    expect(trainer.measure().learningRate).toBeCloseTo(1 / Math.sqrt(4), 12);
  });

  it('notices divergence, restores the last finite weights and reports the epoch', () => {
    const trainer = new Trainer(settings(lessonSettings('learning-rate')));
    const losses = [trainer.measure().trainLoss];
    let result = trainer.trainEpoch();
    while (!result.diverged && result.epoch < 50) {
      losses.push(result.trainLoss);
      result = trainer.trainEpoch();
    }
    expect(result.diverged).toBe(true);
    // The lecture's picture: the loss goes up, epoch after epoch, before it stops being a number.
    expect(losses.slice(1).every((loss, i) => loss > (losses[i] as number))).toBe(true);
    expect(result.epoch).toBeGreaterThan(10);
    expect(trainer.epoch).toBe(result.epoch - 1);
    const after = trainer.measure();
    expect(after.trainLoss).toBe(losses.at(-1));
    expect(trainer.weights().weights.every((w) => w.every(Number.isFinite))).toBe(true);
  });

  it('shows the lecture’s lesson: BatchNorm lets a deep sigmoid network train', () => {
    const lesson = lessonSettings('batchnorm-sigmoid');
    const plain = train(new Trainer(settings({ ...lesson })), 100);
    const normalized = train(
      new Trainer(settings({ ...lesson, batchNorm: [true, true, true, true] })),
      100,
    );
    expect(plain.testScore).toBeLessThan(0.7);
    expect(normalized.testScore).toBeGreaterThan(0.9);
    expect(normalized.testLoss).toBeLessThan(plain.testLoss / 3);
  });

  it('fits the regression plane', () => {
    const m = train(new Trainer(settings({ problem: 'regression' })), 30);
    expect(m.testScore).toBeGreaterThan(0.95);
  });

  it('classifies a three-armed spiral with a softmax', () => {
    const trainer = new Trainer(
      settings({
        dataset: 'spiral',
        arms: 3,
        layers: [16, 16],
        activation: 'relu',
        optimizer: 'adam',
        learningRate: 0.03,
        sinX1: true,
        sinX2: true,
      }),
    );
    expect(trainer.weights().layers.at(-1)).toBe(3);
    expect(trainer.outputGrid(10).length).toBe(300);
    const m = train(trainer, 150);
    expect(m.trainScore).toBeGreaterThan(0.8);
  });

  it('sets exactly the weight or bias it is asked to', () => {
    const trainer = new Trainer(defaultState());
    const before = trainer.weights();
    trainer.setWeight(0, 1, 0, 0.5);
    trainer.setWeight(2, 0, null, -0.25);
    const after = trainer.weights();
    expect(after.weights[0]?.[1 * 2 + 0]).toBe(0.5);
    expect(after.biases[2]?.[0]).toBe(-0.25);
    const changed = Array.from(after.weights[0] ?? []).filter(
      (w, i) => w !== before.weights[0]?.[i],
    );
    expect(changed).toEqual([0.5]);
    expect(() => trainer.setWeight(0, 9, 0, 1)).toThrow(/no unit 10 in layer 1/);
    expect(() => trainer.setWeight(0, 0, 0, Number.NaN)).toThrow(/finite/);
  });

  it('exports weights that reproduce the outputs when imported, and refuses a mismatch', () => {
    const trained = new Trainer(defaultState());
    train(trained, 10);
    const bytes = trained.exportWeights();
    const other = new Trainer(settings({ seed: 99 }));
    expect(other.outputGrid(20)).not.toEqual(trained.outputGrid(20));
    other.importWeights(bytes);
    expect(other.outputGrid(20)).toEqual(trained.outputGrid(20));
    const wider = new Trainer(settings({ layers: [5, 2] }));
    expect(() => wider.importWeights(bytes)).toThrow(/do not fit this network/);
    expect(() => wider.importWeights(new Uint8Array([1, 2, 3]))).toThrow(/not a safetensors file/);
  });

  it('draws BatchNorm with the last batch’s statistics in train mode and the running ones in eval', () => {
    const trainer = new Trainer(settings(lessonSettings('batchnorm-modes')));
    train(trainer, 5);
    const stats = trainer.normStats();
    expect(stats).toHaveLength(2);
    expect(stats[0]?.runningMean.length).toBe(8);
    expect(stats[0]?.batchMean?.length).toBe(8);
    const trainPicture = trainer.outputGrid(10);
    trainer.configure({ ...trainer.state, bnMode: 'eval' });
    const evalPicture = trainer.outputGrid(10);
    expect(evalPicture).not.toEqual(trainPicture);
  });

  it('gives each hidden layer’s inputs before and after BatchNorm', () => {
    const trainer = new Trainer(settings({ batchNorm: [true, false] }));
    const inputs = trainer.layerInputs();
    expect(inputs[0]?.normalized?.length).toBe(250 * 4);
    expect(inputs[1]?.normalized).toBeNull();
    expect(inputs[1]?.linear.length).toBe(250 * 2);
  });

  it('says what to do when your data has no training points', () => {
    const trainer = new Trainer(settings({ dataset: 'custom', points: [] }));
    expect(() => trainer.trainEpoch()).toThrow(/no training points/);
  });
});
