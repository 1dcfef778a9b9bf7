/**
 * The numbers next to the pictures: epoch, losses, accuracy or R², and the learning rate in use.
 */
import type { Measurement } from '../engine/trainer.js';
import { formatNumber, h } from './dom.js';

/**
 * Shows `epoch` as TensorFlow Playground does (six digits with a thousands separator).
 *
 * @example
 * ```ts
 * formatEpoch(1234); // '001,234'
 * ```
 */
export function formatEpoch(epoch: number): string {
  const digits = String(epoch).padStart(6, '0');
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function percent(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : '–';
}

/**
 * Renders the measurements into the `<dl>`.
 *
 * @example
 * ```ts
 * showMetrics(byId('metrics'), measurement, 'classification');
 * ```
 */
export function showMetrics(
  list: HTMLElement,
  m: Measurement | null,
  task: 'classification' | 'regression',
): void {
  const score = task === 'classification' ? percent : (v: number) => formatNumber(v, 3);
  const name = task === 'classification' ? 'accuracy' : 'R²';
  const rows: [string, string, string][] = [
    ['Test loss', 'test-loss', m ? formatNumber(m.testLoss) : '–'],
    ['Training loss', 'train-loss', m ? formatNumber(m.trainLoss) : '–'],
    [`Test ${name}`, 'test-score', m ? score(m.testScore) : '–'],
    [`Training ${name}`, 'train-score', m ? score(m.trainScore) : '–'],
    ['Learning rate', 'learning-rate', m ? formatNumber(m.learningRate, 3) : '–'],
  ];
  list.replaceChildren(
    ...rows.flatMap(([label, id, value]) => [
      h('dt', {}, label),
      h('dd', { id, 'data-value': m ? String(metricValue(m, id)) : '' }, value),
    ]),
  );
}

function metricValue(m: Measurement, id: string): number {
  switch (id) {
    case 'test-loss':
      return m.testLoss;
    case 'train-loss':
      return m.trainLoss;
    case 'test-score':
      return m.testScore;
    case 'train-score':
      return m.trainScore;
    default:
      return m.learningRate;
  }
}
