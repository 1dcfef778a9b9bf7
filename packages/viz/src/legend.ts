import { el, group, text } from './svg/element.js';
import { textWidth, truncate } from './svg/measure.js';

/** How an entry's swatch is drawn. */
export type SwatchKind = 'line' | 'rect' | 'circle' | 'ring';

export interface LegendEntry {
  readonly name: string;
  readonly color: string;
  readonly kind: SwatchKind;
  readonly opacity?: number;
  readonly dash?: string;
}

const SWATCH = 18;
const GAP = 6;
const MAX_LABEL = 160;

/** Width a legend with these entries needs (0 when there are none). */
export function legendWidth(entries: readonly LegendEntry[], fontSize: number): number {
  if (entries.length === 0) return 0;
  const w = entries.reduce(
    (m, e) => Math.max(m, textWidth(truncate(e.name, fontSize, MAX_LABEL), fontSize)),
    0,
  );
  return SWATCH + GAP + w;
}

/** Height of one legend row. */
export function legendRowHeight(fontSize: number): number {
  return Math.round(fontSize * 1.6);
}

/** A vertical legend with its top-left corner at (x, y). */
export function renderLegend(
  entries: readonly LegendEntry[],
  x: number,
  y: number,
  fontSize: number,
): string {
  const row = legendRowHeight(fontSize);
  const items = entries.map((e, i) => {
    const cy = y + i * row + row / 2;
    let swatch: string;
    switch (e.kind) {
      case 'line':
        swatch = el('line', {
          x1: x,
          y1: cy,
          x2: x + SWATCH,
          y2: cy,
          stroke: e.color,
          'stroke-width': 2.5,
          'stroke-dasharray': e.dash,
        });
        break;
      case 'rect':
        swatch = el('rect', {
          x,
          y: cy - 6,
          width: SWATCH,
          height: 12,
          fill: e.color,
          'fill-opacity': e.opacity,
          stroke: e.color,
        });
        break;
      case 'circle':
        swatch = el('circle', { cx: x + SWATCH / 2, cy, r: 4.5, fill: e.color, stroke: 'white' });
        break;
      case 'ring':
        swatch = el('circle', {
          cx: x + SWATCH / 2,
          cy,
          r: 4,
          fill: 'none',
          stroke: e.color,
          'stroke-width': 2,
        });
        break;
    }
    return el(
      'g',
      { class: 'viz-legend-entry' },
      swatch,
      el(
        'text',
        { x: x + SWATCH + GAP, y: cy + fontSize * 0.35, fill: '#222' },
        text(truncate(e.name, fontSize, MAX_LABEL)),
      ),
    );
  });
  return group({ class: 'viz-legend' }, items);
}
