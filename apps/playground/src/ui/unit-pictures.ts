/**
 * The small live picture of every unit, painted into one canvas over the network diagram (one
 * canvas per unit would give the browser a hundred layers to update every frame). Each picture
 * is painted at its grid's resolution into a scratch canvas, then drawn scaled into its box.
 */
import { fitCanvas } from './canvas-fit.js';
import { paintField } from './field.js';

/** Where a unit's picture goes, in the diagram's viewBox coordinates. */
export interface UnitBox {
  readonly layer: number;
  readonly unit: number;
  readonly x: number;
  readonly y: number;
  readonly size: number;
}

/** One unit's values: `density²` cells, `columns` values per cell, starting at `offset`. */
export interface UnitValues {
  readonly values: Float32Array;
  readonly density: number;
  readonly columns: number;
  readonly offset: number;
}

export interface DrawOptions {
  readonly discretize: boolean;
  /** The unit shown large, outlined here (layer counts from the inputs). */
  readonly focused: { readonly layer: number; readonly unit: number } | null;
}

export class UnitPictures {
  private readonly canvas: HTMLCanvasElement;
  private readonly scratch = new Map<number, HTMLCanvasElement>();
  private boxes: UnitBox[] = [];
  private viewWidth = 1;
  private viewHeight = 1;
  private last: { valuesOf: (box: UnitBox) => UnitValues | null; options: DrawOptions } | null =
    null;

  /**
   * @example
   * ```ts
   * const pictures = new UnitPictures(diagramHost);
   * ```
   */
  constructor(host: HTMLElement) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'units';
    this.canvas.setAttribute('aria-hidden', 'true');
    host.append(this.canvas);
  }

  /** The canvas, for placing the diagram under it. */
  get element(): HTMLCanvasElement {
    return this.canvas;
  }

  /**
   * Sets where the pictures go, for a newly drawn diagram.
   *
   * @example
   * ```ts
   * pictures.place(boxes, 560, 360);
   * ```
   */
  place(boxes: UnitBox[], viewWidth: number, viewHeight: number): void {
    this.boxes = boxes;
    this.viewWidth = viewWidth;
    this.viewHeight = viewHeight;
  }

  private scratchCanvas(density: number): HTMLCanvasElement {
    let canvas = this.scratch.get(density);
    if (canvas === undefined) {
      canvas = document.createElement('canvas');
      this.scratch.set(density, canvas);
    }
    return canvas;
  }

  /**
   * Paints every unit's picture: `valuesOf` gives a unit's values (or null to leave its box
   * empty), with the outline of a focused unit drawn heavier.
   *
   * @example
   * ```ts
   * pictures.draw((box) => valuesFor(box), { discretize: false, focused: null });
   * ```
   */
  draw(valuesOf: (box: UnitBox) => UnitValues | null, options: DrawOptions): void {
    this.last = { valuesOf, options };
    const context = fitCanvas(this.canvas, this.viewWidth, this.viewHeight);
    if (context === null) return;
    context.imageSmoothingEnabled = true;
    for (const box of this.boxes) {
      const values = valuesOf(box);
      if (values === null) continue;
      const scratch = this.scratchCanvas(values.density);
      paintField(scratch, values.values, values.density, values.columns, {
        discretize: options.discretize,
        offset: values.offset,
      });
      context.drawImage(scratch, box.x, box.y, box.size, box.size);
      const focused =
        options.focused !== null &&
        options.focused.layer === box.layer &&
        options.focused.unit === box.unit;
      context.lineWidth = focused ? 3 : 1;
      context.strokeStyle = focused ? '#f59322' : '#555555';
      context.strokeRect(box.x, box.y, box.size, box.size);
    }
  }

  /**
   * Paints the last pictures again at the canvas's new size (after a resize).
   *
   * @example
   * ```ts
   * pictures.redraw();
   * ```
   */
  redraw(): void {
    if (this.last) this.draw(this.last.valuesOf, this.last.options);
  }
}
