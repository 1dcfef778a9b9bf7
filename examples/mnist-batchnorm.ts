/**
 * Lecture claims 7–9 on real data: Ioffe & Szegedy (2015), Figure 1, at laptop scale. A
 * 784-100-100-100-10 sigmoid network learns MNIST with plain SGD on batches of 60, with and
 * without BatchNorm before each sigmoid, at two learning rates ten times apart and over several
 * seeds. The pictures: test accuracy against steps (mean and range over seeds), and the 15th,
 * 50th and 85th percentiles of one last-hidden-layer unit's input over training, which drift
 * without BatchNorm and stay put with it. Then the trained BatchNorm network at test time: one
 * digit at a time with its moving averages, against the statistics of small batches.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { lineChart } from '@descent/viz';
import type { TourFlags } from './lib/flags.js';
import { progressBar } from './lib/progress.js';
import { LESSONS_DIR, OUT_DIR, savePictures } from './lib/save.js';
import { loadMnist, type MnistSizes } from './mnist/data.js';
import type { InferenceStudy } from './mnist/inference.js';
import { drift } from './mnist/percentiles.js';
import { type AccuracyCurve, accuracyAt, accuracyCurves, formatAccuracy } from './mnist/summary.js';
import {
  BATCH_SIZE,
  type RunResult,
  type RunSpec,
  type Schedule,
  trainRun,
} from './mnist/train.js';
import { runInWorkers } from './mnist/workers.js';

export { isMnistWorker, serveWorker } from './mnist/workers.js';

/** What to run; every field has a default (the full experiment). */
export interface MnistOptions {
  /**
   * Default [0.1, 1, 10]: where the plain network barely moves, ten times that (where it trains,
   * slower than with BatchNorm), and ten times more again.
   */
  learningRates?: number[];
  /** Default [0, 1, 2]. */
  seeds?: number[];
  /** Training steps per run (batches of 60), default 1,500. */
  steps?: number;
  /** Test accuracy every this many steps, default 250. */
  evalEvery?: number;
  /** How many digits to use (default all: 60,000 training, 10,000 test). */
  digits?: MnistSizes;
  /** The last-hidden-layer unit whose input is tracked, default 0. */
  unit?: number;
  /** Steps per percentile window, default 50 (3,000 values). */
  window?: number;
  /** Worker threads; 1 trains in this thread. Default: 2, or 1 on a single core. */
  workers?: number;
  /** The program the workers run (needed for more than one worker): the tour's bundle. */
  workerScript?: string;
  /** Show a progress bar on stdout when it is a terminal (default true). */
  progress?: boolean;
}

/** Every run, the accuracy curves over seeds, and the BatchNorm-at-inference study. */
export interface MnistResult {
  learningRates: number[];
  seeds: number[];
  steps: number;
  /** The last-hidden-layer unit whose input was tracked. */
  unit: number;
  runs: RunResult[];
  curves: AccuracyCurve[];
  /** From the BatchNorm run at the first learning rate and seed. */
  inference: InferenceStudy;
  /** Wall-clock seconds for everything, loading the digits included. */
  seconds: number;
  /** CPU seconds of the whole process, every thread: on a busy machine, the steadier measure. */
  cpuSeconds: number;
}

const cpuSeconds = ({ user, system }: NodeJS.CpuUsage): number => (user + system) / 1e6;

const name = (batchNorm: boolean): string => (batchNorm ? 'with BatchNorm' : 'without BatchNorm');

/**
 * Trains every (learning rate, BatchNorm or not, seed) network and gathers what they measured.
 *
 * @example
 * ```ts
 * const r = await run({ learningRates: [0.1], seeds: [0], steps: 200, digits: { train: 6000, test: 1000 }, workers: 1 });
 * r.curves.map((c) => c.mean.at(-1));
 * ```
 */
export async function run(options: MnistOptions = {}): Promise<MnistResult> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const learningRates = options.learningRates ?? [0.1, 1, 10];
  const seeds = options.seeds ?? [0, 1, 2];
  const steps = options.steps ?? 1500;
  const schedule: Schedule = {
    steps,
    evalEvery: options.evalEvery ?? 250,
    unit: options.unit ?? 0,
    window: options.window ?? 50,
  };
  const studied = (lr: number, batchNorm: boolean, seed: number): boolean =>
    batchNorm && lr === learningRates[0] && seed === seeds[0];
  const specs: RunSpec[] = learningRates.flatMap((lr) =>
    [false, true].flatMap((batchNorm) =>
      seeds.map((seed) => ({ lr, batchNorm, seed, studyInference: studied(lr, batchNorm, seed) })),
    ),
  );
  const bar = options.progress === false ? null : progressBar('mnist', specs.length * steps);
  const onSteps = (n: number): void => bar?.advance(n);
  const workers = options.workers ?? Math.min(2, availableParallelism());
  const digits = options.digits ?? {};
  let runs: RunResult[];
  try {
    if (workers > 1 && options.workerScript) {
      runs = await runInWorkers(specs, digits, schedule, workers, options.workerScript, onSteps);
    } else {
      const data = await loadMnist(digits);
      runs = specs.map((s) => trainRun(s, data, schedule, onSteps));
    }
  } finally {
    bar?.stop();
  }
  const inference = runs.find((r) => r.studyInference)?.inference;
  if (!inference) throw new Error('mnist-batchnorm: the BatchNorm run at inference is missing');
  return {
    learningRates,
    seeds,
    steps,
    unit: schedule.unit,
    runs,
    curves: accuracyCurves(runs),
    inference,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: cpuSeconds(process.cpuUsage(cpuStarted)),
  };
}

/** The picture of one percentile track's learning rate: the first seed's runs with and without BatchNorm. */
function unitInputPictures(result: MnistResult, lr: number): Record<string, string> {
  const seed = result.seeds[0];
  const pair = [false, true].map((batchNorm) => {
    const r = result.runs.find((x) => x.lr === lr && x.batchNorm === batchNorm && x.seed === seed);
    if (!r) throw new Error(`mnist-batchnorm: no run at η = ${lr}, seed ${seed}`);
    return r;
  });
  // One y range for both, so the eye compares how far each band moves.
  const lo = Math.min(...pair.flatMap((r) => r.percentiles.p15));
  const hi = Math.max(...pair.flatMap((r) => r.percentiles.p85));
  const pad = 0.05 * (hi - lo);
  return Object.fromEntries(
    pair.map((r) => [
      `mnist-unit-input-${r.batchNorm ? 'with' : 'without'}-bn`,
      lineChart({
        title: `One last-hidden-layer sigmoid's input, ${name(r.batchNorm)} (η = ${lr})`,
        series: [
          {
            name: '50th percentile',
            x: r.percentiles.step,
            y: r.percentiles.p50,
            band: { lower: r.percentiles.p15, upper: r.percentiles.p85, opacity: 0.25 },
            color: r.batchNorm ? '#1f77b4' : '#d62728',
          },
        ],
        xDomain: [0, result.steps],
        yDomain: [lo - pad, hi + pad],
        xLabel: 'training step',
        yLabel: 'input (shaded: 15th–85th percentile)',
      }),
    ]),
  );
}

/**
 * Test accuracy against steps per learning rate (`mnist-accuracy-lr-<η>`: mean over seeds, shaded
 * from the lowest to the highest seed) and one unit's input percentiles without and with
 * BatchNorm (`mnist-unit-input-without-bn`, `mnist-unit-input-with-bn`) at `percentileLr`
 * (default: the second learning rate, where the plain network trains too).
 *
 * @example
 * ```ts
 * const svgs = pictures(await run({ steps: 200, workers: 1 }));
 * ```
 */
export function pictures(
  result: MnistResult,
  percentileLr: number = (result.learningRates[1] ?? result.learningRates[0]) as number,
): Record<string, string> {
  const accuracy = Object.fromEntries(
    result.learningRates.map((lr) => [
      `mnist-accuracy-lr-${lr}`,
      lineChart({
        title: `MNIST test accuracy, SGD η = ${lr}, batch ${BATCH_SIZE} (${result.seeds.length} seed${result.seeds.length === 1 ? '' : 's'})`,
        series: result.curves
          .filter((c) => c.lr === lr)
          .map((c) => ({
            name: name(c.batchNorm),
            x: c.steps,
            y: c.mean,
            band: { lower: c.min, upper: c.max },
            color: c.batchNorm ? '#1f77b4' : '#d62728',
          })),
        xDomain: [0, result.steps],
        yDomain: [0, 1],
        xLabel: 'training step',
        yLabel: 'test accuracy (mean; shaded: range over seeds)',
      }),
    ]),
  );
  return { ...accuracy, ...unitInputPictures(result, percentileLr) };
}

/**
 * The numbers behind the pictures as lines of text: accuracy at step 1,000 and at the last step
 * per learning rate (mean and range over seeds), how far the tracked unit's input moved, and
 * BatchNorm at inference.
 *
 * @example
 * ```ts
 * for (const line of report(await run())) console.log(line);
 * ```
 */
export function report(result: MnistResult): string[] {
  const { steps, seeds, runs, curves, inference } = result;
  const columns = [...new Set([1000, steps])].filter((s) => curves[0]?.steps.includes(s));
  const lines = [
    `784-100-100-100-10 sigmoid network, SGD on batches of ${BATCH_SIZE}, ${steps} steps, seeds ${seeds.join(', ')}: ${runs.length} runs in ${result.seconds.toFixed(0)} s (${result.cpuSeconds.toFixed(0)} s of CPU)`,
    `test accuracy, mean (lowest–highest seed):`,
    `  ${'η'.padEnd(6)}${'network'.padEnd(20)}${columns.map((s) => `step ${s}`.padEnd(24)).join('')}`,
    ...curves.map(
      (c) =>
        `  ${String(c.lr).padEnd(6)}${name(c.batchNorm).padEnd(20)}${columns
          .map((s) => formatAccuracy(accuracyAt(c, s)).padEnd(24))
          .join('')}`,
    ),
    `largest move of a 15th/50th/85th percentile of unit ${result.unit}'s input over training (seed ${seeds[0]}):`,
    ...result.learningRates.map((lr) => {
      const moved = [false, true].map((bn) => {
        const r = runs.find((x) => x.lr === lr && x.batchNorm === bn && x.seed === seeds[0]);
        return r ? drift(r.percentiles).toFixed(2) : '?';
      });
      return `  η ${lr}: without BatchNorm ${moved[0]}, with BatchNorm ${moved[1]}`;
    }),
    `BatchNorm at inference (η ${result.learningRates[0]}, seed ${seeds[0]}, ${inference.digits} test digits):`,
    `  eval mode, one digit at a time (moving averages): ${pct(inference.evalOneAtATime)}`,
    `  eval mode, all digits in one pass:                ${pct(inference.evalAllAtOnce)}`,
    ...inference.trainMode.map(
      (t) =>
        `  train mode, statistics of batches of ${String(t.batchSize).padEnd(2)}:          ${pct(t.accuracy)}`,
    ),
  ];
  return lines;
}

const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;

/**
 * `npm run tour -- mnist-batchnorm`: the full experiment, with a progress bar; prints
 * {@link report}, writes the pictures (SVG and PNG) and every run's numbers to examples/out/,
 * and with `--docs` to docs/lessons/ as well, where the lessons page shows them. `--redraw`
 * trains nothing and redraws docs/lessons/'s pictures from the numbers recorded there.
 */
export async function main(flags: TourFlags = {}): Promise<void> {
  if (flags.redraw) {
    // After a change to @descent/viz: the same numbers, drawn by today's code, in seconds.
    const recorded = JSON.parse(readFileSync(join(LESSONS_DIR, RESULT_FILE), 'utf8'));
    await savePictures(pictures(recorded as MnistResult), { png: true, dir: LESSONS_DIR });
    return;
  }
  const result = await run({
    ...(flags.steps ? { steps: flags.steps } : {}),
    ...(flags.seeds ? { seeds: Array.from({ length: flags.seeds }, (_, i) => i) } : {}),
    ...(flags.workers ? { workers: flags.workers } : {}),
    workerScript: process.argv[1],
  });
  for (const line of report(result)) console.log(line);
  const svgs = pictures(result);
  for (const dir of flags.docs ? [OUT_DIR, LESSONS_DIR] : [OUT_DIR]) {
    mkdirSync(dir, { recursive: true });
    const json = join(dir, RESULT_FILE);
    writeFileSync(json, `${JSON.stringify(result, null, 1)}\n`);
    console.log(`numbers: ${json}`);
    await savePictures(svgs, { png: true, dir });
  }
}

/** The file, in examples/out/ (and docs/lessons/ with `--docs`), holding a run's {@link MnistResult}. */
export const RESULT_FILE = 'mnist-batchnorm.json';
