/**
 * Canvases laid over an SVG picture: sized in device pixels to their box on screen, drawn in the
 * SVG's own viewBox coordinates.
 */

/**
 * Makes `canvas` as many pixels as it has device pixels on screen, and returns its 2D context
 * set up to draw in a `viewWidth × viewHeight` coordinate system (the SVG's viewBox).
 *
 * @example
 * ```ts
 * const context = fitCanvas(canvas, 560, 360);
 * context?.fillRect(0, 0, 10, 10); // a 10-unit square in viewBox units
 * ```
 */
export function fitCanvas(
  canvas: HTMLCanvasElement,
  viewWidth: number,
  viewHeight: number,
): CanvasRenderingContext2D | null {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const context = canvas.getContext('2d');
  if (context === null) return null;
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, width, height);
  context.setTransform(width / viewWidth, 0, 0, height / viewHeight, 0, 0);
  return context;
}
