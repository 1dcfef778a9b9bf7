import { describe, it } from 'vitest';
import { expectYLabelLeftOfTicks } from './__fixtures__/svg.js';
import { linearScale, renderAxes } from './axes.js';
import { contourPlot } from './charts/contour-plot.js';
import { heatmap } from './charts/heatmap.js';
import { histogram } from './charts/histogram.js';
import { lineChart } from './charts/line-chart.js';
import { scatter } from './charts/scatter.js';

describe('the y axis label', () => {
  it('sits left of the widest tick label in the histogram, also when it is the default', () => {
    const values = Array.from({ length: 3000 }, (_, i) => i % 7);
    for (const fontSize of [9, 12, 16]) {
      expectYLabelLeftOfTicks(histogram({ series: [{ name: 'a', values }], bins: 7, fontSize }));
      expectYLabelLeftOfTicks(
        histogram({ series: [{ name: 'a', values }], bins: 7, normalize: 'density', fontSize }),
      );
    }
  });

  it('sits left of the widest tick label in the line chart and the scatter plot', () => {
    for (const yScale of ['linear', 'log'] as const) {
      expectYLabelLeftOfTicks(
        lineChart({ series: [{ name: 'a', y: [1e-7, 0.5, 123456] }], yScale, yLabel: 'loss' }),
      );
    }
    const points: [number, number][] = [
      [0, -123456],
      [1, 0.25],
    ];
    expectYLabelLeftOfTicks(
      scatter({ series: [{ name: 'a', points }], yLabel: 'x2', fontSize: 16 }),
    );
  });

  it('sits left of the widest tick label in the heatmap and contour plot', () => {
    for (const equalAspect of [false, true]) {
      const area = { f: (x: number, y: number) => x * x + y * y, x: [-3, 3] as const };
      expectYLabelLeftOfTicks(
        heatmap({ ...area, y: [-2.25, 1.75] }, { yLabel: 'w2', equalAspect }),
      );
      expectYLabelLeftOfTicks(
        contourPlot({ ...area, y: [-0.125, 0.125], resolution: 20 }, { yLabel: 'w2', equalAspect }),
      );
    }
  });

  it('moves further left when the tick labels reach into its usual place', () => {
    const svg = renderAxes({
      plot: { x: 40, y: 0, width: 200, height: 200 },
      x: linearScale([0, 1], [40, 240], 3, false),
      y: linearScale([0, 123456], [200, 0], 5, true),
      yLabel: 'loss',
      fontSize: 12,
      grid: false,
      height: 240,
    });
    expectYLabelLeftOfTicks(
      `<svg xmlns="http://www.w3.org/2000/svg" font-size="12">${svg}</svg>`,
      // This plot leaves too little room on the left for the label to stay on the canvas.
      { onCanvas: false },
    );
  });
});
