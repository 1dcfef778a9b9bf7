import { describe, expect, it } from 'vitest';
import {
  attr,
  byClass,
  expectWellFormed,
  parse,
  pathPoints,
  plotRect,
} from '../__fixtures__/svg.js';
import { mixHex, playground, playgroundColors } from '../colors.js';
import { VizError } from '../errors.js';
import { decisionBoundary, heatmap } from './heatmap.js';

const sigmoid = (x: number, y: number) => 1 / (1 + Math.exp(-3 * (x - 0.2 * y)));
const region = { x: [-4, 4] as const, y: [-3, 3] as const };

/** The fill of the cell covering pixel (px, py). */
function colorAt(svg: string, px: number, py: number): string | undefined {
  for (const cell of byClass(parse(svg), 'viz-cell')) {
    for (const r of pathPoints(attr(cell, 'd'))) {
      const xs = r.map((p) => p[0]);
      const ys = r.map((p) => p[1]);
      if (
        px >= Math.min(...xs) &&
        px < Math.max(...xs) - 0.5 &&
        py >= Math.min(...ys) &&
        py < Math.max(...ys) - 0.5
      ) {
        return attr(cell, 'fill');
      }
    }
  }
  return undefined;
}

describe('decisionBoundary / heatmap', () => {
  it('colours the field orange where the model says 0 and blue where it says 1', () => {
    const svg = decisionBoundary({ f: sigmoid, ...region });
    expectWellFormed(svg);
    const p = plotRect(svg);
    const px = (x: number) => p.x + ((x + 4) / 8) * p.w;
    const py = (y: number) => p.y + p.h - ((y + 3) / 6) * p.h;
    const pale = (c: string) => mixHex(c, '#ffffff', 0.35);
    expect(colorAt(svg, px(-3.9), py(0))).toBe(pale(playgroundColors.negative));
    expect(colorAt(svg, px(3.9), py(0))).toBe(pale(playgroundColors.positive));
    // The 0.5 line runs through x = 0.2·y.
    const boundary = byClass(parse(svg), 'viz-boundary')[0];
    const xs = pathPoints(attr(boundary, 'd'))
      .flat()
      .map((q) => q[0]);
    expect(Math.min(...xs)).toBeGreaterThan(px(-1));
    expect(Math.max(...xs)).toBeLessThan(px(1));
  });

  it('draws training points filled and test points outlined, in their label colour', () => {
    const svg = decisionBoundary({
      f: sigmoid,
      ...region,
      points: [
        { x: -2, y: 1, label: 0 },
        { x: 2, y: 1, label: 1, set: 'train' },
        { x: 1, y: -1, label: 1, set: 'test' },
        { x: Number.NaN, y: 0, label: 1 },
      ],
    });
    const root = expectWellFormed(svg);
    const train = byClass(root, 'viz-point-train');
    expect(train.map((c) => attr(c, 'fill'))).toEqual([playground(0), playground(1)]);
    const test = byClass(root, 'viz-point-test');
    expect(test).toHaveLength(1);
    expect(attr(test[0], 'fill')).toBe('none');
    expect(attr(test[0], 'stroke')).toBe(playground(1));
    const legend = byClass(root, 'viz-legend-entry');
    expect(legend.map((e) => e.textContent)).toEqual(['class 0', 'class 1', 'train', 'test']);
    // The class swatches have the colours of the points of that class.
    expect(legend.slice(0, 2).map((e) => attr(e.getElementsByTagName('rect')[0], 'fill'))).toEqual([
      playground(0),
      playground(1),
    ]);
  });

  it('has a legend for the classes: named by classNames, or the domain ends without points', () => {
    const named = expectWellFormed(
      decisionBoundary(
        {
          f: sigmoid,
          ...region,
          points: [
            { x: 0, y: 0, label: 1 },
            { x: 1, y: 0, label: 0 },
          ],
        },
        { classNames: ['outside', 'inside'] },
      ),
    );
    expect(byClass(named, 'viz-legend-entry').map((e) => e.textContent)).toEqual([
      'outside',
      'inside',
      'train',
    ]);
    const bare = expectWellFormed(decisionBoundary({ f: sigmoid, ...region }));
    expect(byClass(bare, 'viz-legend-entry').map((e) => e.textContent)).toEqual([
      'class 0',
      'class 1',
    ]);
    // A plain heatmap shows classes only when named.
    const plain = expectWellFormed(heatmap({ f: sigmoid, ...region }));
    expect(byClass(plain, 'viz-legend-entry')).toHaveLength(0);
    expect(() =>
      decisionBoundary({ f: sigmoid, ...region }, { classNames: 'ab' as unknown as string[] }),
    ).toThrow(new VizError('decisionBoundary', 'classNames must be an array of strings, got ab'));
  });

  it('merges runs so the default resolution stays well under 300 KB', () => {
    const busy = (x: number, y: number) => 0.5 + 0.5 * Math.sin(3 * x * y);
    const svg = decisionBoundary({ f: busy, ...region });
    expectWellFormed(svg);
    expect(svg.length).toBeLessThan(300_000);
    // Fewer shapes than cells: 80×80 cells collapse into far fewer subpaths.
    const rects = byClass(parse(svg), 'viz-cell').flatMap((c) => pathPoints(attr(c, 'd')));
    expect(rects.length).toBeLessThan(80 * 80);
  });

  it('leaves non-finite cells empty and never writes NaN', () => {
    const f = (x: number, y: number) =>
      x < 0 ? Number.NaN : y > 0 ? Number.POSITIVE_INFINITY : x / 4;
    const svg = heatmap({
      f,
      ...region,
      points: [{ x: Number.POSITIVE_INFINITY, y: 0, label: Number.NaN }],
    });
    const root = expectWellFormed(svg);
    const p = plotRect(svg);
    expect(colorAt(svg, p.x + 2, p.y + p.h - 2)).toBeUndefined();
    expect(byClass(root, 'viz-colorbar')).toHaveLength(1);
  });

  it('is deterministic', () => {
    expect(heatmap({ f: sigmoid, ...region })).toBe(heatmap({ f: sigmoid, ...region }));
  });

  it('rejects bad input with a VizError', () => {
    expect(() => heatmap({ f: sigmoid, x: [0, 0], y: [0, 1] })).toThrow(VizError);
    expect(() => heatmap({ f: sigmoid, ...region }, { domain: [1, 0] })).toThrow(/domain/);
    expect(() =>
      decisionBoundary({
        f: sigmoid,
        ...region,
        points: [{ x: 0, y: 0, label: 1, set: 'val' as 'test' }],
      }),
    ).toThrow(/set must be 'train' or 'test'/);
    expect(() => decisionBoundary({ f: sigmoid, ...region }, { fieldOpacity: 2 })).toThrow(
      /fieldOpacity/,
    );
    expect(() =>
      heatmap({ f: sigmoid, ...region }, { colorScheme: 'rainbow' as 'viridis' }),
    ).toThrow(/unknown/);
  });
});
