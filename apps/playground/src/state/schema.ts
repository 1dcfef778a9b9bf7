/**
 * Every setting of the playground in one declarative table: its label, kind, range or choices,
 * default and what changing it does. The controls, the URL hash, lessons and imported state files
 * are all read and checked through this table. Defaults of the settings TensorFlow Playground has
 * are TensorFlow Playground's (its `src/state.ts`).
 */
import { bool, boolList, choice, intList, number, points, range, type ValueOf } from './param.js';

const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10] as const;
const REGULARIZATION_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10] as const;

const menu = (values: readonly number[]): { value: number; label: string }[] =>
  values.map((value) => ({ value, label: String(value) }));

/** The most hidden layers, and units per layer, the network editor allows. */
export const MAX_LAYERS = 8;
export const MAX_UNITS = 16;
/** The most points a user's own data set may have (upload, clicks or URL). */
export const MAX_POINTS = 2000;

export const PARAMS = {
  // -- data ------------------------------------------------------------------------------------
  problem: choice({
    label: 'Problem type',
    effect: 'data',
    group: 'data',
    default: 'classification',
    options: [
      { value: 'classification', label: 'Classification' },
      { value: 'regression', label: 'Regression' },
    ],
  }),
  dataset: choice({
    label: 'Data set',
    effect: 'data',
    group: 'data',
    default: 'circle',
    options: [
      { value: 'circle', label: 'Circle' },
      { value: 'xor', label: 'Exclusive or' },
      { value: 'gauss', label: 'Two Gaussians' },
      { value: 'spiral', label: 'Spiral' },
      { value: 'custom', label: 'Your own data' },
    ],
  }),
  regDataset: choice({
    label: 'Data set',
    effect: 'data',
    group: 'data',
    default: 'plane',
    options: [
      { value: 'plane', label: 'Plane' },
      { value: 'gauss', label: 'Multi Gaussian' },
      { value: 'custom', label: 'Your own data' },
    ],
  }),
  arms: choice({
    label: 'Spiral arms (classes)',
    effect: 'data',
    group: 'data',
    default: 2,
    options: menu([2, 3, 4, 5]),
  }),
  trainRatio: range({
    label: 'Ratio of training to test data',
    effect: 'data',
    group: 'data',
    default: 50,
    min: 10,
    max: 90,
    step: 10,
    unit: '%',
  }),
  noise: range({
    label: 'Noise',
    effect: 'data',
    group: 'data',
    default: 0,
    min: 0,
    max: 50,
    step: 5,
  }),
  batchSize: number({
    label: 'Batch size',
    effect: 'training',
    group: 'data',
    default: 10,
    min: 1,
    max: 5000,
    integer: true,
    help: 'Examples per update. 1 is pure SGD; the whole training set is full-batch gradient descent.',
  }),
  seed: number({
    label: 'Seed',
    effect: 'data',
    group: 'data',
    default: 1,
    min: 0,
    max: 2 ** 31 - 1,
    integer: true,
    help: 'Same seed, same data, same initial weights, same run.',
  }),
  points: points({
    label: 'Your data',
    effect: 'data',
    group: 'hidden',
    default: [],
    maxPoints: MAX_POINTS,
  }),

  // -- features --------------------------------------------------------------------------------
  x1: bool({ label: 'x₁', effect: 'model', group: 'features', default: true }),
  x2: bool({ label: 'x₂', effect: 'model', group: 'features', default: true }),
  x1Squared: bool({ label: 'x₁²', effect: 'model', group: 'features', default: false }),
  x2Squared: bool({ label: 'x₂²', effect: 'model', group: 'features', default: false }),
  x1x2: bool({ label: 'x₁x₂', effect: 'model', group: 'features', default: false }),
  sinX1: bool({ label: 'sin(x₁)', effect: 'model', group: 'features', default: false }),
  sinX2: bool({ label: 'sin(x₂)', effect: 'model', group: 'features', default: false }),

  // -- network ---------------------------------------------------------------------------------
  layers: intList({
    label: 'Hidden layers',
    effect: 'model',
    group: 'hidden',
    default: [4, 2],
    maxLength: MAX_LAYERS,
    min: 1,
    max: MAX_UNITS,
  }),
  batchNorm: boolList({
    label: 'BatchNorm',
    effect: 'model',
    group: 'hidden',
    default: [false, false],
    maxLength: MAX_LAYERS,
  }),
  activation: choice({
    label: 'Activation',
    effect: 'model',
    group: 'network',
    default: 'tanh',
    options: [
      { value: 'relu', label: 'ReLU' },
      { value: 'tanh', label: 'Tanh' },
      { value: 'sigmoid', label: 'Sigmoid' },
      { value: 'linear', label: 'Linear' },
    ],
  }),
  loss: choice({
    label: 'Loss',
    effect: 'model',
    group: 'network',
    default: 'mse',
    options: [
      { value: 'mse', label: 'Mean squared error' },
      { value: 'crossEntropy', label: 'Cross-entropy' },
    ],
    help: 'Classification with mean squared error fits a tanh output to labels ±1, as TensorFlow Playground does; cross-entropy fits class probabilities (softmax for three or more classes).',
  }),
  regularization: choice({
    label: 'Regularization',
    effect: 'training',
    group: 'network',
    default: 'none',
    options: [
      { value: 'none', label: 'None' },
      { value: 'L1', label: 'L1' },
      { value: 'L2', label: 'L2' },
    ],
  }),
  regularizationRate: choice({
    label: 'Regularization rate',
    effect: 'training',
    group: 'network',
    default: 0,
    options: menu(REGULARIZATION_RATES),
  }),

  // -- optimizer -------------------------------------------------------------------------------
  optimizer: choice({
    label: 'Optimizer',
    effect: 'training',
    group: 'optimizer',
    default: 'sgd',
    options: [
      { value: 'sgd', label: 'SGD' },
      { value: 'adagrad', label: 'Adagrad' },
      { value: 'rmsprop', label: 'RMSprop' },
      { value: 'adam', label: 'Adam' },
    ],
  }),
  learningRate: choice({
    label: 'Learning rate',
    effect: 'training',
    group: 'optimizer',
    default: 0.03,
    options: menu(LEARNING_RATES),
  }),
  momentum: choice({
    label: 'Momentum',
    effect: 'training',
    group: 'optimizer',
    default: 0,
    options: menu([0, 0.5, 0.9, 0.95, 0.99]),
  }),
  nesterov: bool({ label: 'Nesterov', effect: 'training', group: 'optimizer', default: false }),
  alpha: choice({
    label: 'Smoothing α',
    effect: 'training',
    group: 'optimizer',
    default: 0.99,
    options: menu([0.9, 0.99, 0.999]),
  }),
  centered: bool({ label: 'Centered', effect: 'training', group: 'optimizer', default: false }),
  beta1: choice({
    label: 'β₁',
    effect: 'training',
    group: 'optimizer',
    default: 0.9,
    options: menu([0, 0.5, 0.8, 0.9, 0.95, 0.99]),
  }),
  beta2: choice({
    label: 'β₂',
    effect: 'training',
    group: 'optimizer',
    default: 0.999,
    options: menu([0.9, 0.99, 0.999, 0.9999]),
  }),
  amsgrad: bool({ label: 'AMSGrad', effect: 'training', group: 'optimizer', default: false }),

  // -- learning-rate schedule ------------------------------------------------------------------
  schedule: choice({
    label: 'Learning-rate schedule',
    effect: 'training',
    group: 'schedule',
    default: 'constant',
    options: [
      { value: 'constant', label: 'Constant' },
      { value: 'inverseSqrt', label: 'η / √(t + 1)' },
      { value: 'step', label: 'Step' },
      { value: 'cosine', label: 'Cosine' },
    ],
    help: 't counts epochs.',
  }),
  stepSize: number({
    label: 'Step every (epochs)',
    effect: 'training',
    group: 'schedule',
    default: 100,
    min: 1,
    max: 100000,
    integer: true,
  }),
  gamma: choice({
    label: 'Multiply by γ',
    effect: 'training',
    group: 'schedule',
    default: 0.5,
    options: menu([0.1, 0.3, 0.5, 0.9]),
  }),
  cosinePeriod: number({
    label: 'Cosine half-period (epochs)',
    effect: 'training',
    group: 'schedule',
    default: 500,
    min: 1,
    max: 100000,
    integer: true,
  }),

  // -- running ---------------------------------------------------------------------------------
  speed: choice({
    label: 'Speed',
    effect: 'view',
    group: 'run',
    default: 'normal',
    options: [
      { value: 'slow', label: 'Slow (10 epochs/s)' },
      { value: 'normal', label: 'Normal (60 epochs/s)' },
      { value: 'fast', label: 'As fast as possible' },
    ],
  }),
  stopAtEpoch: number({
    label: 'Stop at epoch (0: never)',
    effect: 'view',
    group: 'run',
    default: 0,
    min: 0,
    max: 1_000_000,
    integer: true,
  }),
  stopAtLoss: number({
    label: 'Stop at test loss (0: never)',
    effect: 'view',
    group: 'run',
    default: 0,
    min: 0,
    max: 100,
    integer: false,
  }),

  // -- output ----------------------------------------------------------------------------------
  showTestData: bool({ label: 'Show test data', effect: 'view', group: 'output', default: false }),
  discretize: bool({ label: 'Discretize output', effect: 'view', group: 'output', default: false }),
  bnMode: choice({
    label: 'BatchNorm in the picture',
    effect: 'view',
    group: 'output',
    default: 'eval',
    options: [
      { value: 'eval', label: 'Eval (running averages)' },
      { value: 'train', label: 'Train (batch statistics)' },
    ],
  }),
  logScale: bool({ label: 'Log-scale loss', effect: 'view', group: 'output', default: true }),
  compare: bool({
    label: 'Show the last run',
    effect: 'view',
    group: 'output',
    default: true,
    help: 'Keeps the previous run’s loss curve as a faint line to compare against.',
  }),

  // -- the error-surface lab (lessons on feature scaling and optimizers) ------------------------
  view: choice({
    label: 'View',
    effect: 'view',
    group: 'hidden',
    default: 'network',
    options: [
      { value: 'network', label: 'Network' },
      { value: 'surface', label: 'Error surface' },
    ],
  }),
  surfaceScaling: choice({
    label: 'Features',
    effect: 'view',
    group: 'surface',
    default: 'both',
    options: [
      { value: 'raw', label: 'As measured' },
      { value: 'standardized', label: 'Standardized' },
      { value: 'both', label: 'Both, side by side' },
    ],
  }),
  surfaceGd: bool({ label: 'Gradient descent', effect: 'view', group: 'surface', default: true }),
  surfaceSgd: bool({ label: 'SGD', effect: 'view', group: 'surface', default: false }),
  surfaceAdagrad: bool({ label: 'Adagrad', effect: 'view', group: 'surface', default: false }),
  surfaceRate: choice({
    label: 'GD/SGD learning rate (× the largest stable rate)',
    effect: 'view',
    group: 'surface',
    default: 0.5,
    options: menu([0.1, 0.5, 0.9, 1.05]),
    help: '0.5 is the best single rate on a circle: it reaches the minimum in one step.',
  }),
  surfaceAdagradRate: choice({
    label: 'Adagrad learning rate',
    effect: 'view',
    group: 'surface',
    default: 1,
    options: menu([0.1, 0.3, 1, 3, 10, 30, 100]),
  }),
  surfaceSteps: choice({
    label: 'Updates',
    effect: 'view',
    group: 'surface',
    default: 100,
    options: menu([10, 30, 100, 300]),
  }),
  surfaceBatch: choice({
    label: 'SGD batch size',
    effect: 'view',
    group: 'surface',
    default: 1,
    options: menu([1, 5, 20]),
  }),

  lesson: choice({
    label: 'Lesson',
    effect: 'view',
    group: 'hidden',
    default: '',
    options: [
      { value: '', label: 'None' },
      { value: 'feature-scaling', label: 'Feature scaling' },
      { value: 'gd-sgd-adagrad', label: 'GD, SGD and Adagrad' },
      { value: 'learning-rate', label: 'A learning rate too large' },
      { value: 'batchnorm-sigmoid', label: 'BatchNorm lets sigmoids train' },
      { value: 'batchnorm-modes', label: 'BatchNorm: train vs eval' },
    ],
  }),
} as const;

/** The name of a setting. */
export type Key = keyof typeof PARAMS;

/** Every setting's value: the whole state of the playground. */
export type State = { readonly [K in Key]: ValueOf<(typeof PARAMS)[K]> };

/** The settings in table order (the order of the URL hash). */
export const KEYS = Object.keys(PARAMS) as Key[];

/**
 * The default state.
 *
 * @example
 * ```ts
 * defaultState().learningRate; // 0.03
 * ```
 */
export function defaultState(): State {
  const state: Record<string, unknown> = {};
  for (const key of KEYS) state[key] = PARAMS[key].default;
  return state as State;
}
