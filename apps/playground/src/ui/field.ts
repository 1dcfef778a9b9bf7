/**
 * Paints a grid of network outputs into a canvas, pixel by pixel (the live heatmap, and the small
 * picture of each unit). The canvas has one pixel per grid cell; CSS scales it up smoothly.
 */
import { classColor, divergingColor } from './colors.js';

/**
 * Paints `values` (`density²` cells row by row from the top, `columns` values per cell) into
 * `canvas`. One column is a value in [-1, 1]; several are class probabilities.
 *
 * @example
 * ```ts
 * paintField(canvas, snapshot.output, 100, 1, { discretize: false });
 * ```
 */
export function paintField(
  canvas: HTMLCanvasElement,
  values: Float32Array,
  density: number,
  columns: number,
  options: { discretize: boolean; offset?: number },
): void {
  if (canvas.width !== density) canvas.width = density;
  if (canvas.height !== density) canvas.height = density;
  const context = canvas.getContext('2d');
  if (context === null) return;
  const image = context.createImageData(density, density);
  const pixels = image.data;
  const offset = options.offset ?? 0;
  for (let cell = 0; cell < density * density; cell++) {
    if (columns === 1) {
      divergingColor(values[offset + cell] as number, options.discretize, pixels, cell * 4);
    } else {
      classColor(values, offset + cell * columns, columns, options.discretize, pixels, cell * 4);
    }
  }
  context.putImageData(image, 0, 0);
}
