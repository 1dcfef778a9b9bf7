import type { Element } from '@xmldom/xmldom';
import { contours } from 'd3-contour';
import { describe, expect, it } from 'vitest';
import {
  all,
  attr,
  bbox,
  byClass,
  expectWellFormed,
  num,
  pathPoints,
  plotRect,
  tensor,
  texts,
} from '../__fixtures__/svg.js';
import { VizError } from '../errors.js';
import { contourPlot } from './contour-plot.js';

const elliptic = (w1: number, w2: number) => w1 ** 2 + 10 * w2 ** 2;
const circular = (w1: number, w2: number) => w1 ** 2 + w2 ** 2;
const square = { x: [-10, 10] as const, y: [-10, 10] as const };

/** The grid contourPlot samples: cell centres, row 0 at y min. */
function sample(f: (a: number, b: number) => number, n: number): number[] {
  const v: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) v.push(f(-10 + ((i + 0.5) * 20) / n, -10 + ((j + 0.5) * 20) / n));
  }
  return v;
}

describe('contourPlot', () => {
  it('has as many levels as d3-contour computes for the same grid', () => {
    const svg = contourPlot({ f: elliptic, ...square, resolution: 60 }, { levels: 10 });
    const root = expectWellFormed(svg);
    const expected = contours().size([60, 60]).thresholds(10)(sample(elliptic, 60));
    expect(byClass(root, 'viz-band')).toHaveLength(expected.length);
    expect(byClass(root, 'viz-contour')).toHaveLength(expected.length);
    expect(byClass(root, 'viz-band').map((b) => Number(attr(b, 'data-value')))).toEqual(
      expected.map((c) => c.value),
    );
  });

  it('draws nested ellipses √10 wider than tall for w1² + 10·w2², circles for w1² + w2²', () => {
    const ratio = (f: (a: number, b: number) => number): number => {
      const svg = contourPlot(
        { f, ...square, resolution: 100 },
        { thresholds: [20], filled: false, width: 500, height: 500, equalAspect: true },
      );
      const line = byClass(expectWellFormed(svg), 'viz-contour')[0];
      const b = bbox(pathPoints(attr(line, 'd')).flat());
      return b.w / b.h;
    };
    expect(ratio(elliptic)).toBeCloseTo(Math.sqrt(10), 1);
    expect(ratio(circular)).toBeCloseTo(1, 1);
  });

  it('spaces levels geometrically with levelSpacing log', () => {
    const root = expectWellFormed(
      contourPlot({ f: elliptic, ...square, resolution: 50 }, { levels: 8, levelSpacing: 'log' }),
    );
    const values = byClass(root, 'viz-band').map((b) => Number(attr(b, 'data-value')));
    expect(values).toHaveLength(8);
    const ratios = values.slice(1).map((v, i) => v / (values[i] as number));
    for (const r of ratios) expect(r).toBeCloseTo(ratios[0] as number, 0);
    expect(ratios[0]).toBeGreaterThan(2);
  });

  it('marks the start and end of a trajectory at their pixel positions', () => {
    const svg = contourPlot(
      { f: elliptic, ...square, resolution: 40 },
      {
        trajectories: [
          {
            name: 'GD',
            points: [
              [-8, 4],
              [-4, -2],
              [0, 0],
            ],
            arrows: true,
          },
        ],
        width: 600,
        height: 400,
      },
    );
    const root = expectWellFormed(svg);
    const p = plotRect(svg);
    const px = (w: number) => p.x + ((w + 10) / 20) * p.w;
    const py = (w: number) => p.y + p.h - ((w + 10) / 20) * p.h;
    const start = byClass(root, 'viz-start')[0];
    expect(num(start, 'cx')).toBeCloseTo(px(-8), 1);
    expect(num(start, 'cy')).toBeCloseTo(py(4), 1);
    const end = byClass(root, 'viz-end')[0];
    const [, ex, ey] = /translate\(([-\d.]+),([-\d.]+)\)/.exec(attr(end, 'transform')) ?? [];
    expect(Number(ex)).toBeCloseTo(px(0), 1);
    expect(Number(ey)).toBeCloseTo(py(0), 1);
    expect(byClass(root, 'viz-arrow').length).toBeGreaterThan(0);
    expect(byClass(root, 'viz-legend-entry').map((e) => e.textContent)).toEqual(['GD']);
  });

  it('clips a trajectory that leaves the range instead of drawing it across the page', () => {
    const diverging: [number, number][] = [
      [-5, 1],
      [5, -3],
      [-40, 20],
      [1e6, -1e8],
      [1e300, 1e300],
      [Number.NaN, 1],
      [2, 2],
    ];
    const svg = contourPlot(
      { f: elliptic, ...square, resolution: 30 },
      { trajectories: [{ name: 'η too large', points: diverging }] },
    );
    const root = expectWellFormed(svg);
    const path = byClass(root, 'viz-trajectory')[0];
    const group = byClass(root, 'viz-trajectories')[0];
    const clipRef = /url\(#([^)]+)\)/.exec(attr(group, 'clip-path'))?.[1];
    const clip = all(root, 'clipPath').find((c) => c.getAttribute('id') === clipRef);
    expect(clip).toBeDefined();
    const p = plotRect(svg);
    for (const [x, y] of pathPoints(attr(path, 'd')).flat()) {
      expect(x).toBeGreaterThanOrEqual(p.x - 21);
      expect(x).toBeLessThanOrEqual(p.x + p.w + 21);
      expect(y).toBeGreaterThanOrEqual(p.y - 21);
      expect(y).toBeLessThanOrEqual(p.y + p.h + 21);
    }
    // The end point (2, 2) is in range, after the gap.
    expect(byClass(root, 'viz-end')).toHaveLength(1);
  });

  it('takes a grid of values, including a 2-D tensor', () => {
    const values = sample(circular, 20);
    const a = contourPlot(
      { values, width: 20, height: 20, ...square },
      { levels: 5, idPrefix: 'a' },
    );
    const b = contourPlot(
      { values: tensor(values, [20, 20]), ...square },
      { levels: 5, idPrefix: 'a' },
    );
    expect(a).toBe(b);
    expect(byClass(expectWellFormed(a), 'viz-band').length).toBeGreaterThan(2);
  });

  it('never writes NaN for a surface with NaN and Infinity regions', () => {
    const f = (a: number, b: number) =>
      a < -5 ? Number.NaN : b > 5 ? Number.POSITIVE_INFINITY : circular(a, b);
    const svg = contourPlot(
      { f, ...square, resolution: 30 },
      {
        levels: 6,
        trajectories: [
          {
            name: 't',
            points: [
              [Number.NaN, 0],
              [0, Number.POSITIVE_INFINITY],
              [1, 1],
              [2, 2],
            ],
          },
        ],
      },
    );
    expectWellFormed(svg);
    const log = contourPlot(
      { f, ...square, resolution: 30 },
      { levels: 6, levelSpacing: 'log', filled: false },
    );
    expectWellFormed(log);
  });

  it('writes the colour bar labels in one notation', () => {
    const root = expectWellFormed(
      contourPlot(
        { f: (a, b) => 1e6 * (a * a + b * b) + 1, x: [-1, 1], y: [-1, 1] },
        { thresholds: [2e5, 4e5, 7.1e5, 1e6, 1.4e6] },
      ),
    );
    const labels = texts(byClass(root, 'viz-colorbar')[0] as Element);
    expect(labels).toEqual(['2e5', '4e5', '7.1e5', '1e6', '1.4e6']); // not 710000 next to 1e6
    const small = expectWellFormed(
      contourPlot(
        { f: (a, b) => a * a + b * b, x: [-1, 1], y: [-1, 1] },
        { thresholds: [0.5, 1, 1.5] },
      ),
    );
    expect(texts(byClass(small, 'viz-colorbar')[0] as Element)).toEqual(['0.5', '1', '1.5']);
  });

  it('is deterministic', () => {
    const run = () =>
      contourPlot(
        { f: elliptic, ...square, resolution: 30 },
        {
          trajectories: [
            {
              name: 'a',
              points: [
                [1, 1],
                [0, 0],
              ],
            },
          ],
        },
      );
    expect(run()).toBe(run());
  });

  it('rejects bad input with a VizError', () => {
    expect(() => contourPlot({ f: elliptic, x: [1, 1], y: [0, 1] })).toThrow(
      'contourPlot: x must have min < max, got [1, 1] (a zero or reversed range)',
    );
    expect(() => contourPlot({ f: elliptic, x: [0, Number.POSITIVE_INFINITY], y: [0, 1] })).toThrow(
      /finite/,
    );
    expect(() =>
      contourPlot({ values: [1, 2, 3], width: 2, height: 2, x: [0, 1], y: [0, 1] }),
    ).toThrow('contourPlot: a 2×2 grid needs 4 values, got 3');
    expect(() => contourPlot({ f: () => 'x' as unknown as number, x: [0, 1], y: [0, 1] })).toThrow(
      /returned string/,
    );
    expect(() => contourPlot({ f: () => Number.NaN, x: [0, 1], y: [0, 1] })).toThrow(
      /no finite value/,
    );
    expect(() => contourPlot({ f: (a) => -1 - a * a, ...square }, { levelSpacing: 'log' })).toThrow(
      VizError,
    );
    expect(() => contourPlot({ f: elliptic, ...square }, { thresholds: [] })).toThrow(/thresholds/);
    expect(() =>
      contourPlot(
        { f: elliptic, ...square },
        { trajectories: [{ name: 't', points: [[1]] as never }] },
      ),
    ).toThrow(/pair/);
    expect(() => contourPlot({ f: elliptic, ...square, resolution: 1 })).toThrow(/resolution/);
  });
});
