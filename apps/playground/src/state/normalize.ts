/**
 * Rules that tie settings together, applied after every change so the state is always one the
 * network can train with. Each rule that has to change what the user asked for says so in a
 * notice.
 */
import type { State } from './schema.js';

/** The input features, in the order the network sees them. */
export const FEATURE_KEYS = [
  'x1',
  'x2',
  'x1Squared',
  'x2Squared',
  'x1x2',
  'sinX1',
  'sinX2',
] as const;
export type FeatureKey = (typeof FEATURE_KEYS)[number];

/**
 * How many classes the state's classification data has (2 for regression, which has none).
 *
 * @example
 * ```ts
 * classCount({ ...defaultState(), dataset: 'spiral', arms: 3 }); // 3
 * ```
 */
export function classCount(state: State): number {
  if (state.problem !== 'classification') return 2;
  if (state.dataset === 'spiral') return state.arms;
  if (state.dataset === 'custom') {
    let most = 1;
    for (const p of state.points) most = Math.max(most, p.label);
    return Math.max(2, most + 1);
  }
  return 2;
}

/**
 * The state with every cross-setting rule applied, and a sentence for each change it made.
 *
 * @example
 * ```ts
 * normalize({ ...defaultState(), dataset: 'spiral', arms: 3 }).state.loss; // 'crossEntropy'
 * ```
 */
export function normalize(input: State): { state: State; notices: string[] } {
  const notices: string[] = [];
  const state: { -readonly [K in keyof State]: State[K] } = { ...input };

  if (state.batchNorm.length !== state.layers.length) {
    state.batchNorm = state.layers.map((_, i) => state.batchNorm[i] ?? false);
  }
  if (!FEATURE_KEYS.some((key) => state[key])) {
    state.x1 = true;
    notices.push('The network needs at least one input feature, so x₁ was switched back on.');
  }
  if (state.problem === 'regression' && state.loss !== 'mse') {
    state.loss = 'mse';
  }
  if (state.problem === 'classification' && state.loss === 'mse' && classCount(state) > 2) {
    state.loss = 'crossEntropy';
    notices.push(
      `Mean squared error fits two classes (labels ±1); with ${classCount(state)} classes the loss is cross-entropy with a softmax.`,
    );
  }
  if (state.problem === 'classification' && state.dataset === 'custom') {
    const bad = state.points.find((p) => !Number.isInteger(p.label) || p.label < 0 || p.label > 9);
    if (bad !== undefined) {
      state.points = [];
      notices.push(
        `Class labels must be whole numbers from 0 to 9; found ${bad.label}, so the points were not loaded.`,
      );
    }
  }
  if (state.batchNorm.some(Boolean) && state.batchSize < 2) {
    state.batchSize = 2;
    notices.push(
      'BatchNorm in training mode needs at least 2 examples per batch to compute a standard deviation, so the batch size is 2.',
    );
  }
  return { state, notices };
}
