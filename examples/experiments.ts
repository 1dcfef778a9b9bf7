/** The tour's experiments in the lecture's order, by the name `npm run tour -- <name>` takes. */
import * as batchNorm from './batch-norm.js';
import * as classifier from './classifier.js';
import * as featureScaling from './feature-scaling.js';
import * as learningRates from './learning-rates.js';
import type { TourFlags } from './lib/flags.js';
import * as mnistBatchNorm from './mnist-batchnorm.js';
import * as stochastic from './stochastic.js';

export const experiments: Record<
  string,
  { title: string; main: (flags: TourFlags) => Promise<void> }
> = {
  'learning-rates': {
    title: 'Tuning the learning rate (claims 1, 2, 10)',
    main: learningRates.main,
  },
  'feature-scaling': {
    title: 'Feature scaling and Adagrad (claims 3, 5)',
    main: featureScaling.main,
  },
  stochastic: { title: 'Stochastic gradient descent (claim 4)', main: stochastic.main },
  'batch-norm': {
    title: 'Batch Normalization and sigmoid networks (claims 6-9)',
    main: batchNorm.main,
  },
  classifier: {
    title: 'Mini-batches on TensorFlow Playground’s spiral (claim 4, with a network)',
    main: classifier.main,
  },
  'mnist-batchnorm': {
    title: 'Batch Normalization on MNIST: Ioffe & Szegedy’s Figure 1 (claims 7-9)',
    main: mnistBatchNorm.main,
  },
};
