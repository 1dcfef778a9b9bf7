/**
 * The live loss chart, drawn by `@descent/viz`'s `lineChart`: training and test loss against
 * epochs, with the previous run as faint dashed lines.
 */
import { type LineSeries, lineChart } from '@descent/viz';
import { showSvg } from './dom.js';
import type { Curve } from './history.js';

export class LossChart {
  /**
   * @example
   * ```ts
   * const chart = new LossChart(byId('loss-chart'));
   * ```
   */
  constructor(private readonly container: HTMLElement) {}

  /**
   * Redraws the chart.
   *
   * @example
   * ```ts
   * chart.draw(history.run, history.ghost, { log: true, compare: true });
   * ```
   */
  draw(run: Curve, ghost: Curve | null, options: { log: boolean; compare: boolean }): void {
    const series: LineSeries[] = [];
    if (options.compare && ghost !== null) {
      series.push(
        {
          name: 'last run: training',
          x: ghost.epochs,
          y: ghost.train,
          color: '#c9ced4',
          dash: '4 3',
          strokeWidth: 1.5,
        },
        {
          name: 'last run: test',
          x: ghost.epochs,
          y: ghost.test,
          color: '#9aa3ad',
          dash: '4 3',
          strokeWidth: 1.5,
        },
      );
    }
    if (run.epochs.length > 0) {
      series.push(
        { name: 'training loss', x: run.epochs, y: run.train, color: '#8b949e' },
        { name: 'test loss', x: run.epochs, y: run.test, color: '#1f2328' },
      );
    }
    if (series.length === 0) {
      this.container.replaceChildren();
      return;
    }
    const lastEpoch = Math.max(
      run.epochs.at(-1) ?? 0,
      options.compare ? (ghost?.epochs.at(-1) ?? 0) : 0,
    );
    const svg = lineChart({
      series,
      xDomain: [0, Math.max(10, lastEpoch)],
      yScale: options.log ? 'log' : 'linear',
      xLabel: 'epoch',
      yLabel: 'loss',
      width: 420,
      height: 220,
      fontSize: 11,
      idPrefix: 'loss',
      title: undefined,
      description: `Loss against epochs: ${run.epochs.length} epochs in this run${ghost && options.compare ? ', with the last run for comparison' : ''}.`,
    });
    showSvg(this.container, svg);
  }
}
