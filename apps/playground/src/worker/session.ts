/**
 * The worker's side of a run: pacing epochs, stop conditions, divergence, and snapshots when the
 * page is ready for one. Kept apart from `worker.ts` (which only wires messages) so the logic
 * can be tested without a worker.
 */
import { values } from '../engine/read.js';
import { type Measurement, PlaygroundError, Trainer } from '../engine/trainer.js';
import type { State } from '../state/schema.js';
import type { FromWorker, Snapshot, ToWorker, UnitId } from './protocol.js';

/** Epochs per second at each speed setting. */
export const EPOCHS_PER_SECOND: Readonly<Record<State['speed'], number>> = {
  slow: 10,
  normal: 60,
  fast: Number.POSITIVE_INFINITY,
};
/** How long the worker trains before it looks at its messages again and sends a snapshot: a frame. */
const SLICE_MS = 16;
/**
 * Training gets at least this many times the time a snapshot takes, so a big network (whose
 * 10,000-point picture is slow to compute) still spends most of its time training.
 */
const TRAIN_TO_SNAPSHOT = 2;
export const OUTPUT_DENSITY = 100;
export const UNIT_DENSITY = 20;

export interface Host {
  post(message: FromWorker, transfer: Transferable[]): void;
  /** Runs `task` soon, after pending messages (a macrotask). */
  later(task: () => void, delayMs: number): void;
  now(): number;
}

function transferables(snapshot: Snapshot): Transferable[] {
  const list: ArrayBufferLike[] = [snapshot.output.buffer, snapshot.units.buffer];
  for (const w of snapshot.weights.weights) list.push(w.buffer);
  for (const b of snapshot.weights.biases) list.push(b.buffer);
  for (const inputs of snapshot.layerInputs) {
    list.push(inputs.linear.buffer);
    if (inputs.normalized) list.push(inputs.normalized.buffer);
  }
  if (snapshot.data) {
    list.push(
      snapshot.data.points.buffer,
      snapshot.data.labels.buffer,
      snapshot.data.isTrain.buffer,
    );
  }
  return list as Transferable[];
}

function errorText(error: unknown): string {
  if (error instanceof PlaygroundError) return error.message;
  return `Something went wrong: ${error instanceof Error ? error.message : String(error)}`;
}

export class Session {
  private trainer: Trainer | null = null;
  private playing = false;
  private pending: Measurement[] = [];
  private restarted = true;
  private dataChanged = true;
  private pageReady = true;
  private dirty = true;
  private focus: UnitId | null = null;
  private sendLayerInputs = false;
  private paceStart = 0;
  private paceEpochs = 0;
  private loopScheduled = false;
  private snapshotMs = 0;

  /**
   * @example
   * ```ts
   * const session = new Session({ post, later: (f, ms) => setTimeout(f, ms), now: () => performance.now() });
   * ```
   */
  constructor(private readonly host: Host) {}

  /**
   * Handles one message from the page.
   *
   * @example
   * ```ts
   * session.receive({ type: 'configure', state: defaultState() });
   * ```
   */
  receive(message: ToWorker): void {
    try {
      this.handle(message);
    } catch (error) {
      this.host.post({ type: 'error', message: errorText(error) }, []);
    }
  }

  private handle(message: ToWorker): void {
    switch (message.type) {
      case 'configure':
        this.configure(message.state);
        break;
      case 'play':
        if (this.trainer === null) return;
        this.playing = true;
        this.restartPace();
        this.schedule(0);
        this.dirty = true;
        break;
      case 'pause':
        this.playing = false;
        this.dirty = true;
        break;
      case 'step':
        this.playing = false;
        this.runEpoch();
        this.dirty = true;
        break;
      case 'reset':
        this.playing = false;
        this.trainer?.reset();
        this.restart();
        break;
      case 'drawn':
        this.pageReady = true;
        break;
      case 'focus':
        this.focus = message.unit;
        this.dirty = true;
        break;
      case 'setWeight':
        this.trainer?.setWeight(message.layer, message.unit, message.input, message.value);
        this.dirty = true;
        break;
      case 'layerInputs':
        this.sendLayerInputs = message.enabled;
        this.dirty = true;
        break;
      case 'exportWeights':
        if (this.trainer) {
          const bytes = this.trainer.exportWeights();
          this.host.post({ type: 'weights', bytes }, [bytes.buffer as ArrayBuffer]);
        }
        break;
      case 'importWeights':
        if (this.trainer) {
          this.trainer.importWeights(message.bytes);
          this.pending.push(this.trainer.measure());
          this.dirty = true;
        }
        break;
    }
    this.flush();
  }

  private configure(state: State): void {
    if (this.trainer === null) {
      this.trainer = new Trainer(state);
      this.restart();
      return;
    }
    const change = this.trainer.configure(state);
    if (change === 'data' || change === 'model') {
      this.dataChanged ||= change === 'data';
      this.restart();
    } else if (change !== 'none') {
      this.restartPace();
      this.dirty = true;
    }
  }

  /** The run starts over: the page clears its loss history. */
  private restart(): void {
    this.restarted = true;
    this.pending = this.trainer ? [this.trainer.measure()] : [];
    this.dirty = true;
    this.restartPace();
  }

  private restartPace(): void {
    this.paceStart = this.host.now();
    this.paceEpochs = 0;
  }

  private pause(reason: 'diverged' | 'stopEpoch' | 'stopLoss' | 'error', message: string): void {
    this.playing = false;
    this.dirty = true;
    this.host.post({ type: 'paused', reason, message }, []);
  }

  /** Trains one epoch and applies the stop rules. Returns whether training may go on. */
  private runEpoch(): boolean {
    const trainer = this.trainer;
    if (trainer === null) return false;
    let measured: ReturnType<Trainer['trainEpoch']>;
    try {
      measured = trainer.trainEpoch();
    } catch (error) {
      this.pause('error', errorText(error));
      return false;
    }
    if (measured.diverged) {
      this.pause(
        'diverged',
        `The loss diverged at epoch ${measured.epoch} — try a smaller learning rate. The weights are back where they were after epoch ${trainer.epoch}.`,
      );
      return false;
    }
    this.pending.push(measured);
    this.dirty = true;
    const { stopAtEpoch, stopAtLoss } = trainer.state;
    if (stopAtEpoch > 0 && measured.epoch >= stopAtEpoch) {
      this.pause('stopEpoch', `Stopped at epoch ${measured.epoch}, as “Stop at epoch” asks.`);
      return false;
    }
    if (stopAtLoss > 0 && measured.testLoss <= stopAtLoss) {
      this.pause(
        'stopLoss',
        `Reached a test loss of ${measured.testLoss.toPrecision(3)} (target ${stopAtLoss}) at epoch ${measured.epoch}.`,
      );
      return false;
    }
    return true;
  }

  private schedule(delayMs: number): void {
    if (this.loopScheduled) return;
    this.loopScheduled = true;
    this.host.later(() => {
      this.loopScheduled = false;
      try {
        this.loop();
      } catch (error) {
        this.pause('error', errorText(error));
        this.flushSafely();
      }
    }, delayMs);
  }

  private loop(): void {
    if (!this.playing || this.trainer === null) return;
    const start = this.host.now();
    const rate = EPOCHS_PER_SECOND[this.trainer.state.speed];
    const due = Number.isFinite(rate)
      ? Math.floor(((start - this.paceStart) / 1000) * rate) - this.paceEpochs
      : Number.POSITIVE_INFINITY;
    let ran = 0;
    const slice = Math.max(SLICE_MS, TRAIN_TO_SNAPSHOT * this.snapshotMs);
    while (ran < due && this.host.now() - start < slice) {
      ran++;
      this.paceEpochs++;
      if (!this.runEpoch()) break;
    }
    this.flush();
    if (!this.playing) return;
    if (Number.isFinite(rate) && ran >= due) {
      const next = this.paceStart + ((this.paceEpochs + 1) / rate) * 1000;
      this.schedule(Math.max(0, next - this.host.now()));
    } else {
      this.schedule(0);
    }
  }

  /** {@link flush}, reporting a failure instead of throwing (for code outside `receive`). */
  private flushSafely(): void {
    try {
      this.flush();
    } catch (error) {
      this.host.post({ type: 'error', message: errorText(error) }, []);
    }
  }

  /** Sends a snapshot if something changed and the page drew the last one. */
  private flush(): void {
    if (!this.pageReady || !this.dirty || this.trainer === null) return;
    const start = this.host.now();
    const snapshot = this.snapshot(this.trainer);
    this.snapshotMs = this.host.now() - start;
    this.pageReady = false;
    this.dirty = false;
    this.pending = [];
    this.restarted = false;
    this.dataChanged = false;
    this.host.post({ type: 'snapshot', snapshot }, transferables(snapshot));
  }

  private snapshot(trainer: Trainer): Snapshot {
    const focus = this.focus;
    let output: Float32Array;
    let outputColumns = 1;
    let shownFocus: UnitId | null = null;
    try {
      output =
        focus === null
          ? trainer.outputGrid(OUTPUT_DENSITY)
          : trainer.unitGrid(focus.layer, focus.unit, OUTPUT_DENSITY);
      shownFocus = focus;
    } catch {
      output = trainer.outputGrid(OUTPUT_DENSITY);
    }
    if (shownFocus === null) outputColumns = output.length / (OUTPUT_DENSITY * OUTPUT_DENSITY);
    const data = trainer.dataset;
    const isTrain = new Uint8Array(data.labels.length);
    for (const i of data.train) isTrain[i] = 1;
    return {
      measurements: this.pending,
      restarted: this.restarted,
      epoch: trainer.epoch,
      playing: this.playing,
      density: OUTPUT_DENSITY,
      output,
      outputColumns,
      focus: shownFocus,
      unitDensity: UNIT_DENSITY,
      units: trainer.unitGrids(UNIT_DENSITY),
      weights: trainer.weights(),
      norms: trainer.normStats(),
      layerInputs: this.sendLayerInputs ? trainer.layerInputs() : [],
      data: this.dataChanged
        ? {
            points: values(data.points),
            labels: Float32Array.from(data.labels),
            isTrain,
            domain: data.domain,
            classes: data.classes,
            task: data.task,
          }
        : null,
    };
  }
}
