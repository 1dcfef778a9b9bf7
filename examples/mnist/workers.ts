/**
 * The runs are independent, so they share the machine's cores: each worker thread loads MNIST
 * once and trains the runs it is handed, one after another. A worker runs the same program as
 * the main thread (the tour's bundle, `process.argv[1]`), which hands control to
 * {@link serveWorker} when it finds itself in a worker.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { loadMnist, type MnistSizes } from './data.js';
import { type RunResult, type RunSpec, type Schedule, trainRun } from './train.js';

/** What every worker is started with. */
interface WorkerSetup {
  experiment: 'mnist-batchnorm';
  sizes: MnistSizes;
  schedule: Schedule;
}

type FromWorker =
  | { kind: 'ready' }
  | { kind: 'steps'; n: number }
  | { kind: 'result'; result: RunResult };

/** Whether this thread is a worker started by {@link runInWorkers}. */
export function isMnistWorker(): boolean {
  return !isMainThread && (workerData as WorkerSetup | null)?.experiment === 'mnist-batchnorm';
}

/** A worker's life: load the digits, then train each run the main thread sends until it closes. */
export async function serveWorker(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('serveWorker: not in a worker thread');
  const { sizes, schedule } = workerData as WorkerSetup;
  const data = await loadMnist(sizes);
  const post = (m: FromWorker): void => port.postMessage(m);
  port.on('message', (spec: RunSpec) => {
    const result = trainRun(spec, data, schedule, (n) => post({ kind: 'steps', n }));
    post({ kind: 'result', result });
  });
  post({ kind: 'ready' });
}

/**
 * Trains every run in `workers` threads running `script`, handing the next run to whichever
 * worker is free, and returns the results in the order of `specs`.
 */
export async function runInWorkers(
  specs: readonly RunSpec[],
  sizes: MnistSizes,
  schedule: Schedule,
  workers: number,
  script: string,
  onSteps: (n: number) => void,
): Promise<RunResult[]> {
  const results: RunResult[] = new Array(specs.length);
  let next = 0;
  let finished = 0;
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const setup: WorkerSetup = { experiment: 'mnist-batchnorm', sizes, schedule };
      for (let w = 0; w < Math.min(workers, specs.length); w++) {
        const worker = new Worker(script, { workerData: setup });
        pool.push(worker);
        let current = -1;
        const handOut = (): void => {
          if (next >= specs.length) return;
          current = next++;
          worker.postMessage(specs[current]);
        };
        worker.on('message', (m: FromWorker) => {
          if (m.kind === 'steps') onSteps(m.n);
          else if (m.kind === 'ready') handOut();
          else {
            results[current] = m.result;
            if (++finished === specs.length) resolve();
            else handOut();
          }
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (finished < specs.length)
            reject(new Error(`a training worker exited with code ${code}`));
        });
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
