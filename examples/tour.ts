/**
 * `npm run tour`: the lecture's experiments in order. Each prints what it measured and writes its
 * pictures to examples/out/. Pass names to run only some: `npm run tour -- batch-norm`. The MNIST
 * experiment takes options: `npm run tour -- mnist-batchnorm --steps=500 --seeds=1 --workers=1`,
 * and `--docs` to refresh the lessons page's pictures.
 */
import { isMainThread } from 'node:worker_threads';
import * as batchNorm from './batch-norm.js';
import * as classifier from './classifier.js';
import * as featureScaling from './feature-scaling.js';
import * as learningRates from './learning-rates.js';
import { parseTourArgs, type TourFlags } from './lib/flags.js';
import * as mnistBatchNorm from './mnist-batchnorm.js';
import * as stochastic from './stochastic.js';

const experiments: Record<string, { title: string; main: (flags: TourFlags) => Promise<void> }> = {
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

async function tour(args: string[]): Promise<void> {
  let parsed: ReturnType<typeof parseTourArgs>;
  try {
    parsed = parseTourArgs(args);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const { names, flags } = parsed;
  const unknown = names.filter((name) => !(name in experiments));
  if (unknown.length > 0) {
    console.error(
      `unknown experiment(s): ${unknown.join(', ')}; choose from ${Object.keys(experiments).join(', ')}`,
    );
    process.exit(2);
  }
  for (const [name, experiment] of Object.entries(experiments)) {
    if (names.length > 0 && !names.includes(name)) continue;
    console.log(`\n== ${experiment.title} ==`);
    await experiment.main(flags);
  }
}

// The MNIST experiment runs this same program in worker threads to train on both cores.
if (isMainThread) await tour(process.argv.slice(2));
else if (mnistBatchNorm.isMnistWorker()) await mnistBatchNorm.serveWorker();
