import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { descentLoaderEpoch, loaderCheck, tfjsLoaderEpoch } from './data-loader.js';
import { FRAMEWORKS, type Framework, type Runner } from './framework.js';
import { handTinyStep } from './hand-tiny-step.js';
import { collectGarbage, measurePaired, type Side, type Stats, summarize } from './harness.js';
import { descentMatmul, matmulFlops, tfjsMatmul } from './matmul.js';
import { formatMemory, measureMemory } from './memory.js';
import { descentMlpStep, mlpImplementation, tfjsMlpStep } from './mlp-step.js';
import { optimizerAlloc } from './optimizer-alloc.js';
import { type CaseResult, formatAlloc, formatTable, type Report, writeReport } from './report.js';
import { descentVersion, tf, useBackend, wasmVersion } from './tfjs.js';
import { descentTinyStep, tfjsTinyStep, tinySgdKind } from './tiny-step.js';

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string', default: 'matmul,tiny,mlp,loader,alloc,memory' },
    frameworks: { type: 'string', default: FRAMEWORKS.join(',') },
    sizes: { type: 'string', default: '64,256,1024' },
    'no-write': { type: 'boolean', default: false },
    /** Overrides every case's number of timed samples (e.g. long runs under --cpu-prof). */
    runs: { type: 'string' },
    /** Steps of each memory run: tiny step and MLP step, e.g. 100000,100000 (the claim's size). */
    'memory-steps': { type: 'string', default: '100000,300' },
  },
});
const only = new Set((opts.only as string).split(','));
const frameworks = (opts.frameworks as string).split(',') as Framework[];
const quick = opts.quick as boolean;

interface CaseSpec {
  id: string;
  label: () => string;
  flops?: number;
  target?: number;
  /** Largest allowed descent ÷ hand-written ratio. */
  handTarget?: number;
  warmup: number;
  runs: number;
  minSampleMs?: number;
  descent: () => Runner;
  tfjs: () => Runner;
  /** The same computation written without a framework. */
  hand?: () => Runner;
  /** A check that both sides did the same work, run after all frameworks. */
  check?: (c: CaseResult) => string | undefined;
}

const cases: CaseSpec[] = [];
if (only.has('matmul')) {
  for (const n of (opts.sizes as string).split(',').map(Number)) {
    const diffs: string[] = [];
    cases.push({
      id: `matmul-${n}`,
      label: () => `matmul ${n}×${n} f32`,
      flops: matmulFlops(n),
      target: n === 1024 ? 4 : undefined,
      warmup: n >= 1024 ? 1 : n >= 256 ? 5 : 30,
      runs: quick ? 3 : n >= 1024 ? 5 : n >= 256 ? 15 : 21,
      minSampleMs: n >= 1024 ? 0 : n >= 256 ? 20 : 10,
      descent: descentMatmul.bind(null, n),
      tfjs: () => {
        const r = tfjsMatmul(n);
        return {
          run: r.run,
          dispose: () => {
            // The last descent product is still held: compare before disposing.
            diffs.push(r.maxAbsDiff().toExponential(1));
            r.dispose?.();
          },
        };
      },
      check: () => `max |descent − tfjs| of the product: ${diffs.join(', ')}`,
    });
  }
}
if (only.has('tiny')) {
  cases.push({
    id: 'tiny-step',
    label: () => '2-8-8-1 tanh MSE step, batch 10',
    target: 10,
    handTarget: 1.5,
    warmup: 300,
    runs: quick ? 7 : 31,
    minSampleMs: 10,
    descent: descentTinyStep,
    tfjs: tfjsTinyStep,
    hand: handTinyStep,
    check: () => `descent side: core ops (linear, tanh, sub, square, mean) + ${tinySgdKind}`,
  });
}
if (only.has('mlp')) {
  cases.push({
    id: 'mlp-step',
    label: () =>
      `784-256-BN-256-BN-10 step, batch 128${mlpImplementation.startsWith('core') ? ' (core ops)' : ''}`,
    target: 3,
    warmup: 3,
    runs: quick ? 3 : 9,
    descent: descentMlpStep,
    tfjs: tfjsMlpStep,
    check: () => `descent side: ${mlpImplementation}`,
  });
}

if (only.has('loader')) {
  cases.push({
    id: 'loader-epoch',
    label: () => 'epoch of shuffled batches of 64, 10,000×784',
    warmup: 3,
    runs: quick ? 5 : 15,
    minSampleMs: 20,
    descent: descentLoaderEpoch,
    tfjs: tfjsLoaderEpoch,
    check: () =>
      `label sum over one epoch: expected ${loaderCheck.expected}, descent ${loaderCheck.descent}, tfjs ${loaderCheck.tfjs}`,
  });
}

function sideOf(name: string, runner: Runner, firstLoss: Map<string, number>): Side {
  let called = false;
  return {
    name,
    fn: () => {
      const v = runner.run();
      if (!called) {
        called = true;
        if (v !== undefined) firstLoss.set(name, v);
      }
    },
  };
}

/**
 * Times one case: descent paired with each TensorFlow.js backend in turn (samples interleaved,
 * see measurePaired). The descent column is the median of all its samples; each speedup divides
 * a tfjs median by the median of the descent samples interleaved with it.
 */
async function runCase(spec: CaseSpec): Promise<CaseResult> {
  const result: CaseResult = {
    id: spec.id,
    label: '',
    flops: spec.flops,
    results: {},
    speedup: {},
    notes: [],
  };
  const firstLoss = new Map<string, number>();
  const options = {
    warmup: spec.warmup,
    runs: opts.runs ? Number(opts.runs) : spec.runs,
    minSampleMs: spec.minSampleMs,
  };
  const withDescent = frameworks.includes('descent');
  const descent = withDescent ? sideOf('descent', spec.descent(), firstLoss) : null;
  const descentSamples: number[] = [];
  let descentInner = 1;
  const log = (fw: string, st: Stats) =>
    process.stderr.write(
      `  ${spec.id} ${fw}: median ${st.median.toPrecision(4)} ms (IQR ${st.iqr.toPrecision(2)}, ${st.samples.length}×${st.inner})\n`,
    );
  const tfjsSides = frameworks.filter((fw) => fw.startsWith('tfjs-')) as (
    | 'tfjs-cpu'
    | 'tfjs-wasm'
  )[];
  const withHand = spec.hand !== undefined && frameworks.includes('hand-written');
  if (tfjsSides.length === 0 && !withHand && descent) {
    const st = measurePaired([descent], options).get('descent') as Stats;
    descentSamples.push(...st.samples);
    descentInner = st.inner;
    log('descent', st);
  }
  for (const fw of tfjsSides) {
    await useBackend(fw === 'tfjs-cpu' ? 'cpu' : 'wasm');
    const runner = spec.tfjs();
    const side = sideOf(fw, runner, firstLoss);
    side.fn(); // the first call may create lasting state (optimizer slots)
    const tensorsBefore = tf.memory().numTensors;
    const stats = measurePaired(descent ? [descent, side] : [side], options);
    if (tf.memory().numTensors !== tensorsBefore) {
      result.notes.push(`${fw} leaked ${tf.memory().numTensors - tensorsBefore} tensors`);
    }
    runner.dispose?.();
    const tfStats = stats.get(fw) as Stats;
    result.results[fw] = tfStats;
    log(fw, tfStats);
    const paired = stats.get('descent');
    if (paired) {
      descentSamples.push(...paired.samples);
      descentInner = paired.inner;
      result.speedup[fw] = tfStats.median / paired.median;
      log(`descent (paired with ${fw})`, paired);
    }
    collectGarbage();
  }
  if (spec.hand && withHand) {
    const side = sideOf('hand-written', spec.hand(), firstLoss);
    const stats = measurePaired(descent ? [descent, side] : [side], options);
    const handStats = stats.get('hand-written') as Stats;
    result.results['hand-written'] = handStats;
    log('hand-written', handStats);
    const paired = stats.get('descent');
    if (paired) {
      descentSamples.push(...paired.samples);
      descentInner = paired.inner;
      result.overHand = paired.median / handStats.median;
      log('descent (paired with hand-written)', paired);
    }
  }
  if (descent) result.results.descent = summarize(descentSamples, descentInner);
  for (const [fw, loss] of firstLoss) {
    const r = result.results[fw as Framework];
    if (r) r.firstLoss = loss;
  }
  result.label = spec.label();
  if (spec.target !== undefined && result.speedup['tfjs-cpu'] !== undefined) {
    result.target = spec.target;
    result.pass = result.speedup['tfjs-cpu'] >= spec.target;
  }
  if (spec.handTarget !== undefined && result.overHand !== undefined) {
    result.handTarget = spec.handTarget;
    result.pass = (result.pass ?? true) && result.overHand <= spec.handTarget;
  }
  if (firstLoss.size > 0) {
    result.notes.push(
      `first-step loss: ${[...firstLoss].map(([fw, v]) => `${fw} ${v.toFixed(6)}`).join(', ')}`,
    );
  }
  const check = spec.check?.(result);
  if (check) result.notes.push(check);
  return result;
}

const report: Report = {
  date: new Date().toISOString(),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: `${cpus().length}× ${cpus()[0]?.model ?? '?'}`,
  loadAverage: { start: loadavg(), end: [] },
  versions: {
    '@tensorflow/tfjs': tf.version.tfjs,
    '@tensorflow/tfjs-backend-wasm': wasmVersion,
    '@descent/core': descentVersion,
  },
  options: { quick, only: [...only], frameworks },
  cases: [],
};
process.stderr.write(
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}\n`,
);
for (const spec of cases) report.cases.push(await runCase(spec));
if (only.has('alloc')) report.optimizerAlloc = await optimizerAlloc(1000);
if (only.has('memory')) {
  const [tinySteps, mlpSteps] = (opts['memory-steps'] as string).split(',').map(Number);
  report.memory = [];
  if (tinySteps) report.memory.push(measureMemory('tiny step', descentTinyStep(), tinySteps));
  if (mlpSteps) report.memory.push(measureMemory('MLP step', descentMlpStep(), mlpSteps));
}
report.loadAverage.end = loadavg();

console.log('');
console.log(formatTable(report));
console.log(
  '(medians per iteration; "vs cpu/wasm" = tfjs median ÷ median of the descent samples interleaved with it, higher is better for descent; "vs hand" = descent ÷ hand-written, lower is better)',
);
for (const c of report.cases) for (const n of c.notes) console.log(`  ${c.id}: ${n}`);
if (report.optimizerAlloc) console.log(formatAlloc(report.optimizerAlloc));
for (const m of report.memory ?? []) console.log(formatMemory(m));
console.log(
  `load average: start ${report.loadAverage.start.map((x) => x.toFixed(2)).join(' ')}, end ${report.loadAverage.end.map((x) => x.toFixed(2)).join(' ')}`,
);
if (!opts['no-write']) {
  const file = writeReport(report, process.env.DESCENT_BENCH_ROOT ?? process.cwd());
  console.log(`wrote ${file}`);
}
