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

type MetricId = 'test-loss' | 'train-loss' | 'test-score' | 'train-score' | 'learning-rate';

/**
 * Renders the measurements into the `<dl>`: its rows are built once, then only their text
 * changes (the numbers change every frame while training).
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
  const rows: [string, MetricId, number | undefined, (v: number) => string][] = [
    ['Test loss', 'test-loss', m?.testLoss, formatNumber],
    ['Training loss', 'train-loss', m?.trainLoss, formatNumber],
    [`Test ${name}`, 'test-score', m?.testScore, score],
    [`Training ${name}`, 'train-score', m?.trainScore, score],
    ['Learning rate', 'learning-rate', m?.learningRate, (v) => formatNumber(v, 3)],
  ];
  if (list.children.length !== rows.length * 2) {
    list.replaceChildren(...rows.flatMap(([, id]) => [h('dt'), h('dd', { id })]));
  }
  rows.forEach(([label, , value, format], i) => {
    const term = list.children[2 * i] as HTMLElement;
    const detail = list.children[2 * i + 1] as HTMLElement;
    if (term.textContent !== label) term.textContent = label;
    const text = value === undefined ? '–' : format(value);
    if (detail.textContent !== text) detail.textContent = text;
    detail.dataset.value = value === undefined ? '' : String(value);
  });
}
