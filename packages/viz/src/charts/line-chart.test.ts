import { scaleLinear } from 'd3-scale';
import { describe, expect, it } from 'vitest';
import {
  attr,
  byClass,
  expectWellFormed,
  pathPoints,
  plotRect,
  tensor,
  texts,
} from '../__fixtures__/svg.js';
import { VizError } from '../errors.js';
import { lineChart } from './line-chart.js';

const train = Array.from({ length: 20 }, (_, i) => 2 / (i + 1));
const test = Array.from({ length: 20 }, (_, i) => 2.2 / (i + 1) + 0.05);

describe('lineChart', () => {
  it('draws one path and one legend entry per series, with axis labels', () => {
    const svg = lineChart({
      series: [
        { name: 'train', y: train },
        { name: 'test', y: test },
      ],
      xLabel: 'epoch',
      yLabel: 'loss',
      title: 'Loss',
    });
    const root = expectWellFormed(svg);
    expect(byClass(root, 'viz-series')).toHaveLength(2);
    const legend = byClass(root, 'viz-legend-entry');
    expect(legend.map((e) => e.textContent)).toEqual(['train', 'test']);
    const t = texts(root);
    expect(t).toContain('epoch');
    expect(t).toContain('loss');
    expect(t).toContain('Loss');
    expect(root.getElementsByTagName('title')[0]?.textContent).toBe('Loss');
  });

  it('puts ticks where d3-scale puts them', () => {
    const root = expectWellFormed(
      lineChart({ series: [{ name: 's', y: [0, 10], x: [0, 10] }], width: 640 }),
    );
    const xTicks = byClass(byClass(root, 'viz-x-axis')[0] as never, 'viz-tick').map(
      (g) => g.textContent,
    );
    expect(xTicks.length).toBeGreaterThan(2);
    // The same nice ticks as d3-scale gives for this domain at some tick count.
    const candidates = Array.from({ length: 11 }, (_, k) =>
      scaleLinear()
        .domain([0, 10])
        .ticks(k + 2)
        .map(String),
    );
    expect(candidates).toContainEqual(xTicks);
  });

  it('breaks the line at NaN and ±Infinity and never writes NaN', () => {
    const svg = lineChart({
      series: [{ name: 'a', y: [1, 2, Number.NaN, 4, Number.POSITIVE_INFINITY, 6, 7] }],
    });
    const root = expectWellFormed(svg);
    const d = attr(byClass(root, 'viz-series')[0], 'd');
    // [1,2] | [4] (a lone point, drawn as a dot) | [6,7]
    expect(pathPoints(d)).toHaveLength(3);
  });

  it('drops non-positive values on a log scale', () => {
    const root = expectWellFormed(
      lineChart({ series: [{ name: 'a', y: [10, 1, 0, -1, 0.1, 0.01] }], yScale: 'log' }),
    );
    const runs = pathPoints(attr(byClass(root, 'viz-series')[0], 'd'));
    expect(runs.map((r) => r.length)).toEqual([2, 2]);
    expect(texts(root)).toContain('0.01');
  });

  it('labels decades with powers of ten when a loss spans many of them', () => {
    const root = expectWellFormed(
      lineChart({ series: [{ name: 'diverging', y: [1, 1e5, 1e10, 1e15] }], yScale: 'log' }),
    );
    expect(texts(root).some((t) => t.startsWith('10') && /[⁰¹²³⁴⁵⁶⁷⁸⁹]/.test(t))).toBe(true);
  });

  it('clips lines to a fixed y domain so far values stay out of the SVG', () => {
    const svg = lineChart({
      series: [{ name: 'a', y: [0, 1e300, 1] }],
      yDomain: [0, 2],
      height: 300,
    });
    const root = expectWellFormed(svg);
    const ys = pathPoints(attr(byClass(root, 'viz-series')[0], 'd'))
      .flat()
      .map((p) => p[1]);
    for (const y of ys) expect(Math.abs(y)).toBeLessThan(400);
  });

  it('accepts typed arrays and tensors', () => {
    const svg = lineChart({
      series: [
        { name: 'f32', y: new Float32Array([3, 2, 1]) },
        { name: 'tensor', y: tensor([1, 2, 3]), x: [0, 1, 2] },
      ],
    });
    expect(byClass(expectWellFormed(svg), 'viz-series')).toHaveLength(2);
  });

  it('is deterministic and uses the caller id prefix', () => {
    const o = { series: [{ name: 'a', y: train }], idPrefix: 'fig2' };
    expect(lineChart(o)).toBe(lineChart(o));
    expect(lineChart(o)).toContain('id="fig2-clip"');
  });

  it('rejects bad input with a VizError naming the problem', () => {
    expect(() => lineChart({ series: [] })).toThrow(VizError);
    expect(() =>
      lineChart({ series: [{ name: 'train', y: new Array(9).fill(1), x: new Array(10).fill(1) }] }),
    ).toThrow('lineChart: series "train" has 10 x values but 9 y values');
    expect(() => lineChart({ series: [{ name: 'e', y: [] }] })).toThrow(
      'lineChart: series "e" has no y values',
    );
    expect(() => lineChart({ series: [{ name: 'a', y: [1] }], yDomain: [1, 1] })).toThrow(
      /yDomain/,
    );
    expect(() =>
      lineChart({ series: [{ name: 'a', y: [1] }], yScale: 'log', yDomain: [0, 1] }),
    ).toThrow(/positive/);
    expect(() => lineChart({ series: [{ name: 'a', y: [1] }], width: Number.NaN })).toThrow(
      /width/,
    );
    expect(() => lineChart({ series: [{ name: 'a', y: ['1'] as unknown as number[] }] })).toThrow(
      /expected a number/,
    );
    expect(() => lineChart({ series: [{ name: 'a', y: [1] }], width: 30, height: 30 })).toThrow(
      /plot area/,
    );
  });

  it('draws all-NaN series as empty paths without NaN', () => {
    const svg = lineChart({
      series: [
        { name: 'nan', y: [Number.NaN, Number.NaN] },
        { name: 'inf', y: [Number.NEGATIVE_INFINITY] },
      ],
    });
    expectWellFormed(svg);
  });
});

describe('lineChart bands', () => {
  const y = [2, 5, 4];
  const lower = [1, 3, 3];
  const upper = [4, 6, 8];
  const frame = { xDomain: [0, 2] as const, yDomain: [0, 10] as const, width: 500, height: 300 };

  it('fills from lower to upper in the series colour, under every line', () => {
    const svg = lineChart({
      ...frame,
      series: [
        { name: 'a', y, band: { lower, upper }, color: '#123456' },
        { name: 'b', y: [1, 1, 1] },
      ],
    });
    const root = expectWellFormed(svg);
    const [band] = byClass(root, 'viz-band');
    expect(attr(band, 'fill')).toBe('#123456');
    expect(attr(band, 'fill-opacity')).toBe('0.2');
    expect(attr(band, 'data-name')).toBe('a');
    // Bands come before lines in the document, so lines are painted over them.
    expect(svg.indexOf('viz-band')).toBeLessThan(svg.indexOf('viz-series'));
    const p = plotRect(svg);
    const px = (i: number): number => p.x + (i / 2) * p.w;
    const py = (v: number): number => p.y + p.h - (v / 10) * p.h;
    const expected = [
      ...[0, 1, 2].map((i) => [px(i), py(upper[i] as number)]),
      ...[2, 1, 0].map((i) => [px(i), py(lower[i] as number)]),
    ];
    const [ring] = pathPoints(attr(band, 'd'));
    expect(ring).toHaveLength(6);
    ring?.forEach(([bx, by], k) => {
      expect(bx).toBeCloseTo(expected[k]?.[0] as number, 1);
      expect(by).toBeCloseTo(expected[k]?.[1] as number, 1);
    });
  });

  it('widens the automatic y range to hold the band', () => {
    const svg = lineChart({
      series: [{ name: 'a', y: [0, 1], band: { lower: [0, 0], upper: [1, 100] } }],
    });
    const ticks = byClass(byClass(expectWellFormed(svg), 'viz-y-axis')[0] as never, 'viz-tick').map(
      (g) => Number(g.textContent),
    );
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(100);
  });

  it('breaks at non-finite values and skips runs of one point', () => {
    const svg = lineChart({
      ...frame,
      series: [
        {
          name: 'a',
          y: [1, 2, 3, 4, 5, 6],
          band: {
            lower: [0, 1, Number.NaN, 3, 4, 5],
            upper: [2, 3, 4, Number.POSITIVE_INFINITY, 6, 7],
          },
        },
      ],
      xDomain: [0, 5],
    });
    // [0, 1] and [4, 5] are filled; index 2 alone is not.
    const rings = pathPoints(attr(byClass(expectWellFormed(svg), 'viz-band')[0], 'd'));
    expect(rings.map((r) => r.length)).toEqual([4, 4]);
    expect(svg).not.toContain('NaN');
  });

  it('clips the band to the plot so far values stay out of the SVG', () => {
    const svg = lineChart({
      ...frame,
      series: [{ name: 'a', y, band: { lower: [-1e300, 3, 3], upper: [4, 1e300, 8] } }],
    });
    const p = plotRect(svg);
    const points = pathPoints(attr(byClass(expectWellFormed(svg), 'viz-band')[0], 'd')).flat();
    expect(points.length).toBeGreaterThan(4);
    for (const [bx, by] of points) {
      expect(bx).toBeGreaterThanOrEqual(p.x - 0.01);
      expect(bx).toBeLessThanOrEqual(p.x + p.w + 0.01);
      expect(by).toBeGreaterThanOrEqual(p.y - 4.01);
      expect(by).toBeLessThanOrEqual(p.y + p.h + 4.01);
    }
  });

  it('accepts typed arrays and tensors and sets the opacity', () => {
    const svg = lineChart({
      series: [
        {
          name: 'a',
          y,
          band: { lower: new Float32Array(lower), upper: tensor(upper), opacity: 0.5 },
        },
      ],
    });
    expect(attr(byClass(expectWellFormed(svg), 'viz-band')[0], 'fill-opacity')).toBe('0.5');
  });

  it('rejects a band that does not match its line with a VizError', () => {
    const bad = (band: unknown) => () =>
      lineChart({ series: [{ name: 'a', y, band: band as never }] });
    expect(bad({ lower, upper: [1, 2] })).toThrow(
      'lineChart: series "a" band has 2 upper values but 3 y values',
    );
    expect(bad({ lower: 'low', upper })).toThrow(VizError);
    expect(bad({ lower, upper, opacity: 2 })).toThrow(/opacity must be a number in \[0, 1\]/);
    expect(bad(null)).toThrow(/band must be an object/);
  });
});
