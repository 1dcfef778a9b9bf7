import { scaleLinear } from 'd3-scale';
import { describe, expect, it } from 'vitest';
import { attr, byClass, expectWellFormed, pathPoints, tensor, texts } from '../__fixtures__/svg.js';
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
