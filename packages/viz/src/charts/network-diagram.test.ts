import { describe, expect, it } from 'vitest';
import { attr, byClass, expectWellFormed, texts } from '../__fixtures__/svg.js';
import { playgroundColors } from '../colors.js';
import { VizError } from '../errors.js';
import { networkDiagram, networkEdgeStyle } from './network-diagram.js';

describe('networkDiagram', () => {
  const weights = [
    [
      [0.5, -1],
      [2, 0.1],
      [-0.3, 0.8],
    ],
    [[1.2, -0.7, 0.4]],
  ];

  it('draws every unit and every weighted edge, coloured by sign and sized by magnitude', () => {
    const root = expectWellFormed(
      networkDiagram({
        layers: [2, 3, 1],
        weights,
        labels: ['input', 'hidden', 'output'],
        unitLabels: [['x1', 'x2']],
      }),
    );
    expect(byClass(root, 'viz-unit')).toHaveLength(6);
    const edges = byClass(root, 'viz-edge');
    expect(edges).toHaveLength(2 * 3 + 3 * 1);
    const byWeight = new Map(edges.map((e) => [Number(attr(e, 'data-weight')), e]));
    expect(attr(byWeight.get(2), 'stroke')).toBe(playgroundColors.positive);
    expect(attr(byWeight.get(-1), 'stroke')).toBe(playgroundColors.negative);
    expect(Number(attr(byWeight.get(2), 'stroke-width'))).toBeGreaterThan(
      Number(attr(byWeight.get(0.1), 'stroke-width')),
    );
    expect(texts(root)).toEqual(expect.arrayContaining(['input', 'hidden', 'output', 'x1', 'x2']));
    expect(byClass(root, 'viz-legend-entry')).toHaveLength(2);
  });

  it('names each edge by its layer and units, so a page can tell which weight was clicked', () => {
    const root = expectWellFormed(networkDiagram({ layers: [2, 3, 1], weights }));
    for (const edge of byClass(root, 'viz-edge')) {
      const [l, out, input] = ['data-layer', 'data-out', 'data-in'].map((a) =>
        Number(attr(edge, a)),
      );
      const w = (weights[l as number] as number[][])[out as number]?.[input as number];
      expect(Number(attr(edge, 'data-weight'))).toBe(w);
    }
  });

  it('styles an edge as networkEdgeStyle says, so a page can restyle drawn edges in place', () => {
    const root = expectWellFormed(networkDiagram({ layers: [2, 3, 1], weights }));
    for (const edge of byClass(root, 'viz-edge')) {
      const style = networkEdgeStyle(Number(attr(edge, 'data-weight')), 2);
      expect(attr(edge, 'stroke')).toBe(style.stroke);
      // The SVG rounds to 2 decimals.
      expect(Math.abs(Number(attr(edge, 'stroke-width')) - style.strokeWidth)).toBeLessThan(0.0051);
      expect(Math.abs(Number(attr(edge, 'stroke-opacity')) - style.strokeOpacity)).toBeLessThan(
        0.0051,
      );
    }
    expect(networkEdgeStyle(2, 2)).toEqual({
      stroke: playgroundColors.positive,
      strokeWidth: 5,
      strokeOpacity: 1,
    });
    const quarter = networkEdgeStyle(-0.5, 2);
    expect(quarter.stroke).toBe(playgroundColors.negative);
    expect(quarter.strokeWidth).toBeCloseTo(0.4 + 4.6 / 4, 12);
    expect(quarter.strokeOpacity).toBeCloseTo(0.35 + 0.65 / 4, 12);
    expect(() => networkEdgeStyle(1, -1)).toThrow(VizError);
  });

  it('abbreviates wide layers and skips non-finite weights', () => {
    const root = expectWellFormed(
      networkDiagram({ layers: [784, 3], maxUnits: 6, labels: ['pixels', 'out'] }),
    );
    expect(byClass(root, 'viz-unit')).toHaveLength(5 + 3);
    expect(texts(root)).toContain('⋮');
    expect(texts(root)).toContain('pixels (784)');
    const nan = expectWellFormed(
      networkDiagram({ layers: [1, 2], weights: [[[Number.NaN], [1]]] }),
    );
    expect(byClass(nan, 'viz-edge')).toHaveLength(1);
  });

  it('is deterministic', () => {
    expect(networkDiagram({ layers: [2, 3, 1], weights })).toBe(
      networkDiagram({ layers: [2, 3, 1], weights }),
    );
  });

  it('rejects bad input with a VizError', () => {
    expect(() => networkDiagram({ layers: [] })).toThrow(VizError);
    expect(() => networkDiagram({ layers: [2, 1.5] })).toThrow(/layers\[1\]/);
    expect(() =>
      networkDiagram({ layers: [2, 3, 1], weights: [weights[0] as number[][]] }),
    ).toThrow(/one matrix per pair/);
    expect(() =>
      networkDiagram({
        layers: [2, 3],
        weights: [
          [
            [1, 2],
            [3, 4],
          ],
        ],
      }),
    ).toThrow(/weights\[0\] must be 3×2/);
  });
});
