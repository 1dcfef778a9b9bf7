/**
 * Legend names that do not fit on a line wrap instead of being cut where the series differ, and
 * keep their whole text in a `<title>` when they are shortened.
 */
import type { Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { all, byClass, expectWellFormed } from './__fixtures__/svg.js';
import { lineChart } from './index.js';
import { legendLines } from './legend.js';
import { textWidth } from './svg/measure.js';

const y = [3, 2, 1];

describe('legend names', () => {
  it('a name wider than a line wraps at spaces, every line within 160 px', () => {
    const name = 'Adam lr=0.001 betas=(0.9, 0.999) weightDecay=0.01';
    const lines = legendLines(name, 12);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe(name);
    for (const line of lines) expect(textWidth(line, 12)).toBeLessThanOrEqual(160);
    const root = expectWellFormed(lineChart({ series: [{ name, y }] }));
    const entry = byClass(root, 'viz-legend-entry')[0] as Element;
    expect(all(entry, 'tspan').map((t) => t.textContent)).toEqual(lines);
    expect(all(entry, 'title')).toHaveLength(0); // nothing was cut
  });

  it('a name too long for three lines keeps its start and its end, the whole in <title>', () => {
    const a = 'Adam lr=0.001 betas=(0.9, 0.999) weightDecay=0.01 eps=1e-8 amsgrad=false';
    const b = 'Adam lr=0.001 betas=(0.9, 0.999) weightDecay=0.01 eps=1e-8 amsgrad=true';
    const root = expectWellFormed(
      lineChart({
        series: [
          { name: a, y },
          { name: b, y },
        ],
      }),
    );
    const entries = byClass(root, 'viz-legend-entry');
    const shown = entries.map((e) => all(e, 'tspan').map((t) => t.textContent ?? ''));
    expect(shown.map((lines) => lines.length)).toEqual([3, 3]);
    expect(shown[0]?.[0]).toBe('Adam lr=0.001');
    expect(shown[0]?.[2]).toMatch(/^….*amsgrad=false$/);
    expect(shown[1]?.[2]).toMatch(/^….*amsgrad=true$/);
    expect(entries.map((e) => all(e, 'title')[0]?.textContent)).toEqual([a, b]);
  });

  it('a word longer than a line is broken inside, and rows below move down', () => {
    const long = 'x'.repeat(60);
    const root = expectWellFormed(
      lineChart({
        series: [
          { name: long, y },
          { name: 'short', y },
        ],
      }),
    );
    const [first, second] = byClass(root, 'viz-legend-entry').map(
      (e) => all(e, 'text')[0] as Element,
    );
    expect(all(first as Element, 'tspan').length).toBeGreaterThan(1);
    const y0 = Number(first?.getAttribute('y'));
    const y1 = Number(second?.getAttribute('y'));
    expect(y1 - y0).toBeGreaterThan(12 * 1.6); // more than one plain row apart
  });
});
