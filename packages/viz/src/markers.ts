import { el } from './svg/element.js';
import { num } from './svg/format.js';

/** A five-pointed star centred on (0, 0), outer radius r. */
export function starPath(r: number): string {
  let d = '';
  for (let k = 0; k < 10; k++) {
    const rad = k % 2 === 0 ? r : r * 0.45;
    const a = -Math.PI / 2 + (k * Math.PI) / 5;
    d += `${k === 0 ? 'M' : 'L'}${num(rad * Math.cos(a))},${num(rad * Math.sin(a))}`;
  }
  return `${d}Z`;
}

/** Start-of-path marker: a filled circle with a white ring. */
export function startMarker(x: number, y: number, color: string, name: string): string {
  return el('circle', {
    class: 'viz-start',
    'data-name': name,
    cx: x,
    cy: y,
    r: 4.5,
    fill: color,
    stroke: 'white',
    'stroke-width': 1.5,
  });
}

/** End-of-path marker: a star with a white outline. */
export function endMarker(x: number, y: number, color: string, name: string): string {
  return el('path', {
    class: 'viz-end',
    'data-name': name,
    transform: `translate(${num(x)},${num(y)})`,
    d: starPath(8),
    fill: color,
    stroke: 'white',
    'stroke-width': 1.2,
    'stroke-linejoin': 'round',
  });
}

/** An arrowhead at (x, y) pointing along (ux, uy) (a unit vector). */
export function arrowHead(
  x: number,
  y: number,
  ux: number,
  uy: number,
  size: number,
  color: string,
): string {
  const bx = x - ux * size;
  const by = y - uy * size;
  const w = size * 0.55;
  const d =
    `M${num(x + ux * size * 0.5)},${num(y + uy * size * 0.5)}` +
    `L${num(bx - uy * w)},${num(by + ux * w)}` +
    `L${num(bx + uy * w)},${num(by - ux * w)}Z`;
  return el('path', { class: 'viz-arrow', d, fill: color });
}
