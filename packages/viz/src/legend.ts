import { el, group, text } from './svg/element.js';
import { textWidth } from './svg/measure.js';

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
/** The widest a legend line may be, in pixels. */
const MAX_LABEL = 160;
/** Longer names wrap onto at most this many lines; the rest is cut with an ellipsis. */
const MAX_LINES = 3;

/**
 * A name broken into lines of at most {@link MAX_LABEL} pixels, at spaces where it can (inside a
 * word too long for a line otherwise). A name needing more than {@link MAX_LINES} lines keeps
 * its beginning and its end, `…` in between: the end is often what tells series apart
 * (`… amsgrad=false` and `… amsgrad=true`).
 */
export function legendLines(name: string, fontSize: number): string[] {
  const fits = (s: string): boolean => textWidth(s, fontSize) <= MAX_LABEL;
  const lines: string[] = [];
  let rest = name.replace(/\s+/g, ' ').trim();
  while (rest !== '' && !fits(rest)) {
    // The longest prefix that fits, ending before a space when one is not too far back.
    let end = 1;
    while (end < rest.length && fits(rest.slice(0, end + 1))) end++;
    const space = rest.lastIndexOf(' ', end);
    const cut = space > end / 2 ? space : end;
    lines.push(rest.slice(0, cut));
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '' || lines.length === 0) lines.push(rest);
  if (lines.length <= MAX_LINES) return lines;
  // The longest tail that fits after the ellipsis, starting at a word when it can.
  const whole = lines.join(' ');
  let start = whole.length - 1;
  while (start > 0 && fits(`…${whole.slice(start - 1)}`)) start--;
  const space = whole.indexOf(' ', start);
  const tail = space >= 0 && space < start + 12 ? whole.slice(space + 1) : whole.slice(start);
  return [...lines.slice(0, MAX_LINES - 1), `…${tail}`];
}

/** Width a legend with these entries needs (0 when there are none). */
export function legendWidth(entries: readonly LegendEntry[], fontSize: number): number {
  if (entries.length === 0) return 0;
  let w = 0;
  for (const e of entries) {
    for (const line of legendLines(e.name, fontSize)) w = Math.max(w, textWidth(line, fontSize));
  }
  return SWATCH + GAP + w;
}

/** Height of one legend row of one line. */
export function legendRowHeight(fontSize: number): number {
  return Math.round(fontSize * 1.6);
}

/** Height of a line a wrapped name adds to its row. */
function lineHeight(fontSize: number): number {
  return Math.round(fontSize * 1.2);
}

/** Height of a legend with these entries (each row grows with its name's lines). */
export function legendHeight(entries: readonly LegendEntry[], fontSize: number): number {
  let h = 0;
  for (const e of entries) {
    h +=
      legendRowHeight(fontSize) + (legendLines(e.name, fontSize).length - 1) * lineHeight(fontSize);
  }
  return h;
}

/**
 * A vertical legend with its top-left corner at (x, y). A name that does not fit on one line
 * wraps; when it is cut, the entry carries the whole name as its `<title>` (a tooltip).
 */
export function renderLegend(
  entries: readonly LegendEntry[],
  x: number,
  y: number,
  fontSize: number,
): string {
  const row = legendRowHeight(fontSize);
  let top = y;
  const items = entries.map((e) => {
    const lines = legendLines(e.name, fontSize);
    const cy = top + row / 2;
    top += row + (lines.length - 1) * lineHeight(fontSize);
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
    const tx = x + SWATCH + GAP;
    const label =
      lines.length === 1
        ? text(lines[0] as string)
        : lines
            .map((line, i) =>
              el('tspan', { x: tx, dy: i === 0 ? undefined : lineHeight(fontSize) }, text(line)),
            )
            .join('');
    const cut = lines.join(' ') !== e.name.replace(/\s+/g, ' ').trim();
    return el(
      'g',
      { class: 'viz-legend-entry' },
      cut ? el('title', {}, text(e.name)) : '',
      swatch,
      el('text', { x: tx, y: cy + fontSize * 0.35, fill: '#222' }, label),
    );
  });
  return group({ class: 'viz-legend' }, items);
}
