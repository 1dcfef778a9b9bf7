import type { RunResult } from './train.js';

/** Test accuracy of one (learning rate, BatchNorm) setting over its seeds, at each measured step. */
export interface AccuracyCurve {
  lr: number;
  batchNorm: boolean;
  seeds: number[];
  steps: number[];
  mean: number[];
  min: number[];
  max: number[];
}

/**
 * Groups runs by learning rate and BatchNorm and takes the mean, lowest and highest test accuracy
 * over the seeds at each measured step. Runs of one setting must share their schedule.
 *
 * @example
 * ```ts
 * const curves = accuracyCurves(results);
 * curves[0].mean; // one value per measured step
 * ```
 */
export function accuracyCurves(results: readonly RunResult[]): AccuracyCurve[] {
  const groups = new Map<string, RunResult[]>();
  for (const r of results) {
    const key = `${r.lr}/${r.batchNorm}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((runs) => {
    const first = runs[0] as RunResult;
    for (const r of runs) {
      if (r.evalSteps.join() !== first.evalSteps.join()) {
        throw new Error(
          `accuracyCurves: seeds ${first.seed} and ${r.seed} measured different steps`,
        );
      }
    }
    const at = (i: number): number[] => runs.map((r) => r.accuracy[i] as number);
    const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    return {
      lr: first.lr,
      batchNorm: first.batchNorm,
      seeds: runs.map((r) => r.seed),
      steps: first.evalSteps,
      mean: first.evalSteps.map((_, i) => sum(at(i)) / runs.length),
      min: first.evalSteps.map((_, i) => Math.min(...at(i))),
      max: first.evalSteps.map((_, i) => Math.max(...at(i))),
    };
  });
}

/** A curve's mean, lowest and highest accuracy at `step`, which must be a measured step. */
export function accuracyAt(
  curve: AccuracyCurve,
  step: number,
): { mean: number; min: number; max: number } {
  const i = curve.steps.indexOf(step);
  if (i < 0) throw new Error(`accuracyAt: step ${step} was not measured`);
  return {
    mean: curve.mean[i] as number,
    min: curve.min[i] as number,
    max: curve.max[i] as number,
  };
}

/** `97.1% (96.8–97.4)`: a mean and its range over seeds, as percentages. */
export function formatAccuracy(a: { mean: number; min: number; max: number }): string {
  const pct = (v: number): string => (100 * v).toFixed(1);
  return `${pct(a.mean)}% (${pct(a.min)}–${pct(a.max)})`;
}
