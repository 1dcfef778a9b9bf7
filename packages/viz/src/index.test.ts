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
});
