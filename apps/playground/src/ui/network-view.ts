/**
 * The network picture: `@descent/viz`'s network diagram (weights as line width and colour), with
 * a live picture of every unit's output laid over its circle. Units are buttons: hovering or
 * focusing one shows its output in the big picture, clicking it (or a line) edits its weights.
 */
import { networkDiagram } from '@descent/viz';
import { FEATURES } from '../engine/features.js';
import type { FeatureKey } from '../state/normalize.js';
import { PARAMS } from '../state/schema.js';
import type { Snapshot, UnitId } from '../worker/protocol.js';
import { h, showSvg } from './dom.js';
import { paintField } from './field.js';

/** A unit to edit: `layer` counts Linear layers from 0 (hidden layer 1 is 0, the output last). */
export interface EditTarget {
  readonly layer: number;
  readonly unit: number;
  /** The input weight to focus, if a line was clicked. */
  readonly input: number | null;
}

export interface NetworkHandlers {
  focus(unit: UnitId | null): void;
  edit(target: EditTarget): void;
}

const FEATURE_DENSITY = 20;
const MIN_INTERVAL_MS = 100;
const WIDTH = 560;

function diagramHeight(layers: readonly number[]): number {
  const most = Math.max(...layers);
  return Math.round(Math.min(680, Math.max(300, most * 36 + 90)));
}

export class NetworkView {
  private svg: SVGSVGElement | null = null;
  private shape = '';
  private buttons: { layer: number; unit: number; canvas: HTMLCanvasElement }[] = [];
  private features: FeatureKey[] = [];
  private lastDrawn = 0;

  /**
   * @example
   * ```ts
   * const view = new NetworkView(byId('network'), { focus, edit });
   * ```
   */
  constructor(
    private readonly container: HTMLElement,
    private readonly handlers: NetworkHandlers,
  ) {
    container.addEventListener('click', (event) => {
      const edge = (event.target as Element).closest?.('.viz-edge');
      if (edge === null || edge === undefined) return;
      const layer = Number(edge.getAttribute('data-layer'));
      const input = Number(edge.getAttribute('data-in'));
      const unit = Number(edge.getAttribute('data-out'));
      if ([layer, input, unit].every(Number.isInteger)) handlers.edit({ layer, unit, input });
    });
  }

  /**
   * Redraws the diagram and every unit's picture.
   *
   * @example
   * ```ts
   * view.draw(snapshot, ['x1', 'x2'], [-6, 6], false);
   * ```
   */
  draw(
    snapshot: Snapshot,
    features: readonly FeatureKey[],
    domain: readonly [number, number],
    discretize: boolean,
  ): void {
    const { layers } = snapshot.weights;
    const shape = `${layers.join('-')}|${features.join(',')}|${domain.join(',')}`;
    const rebuilt = shape !== this.shape;
    const time = performance.now();
    if (rebuilt || time - this.lastDrawn >= MIN_INTERVAL_MS) {
      this.lastDrawn = time;
      this.drawDiagram(snapshot, features);
    }
    if (rebuilt) {
      this.shape = shape;
      this.features = [...features];
      this.placeUnits(layers);
      this.paintInputs(domain);
    }
    this.paintUnits(snapshot, discretize);
  }

  private drawDiagram(snapshot: Snapshot, features: readonly FeatureKey[]): void {
    const { layers, weights } = snapshot.weights;
    const nested = weights.map((flat, l) => {
      const outs = layers[l + 1] as number;
      const ins = layers[l] as number;
      return Array.from({ length: outs }, (_, o) =>
        Array.from(flat.subarray(o * ins, (o + 1) * ins)),
      );
    });
    const svg = networkDiagram({
      layers,
      weights: nested,
      labels: layers.map((_, l) =>
        l === 0 ? 'input' : l === layers.length - 1 ? 'output' : `hidden ${l}`,
      ),
      unitLabels: [features.map((key) => PARAMS[key].label)],
      maxUnits: 16,
      width: WIDTH,
      height: diagramHeight(layers),
      fontSize: 11,
      idPrefix: 'network',
      description: `A network with ${layers.length - 2} hidden layers (${layers.slice(1, -1).join(', ') || 'none'} units) and ${layers[0]} inputs.`,
    });
    const host = this.container.querySelector<HTMLElement>('.diagram') ?? this.ensureDiagramHost();
    this.svg = showSvg(host, svg);
  }

  /**
   * Where each layer's column is, as a percentage of the picture's width (for the layer editors).
   *
   * @example
   * ```ts
   * view.columns(); // [4.3, 37.1, 69.9, 95.7]
   * ```
   */
  columns(): number[] {
    const svg = this.svg;
    if (svg === null) return [];
    const width = svg.viewBox.baseVal.width || WIDTH;
    const out: number[] = [];
    for (const circle of svg.querySelectorAll('circle.viz-unit')) {
      const layer = Number(circle.getAttribute('data-layer'));
      if (out[layer] === undefined) out[layer] = (Number(circle.getAttribute('cx')) / width) * 100;
    }
    return out;
  }

  private ensureDiagramHost(): HTMLElement {
    const host = h('div', { class: 'diagram' });
    this.container.prepend(host);
    return host;
  }

  private placeUnits(layers: readonly number[]): void {
    for (const old of this.container.querySelectorAll('.unit-picture')) old.remove();
    this.buttons = [];
    const svg = this.svg;
    if (svg === null) return;
    const box = svg.viewBox.baseVal;
    const width = box.width || WIDTH;
    const height = box.height || diagramHeight(layers);
    for (const circle of svg.querySelectorAll('circle.viz-unit')) {
      const layer = Number(circle.getAttribute('data-layer'));
      const unit = Number(circle.getAttribute('data-unit'));
      const cx = Number(circle.getAttribute('cx'));
      const cy = Number(circle.getAttribute('cy'));
      const r = Number(circle.getAttribute('r'));
      const isInput = layer === 0;
      const isOutput = layer === layers.length - 1;
      const name = isInput
        ? `Input ${PARAMS[this.features[unit] as FeatureKey]?.label ?? unit + 1}`
        : isOutput
          ? `Output unit ${unit + 1}`
          : `Hidden layer ${layer}, unit ${unit + 1}`;
      const canvas = h('canvas', { width: FEATURE_DENSITY, height: FEATURE_DENSITY });
      const button = h(
        'button',
        {
          type: 'button',
          class: 'unit-picture',
          'aria-label': isInput ? `${name}: its value over the plane` : `${name}: edit its weights`,
          'data-layer': layer,
          'data-unit': unit,
          style: `left:${(cx / width) * 100}%;top:${(cy / height) * 100}%;width:${((2.2 * r) / width) * 100}%;height:${((2.2 * r) / height) * 100}%`,
        },
        canvas,
      );
      if (!isInput) {
        const target = { layer: layer - 1, unit };
        if (!isOutput) {
          const show = () => this.handlers.focus(target);
          const hide = () => this.handlers.focus(null);
          button.addEventListener('mouseenter', show);
          button.addEventListener('focus', show);
          button.addEventListener('mouseleave', hide);
          button.addEventListener('blur', hide);
        }
        button.addEventListener('click', () =>
          this.handlers.edit({ layer: layer - 1, unit, input: null }),
        );
      } else {
        button.tabIndex = -1;
      }
      this.container.append(button);
      this.buttons.push({ layer, unit, canvas });
    }
  }

  private paintInputs(domain: readonly [number, number]): void {
    const [lo, hi] = domain;
    const cell = (hi - lo) / FEATURE_DENSITY;
    for (const { layer, unit, canvas } of this.buttons) {
      if (layer !== 0) continue;
      const key = this.features[unit];
      if (key === undefined) continue;
      const values = new Float32Array(FEATURE_DENSITY * FEATURE_DENSITY);
      let most = 0;
      for (let row = 0; row < FEATURE_DENSITY; row++) {
        for (let col = 0; col < FEATURE_DENSITY; col++) {
          const v = FEATURES[key].at(lo + (col + 0.5) * cell, hi - (row + 0.5) * cell);
          values[row * FEATURE_DENSITY + col] = v;
          most = Math.max(most, Math.abs(v));
        }
      }
      // Inputs span very different ranges (x₁² reaches 36), so each picture uses its own.
      for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) / (most || 1);
      paintField(canvas, values, FEATURE_DENSITY, 1, { discretize: false });
    }
  }

  private paintUnits(snapshot: Snapshot, discretize: boolean): void {
    const { layers } = snapshot.weights;
    const cells = snapshot.unitDensity * snapshot.unitDensity;
    let offset = 0;
    const offsets: number[] = [];
    for (let l = 1; l < layers.length - 1; l++) {
      offsets[l] = offset;
      offset += (layers[l] as number) * cells;
    }
    for (const { layer, unit, canvas } of this.buttons) {
      if (layer === 0) continue;
      if (layer === layers.length - 1) {
        if (snapshot.focus === null) {
          paintField(canvas, snapshot.output, snapshot.density, snapshot.outputColumns, {
            discretize,
          });
        }
        continue;
      }
      paintField(canvas, snapshot.units, snapshot.unitDensity, 1, {
        discretize,
        offset: (offsets[layer] as number) + unit * cells,
      });
    }
    for (const button of this.container.querySelectorAll('.unit-picture')) {
      const focus = snapshot.focus;
      const isFocused =
        focus !== null &&
        Number(button.getAttribute('data-layer')) === focus.layer + 1 &&
        Number(button.getAttribute('data-unit')) === focus.unit;
      button.classList.toggle('focused', isFocused);
    }
  }
}
