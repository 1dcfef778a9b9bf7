import { describe, expect, it } from 'vitest';
import { lessonSettings } from '../lessons/presets.js';
import { normalize } from '../state/normalize.js';
import { defaultState, type State } from '../state/schema.js';
import type { FromWorker, Snapshot } from './protocol.js';
import { OUTPUT_DENSITY, Session, UNIT_DENSITY } from './session.js';

/** A session with a fake clock and task queue, run by hand. */
function harness() {
  const posted: FromWorker[] = [];
  const tasks: { at: number; task: () => void }[] = [];
  let time = 0;
  const session = new Session({
    post: (message) => posted.push(message),
    later: (task, delayMs) => tasks.push({ at: time + delayMs, task }),
    // Every reading of the clock costs a little fake time, as training does, so slices end.
    now: () => {
      time += 0.05;
      return time;
    },
  });
  const snapshots = () =>
    posted
      .filter((m): m is Extract<FromWorker, { type: 'snapshot' }> => m.type === 'snapshot')
      .map((m) => m.snapshot);
  /** Runs queued tasks for `ms` of fake time, acknowledging every snapshot as a page would. */
  const run = (ms: number) => {
    const end = time + ms;
    while (tasks.length > 0) {
      tasks.sort((a, b) => a.at - b.at);
      const next = tasks[0] as { at: number; task: () => void };
      if (next.at > end) break;
      tasks.shift();
      time = Math.max(time, next.at) + 1;
      next.task();
      session.receive({ type: 'drawn' });
    }
    time = end;
  };
  return { session, posted, snapshots, run };
}

const settings = (change: Partial<State>): State =>
  normalize({ ...defaultState(), ...change }).state;

describe('the training worker’s session', () => {
  it('answers the first settings with a full snapshot at epoch 0', () => {
    const { session, snapshots } = harness();
    session.receive({ type: 'configure', state: defaultState() });
    const [first] = snapshots() as [Snapshot];
    expect(first.restarted).toBe(true);
    expect(first.epoch).toBe(0);
    expect(first.measurements.map((m) => m.epoch)).toEqual([0]);
    expect(first.output.length).toBe(OUTPUT_DENSITY * OUTPUT_DENSITY);
    expect(first.units.length).toBe(UNIT_DENSITY * UNIT_DENSITY * 6);
    expect(first.data?.labels.length).toBe(500);
    expect(first.weights.layers).toEqual([2, 4, 2, 1]);
  });

  it('sends nothing new until the page has drawn the last snapshot', () => {
    const { session, snapshots } = harness();
    session.receive({ type: 'configure', state: defaultState() });
    session.receive({ type: 'step' });
    session.receive({ type: 'step' });
    expect(snapshots()).toHaveLength(1);
    session.receive({ type: 'drawn' });
    const last = snapshots().at(-1) as Snapshot;
    expect(last.epoch).toBe(2);
    expect(last.measurements.map((m) => m.epoch)).toEqual([1, 2]);
    expect(last.data).toBeNull();
  });

  it('Step trains exactly one epoch and stays paused', () => {
    const { session, snapshots } = harness();
    session.receive({ type: 'configure', state: defaultState() });
    session.receive({ type: 'drawn' });
    session.receive({ type: 'step' });
    const last = snapshots().at(-1) as Snapshot;
    expect(last.epoch).toBe(1);
    expect(last.playing).toBe(false);
  });

  it('plays at 60 epochs a second at normal speed, and pauses', () => {
    const { session, snapshots, run } = harness();
    session.receive({ type: 'configure', state: defaultState() });
    session.receive({ type: 'drawn' });
    session.receive({ type: 'play' });
    run(1000);
    const epoch = (snapshots().at(-1) as Snapshot).epoch;
    expect(epoch).toBeGreaterThanOrEqual(58);
    expect(epoch).toBeLessThanOrEqual(61);
    session.receive({ type: 'pause' });
    run(1000);
    expect((snapshots().at(-1) as Snapshot).epoch).toBe(epoch);
  });

  it('stops at the epoch it is asked to, and says so', () => {
    const { session, posted, snapshots, run } = harness();
    session.receive({ type: 'configure', state: settings({ stopAtEpoch: 7, speed: 'fast' }) });
    session.receive({ type: 'drawn' });
    session.receive({ type: 'play' });
    run(5000);
    expect((snapshots().at(-1) as Snapshot).epoch).toBe(7);
    expect(posted).toContainEqual({
      type: 'paused',
      reason: 'stopEpoch',
      message: 'Stopped at epoch 7, as “Stop at epoch” asks.',
    });
  });

  it('pauses on divergence with a sentence, never a NaN picture', () => {
    const { session, posted, snapshots, run } = harness();
    session.receive({
      type: 'configure',
      state: settings({ ...lessonSettings('learning-rate'), speed: 'fast' }),
    });
    session.receive({ type: 'drawn' });
    session.receive({ type: 'play' });
    run(20000);
    const paused = posted.find((m) => m.type === 'paused');
    expect(paused).toMatchObject({ reason: 'diverged' });
    expect((paused as { message: string }).message).toMatch(
      /^The loss diverged at epoch \d+ — try a smaller learning rate\./,
    );
    const last = snapshots().at(-1) as Snapshot;
    expect(last.playing).toBe(false);
    expect(last.output.every(Number.isFinite)).toBe(true);
    expect(last.measurements.every((m) => Number.isFinite(m.trainLoss))).toBe(true);
  });

  it('shows a hidden unit large when asked, and reports bad requests as errors', () => {
    const { session, posted, snapshots } = harness();
    session.receive({ type: 'configure', state: defaultState() });
    session.receive({ type: 'drawn' });
    session.receive({ type: 'focus', unit: { layer: 0, unit: 2 } });
    expect((snapshots().at(-1) as Snapshot).focus).toEqual({ layer: 0, unit: 2 });
    session.receive({ type: 'drawn' });
    session.receive({ type: 'setWeight', layer: 7, unit: 0, input: 0, value: 1 });
    expect(posted.at(-1)).toEqual({ type: 'error', message: 'There is no layer 8.' });
  });
});
