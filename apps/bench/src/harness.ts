/** Timing statistics of one case on one framework, in milliseconds per iteration. */
export interface Stats {
  median: number;
  q1: number;
  q3: number;
  /** Interquartile range q3 − q1. */
  iqr: number;
  /** Timed samples (each the mean of `inner` back-to-back iterations). */
  samples: number[];
  inner: number;
}

export interface MeasureOptions {
  /** Untimed iterations first (JIT, caches, tfjs kernel registration). */
  warmup: number;
  /** Timed samples. */
  runs: number;
  /** Each sample loops until at least this many ms have passed (for sub-millisecond cases). */
  minSampleMs?: number;
}

/** Forces a full collection when node runs with --expose-gc (run.mjs passes it). */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

export function summarize(samples: number[], inner: number): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  return { median: quantile(sorted, 0.5), q1, q3, iqr: q3 - q1, samples, inner };
}

/** One side of a paired measurement. */
export interface Side {
  name: string;
  fn: () => unknown;
}

/**
 * Paired sampling for a machine that others load too: each side is warmed up and its loop
 * length calibrated so that one sample takes at least `minSampleMs`; then, round after round,
 * every side takes one sample (order alternating), so load spikes hit both sides alike instead
 * of one side's whole run. One full GC before the warm-up, none between samples: a forced
 * full GC makes the next few milliseconds of either framework 2–4× slower.
 */
export function measurePaired(sides: readonly Side[], options: MeasureOptions): Map<string, Stats> {
  const inner = new Map<string, number>();
  collectGarbage();
  const minSampleMs = options.minSampleMs ?? 0;
  for (const side of sides) {
    for (let i = 0; i < options.warmup; i++) side.fn();
    // Calibrate after the warm-up (JIT done): iterations in a quarter of a sample, times 4.
    let n = 0;
    const t0 = performance.now();
    if (minSampleMs > 0) {
      do {
        side.fn();
        n++;
      } while (performance.now() - t0 < minSampleMs / 4);
    }
    inner.set(side.name, minSampleMs > 0 ? Math.max(1, 4 * n) : 1);
  }
  const samples = new Map<string, number[]>(sides.map((s) => [s.name, []]));
  for (let r = 0; r < options.runs; r++) {
    const order = r % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) {
      const n = inner.get(side.name) as number;
      const start = performance.now();
      for (let i = 0; i < n; i++) side.fn();
      (samples.get(side.name) as number[]).push((performance.now() - start) / n);
    }
  }
  return new Map(
    sides.map((s) => [
      s.name,
      summarize(samples.get(s.name) as number[], inner.get(s.name) as number),
    ]),
  );
}
