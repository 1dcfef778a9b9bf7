import { parseArgs } from 'node:util';

/** The tour's options after the experiments' names; only mnist-batchnorm reads them. */
export interface TourFlags {
  /** Training steps per run. */
  steps?: number;
  /** How many seeds (0, 1, …). */
  seeds?: number;
  /** Worker threads. */
  workers?: number;
  /** Also write the pictures of the long runs to docs/lessons/. */
  docs?: boolean;
  /** Train nothing: redraw docs/lessons/'s pictures from the numbers recorded there. */
  redraw?: boolean;
}

/**
 * Splits the tour's arguments into experiment names and {@link TourFlags}; a flag it does not
 * know, or a count that is not a positive whole number, is an error naming it.
 *
 * @example
 * ```ts
 * parseTourArgs(['mnist-batchnorm', '--steps=500']); // { names: ['mnist-batchnorm'], flags: { steps: 500 } }
 * ```
 */
export function parseTourArgs(args: string[]): { names: string[]; flags: TourFlags } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      steps: { type: 'string' },
      seeds: { type: 'string' },
      workers: { type: 'string' },
      docs: { type: 'boolean' },
      redraw: { type: 'boolean' },
    },
  });
  const flags: TourFlags = {};
  for (const key of ['steps', 'seeds', 'workers'] as const) {
    const text = values[key];
    if (text === undefined) continue;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) {
      throw new Error(`--${key} must be a positive whole number, got ${JSON.stringify(text)}`);
    }
    flags[key] = n;
  }
  if (values.docs) flags.docs = true;
  if (values.redraw) flags.redraw = true;
  return { names: positionals, flags };
}
