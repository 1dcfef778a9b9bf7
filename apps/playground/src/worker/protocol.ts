/**
 * The messages between the page and the training worker. Pictures and weights travel as
 * transferable typed arrays.
 */
import type { Measurement, NormStats, WeightsView } from '../engine/trainer.js';
import type { State } from '../state/schema.js';

/** A hidden unit, by layer and index from 0. */
export interface UnitId {
  readonly layer: number;
  readonly unit: number;
}

export type ToWorker =
  /** New settings (the worker decides what they rebuild). */
  | { readonly type: 'configure'; readonly state: State }
  | { readonly type: 'play' }
  | { readonly type: 'pause' }
  /** Train exactly one epoch, then pause. */
  | { readonly type: 'step' }
  /** Re-initialize the network from the seed. */
  | { readonly type: 'reset' }
  /** The page drew the last snapshot and can take the next. */
  | { readonly type: 'drawn' }
  /** Draw this unit's output large instead of the network's, or the network's again (null). */
  | { readonly type: 'focus'; readonly unit: UnitId | null }
  /** Set a weight (`input` from 0) or, with `input: null`, a bias of Linear layer `layer`. */
  | {
      readonly type: 'setWeight';
      readonly layer: number;
      readonly unit: number;
      readonly input: number | null;
      readonly value: number;
    }
  /** Send each hidden layer's inputs for histograms with every snapshot (or stop). */
  | { readonly type: 'layerInputs'; readonly enabled: boolean }
  | { readonly type: 'exportWeights' }
  | { readonly type: 'importWeights'; readonly bytes: Uint8Array };

/** Everything the page draws after an epoch. */
export interface Snapshot {
  /** Measurements of each epoch since the last snapshot (after a reset: from epoch 0). */
  readonly measurements: Measurement[];
  /** Whether the run restarted (new data, network or seed) since the last snapshot. */
  readonly restarted: boolean;
  readonly epoch: number;
  readonly playing: boolean;
  readonly density: number;
  /** The big picture: the network's output, or the focused unit's. */
  readonly output: Float32Array;
  /** Values per cell of `output`: 1, or K class probabilities. */
  readonly outputColumns: number;
  readonly focus: UnitId | null;
  readonly unitDensity: number;
  /** Every hidden unit's picture, `unitDensity²` values each. */
  readonly units: Float32Array;
  readonly weights: WeightsView;
  readonly norms: NormStats[];
  readonly layerInputs: { linear: Float32Array; normalized: Float32Array | null; units: number }[];
  /** The points, for drawing: x₁, x₂ pairs, labels, and which are training points. */
  readonly data: {
    readonly points: Float32Array;
    readonly labels: Float32Array;
    readonly isTrain: Uint8Array;
    readonly domain: readonly [number, number];
    readonly classes: number;
    readonly task: 'classification' | 'regression';
  } | null;
}

export type FromWorker =
  | { readonly type: 'snapshot'; readonly snapshot: Snapshot }
  /** Training paused by itself: diverged, reached a stop condition, or failed. */
  | {
      readonly type: 'paused';
      readonly reason: 'diverged' | 'stopEpoch' | 'stopLoss' | 'error';
      readonly message: string;
    }
  | { readonly type: 'weights'; readonly bytes: Uint8Array }
  /** A request failed; nothing changed. */
  | { readonly type: 'error'; readonly message: string };
