import cliProgress from 'cli-progress';

/** A count of finished work shown as a bar, or nothing at all. */
export interface Progress {
  /** Adds `n` finished steps. */
  advance(n: number): void;
  /** Draws the final state and releases the terminal line. */
  stop(): void;
}

/**
 * A progress bar on stdout with the steps done, steps per second and the time left (cli-progress).
 * When stdout is not a terminal (CI, a pipe, a test) it draws nothing, so logs stay clean.
 *
 * @example
 * ```ts
 * const bar = progressBar('mnist-batchnorm', 1000);
 * for (let i = 0; i < 1000; i++) bar.advance(1);
 * bar.stop();
 * ```
 */
export function progressBar(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stdout,
): Progress {
  if (!stream.isTTY) return { advance() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label} {bar} {value}/{total} steps | {rate} steps/s | ETA {eta_formatted}`,
      hideCursor: true,
      // The ETA is averaged over this many updates: per-step rates jump whenever a test pass runs.
      etaBuffer: 500,
    },
    cliProgress.Presets.shades_classic,
  );
  const start = performance.now();
  let done = 0;
  const rate = (): string => (done / ((performance.now() - start) / 1000) || 0).toFixed(1);
  bar.start(total, 0, { rate: '0.0' });
  return {
    advance(n) {
      done += n;
      bar.update(done, { rate: rate() });
    },
    stop() {
      bar.stop();
    },
  };
}
