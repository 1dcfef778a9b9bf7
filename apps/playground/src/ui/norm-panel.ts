/**
 * BatchNorm's numbers: for each layer with BatchNorm, the running mean and variance (used in
 * evaluation) beside the last training batch's mean and variance (used in training). The tables
 * are built once per network and their cells updated in place: rebuilding them would make the
 * browser lay out the whole page, network picture included, several times a second.
 */
import type { NormStats } from '../engine/trainer.js';
import { formatNumber, h } from './dom.js';

const COLUMNS = ['running μ', 'running σ²', 'batch μ', 'batch σ²'] as const;

export class NormPanel {
  private shape = '';
  private cells: HTMLTableCellElement[][][] = [];
  private readonly note = h('p', { class: 'help' });

  /**
   * @example
   * ```ts
   * const norms = new NormPanel(byId('norm-stats'));
   * ```
   */
  constructor(private readonly panel: HTMLElement) {}

  /**
   * Shows one table per BatchNorm layer (hidden when there is none).
   *
   * @example
   * ```ts
   * norms.draw(snapshot.norms, 'eval');
   * ```
   */
  draw(norms: readonly NormStats[], mode: 'train' | 'eval'): void {
    this.panel.hidden = norms.length === 0;
    if (norms.length === 0) return;
    const shape = norms.map((n) => `${n.layer}:${n.runningMean.length}`).join(',');
    if (shape !== this.shape) this.build(norms, shape);
    this.note.textContent =
      mode === 'eval'
        ? 'The picture uses the running averages (evaluation mode), as at test time.'
        : 'The picture uses the last training batch’s mean and variance (training mode).';
    norms.forEach((stats, t) => {
      const columns = [stats.runningMean, stats.runningVar, stats.batchMean, stats.batchVar];
      this.cells[t]?.forEach((row, unit) => {
        row.forEach((cell, c) => {
          const values = columns[c];
          const text = values ? formatNumber(values[unit] as number, 3) : '–';
          if (cell.textContent !== text) cell.textContent = text;
        });
      });
    });
  }

  private build(norms: readonly NormStats[], shape: string): void {
    this.shape = shape;
    this.cells = norms.map((stats) =>
      Array.from(stats.runningMean, () => COLUMNS.map(() => h('td', {}, '–'))),
    );
    const tables = norms.map((stats, t) =>
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
            ...COLUMNS.map((name) => h('th', { scope: 'col' }, name)),
          ),
        ),
        h(
          'tbody',
          {},
          ...(this.cells[t] ?? []).map((row, unit) =>
            h('tr', {}, h('th', { scope: 'row' }, String(unit + 1)), ...row),
          ),
        ),
      ),
    );
    this.panel.replaceChildren(h('h3', {}, 'BatchNorm statistics'), this.note, ...tables);
  }
}
