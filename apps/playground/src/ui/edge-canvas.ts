/**
 * The network picture's edges, painted on a canvas behind `@descent/viz`'s diagram. The
 * geometry is the diagram's own (each edge's SVG path), the style `networkEdgeStyle`'s, so the
 * picture is what viz draws; only the medium differs. Restyling thousands of SVG paths several
 * times a second makes the browser re-lay-out and repaint the whole diagram in tasks longer than
 * a frame, while a canvas repaints them in a few milliseconds.
 */
import { networkEdgeStyle } from '@descent/viz';
import type { WeightsView } from '../engine/trainer.js';
import { fitCanvas } from './canvas-fit.js';

interface Edge {
  readonly path: Path2D;
  readonly layer: number;
  readonly unit: number;
  readonly input: number;
}

/** Pixels around an edge that still count as a click on it. */
const HIT_WIDTH = 8;
/**
 * The most edges painted: the strongest ones. The browser paints a canvas on the page's own
 * thread, and 1,800 edges (8 layers × 16 units) take longer than a frame; the weakest of them
 * are hairlines nobody can see, and TensorFlow Playground's largest network has 450.
 */
export const MAX_PAINTED_EDGES = 450;

export class EdgeCanvas {
  private readonly canvas: HTMLCanvasElement;
  private edges: Edge[] = [];
  private viewWidth = 1;
  private viewHeight = 1;
  private weights: WeightsView | null = null;
  private painted: Edge[] = [];

  /**
   * @example
   * ```ts
   * const edges = new EdgeCanvas(diagramHost);
   * ```
   */
  constructor(host: HTMLElement) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'edges';
    this.canvas.setAttribute('aria-hidden', 'true');
    host.prepend(this.canvas);
  }

  /**
   * Takes over the edges of a freshly drawn diagram: reads their paths and hides them.
   *
   * @example
   * ```ts
   * edges.adopt(svg);
   * ```
   */
  adopt(svg: SVGSVGElement): void {
    const box = svg.viewBox.baseVal;
    this.viewWidth = box.width || 1;
    this.viewHeight = box.height || 1;
    this.edges = Array.from(svg.querySelectorAll<SVGPathElement>('path.viz-edge'), (element) => ({
      path: new Path2D(element.getAttribute('d') ?? ''),
      layer: Number(element.getAttribute('data-layer')),
      unit: Number(element.getAttribute('data-out')),
      input: Number(element.getAttribute('data-in')),
    }));
    svg.querySelector('.viz-edges')?.setAttribute('display', 'none');
    this.resize();
  }

  /**
   * Repaints at the canvas's new size on screen.
   *
   * @example
   * ```ts
   * edges.resize();
   * ```
   */
  resize(): void {
    if (this.weights) this.draw(this.weights);
  }

  private weightOf(weights: WeightsView, edge: Edge): number {
    const ins = weights.layers[edge.layer] as number;
    return weights.weights[edge.layer]?.[edge.unit * ins + edge.input] ?? Number.NaN;
  }

  /**
   * Paints the edges for these weights: sign as colour, magnitude as width and opacity, the
   * strongest last so the weak ones do not hide them (and at most {@link MAX_PAINTED_EDGES}).
   *
   * @example
   * ```ts
   * edges.draw(snapshot.weights);
   * ```
   */
  draw(weights: WeightsView): void {
    this.weights = weights;
    const context = fitCanvas(this.canvas, this.viewWidth, this.viewHeight);
    if (context === null) return;
    let maxAbs = 0;
    for (const matrix of weights.weights) {
      for (const w of matrix) if (Number.isFinite(w)) maxAbs = Math.max(maxAbs, Math.abs(w));
    }
    const ordered = this.edges
      .map((edge) => ({ edge, w: this.weightOf(weights, edge) }))
      .filter(({ w }) => Number.isFinite(w))
      .sort((a, b) => Math.abs(a.w) - Math.abs(b.w))
      .slice(-MAX_PAINTED_EDGES);
    this.painted = ordered.map(({ edge }) => edge).reverse();
    for (const { edge, w } of ordered) {
      const style = networkEdgeStyle(w, maxAbs);
      context.strokeStyle = style.stroke;
      context.globalAlpha = style.strokeOpacity;
      context.lineWidth = style.strokeWidth;
      context.stroke(edge.path);
    }
    context.globalAlpha = 1;
  }

  /**
   * The edge under a click, if any: `layer` counts Linear layers, `unit` the unit it feeds,
   * `input` the unit it comes from.
   *
   * @example
   * ```ts
   * edges.hit(event); // { layer: 0, unit: 2, input: 1 } or null
   * ```
   */
  hit(event: MouseEvent): { layer: number; unit: number; input: number } | null {
    const context = this.canvas.getContext('2d');
    if (context === null) return null;
    const box = this.canvas.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * this.viewWidth;
    const y = ((event.clientY - box.top) / box.height) * this.viewHeight;
    context.save();
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.lineWidth = HIT_WIDTH * (this.viewWidth / box.width);
    let found: Edge | null = null;
    // The strongest edges are painted last, on top: `painted` lists them first.
    for (const edge of this.painted) {
      if (context.isPointInStroke(edge.path, x, y)) {
        found = edge;
        break;
      }
    }
    context.restore();
    return found && { layer: found.layer, unit: found.unit, input: found.input };
  }
}
