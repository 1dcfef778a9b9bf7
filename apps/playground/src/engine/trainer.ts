/**
 * One training run of the playground, with no DOM: the worker drives it, the tests drive it in
 * Node. It owns the data, the network, the optimizer and the epoch counter, and answers the
 * page's questions (losses, pictures of every unit, weights, BatchNorm statistics).
 */
import { cat, type Generator, noGrad, type Tensor, tensor } from '@descent/core';
import { DataLoader, TensorDataset } from '@descent/data';
import { loadSafetensors, type StateDict, saveSafetensors } from '@descent/nn';
import { FEATURE_KEYS, type FeatureKey } from '../state/normalize.js';
import type { State } from '../state/schema.js';
import { strongestChange } from './changes.js';
import { buildData, type PlaygroundData, seededGenerator } from './dataset.js';
import { featureMatrix } from './features.js';
import { gridPoints } from './grid.js';
import {
  buildNetwork,
  evaluate,
  headOf,
  linearLayers,
  type Network,
  type NormMode,
} from './network.js';
import { configureTraining, currentRate, type Training } from './optimizer.js';
import { values } from './read.js';
import { displayValues, lossFor, score, targetsFor } from './targets.js';

/** Losses and scores after an epoch, measured on every point with the running statistics. */
export interface Measurement {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly testLoss: number;
  /** Accuracy (classification) or R² (regression). */
  readonly trainScore: number;
  readonly testScore: number;
  readonly learningRate: number;
}

export interface WeightsView {
  /** Units per layer, inputs first. */
  readonly layers: number[];
  /** Per pair of layers, `out × in` row-major weights. */
  readonly weights: Float32Array[];
  /** Per non-input layer, one bias per unit. */
  readonly biases: Float32Array[];
}

export interface NormStats {
  readonly layer: number;
  readonly runningMean: Float32Array;
  readonly runningVar: Float32Array;
  /** The statistics of the last training batch (biased variance, as normalization uses). */
  readonly batchMean: Float32Array | null;
  readonly batchVar: Float32Array | null;
}

export interface LayerInputs {
  /** Each hidden layer's Linear output over the training points, `[points × units]`. */
  readonly linear: Float32Array;
  /** The same after BatchNorm, or null where the layer has none. */
  readonly normalized: Float32Array | null;
  readonly units: number;
}

/** A typed error the page shows as it is. */
export class PlaygroundError extends Error {
  override readonly name = 'PlaygroundError';
}

function clone(dict: StateDict): StateDict {
  const out: StateDict = {};
  for (const [key, value] of Object.entries(dict)) out[key] = value.clone();
  return out;
}

export class Trainer {
  private settings: State;
  private data!: PlaygroundData;
  private features: FeatureKey[] = [];
  private trainInputs!: Tensor;
  private testInputs!: Tensor;
  private trainLabels!: Float32Array;
  private testLabels!: Float32Array;
  private trainTargets!: Tensor;
  private testTargets!: Tensor;
  private net!: Network;
  private training!: Training;
  private lastBatch: Tensor | null = null;
  private lastGood: { epoch: number; weights: StateDict } | null = null;
  private grids = new Map<number, Tensor>();
  private epochCount = 0;

  /**
   * @example
   * ```ts
   * const trainer = new Trainer(defaultState());
   * trainer.trainEpoch().trainLoss;
   * ```
   */
  constructor(state: State) {
    this.settings = state;
    this.rebuildData();
  }

  /** Epochs trained since the network was initialized. */
  get epoch(): number {
    return this.epochCount;
  }

  /** The data being trained on. */
  get dataset(): PlaygroundData {
    return this.data;
  }

  /** The network being trained. */
  get network(): Network {
    return this.net;
  }

  /** The settings the run follows. */
  get state(): State {
    return this.settings;
  }

  /**
   * Follows new settings: new data or a new network where they change those, otherwise the same
   * weights with the new optimizer settings. Returns what it rebuilt.
   *
   * @example
   * ```ts
   * trainer.configure({ ...trainer.state, learningRate: 0.1 }); // 'training'
   * ```
   */
  configure(state: State): ReturnType<typeof strongestChange> {
    const change = strongestChange(this.settings, state);
    this.settings = state;
    if (change === 'data') this.rebuildData();
    else if (change === 'model') this.rebuildModel();
    else if (change === 'training') this.rebuildTraining();
    return change;
  }

  /**
   * Re-initializes the network from the seed (the same weights every time) and starts at epoch 0.
   *
   * @example
   * ```ts
   * trainer.reset();
   * trainer.epoch; // 0
   * ```
   */
  reset(): void {
    this.rebuildModel();
  }

  private rebuildData(): void {
    this.data = buildData(this.settings);
    this.rebuildModel();
  }

  private rebuildModel(): void {
    const state = this.settings;
    this.features = FEATURE_KEYS.filter((key) => state[key]);
    // The pictures' inputs depend on the features.
    this.grids.clear();
    const head = headOf(state, this.data.classes);
    const inputs = featureMatrix(this.data.points, this.features);
    const { train, test, labels } = this.data;
    this.trainInputs = inputs.indexSelect(0, tensor(train));
    this.testInputs = inputs.indexSelect(0, tensor(test));
    this.trainLabels = Float32Array.from(train, (i) => labels[i] as number);
    this.testLabels = Float32Array.from(test, (i) => labels[i] as number);
    this.trainTargets = targetsFor(head, labels, train);
    this.testTargets = targetsFor(head, labels, test);
    this.net = buildNetwork({
      inputs: this.features.length,
      layers: state.layers,
      batchNorm: state.batchNorm,
      activation: state.activation,
      head,
      classes: this.data.classes,
      generator: seededGenerator(state.seed, 'init'),
    });
    this.epochCount = 0;
    this.lastBatch = null;
    this.lastGood = { epoch: 0, weights: clone(this.net.model.stateDict()) };
    this.training = configureTraining(null, this.net.model.parameters(), state, 0);
    this.batchOrder = seededGenerator(state.seed, 'batches');
    this.loader = this.newLoader();
  }

  private loader!: DataLoader<[Tensor, Tensor]>;
  private batchOrder!: Generator;

  private newLoader(): DataLoader<[Tensor, Tensor]> {
    const n = this.data.train.length;
    const batchSize = Math.max(1, Math.min(this.settings.batchSize, n));
    const hasNorm = this.net.hidden.some((layer) => layer.norm !== null);
    return new DataLoader<[Tensor, Tensor]>(
      new TensorDataset(this.trainInputs, this.trainTargets),
      {
        batchSize,
        shuffle: true,
        // BatchNorm cannot normalize a batch of one example, which a remainder can be.
        dropLast: hasNorm && n % batchSize === 1 && n > 1,
        // One generator for the whole run, so a new batch size continues its stream.
        generator: this.batchOrder,
      },
    );
  }

  private rebuildTraining(): void {
    this.training = configureTraining(
      this.training,
      this.net.model.parameters(),
      this.settings,
      this.epochCount,
    );
    this.loader = this.newLoader();
  }

  private penalty(): Tensor | null {
    const { regularization, regularizationRate } = this.settings;
    if (regularization === 'none' || regularizationRate === 0) return null;
    const terms = linearLayers(this.net).map((layer) =>
      regularization === 'L1' ? layer.weight.abs().sum() : layer.weight.square().sum().mul(0.5),
    );
    return terms.reduce((a, b) => a.add(b)).mul(regularizationRate);
  }

  /**
   * Trains one epoch (every training point once, in shuffled mini-batches), then measures.
   * When the loss stops being a finite number the weights go back to the last finite epoch and
   * the measurement says `diverged`.
   *
   * @example
   * ```ts
   * const m = trainer.trainEpoch();
   * m.epoch; // 1
   * ```
   */
  trainEpoch(): Measurement & { diverged: boolean } {
    if (this.data.train.length === 0) {
      throw new PlaygroundError(
        'There are no training points: add points by clicking on the picture, or upload a CSV.',
      );
    }
    const { optimizer, scheduler } = this.training;
    const model = this.net.model;
    model.train();
    let finite = true;
    for (const [inputs, target] of this.loader) {
      optimizer.zeroGrad();
      const output = model.forward(inputs as Tensor);
      let loss = lossFor(this.net.head, output, target as Tensor);
      const penalty = this.penalty();
      if (penalty !== null) loss = loss.add(penalty);
      loss.backward();
      optimizer.step();
      this.lastBatch = inputs as Tensor;
      if (!Number.isFinite(loss.item())) {
        finite = false;
        break;
      }
    }
    scheduler?.step();
    this.epochCount++;
    const measured = this.measure();
    const diverged = !finite || !Number.isFinite(measured.trainLoss);
    if (diverged) {
      this.restoreLastGood();
    } else {
      this.lastGood = { epoch: this.epochCount, weights: clone(model.stateDict()) };
    }
    return { ...measured, diverged };
  }

  private restoreLastGood(): void {
    if (this.lastGood === null) return;
    this.net.model.loadStateDict(clone(this.lastGood.weights));
    this.epochCount = this.lastGood.epoch;
    this.training = configureTraining(
      null,
      this.net.model.parameters(),
      this.settings,
      this.epochCount,
    );
  }

  private mode(): NormMode {
    return this.settings.bnMode === 'train' && this.lastBatch !== null
      ? { kind: 'batch', inputs: this.lastBatch }
      : { kind: 'running' };
  }

  /**
   * Loss and accuracy (or R²) on the training and test points, with BatchNorm's running
   * statistics, as a PyTorch user measures after `model.eval()`.
   *
   * @example
   * ```ts
   * trainer.measure().testLoss;
   * ```
   */
  measure(): Measurement {
    const head = this.net.head;
    const model = this.net.model;
    const on = (inputs: Tensor, target: Tensor, labels: Float32Array) => {
      if (labels.length === 0) return { loss: Number.NaN, score: Number.NaN };
      const output = model.forward(inputs);
      const loss = lossFor(head, output, target).item();
      const shown = displayValues(head, output);
      return { loss, score: score(head, values(shown), shown.shape[1] ?? 1, labels) };
    };
    const wasTraining = model.training;
    model.eval();
    const [train, test] = noGrad(() => [
      on(this.trainInputs, this.trainTargets, this.trainLabels),
      on(this.testInputs, this.testTargets, this.testLabels),
    ]);
    model.train(wasTraining);
    return {
      epoch: this.epochCount,
      trainLoss: train.loss,
      testLoss: test.loss,
      trainScore: train.score,
      testScore: test.score,
      learningRate: currentRate(this.training),
    };
  }

  private gridInputs(density: number): Tensor {
    let inputs = this.grids.get(density);
    if (inputs === undefined) {
      inputs = featureMatrix(gridPoints(this.data.domain, density), this.features);
      this.grids.set(density, inputs);
    }
    return inputs;
  }

  /**
   * The network's output over a `density × density` grid of the domain (row 0 at the top), as
   * display values: one value in [-1, 1] per cell, or K class probabilities per cell.
   *
   * @example
   * ```ts
   * trainer.outputGrid(100).length; // 10000 (or 10000 × K)
   * ```
   */
  outputGrid(density: number): Float32Array {
    const picture = { detail: false };
    const { output } = evaluate(this.net, this.gridInputs(density), this.mode(), picture);
    return values(displayValues(this.net.head, output));
  }

  /**
   * Every hidden unit's output over a `density × density` grid: unit after unit, layer after
   * layer, each `density²` values.
   *
   * @example
   * ```ts
   * trainer.unitGrids(20).length; // 400 × hidden units
   * ```
   */
  unitGrids(density: number): Float32Array {
    const picture = { detail: false };
    const { hidden } = evaluate(this.net, this.gridInputs(density), this.mode(), picture);
    if (hidden.length === 0) return new Float32Array(0);
    return values(cat(hidden, 1).t());
  }

  /**
   * One hidden unit's output over a `density × density` grid.
   *
   * @example
   * ```ts
   * trainer.unitGrid(0, 1, 100).length; // 10000
   * ```
   */
  unitGrid(layer: number, unit: number, density: number): Float32Array {
    const picture = { detail: false };
    const { hidden } = evaluate(this.net, this.gridInputs(density), this.mode(), picture);
    const values_ = hidden[layer];
    if (values_ === undefined || unit < 0 || unit >= (values_.shape[1] ?? 0)) {
      throw new PlaygroundError(`There is no unit ${unit + 1} in hidden layer ${layer + 1}.`);
    }
    return values(values_.select(1, unit));
  }

  /**
   * The weights and biases, for the network picture.
   *
   * @example
   * ```ts
   * trainer.weights().layers; // [2, 4, 2, 1]
   * ```
   */
  weights(): WeightsView {
    const linears = linearLayers(this.net);
    return {
      layers: [this.features.length, ...linears.map((l) => l.outFeatures)],
      weights: linears.map((l) => values(l.weight)),
      biases: linears.map((l) => (l.bias ? values(l.bias) : new Float32Array(l.outFeatures))),
    };
  }

  /**
   * Sets one weight (`layer` counts the Linear layers from 0) or, with `input === null`, one
   * bias, as the page's weight editor does. Training goes on from the new value.
   *
   * @example
   * ```ts
   * trainer.setWeight(0, 1, 0, 0.5); // hidden unit 2's weight from x₁
   * ```
   */
  setWeight(layer: number, unit: number, input: number | null, value: number): void {
    const linear = linearLayers(this.net)[layer];
    const where = `layer ${layer + 1}`;
    if (linear === undefined) throw new PlaygroundError(`There is no ${where}.`);
    if (!Number.isFinite(value)) {
      throw new PlaygroundError(`A weight must be a finite number; got ${value}.`);
    }
    const inRange = (i: number, n: number) => Number.isInteger(i) && i >= 0 && i < n;
    if (!inRange(unit, linear.outFeatures)) {
      throw new PlaygroundError(`There is no unit ${unit + 1} in ${where}.`);
    }
    const target = input === null ? linear.bias : linear.weight;
    if (target === null) throw new PlaygroundError(`${where} has no bias.`);
    if (input !== null && !inRange(input, linear.inFeatures)) {
      throw new PlaygroundError(`There is no input ${input + 1} to ${where}.`);
    }
    const flat = input === null ? unit : unit * linear.inFeatures + input;
    const mask = tensor(
      Float32Array.from({ length: target.size }, (_, i) => (i === flat ? 1 : 0)),
    ).reshape(target.shape);
    // w ← w·(1 − mask) + value·mask: an in-place update through core's ops, outside the graph.
    noGrad(() => target.mul_(mask.neg().add(1)).add_(mask.mul(value)));
    this.lastGood = { epoch: this.epochCount, weights: clone(this.net.model.stateDict()) };
  }

  /**
   * Each BatchNorm layer's running statistics and the last training batch's.
   *
   * @example
   * ```ts
   * trainer.normStats()[0]?.runningMean;
   * ```
   */
  normStats(): NormStats[] {
    const out: NormStats[] = [];
    const batch =
      this.lastBatch === null
        ? null
        : evaluate(this.net, this.lastBatch, { kind: 'batch', inputs: this.lastBatch });
    this.net.hidden.forEach((layer, i) => {
      const norm = layer.norm;
      if (norm === null || norm.runningMean === null || norm.runningVar === null) return;
      const linear = batch?.linearOutput[i];
      out.push({
        layer: i,
        runningMean: values(norm.runningMean),
        runningVar: values(norm.runningVar),
        batchMean: linear ? values(linear.mean(0)) : null,
        batchVar: linear ? values(linear.var(0, { unbiased: false })) : null,
      });
    });
    return out;
  }

  /**
   * Each hidden layer's inputs to its activation over the training points, before and after
   * BatchNorm, for histograms.
   *
   * @example
   * ```ts
   * trainer.layerInputs()[0]?.linear.length; // training points × units
   * ```
   */
  layerInputs(): LayerInputs[] {
    const run = evaluate(this.net, this.trainInputs, this.mode());
    return this.net.hidden.map((layer, i) => ({
      linear: values(run.linearOutput[i] as Tensor),
      normalized: layer.norm ? values(run.preActivation[i] as Tensor) : null,
      units: layer.linear.outFeatures,
    }));
  }

  /**
   * The network's state dict as a `.safetensors` file (PyTorch's key names), with the
   * architecture in its metadata.
   *
   * @example
   * ```ts
   * const bytes = trainer.exportWeights();
   * ```
   */
  exportWeights(): Uint8Array {
    return saveSafetensors(this.net.model.stateDict(), {
      format: 'pt',
      architecture: String(this.net.model),
      features: this.features.join(','),
    });
  }

  /**
   * Loads weights saved by {@link exportWeights} (or by PyTorch for the same architecture). On
   * any mismatch nothing changes and the error says what did not fit.
   *
   * @example
   * ```ts
   * trainer.importWeights(bytes);
   * ```
   */
  importWeights(bytes: Uint8Array): void {
    let dict: StateDict;
    try {
      dict = loadSafetensors(bytes);
    } catch (error) {
      throw new PlaygroundError(
        `That file is not a safetensors file we can read: ${message(error)}`,
      );
    }
    try {
      this.net.model.loadStateDict(dict);
    } catch (error) {
      throw new PlaygroundError(
        `Those weights do not fit this network (${String(this.net.model).replace(/\s+/g, ' ')}): ${message(error)}`,
      );
    }
    this.lastGood = { epoch: this.epochCount, weights: clone(this.net.model.stateDict()) };
    this.training = configureTraining(
      null,
      this.net.model.parameters(),
      this.settings,
      this.epochCount,
    );
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
