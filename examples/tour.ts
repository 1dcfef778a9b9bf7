/**
 * `npm run tour`: the lecture's experiments in order. Each prints what it measured and writes its
 * pictures to examples/out/. Pass names to run only some: `npm run tour -- batch-norm`.
 */
import * as batchNorm from './batch-norm.js';
import * as classifier from './classifier.js';
import * as featureScaling from './feature-scaling.js';
import * as learningRates from './learning-rates.js';
import * as stochastic from './stochastic.js';

const experiments: Record<string, { title: string; main: () => Promise<void> }> = {
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
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in experiments));
if (unknown.length > 0) {
  console.error(
    `unknown experiment(s): ${unknown.join(', ')}; choose from ${Object.keys(experiments).join(', ')}`,
  );
  process.exit(2);
}
for (const [name, experiment] of Object.entries(experiments)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n== ${experiment.title} ==`);
  await experiment.main();
}
