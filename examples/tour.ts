/**
 * `npm run tour`: the lecture's experiments in order. Each prints what it measured and writes its
 * pictures to examples/out/. Pass names to run only some: `npm run tour -- batch-norm`. The MNIST
 * experiment takes options: `npm run tour -- mnist-batchnorm --steps=500 --seeds=1 --workers=1`,
 * `--docs` to refresh the lessons page's numbers and pictures, `--redraw` to redraw its pictures
 * from the numbers recorded there.
 */
import { isMainThread } from 'node:worker_threads';
import { experiments } from './experiments.js';
import { parseTourArgs } from './lib/flags.js';
import * as mnistBatchNorm from './mnist-batchnorm.js';

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
