import { describe, expect, it } from 'vitest';
import { drift, PercentileTracker } from './percentiles.js';
import { accuracyAt, accuracyCurves, formatAccuracy } from './summary.js';
import type { RunResult } from './train.js';

const noTrack = { step: [], p15: [], p50: [], p85: [] };
const result = (lr: number, batchNorm: boolean, seed: number, accuracy: number[]): RunResult => ({
  lr,
  batchNorm,
  seed,
  evalSteps: [0, 250, 500],
  accuracy,
  percentiles: noTrack,
  seconds: 1,
});

describe('PercentileTracker', () => {
  it("records numpy's linear percentiles of each window's values at the window's last step", () => {
    const track = new PercentileTracker(2);
    // Steps 1 and 2 bring 1…100 (numpy: 15.85, 50.5, 85.15); steps 3 and 4 bring 3,1,4,1,5,9,2,6.
    track.add(
      1,
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    track.add(
      2,
      Array.from({ length: 50 }, (_, i) => i + 51),
    );
    track.add(3, [3, 1, 4, 1]);
    track.add(4, [5, 9, 2, 6]);
    track.add(5, [100]); // an unfinished window is not recorded
    const r = track.result();
    expect(r.step).toEqual([2, 4]);
    expect(r.p15[0]).toBeCloseTo(15.85, 10);
    expect(r.p50[0]).toBeCloseTo(50.5, 10);
    expect(r.p85[0]).toBeCloseTo(85.15, 10);
    expect(r.p15[1]).toBeCloseTo(1.05, 10);
    expect(r.p50[1]).toBeCloseTo(3.5, 10);
    expect(r.p85[1]).toBeCloseTo(5.95, 10);
  });

  it('measures drift as the largest range of any percentile over time', () => {
    expect(drift({ step: [1, 2, 3], p15: [-1, -2, -1.5], p50: [0, 0.5, 0], p85: [1, 1, 4] })).toBe(
      3,
    );
  });
});

describe('accuracyCurves', () => {
  const runs = [
    result(0.1, false, 0, [0.1, 0.2, 0.3]),
    result(0.1, false, 1, [0.1, 0.4, 0.6]),
    result(0.1, true, 0, [0.1, 0.9, 0.95]),
    result(0.1, true, 1, [0.1, 0.8, 0.97]),
  ];

  it('takes the mean, lowest and highest over seeds for each network', () => {
    const [plain, normalized] = accuracyCurves(runs);
    expect(plain).toMatchObject({ lr: 0.1, batchNorm: false, seeds: [0, 1], steps: [0, 250, 500] });
    expect(plain?.mean.map((v) => +v.toFixed(6))).toEqual([0.1, 0.3, 0.45]);
    expect(plain?.min).toEqual([0.1, 0.2, 0.3]);
    expect(normalized?.max).toEqual([0.1, 0.9, 0.97]);
    expect(formatAccuracy(accuracyAt(normalized as never, 500))).toBe('96.0% (95.0–97.0)');
  });

  it('refuses a step that was not measured and seeds measured at different steps', () => {
    const [plain] = accuracyCurves(runs);
    expect(() => accuracyAt(plain as never, 1000)).toThrow(
      'accuracyAt: step 1000 was not measured',
    );
    const odd = { ...result(0.1, false, 2, [0.1, 0.2]), evalSteps: [0, 250] };
    expect(() => accuracyCurves([...runs, odd])).toThrow(/seeds 0 and 2 measured different steps/);
  });
});
