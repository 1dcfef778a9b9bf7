import {
  type AxesSpec,
  type AxisScale,
  linearScale,
  logScale,
  type Rect,
  renderAxes,
  renderGrid,
  tickLabelWidth,
} from './axes.js';
import { clipPathDef, plotRect, renderTitle, verticalMargins } from './layout.js';
import { type LegendEntry, legendWidth, renderLegend } from './legend.js';
import type { AxesOptions, ResolvedBase } from './options.js';
import { el, group } from './svg/element.js';

/** The data range of one axis of an XY chart. */
export interface XYAxisSpec {
  readonly domain: readonly [number, number];
  /** Whether to extend the domain to nice tick values. */
  readonly nice: boolean;
  /** A logarithmic scale instead of a linear one. */
  readonly log?: boolean;
}

/** What {@link xyChartFrame} lays out: the plot, both scales and the axes to draw. */
export interface XYChartFrame {
  readonly base: ResolvedBase;
  readonly entries: readonly LegendEntry[];
  readonly plot: Rect;
  readonly x: AxisScale;
  readonly y: AxisScale;
  readonly axes: AxesSpec;
}

/**
 * Lays out a chart with x/y axes and a legend column on the right (lineChart, scatter, histogram):
 * margins for the title and the axis labels, the y scale, whose widest tick label sets the left
 * margin, then the plot rectangle and the x scale across it. `defaultYLabel` is the y axis label
 * when `options.yLabel` is absent; the left margin keeps room for it as for a given one.
 *
 * @throws {@link VizError} when the margins leave less than 20×20 pixels to plot in.
 */
export function xyChartFrame(
  fn: string,
  base: ResolvedBase,
  options: AxesOptions,
  entries: readonly LegendEntry[],
  spec: {
    readonly x: XYAxisSpec;
    readonly y: XYAxisSpec;
    readonly defaultYLabel?: string;
  },
): XYChartFrame {
  const yLabel = options.yLabel ?? spec.defaultYLabel;
  const frame = {
    hasXLabel: Boolean(options.xLabel),
    hasYLabel: Boolean(yLabel),
    legendWidth: legendWidth(entries, base.fontSize),
  };
  const { top, bottom } = verticalMargins(base, frame);
  const plotH = base.height - top - bottom;
  const y = scale(spec.y, [top + plotH, top], Math.max(2, Math.round(plotH / 45)));
  const plot = plotRect(fn, base, frame, tickLabelWidth(y.ticks, base.fontSize));
  const x = scale(spec.x, [plot.x, plot.x + plot.width], Math.max(2, Math.round(plot.width / 80)));
  const axes = {
    plot,
    x,
    y,
    xLabel: options.xLabel,
    yLabel,
    fontSize: base.fontSize,
    grid: options.grid ?? true,
    height: base.height,
  };
  return { base, entries, plot, x, y, axes };
}

function scale(a: XYAxisSpec, range: readonly [number, number], ticks: number): AxisScale {
  return a.log
    ? logScale(a.domain, range, ticks, a.nice)
    : linearScale(a.domain, range, ticks, a.nice);
}

/**
 * Draws the chart around `data` (the series, already drawn): title, grid, the data clipped to the
 * plot grown by `clipPad` pixels on each side (so marks on the edge stay whole), axes and legend.
 */
export function renderXYChart(
  frame: XYChartFrame,
  id: (name: string) => string,
  data: readonly string[],
  clipPad: number,
): string {
  const { base, plot } = frame;
  const clip = {
    x: plot.x - clipPad,
    y: plot.y - clipPad,
    width: plot.width + 2 * clipPad,
    height: plot.height + 2 * clipPad,
  };
  return [
    el('defs', {}, clipPathDef(id('clip'), clip)),
    renderTitle(base),
    renderGrid(frame.axes),
    group({ class: 'viz-data', 'clip-path': `url(#${id('clip')})` }, data),
    renderAxes(frame.axes),
    renderLegend(frame.entries, plot.x + plot.width + 16, plot.y, base.fontSize),
  ].join('');
}
