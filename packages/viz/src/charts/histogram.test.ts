import { describe, expect, it } from 'vitest';
import { attr, byClass, expectWellFormed, tensor, texts } from '../__fixtures__/svg.js';
import { VizError } from '../errors.js';
import { binCounts, histogram } from './histogram.js';

describe('histogram', () => {
  it('counts bins by hand: the last bin includes its upper edge, NaN is skipped', () => {
    expect(binCounts([0, 1, 1, 2, 2, 2, 3, 3, 3, 3, Number.NaN, -1, 4], [0, 1, 2, 3])).toEqual([
      1, 2, 7,
    ]);
    expect(binCounts([0.5, 0.5, 1.5], [0, 1, 2])).toEqual([2, 1]);
  });

  it('draws one path per series with the counts of shared bins', () => {
    const svg = histogram({
      series: [
        { name: 'before', values: [0, 1, 1, 2, 2, 2, 3, 3, 3, 3] },
        {
          name: 'after',
          values: new Float32Array([0.5, 0.5, 2.5, Number.NaN, Number.NEGATIVE_INFINITY]),
        },
      ],
      bins: 3,
      xLabel: 'z',
    });
    const root = expectWellFormed(svg);
    const paths = byClass(root, 'viz-series');
    expect(paths.map((p) => attr(p, 'data-counts'))).toEqual(['1,2,7', '2,0,1']);
    expect(paths.map((p) => attr(p, 'fill-opacity'))).toEqual(['0.45', '0.45']);
    expect(byClass(root, 'viz-legend-entry').map((e) => e.textContent)).toEqual([
      'before',
      'after',
    ]);
    expect(texts(root)).toContain('z');
    expect(texts(root)).toContain('count');
    expect(root.getElementsByTagName('desc')[0]?.textContent).toContain('2 non-finite skipped');
  });

  it('uses explicit edges and normalizes to a density', () => {
    const root = expectWellFormed(
      histogram({
        series: [{ name: 'x', values: tensor([0.1, 0.2, 1.5, 9]) }],
        bins: [0, 1, 2],
        normalize: 'density',
      }),
    );
    expect(attr(byClass(root, 'viz-series')[0], 'data-counts')).toBe('2,1');
    expect(texts(root)).toContain('density');
  });

  it('is deterministic', () => {
    const o = { series: [{ name: 'a', values: [1, 2, 3, 3] }], bins: 4 };
    expect(histogram(o)).toBe(histogram(o));
  });

  it('rejects bad input with a VizError', () => {
    expect(() => histogram({ series: [] })).toThrow(VizError);
    expect(() => histogram({ series: [{ name: 'n', values: [Number.NaN] }] })).toThrow(
      'histogram: series "n" has no finite values (1 given)',
    );
    expect(() => histogram({ series: [{ name: 'a', values: [1] }], bins: [0, 2, 1] })).toThrow(
      /strictly increasing/,
    );
    expect(() => histogram({ series: [{ name: 'a', values: [1] }], bins: 0 })).toThrow(/bins/);
    expect(() => histogram({ series: [{ name: 'a', values: [1] }], range: [2, 2] })).toThrow(
      /range/,
    );
  });

  it('handles a single repeated value', () => {
    expectWellFormed(histogram({ series: [{ name: 'c', values: [5, 5, 5] }], bins: 4 }));
  });
});
