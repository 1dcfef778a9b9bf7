/**
 * Inputs far larger or wider than a toy example: long training runs, big point clouds, many
 * bins, huge sizes and data spanning nearly all of the doubles. Each used to crash (a stack
 * overflow from spreading arrays into calls, an out-of-memory abort, NaN in the SVG).
 */
import type { Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import {
  all,
  attr,
  byClass,
  expectWellFormed,
  parse,
  pathPoints,
  plotRect,
} from './__fixtures__/svg.js';
import { VizError } from './errors.js';
import {
  contourPlot,
  decisionBoundary,
  heatmap,
  histogram,
  lineChart,
  networkDiagram,
  scatter,
} from './index.js';

/** A noisy, decaying loss curve of `n` steps (deterministic). */
function lossCurve(n: number): Float64Array {
  const y = new Float64Array(n);
  let s = 1;
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647;
    y[i] = 2 * Math.exp(-i / (n / 5)) + 0.3 * (s / 2147483647) + (i % 9973 === 0 ? 1 : 0);
  }
  return y;
}

describe('big inputs', () => {
  it('a 100,000-step loss curve plots, thinned to its pixel columns with the extremes of each kept', () => {
    const n = 100_000;
    const y = lossCurve(n);
    const svg = lineChart({ series: [{ name: 'loss', y }], width: 640, height: 400 });
    const root = expectWellFormed(svg);
    const plot = plotRect(svg);
    const points = pathPoints(attr(byClass(root, 'viz-series')[0], 'd')).flat();
    // At most 4 points per pixel column (first, lowest, highest, last), not 100,000.
    expect(points.length).toBeGreaterThan(plot.w);
    expect(points.length).toBeLessThanOrEqual(4 * Math.ceil(plot.w + 8));
    // Each column keeps the full curve's lowest and highest value: compare with the data mapped
    // to pixels by the axis (the value at step 0 is the top of the y range, tick labels tell the
    // scale: instead compare the drawn vertical extent with the data's, column by column).
    const columns = new Map<number, [number, number]>();
    for (const [px, py] of points) {
      const c = Math.floor(px);
      const [lo, hi] = columns.get(c) ?? [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
      columns.set(c, [Math.min(lo, py), Math.max(hi, py)]);
    }
    let yMin = Number.POSITIVE_INFINITY;
    let yMax = Number.NEGATIVE_INFINITY;
    for (const v of y) {
      yMin = Math.min(yMin, v);
      yMax = Math.max(yMax, v);
    }
    const drawn = [...columns.values()];
    const top = Math.min(...drawn.map(([lo]) => lo));
    const bottom = Math.max(...drawn.map(([, hi]) => hi));
    // The spikes every 9,973 steps (+1) survive thinning: the drawn range is the data's range.
    const ticks = all(byClass(root, 'viz-y-axis')[0] as Element, 'text').map((t) => [
      Number(t.textContent),
      Number(attr(t, 'y')),
    ]);
    const [[v0, p0], [v1, p1]] = [ticks[0] as number[], ticks[ticks.length - 1] as number[]];
    const toValue = (py: number) =>
      (v0 as number) +
      ((py - (p0 as number)) * ((v1 as number) - (v0 as number))) /
        ((p1 as number) - (p0 as number));
    const fontShift = 12 * 0.35; // tick labels sit 0.35 em below their tick
    expect(toValue(top + fontShift)).toBeCloseTo(yMax, 1);
    expect(toValue(bottom + fontShift)).toBeCloseTo(yMin, 1);
  });

  it('lineChart over 130,000 points with a gap, and scatter over 125,000 points', () => {
    const y = lossCurve(130_000);
    y[65_000] = Number.NaN;
    const line = expectWellFormed(lineChart({ series: [{ name: 'loss', y }] }));
    // The gap survives thinning: the path has two runs.
    expect(attr(byClass(line, 'viz-series')[0], 'd').match(/M/g)).toHaveLength(2);
    const points = Array.from(
      { length: 125_000 },
      (_, i) => [Math.cos(i), Math.sin(i * 1.1)] as const,
    );
    const svg = scatter({ series: [{ name: 'cloud', points }] });
    expect(svg.match(/<circle /g)?.length).toBeGreaterThanOrEqual(125_000);
  });

  it('histogram with 200,000 bins', () => {
    const values = Float64Array.from({ length: 400_000 }, (_, i) => (i * 0.618034) % 1);
    const svg = histogram({ series: [{ name: 'u', values }], bins: 200_000 });
    const root = parse(svg);
    const counts = attr(byClass(root, 'viz-series')[0], 'data-counts').split(',').map(Number);
    expect(counts).toHaveLength(200_000);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(400_000);
  });

  it('sizes and counts are bounded with a clear error instead of exhausting memory', () => {
    const series = [{ name: 'a', y: [1, 2] }];
    expect(() => lineChart({ series, width: 1e9 })).toThrow(
      new VizError('lineChart', 'width must be at most 16384, got 1000000000'),
    );
    expect(() => scatter({ series: [{ name: 'a', points: [[0, 1]] }], height: 1e7 })).toThrow(
      /^scatter: height must be at most 16384, got 10000000$/,
    );
    expect(() => histogram({ series: [{ name: 'a', values: [1, 2] }], bins: 1e9 })).toThrow(
      /^histogram: bins must be at most 1000000, got 1000000000$/,
    );
    expect(() =>
      heatmap({ values: [1, 2, 3, 4], width: 2, height: 2, x: [0, 1], y: [0, 1] }, { steps: 1e8 }),
    ).toThrow(/^heatmap: steps must be at most 1024/);
    expect(() =>
      contourPlot({ f: (a, b) => a + b, x: [0, 1], y: [0, 1] }, { levels: 1e7 }),
    ).toThrow(/^contourPlot: levels must be at most 1000/);
    expect(() => networkDiagram({ layers: [1e9, 2], maxUnits: 1e9 })).toThrow(
      /^networkDiagram: maxUnits must be at most 1000/,
    );
    expect(lineChart({ series, width: 16384, height: 200 })).toContain('width="16384"');
  });
});

describe('data spanning [−1e308, 1e308]', () => {
  const wide = [-1e308, -3e307, 0, 2e307, 1e308];

  /** The tick labels of an axis; checks they are finite, distinct and in one notation. */
  function tickLabels(root: Element, axis: 'viz-x-axis' | 'viz-y-axis'): string[] {
    const labels = all(byClass(root, axis)[0] as Element, 'text').map((t) => t.textContent ?? '');
    expect(labels.length).toBeGreaterThan(1);
    expect(new Set(labels).size).toBe(labels.length);
    const exponent = labels.filter((l) => /e/.test(l)).length;
    expect(exponent === 0 || exponent === labels.filter((l) => l !== '0').length).toBe(true);
    return labels;
  }

  it('lineChart, scatter and histogram draw it with readable ticks', () => {
    const line = expectWellFormed(lineChart({ series: [{ name: 'a', y: wide }] }));
    expect(tickLabels(line, 'viz-y-axis')).toContain('1e308');
    const dots = expectWellFormed(
      scatter({ series: [{ name: 'a', points: wide.map((v) => [v, -v]) }] }),
    );
    expect(tickLabels(dots, 'viz-x-axis')).toContain('-1e308');
    expect(byClass(dots, 'viz-series')[0]?.getElementsByTagName('circle')).toHaveLength(5);
    const hist = expectWellFormed(histogram({ series: [{ name: 'a', values: wide }], bins: 4 }));
    const counts = attr(byClass(hist, 'viz-series')[0], 'data-counts').split(',').map(Number);
    expect(counts).toEqual([1, 1, 2, 1]); // edges -1e308, -5e307, 0, 5e307, 1e308
  });

  it('heatmap, decisionBoundary and contourPlot colour it', () => {
    const grid = {
      values: [...wide, 1, 2, 3, 4],
      width: 3,
      height: 3,
      x: [0, 1] as const,
      y: [0, 1] as const,
    };
    const h = expectWellFormed(heatmap(grid));
    expect(new Set(byClass(h, 'viz-cell').map((c) => attr(c, 'fill'))).size).toBeGreaterThan(2);
    expectWellFormed(decisionBoundary({ f: (x) => x, x: [-1e308, 1e308], y: [0, 1] }));
    const c = expectWellFormed(contourPlot(grid, { levels: 4 }));
    expect(byClass(c, 'viz-colorbar')).toHaveLength(1);
  });
});
