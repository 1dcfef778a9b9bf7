import { describe, expect, it } from 'vitest';
import { all, byClass, expectWellFormed, tensor, texts } from '../__fixtures__/svg.js';
import { VizError } from '../errors.js';
import { scatter } from './scatter.js';

describe('scatter', () => {
  it('draws a group per series and skips points with non-finite coordinates', () => {
    const svg = scatter({
      series: [
        {
          name: 'pairs',
          points: [
            [0, 1],
            [1, 2],
            [Number.NaN, 3],
            [2, Number.POSITIVE_INFINITY],
          ],
        },
        { name: 'objects', points: [{ x: 3, y: 1 }] },
        { name: 'tensor', points: tensor([0, 0, 1, 1], [2, 2]) },
      ],
      xLabel: 'x1',
      yLabel: 'x2',
    });
    const root = expectWellFormed(svg);
    const groups = byClass(root, 'viz-series');
    expect(groups.map((g) => all(g, 'circle').length)).toEqual([2, 1, 2]);
    expect(byClass(root, 'viz-legend-entry')).toHaveLength(3);
    expect(texts(root)).toEqual(expect.arrayContaining(['x1', 'x2']));
    expect(root.getElementsByTagName('desc')[0]?.textContent).toContain('2 non-finite skipped');
  });

  it('is deterministic', () => {
    const o = { series: [{ name: 'a', points: [[1, 2]] as [number, number][] }] };
    expect(scatter(o)).toBe(scatter(o));
  });

  it('rejects bad input with a VizError', () => {
    expect(() => scatter({ series: [] })).toThrow(VizError);
    expect(() => scatter({ series: [{ name: 'a', points: [[1, 2, 3]] as never }] })).toThrow(
      'scatter: series "a" points[0] must be an [x, y] pair of numbers or an {x, y} object',
    );
    expect(() => scatter({ series: [{ name: 'a', points: tensor([1, 2, 3]) }] })).toThrow(
      /expected \[n, 2\]/,
    );
    expect(() => scatter({ series: [{ name: 'a', points: [[1, 2]] }], xDomain: [3, 3] })).toThrow(
      /xDomain/,
    );
  });
});
