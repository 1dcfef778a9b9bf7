/**
 * The network picture: `@descent/viz`'s network diagram (weights as line width and colour), with
 * a live picture of every unit's output over its circle. Units are buttons: hovering or focusing
 * one shows its output in the big picture, clicking it (or a line) edits its weights.
 *
 * The diagram's SVG is drawn anew only for a new network (parsing thousands of edges takes far
 * longer than a frame). As the weights change, its edges are repainted on a canvas behind it
 * ({@link EdgeCanvas}) and the units' pictures on one canvas over it ({@link UnitPictures}).
 */
import { networkDiagram } from '@descent/viz';
import { FEATURES } from '../engine/features.js';
import type { FeatureKey } from '../state/normalize.js';
import { PARAMS } from '../state/schema.js';
import type { Snapshot, UnitId } from '../worker/protocol.js';
import { h, showSvg } from './dom.js';
import { EdgeCanvas } from './edge-canvas.js';
import { type UnitBox, UnitPictures, type UnitValues } from './unit-pictures.js';

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
const WIDTH = 560;

function diagramHeight(layers: readonly number[]): number {
  const most = Math.max(...layers);
  return Math.round(Math.min(680, Math.max(300, most * 36 + 90)));
}

/** Each input feature's values over the domain, scaled to [-1, 1] (x₁² reaches 36). */
function featurePicture(key: FeatureKey, domain: readonly [number, number]): Float32Array {
  const [lo, hi] = domain;
  const cell = (hi - lo) / FEATURE_DENSITY;
  const values = new Float32Array(FEATURE_DENSITY * FEATURE_DENSITY);
  let most = 0;
  for (let row = 0; row < FEATURE_DENSITY; row++) {
    for (let col = 0; col < FEATURE_DENSITY; col++) {
      const v = FEATURES[key].at(lo + (col + 0.5) * cell, hi - (row + 0.5) * cell);
      values[row * FEATURE_DENSITY + col] = v;
      most = Math.max(most, Math.abs(v));
    }
  }
  for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) / (most || 1);
  return values;
}

export class NetworkView {
  private readonly host: HTMLElement;
  private readonly edges: EdgeCanvas;
  private readonly pictures: UnitPictures;
  private svg: SVGSVGElement | null = null;
  private shape = '';
  private inputs: Float32Array[] = [];
  private output: UnitValues | null = null;

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
    this.host = h('div', { class: 'diagram' });
    container.prepend(this.host);
    this.edges = new EdgeCanvas(this.host);
    this.pictures = new UnitPictures(this.host);
    this.host.addEventListener('click', (event) => {
      const edge = this.edges.hit(event);
      if (edge !== null) handlers.edit(edge);
    });
    new ResizeObserver(() => {
      this.edges.resize();
      this.pictures.redraw();
    }).observe(this.host);
  }

  /**
   * Draws the diagram anew when the network is new (then its edges and pictures too); returns
   * whether it did. Otherwise {@link drawEdges} and {@link drawPictures} keep it current.
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
  ): boolean {
    const { layers } = snapshot.weights;
    const shape = `${layers.join('-')}|${features.join(',')}|${domain.join(',')}`;
    if (shape === this.shape) return false;
    this.shape = shape;
    this.drawDiagram(snapshot, features);
    this.inputs = features.map((key) => featurePicture(key, domain));
    this.drawEdges(snapshot);
    this.drawPictures(snapshot, discretize);
    return true;
  }

  /**
   * Repaints the edges for the snapshot's weights.
   *
   * @example
   * ```ts
   * view.drawEdges(snapshot);
   * ```
   */
  drawEdges(snapshot: Snapshot): void {
    this.edges.draw(snapshot.weights);
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
    const height = diagramHeight(layers);
    const svg = networkDiagram({
      layers,
      weights: nested,
      labels: layers.map((_, l) =>
        l === 0 ? 'input' : l === layers.length - 1 ? 'output' : `hidden ${l}`,
      ),
      unitLabels: [features.map((key) => PARAMS[key].label)],
      maxUnits: 16,
      width: WIDTH,
      height,
      fontSize: 11,
      idPrefix: 'network',
      // Transparent, so the edges painted on the canvas behind show through.
      background: 'none',
      description: `A network with ${layers.length - 2} hidden layers (${layers.slice(1, -1).join(', ') || 'none'} units) and ${layers[0]} inputs.`,
    });
    const fresh = showSvg(document.createElement('div'), svg);
    const previous = this.host.querySelector('svg');
    if (previous) previous.replaceWith(fresh);
    else this.host.insertBefore(fresh, this.pictures.element);
    this.svg = fresh;
    this.edges.adopt(fresh);
    this.placeUnits(layers, features, WIDTH, height);
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

  private placeUnits(
    layers: readonly number[],
    features: readonly FeatureKey[],
    width: number,
    height: number,
  ): void {
    for (const old of this.container.querySelectorAll('.unit-picture')) old.remove();
    const svg = this.svg;
    if (svg === null) return;
    const boxes: UnitBox[] = [];
    for (const circle of svg.querySelectorAll('circle.viz-unit')) {
      const layer = Number(circle.getAttribute('data-layer'));
      const unit = Number(circle.getAttribute('data-unit'));
      const cx = Number(circle.getAttribute('cx'));
      const cy = Number(circle.getAttribute('cy'));
      const size = 2.2 * Number(circle.getAttribute('r'));
      boxes.push({ layer, unit, x: cx - size / 2, y: cy - size / 2, size });
      this.container.append(
        this.unitButton(layer, unit, layers, features, { cx, cy, size, width, height }),
      );
    }
    this.pictures.place(boxes, width, height);
  }

  private unitButton(
    layer: number,
    unit: number,
    layers: readonly number[],
    features: readonly FeatureKey[],
    at: { cx: number; cy: number; size: number; width: number; height: number },
  ): HTMLButtonElement {
    const isInput = layer === 0;
    const isOutput = layer === layers.length - 1;
    const name = isInput
      ? `Input ${PARAMS[features[unit] as FeatureKey]?.label ?? unit + 1}`
      : isOutput
        ? `Output unit ${unit + 1}`
        : `Hidden layer ${layer}, unit ${unit + 1}`;
    const button = h('button', {
      type: 'button',
      class: 'unit-picture',
      'aria-label': isInput ? `${name}: its value over the plane` : `${name}: edit its weights`,
      'data-layer': layer,
      'data-unit': unit,
      style: `left:${(at.cx / at.width) * 100}%;top:${(at.cy / at.height) * 100}%;width:${(at.size / at.width) * 100}%;height:${(at.size / at.height) * 100}%`,
    });
    if (isInput) {
      button.tabIndex = -1;
      return button;
    }
    const target = { layer: layer - 1, unit };
    if (!isOutput) {
      const show = () => this.handlers.focus(target);
      const hide = () => this.handlers.focus(null);
      button.addEventListener('mouseenter', show);
      button.addEventListener('focus', show);
      button.addEventListener('mouseleave', hide);
      button.addEventListener('blur', hide);
    }
    button.addEventListener('click', () => this.handlers.edit({ ...target, input: null }));
    return button;
  }

  /**
   * Repaints every unit's picture from the snapshot.
   *
   * @example
   * ```ts
   * view.drawPictures(snapshot, false);
   * ```
   */
  drawPictures(snapshot: Snapshot, discretize: boolean): void {
    const { layers } = snapshot.weights;
    const cells = snapshot.unitDensity * snapshot.unitDensity;
    const offsets: number[] = [];
    let offset = 0;
    for (let l = 1; l < layers.length - 1; l++) {
      offsets[l] = offset;
      offset += (layers[l] as number) * cells;
    }
    // While a hidden unit is shown large, the worker sends its picture instead of the output's.
    if (snapshot.focus === null) {
      this.output = {
        values: snapshot.output,
        density: snapshot.density,
        columns: snapshot.outputColumns,
        offset: 0,
      };
    }
    const outputLayer = layers.length - 1;
    this.pictures.draw(
      (box) => {
        if (box.layer === 0) {
          const values = this.inputs[box.unit];
          return values ? { values, density: FEATURE_DENSITY, columns: 1, offset: 0 } : null;
        }
        if (box.layer === outputLayer) return this.output;
        return {
          values: snapshot.units,
          density: snapshot.unitDensity,
          columns: 1,
          offset: (offsets[box.layer] as number) + box.unit * cells,
        };
      },
      {
        discretize,
        focused: snapshot.focus && { layer: snapshot.focus.layer + 1, unit: snapshot.focus.unit },
      },
    );
  }
}
