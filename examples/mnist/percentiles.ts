import { quantile } from 'd3-array';

/** The 15th, 50th and 85th percentiles of a quantity over training, Ioffe & Szegedy's Figure 1(b, c). */
export interface PercentileTrack {
  /** The training step at the end of each window. */
  step: number[];
  p15: number[];
  p50: number[];
  p85: number[];
}

/**
 * Collects one unit's input over the training batches and, every `window` steps, records the
 * percentiles of the values seen in that window (60 digits a step: 3,000 values for 50 steps).
 *
 * @example
 * ```ts
 * const track = new PercentileTracker(50);
 * track.add(1, [0.1, -0.3, 0.2]);
 * track.result(); // { step: [], p15: [], p50: [], p85: [] } until 50 steps are in
 * ```
 */
export class PercentileTracker {
  private values: number[] = [];
  private steps = 0;
  private readonly track: PercentileTrack = { step: [], p15: [], p50: [], p85: [] };

  constructor(private readonly window: number) {}

  /** The unit's inputs at training step `step`. */
  add(step: number, values: readonly number[]): void {
    this.values.push(...values);
    if (++this.steps < this.window) return;
    this.track.step.push(step);
    this.track.p15.push(quantile(this.values, 0.15) ?? Number.NaN);
    this.track.p50.push(quantile(this.values, 0.5) ?? Number.NaN);
    this.track.p85.push(quantile(this.values, 0.85) ?? Number.NaN);
    this.values = [];
    this.steps = 0;
  }

  result(): PercentileTrack {
    return this.track;
  }
}

/**
 * How far a distribution moved over training: the largest change of any of its three
 * percentiles between windows, from its first window on.
 *
 * @example
 * ```ts
 * drift({ step: [50, 100], p15: [-1, -2], p50: [0, 0.5], p85: [1, 1] }); // 1
 * ```
 */
export function drift(track: PercentileTrack): number {
  const range = (xs: number[]): number => Math.max(...xs) - Math.min(...xs);
  return Math.max(range(track.p15), range(track.p50), range(track.p85));
}
