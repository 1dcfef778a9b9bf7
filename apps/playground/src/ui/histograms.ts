/**
 * Histograms of what each hidden layer feeds its activation, drawn by `@descent/viz`: the Linear
 * output, and where the layer has BatchNorm, the normalized values beside it.
 */
import { histogram } from '@descent/viz';
import type { Snapshot } from '../worker/protocol.js';
import { showSvg } from './dom.js';

const MIN_INTERVAL_MS = 500;

export class Histograms {
  private lastDrawn = 0;

  /**
   * @example
   * ```ts
   * const histograms = new Histograms(byId('histograms'), (on) => client.send({ type: 'layerInputs', enabled: on }));
   * ```
   */
  constructor(
    private readonly container: HTMLElement,
    details: HTMLDetailsElement,
    request: (enabled: boolean) => void,
  ) {
    details.addEventListener('toggle', () => request(details.open));
  }

  /**
   * Draws the histograms from a snapshot that carries layer inputs (at most twice a second).
   *
   * @example
   * ```ts
   * histograms.draw(snapshot, 'sigmoid');
   * ```
   */
  draw(snapshot: Snapshot, activation: string): void {
    if (snapshot.layerInputs.length === 0) return;
    const time = performance.now();
    if (time - this.lastDrawn < MIN_INTERVAL_MS) return;
    this.lastDrawn = time;
    const charts = snapshot.layerInputs.map((inputs, i) => {
      const host = document.createElement('div');
      const series = [{ name: 'Linear output (before BatchNorm)', values: inputs.linear }];
      if (inputs.normalized) {
        series.push({ name: 'after BatchNorm (γ, β applied)', values: inputs.normalized });
      }
      showSvg(
        host,
        histogram({
          series,
          bins: 40,
          title: `Hidden layer ${i + 1}: inputs to ${activation}`,
          xLabel: 'value',
          yLabel: 'count',
          width: 420,
          height: 200,
          fontSize: 11,
          idPrefix: `hist-${i}`,
        }),
      );
      return host;
    });
    this.container.replaceChildren(...charts);
  }
}
