/**
 * The losses of the current run, epoch by epoch, and of the run before it (the faint "ghost"
 * line the user compares against).
 */
import type { Measurement } from '../engine/trainer.js';

export interface Curve {
  readonly epochs: number[];
  readonly train: number[];
  readonly test: number[];
}

const empty = (): Curve => ({ epochs: [], train: [], test: [] });

export class RunHistory {
  private current: Curve = empty();
  private previous: Curve | null = null;
  private last: Measurement | null = null;

  /** The current run's curve. */
  get run(): Curve {
    return this.current;
  }

  /** The previous run's curve, if it trained at least one epoch. */
  get ghost(): Curve | null {
    return this.previous;
  }

  /** The latest measurement. */
  get latest(): Measurement | null {
    return this.last;
  }

  /**
   * Starts a new run; the current one becomes the ghost if it trained.
   *
   * @example
   * ```ts
   * history.restart();
   * ```
   */
  restart(): void {
    if (this.current.epochs.length > 1) this.previous = this.current;
    this.current = empty();
    this.last = null;
  }

  /**
   * Adds measurements in epoch order; a measurement at an epoch already recorded (after the
   * weights went back to an earlier epoch, or were loaded) replaces the curve from there on.
   *
   * @example
   * ```ts
   * history.add(snapshot.measurements);
   * ```
   */
  add(measurements: readonly Measurement[]): void {
    for (const m of measurements) {
      const { epochs, train, test } = this.current;
      while (epochs.length > 0 && (epochs[epochs.length - 1] as number) >= m.epoch) {
        epochs.pop();
        train.pop();
        test.pop();
      }
      epochs.push(m.epoch);
      train.push(m.trainLoss);
      test.push(m.testLoss);
      this.last = m;
    }
  }
}
