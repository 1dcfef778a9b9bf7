/**
 * BatchNorm's numbers: for each layer with BatchNorm, the running mean and variance (used in
 * evaluation) beside the last training batch's mean and variance (used in training).
 */
import type { NormStats } from '../engine/trainer.js';
import { formatNumber, h } from './dom.js';

const MIN_INTERVAL_MS = 250;
let lastDrawn = 0;

/**
 * Shows one table per BatchNorm layer, or hides the panel when there is none.
 *
 * @example
 * ```ts
 * showNormStats(byId('norm-stats'), snapshot.norms, 'eval');
 * ```
 */
export function showNormStats(
  panel: HTMLElement,
  norms: readonly NormStats[],
  mode: 'train' | 'eval',
  force = false,
): void {
  panel.hidden = norms.length === 0;
  const time = performance.now();
  if (norms.length === 0 || (!force && time - lastDrawn < MIN_INTERVAL_MS)) return;
  lastDrawn = time;
  const cell = (values: Float32Array | null, i: number) =>
    h('td', {}, values ? formatNumber(values[i] as number, 3) : '–');
  panel.replaceChildren(
    h('h3', {}, 'BatchNorm statistics'),
    h(
      'p',
      { class: 'help' },
      mode === 'eval'
        ? 'The picture uses the running averages (evaluation mode), as at test time.'
        : 'The picture uses the last training batch’s mean and variance (training mode).',
    ),
    ...norms.map((stats) =>
      h(
        'table',
        {},
        h('caption', {}, `BatchNorm in hidden layer ${stats.layer + 1}`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'unit'),
            h('th', { scope: 'col' }, 'running μ'),
            h('th', { scope: 'col' }, 'running σ²'),
            h('th', { scope: 'col' }, 'batch μ'),
            h('th', { scope: 'col' }, 'batch σ²'),
          ),
        ),
        h(
          'tbody',
          {},
          ...Array.from(stats.runningMean, (_, i) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, String(i + 1)),
              cell(stats.runningMean, i),
              cell(stats.runningVar, i),
              cell(stats.batchMean, i),
              cell(stats.batchVar, i),
            ),
          ),
        ),
      ),
    ),
  );
}
