import { el, group, text } from './svg/element.js';
import { textWidth } from './svg/measure.js';

const BAR = 14;

/** Width of a colour bar whose tick labels are `labels`. */
export function colorBarWidth(labels: readonly string[], fontSize: number, title?: string): number {
  const w = labels.reduce((m, l) => Math.max(m, textWidth(l, fontSize)), 0);
  return Math.max(BAR + 6 + w, title ? textWidth(title, fontSize) : 0);
}

/**
 * A vertical bar of `colors` (bottom = first) with `labels[k]` at the lower edge of band k (a label
 * `n` marks the top edge). Empty labels, and labels that would collide, are skipped.
 */
export function renderColorBar(
  colors: readonly string[],
  labels: readonly string[],
  x: number,
  y: number,
  maxHeight: number,
  fontSize: number,
  title?: string,
): string {
  const n = colors.length;
  if (n === 0 || maxHeight < fontSize * 3) return '';
  const top = title ? y + fontSize * 1.4 : y + fontSize * 0.5;
  const band = Math.min(18, (maxHeight - (top - y) - fontSize * 0.5) / n);
  const bottom = top + band * n;
  const every = Math.max(1, Math.ceil((fontSize * 1.15) / band));
  const parts: string[] = [];
  if (title) parts.push(el('text', { x, y: y + fontSize, fill: '#222' }, text(title)));
  colors.forEach((c, k) => {
    parts.push(
      el('rect', { x, y: bottom - (k + 1) * band, width: BAR, height: band + 0.5, fill: c }),
    );
  });
  parts.push(
    el('rect', {
      x,
      y: top,
      width: BAR,
      height: bottom - top,
      fill: 'none',
      stroke: '#666',
      'stroke-width': 0.5,
    }),
  );
  labels.forEach((l, k) => {
    if (k % every !== 0 || l === '') return;
    const ly = bottom - k * band;
    parts.push(el('line', { x1: x + BAR, y1: ly, x2: x + BAR + 3, y2: ly, stroke: '#666' }));
    parts.push(el('text', { x: x + BAR + 5, y: ly + fontSize * 0.35, fill: '#333' }, text(l)));
  });
  return group({ class: 'viz-colorbar' }, parts);
}

/** Height a colour bar with n bands and a title takes when given `maxHeight`. */
export function colorBarHeight(
  n: number,
  maxHeight: number,
  fontSize: number,
  title?: string,
): number {
  const head = title ? fontSize * 1.4 : fontSize * 0.5;
  return head + Math.min(18 * n, maxHeight - head - fontSize * 0.5) + fontSize * 0.5;
}
