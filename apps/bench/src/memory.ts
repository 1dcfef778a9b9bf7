import type { Runner } from './framework.js';
import { collectGarbage } from './harness.js';

/** Memory after a full GC at one point of a long run. */
export interface MemoryPoint {
  step: number;
  /** JS heap in use, bytes. */
  heapUsed: number;
  /** Resident set size of the process, bytes. */
  rss: number;
  /** Memory held by ArrayBuffers (typed-array storage), bytes. */
  arrayBuffers: number;
}

export interface MemoryResult {
  case: string;
  steps: number;
  points: MemoryPoint[];
  /** Growth from the first checkpoint (after warm-up) to the last, bytes. */
  heapGrowth: number;
  rssGrowth: number;
  arrayBufferGrowth: number;
  /** Heap within 4 MB and RSS within 64 MB of the first checkpoint, at every later one. */
  pass: boolean;
}

const HEAP_SLACK = 4 * 2 ** 20;
const RSS_SLACK = 64 * 2 ** 20;

function sample(step: number): MemoryPoint {
  collectGarbage();
  const m = process.memoryUsage();
  return { step, heapUsed: m.heapUsed, rss: m.rss, arrayBuffers: m.arrayBuffers };
}

/**
 * Runs `steps` training steps without ever disposing anything (descent has no dispose) and
 * records memory after a full GC at 11 evenly spaced checkpoints, the first after a warm-up of
 * 1% of the steps. Flat memory is the claim: the garbage collector alone reclaims every tensor.
 */
export function measureMemory(name: string, runner: Runner, steps: number): MemoryResult {
  const warmup = Math.max(1, Math.floor(steps / 100));
  for (let i = 0; i < warmup; i++) runner.run();
  const points = [sample(0)];
  const every = Math.max(1, Math.floor(steps / 10));
  for (let done = 0; done < steps; ) {
    const n = Math.min(every, steps - done);
    for (let i = 0; i < n; i++) runner.run();
    done += n;
    points.push(sample(done));
    process.stderr.write(
      `  memory ${name}: step ${done}, heap ${(points[points.length - 1]?.heapUsed ?? 0) / 2 ** 20} MB\n`,
    );
  }
  const first = points[0] as MemoryPoint;
  const last = points[points.length - 1] as MemoryPoint;
  const pass = points.every(
    (p) => p.heapUsed - first.heapUsed <= HEAP_SLACK && p.rss - first.rss <= RSS_SLACK,
  );
  return {
    case: name,
    steps,
    points,
    heapGrowth: last.heapUsed - first.heapUsed,
    rssGrowth: last.rss - first.rss,
    arrayBufferGrowth: last.arrayBuffers - first.arrayBuffers,
    pass,
  };
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;

export function formatMemory(r: MemoryResult): string {
  const first = r.points[0] as MemoryPoint;
  const peakHeap = Math.max(...r.points.map((p) => p.heapUsed));
  const peakRss = Math.max(...r.points.map((p) => p.rss));
  return (
    `memory (${r.case}, ${r.steps} steps, no dispose): heap ${mb(first.heapUsed)} → ${mb(first.heapUsed + r.heapGrowth)} ` +
    `(peak ${mb(peakHeap)}), RSS ${mb(first.rss)} → ${mb(first.rss + r.rssGrowth)} (peak ${mb(peakRss)}), ` +
    `ArrayBuffers ${r.arrayBufferGrowth >= 0 ? '+' : ''}${mb(r.arrayBufferGrowth)} → ${r.pass ? 'PASS' : 'MISS'}`
  );
}
