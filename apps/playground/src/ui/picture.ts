/**
 * The big picture: the network's output over the plane (a canvas painted from the worker's grid)
 * with the data points on top, and clicks that add or remove your own points.
 */
import type { Snapshot } from '../worker/protocol.js';
import { labelColor } from './colors.js';
import { paintField } from './field.js';

export type PictureData = NonNullable<Snapshot['data']>;

const POINT_RADIUS = 3.5;
const HIT_RADIUS = 7;

export class Picture {
  private data: PictureData | null = null;
  private showTest = false;

  /**
   * @example
   * ```ts
   * const picture = new Picture(byId('field'), byId('points'), (x1, x2, hit) => …);
   * ```
   */
  constructor(
    private readonly field: HTMLCanvasElement,
    private readonly overlay: HTMLCanvasElement,
    onClick: (x1: number, x2: number, hitIndex: number | null) => void,
  ) {
    overlay.addEventListener('click', (event) => {
      if (this.data === null) return;
      const box = overlay.getBoundingClientRect();
      const [lo, hi] = this.data.domain;
      const fx = (event.clientX - box.left) / box.width;
      const fy = (event.clientY - box.top) / box.height;
      onClick(
        lo + fx * (hi - lo),
        hi - fy * (hi - lo),
        this.hit(event.clientX - box.left, event.clientY - box.top, box.width),
      );
    });
  }

  /** The points drawn now. */
  get points(): PictureData | null {
    return this.data;
  }

  private hit(px: number, py: number, size: number): number | null {
    const data = this.data;
    if (data === null) return null;
    const [lo, hi] = data.domain;
    let best: number | null = null;
    let bestDistance = HIT_RADIUS;
    for (let i = 0; i < data.labels.length; i++) {
      if (!this.visible(i)) continue;
      const x = (((data.points[2 * i] as number) - lo) / (hi - lo)) * size;
      const y = ((hi - (data.points[2 * i + 1] as number)) / (hi - lo)) * size;
      const d = Math.hypot(x - px, y - py);
      if (d <= bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    return best;
  }

  private visible(i: number): boolean {
    return this.data?.isTrain[i] === 1 || this.showTest;
  }

  /**
   * Paints the field and, when given, new points.
   *
   * @example
   * ```ts
   * picture.draw(snapshot, { discretize: false, showTest: true });
   * ```
   */
  draw(snapshot: Snapshot, options: { discretize: boolean; showTest: boolean }): void {
    if (snapshot.data !== null) this.data = snapshot.data;
    paintField(this.field, snapshot.output, snapshot.density, snapshot.outputColumns, {
      discretize: options.discretize,
    });
    if (snapshot.data !== null || options.showTest !== this.showTest) {
      this.showTest = options.showTest;
      this.drawPoints();
    }
  }

  /**
   * Redraws the points (after the canvas was resized or test points toggled).
   *
   * @example
   * ```ts
   * picture.drawPoints();
   * ```
   */
  drawPoints(): void {
    const data = this.data;
    const canvas = this.overlay;
    const size = canvas.clientWidth || 400;
    const scale = window.devicePixelRatio || 1;
    canvas.width = Math.round(size * scale);
    canvas.height = Math.round(size * scale);
    const context = canvas.getContext('2d');
    if (context === null || data === null) return;
    context.setTransform(scale, 0, 0, scale, 0, 0);
    context.clearRect(0, 0, size, size);
    const [lo, hi] = data.domain;
    for (let i = 0; i < data.labels.length; i++) {
      const isTrain = data.isTrain[i] === 1;
      if (!isTrain && !this.showTest) continue;
      const x = (((data.points[2 * i] as number) - lo) / (hi - lo)) * size;
      const y = ((hi - (data.points[2 * i + 1] as number)) / (hi - lo)) * size;
      context.beginPath();
      context.arc(x, y, POINT_RADIUS, 0, 2 * Math.PI);
      context.fillStyle = labelColor(data.labels[i] as number, data.task);
      context.fill();
      context.lineWidth = 1;
      context.strokeStyle = isTrain ? '#ffffff' : '#000000';
      context.stroke();
    }
  }
}
