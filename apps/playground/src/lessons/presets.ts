/**
 * The lecture's lessons. Each is a set of settings (so a lesson is only a link), two or three
 * sentences on what to watch, and a target where one fits.
 */
import type { State } from '../state/schema.js';

export type LessonId = Exclude<State['lesson'], ''>;

export interface Lesson {
  readonly title: string;
  /** What to watch, in two or three sentences. */
  readonly text: string;
  /** What to try, and what counts as success. */
  readonly target?: string;
  readonly settings: Partial<State>;
}

const networkDefaults: Partial<State> = { view: 'network', problem: 'classification' };

export const LESSONS: Readonly<Record<LessonId, Lesson>> = {
  'feature-scaling': {
    title: 'Feature scaling: a long ellipse or a circle',
    text: 'A model with two weights predicts a Pokémon’s combat power after evolution from its combat power before (hundreds) and its hit points (tens). As measured, the error surface is a long ellipse: the gradient points across the valley instead of at the minimum, and a learning rate small enough for the steep direction crawls along the flat one. Standardized (mean 0, standard deviation 1 for each feature), the surface is nearly a circle and the same descent goes straight to the minimum.',
    target: 'Compare how far each path gets in 100 updates; then try 300.',
    settings: {
      view: 'surface',
      surfaceScaling: 'both',
      surfaceGd: true,
      surfaceSgd: false,
      surfaceAdagrad: false,
      surfaceRate: 0.5,
      surfaceSteps: 100,
    },
  },
  'gd-sgd-adagrad': {
    title: 'Full-batch GD, SGD and Adagrad on one surface',
    text: 'Gradient descent uses every example for each update; SGD updates after each example (or small batch), taking many noisy steps in the time gradient descent takes one. Adagrad divides each weight’s step by the root of the sum of its past squared gradients, so the steep direction gets small steps and the flat one large steps — on the unscaled ellipse it reaches the minimum where gradient descent crawls.',
    target: 'Raise the SGD batch size and watch its zigzag calm down.',
    settings: {
      view: 'surface',
      surfaceScaling: 'raw',
      surfaceGd: true,
      surfaceSgd: true,
      surfaceAdagrad: true,
      surfaceRate: 0.5,
      surfaceAdagradRate: 1,
      surfaceSteps: 100,
      surfaceBatch: 1,
    },
  },
  'learning-rate': {
    title: 'A learning rate too large',
    text: 'Gradient descent only promises a lower loss when the step is small enough: the Taylor-series argument behind it holds near the current point. Here a linear model learns the plane with full-batch gradient descent (one update per epoch) at learning rate 0.3: each update overshoots the minimum by more than it corrects, so the loss grows epoch after epoch until it is no longer a number, and training pauses and says so.',
    target:
      'Choose 0.03 and press Play: the loss now falls. Plotting the loss against updates is how you tell.',
    settings: {
      ...networkDefaults,
      problem: 'regression',
      regDataset: 'plane',
      activation: 'linear',
      layers: [],
      batchNorm: [],
      batchSize: 600,
      learningRate: 0.3,
      optimizer: 'sgd',
    },
  },
  'batchnorm-sigmoid': {
    title: 'BatchNorm lets a deep sigmoid network train',
    text: 'Four hidden layers of sigmoids barely learn: their inputs drift away from zero, where the sigmoid is flat and its gradient nearly vanishes. Batch Normalization normalizes each unit’s input with the batch’s mean and standard deviation, then scales and shifts it with a learned γ and β, keeping it where the sigmoid has a gradient.',
    target:
      'Press Play and note the test loss at epoch 100; then tick BatchNorm on every layer and run again — the faint line is the run without it.',
    settings: {
      ...networkDefaults,
      dataset: 'circle',
      activation: 'sigmoid',
      layers: [8, 8, 8, 8],
      batchNorm: [false, false, false, false],
      loss: 'crossEntropy',
      learningRate: 0.3,
      batchSize: 10,
      optimizer: 'sgd',
      stopAtEpoch: 100,
    },
  },
  'batchnorm-modes': {
    title: 'BatchNorm in training and in testing',
    text: 'In training, BatchNorm uses the statistics of the current batch, so a prediction depends on the other examples in the batch. At test time examples come one at a time, so the layer uses moving averages of μ and σ² kept during training. Switch the picture between Train (the last batch’s statistics) and Eval (the running averages) and compare them with the table.',
    target:
      'With batch size 4 the Train picture jumps from frame to frame; raise the batch size to 30 and it settles.',
    settings: {
      ...networkDefaults,
      dataset: 'xor',
      activation: 'tanh',
      layers: [8, 8],
      batchNorm: [true, true],
      loss: 'crossEntropy',
      learningRate: 0.1,
      batchSize: 4,
      bnMode: 'train',
    },
  },
};

/**
 * The settings a lesson sets, or none for no lesson.
 *
 * @example
 * ```ts
 * lessonSettings('learning-rate').learningRate; // 1
 * ```
 */
export function lessonSettings(id: State['lesson']): Partial<State> {
  return id === '' ? {} : LESSONS[id].settings;
}
