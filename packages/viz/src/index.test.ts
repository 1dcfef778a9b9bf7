import { schemeTableau10 } from 'd3-scale-chromatic';
import { describe, expect, it } from 'vitest';
import * as viz from './index.js';

describe('@descent/viz entry', () => {
  it('exports the chart functions and helpers', () => {
    for (const name of [
      'lineChart',
      'contourPlot',
      'heatmap',
      'decisionBoundary',
      'histogram',
      'scatter',
      'computationGraph',
      'networkDiagram',
      'binCounts',
      'isTensorLike',
    ]) {
      expect(typeof (viz as Record<string, unknown>)[name]).toBe('function');
    }
    expect(new viz.VizError('f', 'x').message).toBe('f: x');
    expect(viz.palette.length).toBeGreaterThanOrEqual(10);
  });

  it("palette is d3-scale-chromatic's Tableau 10, written out so a line chart need not import it", () => {
    expect(viz.palette).toEqual(schemeTableau10);
  });
});
