import {
  type AxesSpec,
  type AxisScale,
  linearScale,
  type Rect,
  renderAxes,
  renderGrid,
  tickLabelWidth,
} from './axes.js';
import { colorBarWidth, renderColorBar } from './colorbar.js';
import { clipPathDef, fitAspect, plotRect, renderTitle, verticalMargins } from './layout.js';
import { type LegendEntry, legendHeight, legendWidth, renderLegend } from './legend.js';
import type { AxesOptions, ResolvedBase } from './options.js';
import { el, group } from './svg/element.js';

/** The colour scale drawn under the legend: one colour per band, `labels` at the band edges. */
export interface ColorBarSpec {
  readonly colors: readonly string[];
  readonly labels: readonly string[];
  readonly title?: string | undefined;
  /** The least height the bar needs when an equal-aspect chart shrinks to fit its plot. */
  readonly minHeight: number;
}

/** What {@link gridChartLayout} lays out: the plot, both scales and the axes to draw. */
export interface GridChartLayout {
  /** The resolved options, with the height shrunk when an equal-aspect plot leaves room. */
  readonly base: ResolvedBase;
  readonly plot: Rect;
  /** Height of the legend/colour-bar column beside the plot, from the plot's top. */
  readonly column: number;
  readonly x: AxisScale;
  readonly y: AxisScale;
  readonly axes: AxesSpec;
  readonly entries: readonly LegendEntry[];
  readonly bar: ColorBarSpec | undefined;
}

/**
 * Lays out a chart of a field over the rectangle `area` of the plane (heatmap, contourPlot):
 * margins for the title, the axis labels and the column on the right (legend `entries` over the
 * colour `bar`), the y scale, whose widest tick label sets the left margin, the plot rectangle
 * (fitted to the data's aspect ratio with `equalAspect`), then the x scale across it. The scales
 * span `area` exactly.
 *
 * @throws {@link VizError} when the margins leave less than 20×20 pixels to plot in.
 */
export function gridChartLayout(
  fn: string,
  base: ResolvedBase,
  options: AxesOptions & { readonly equalAspect?: boolean | undefined },
  area: { readonly x: readonly [number, number]; readonly y: readonly [number, number] },
  entries: readonly LegendEntry[],
  bar: ColorBarSpec | undefined,
): GridChartLayout {
  const frame = {
    hasXLabel: Boolean(options.xLabel),
    hasYLabel: Boolean(options.yLabel),
    legendWidth: Math.max(
      legendWidth(entries, base.fontSize),
      bar ? colorBarWidth(bar.labels, base.fontSize, bar.title) : 0,
    ),
  };
  const { top, bottom } = verticalMargins(base, frame);
  const plotH = base.height - top - bottom;
  let y = linearScale(area.y, [top + plotH, top], Math.max(2, Math.round(plotH / 50)), false);
  let plot = plotRect(fn, base, frame, tickLabelWidth(y.ticks, base.fontSize));
  let column = plot.height;
  if (options.equalAspect) {
    ({ base, plot, column } = fitAspect(
      base,
      plot,
      area.x[1] - area.x[0],
      area.y[1] - area.y[0],
      options.height !== undefined,
      legendHeight(entries, base.fontSize) + (bar ? bar.minHeight : 0),
    ));
    y = linearScale(
      area.y,
      [plot.y + plot.height, plot.y],
      Math.max(2, Math.round(plot.height / 50)),
      false,
    );
  }
  const x = linearScale(
    area.x,
    [plot.x, plot.x + plot.width],
    Math.max(2, Math.round(plot.width / 70)),
    false,
  );
  const axes = {
    plot,
    x,
    y,
    xLabel: options.xLabel,
    yLabel: options.yLabel,
    fontSize: base.fontSize,
    grid: options.grid ?? false,
    height: base.height,
  };
  return { base, plot, column, x, y, axes, entries, bar };
}

/** A layer of marks drawn clipped to the plot, as one `<g>` of class `class`. */
export interface ClippedLayer {
  readonly class: string;
  readonly marks: readonly string[];
}

/**
 * Draws the chart around its marks: title, `field` (under the grid lines), `overlay` (over them),
 * both clipped to the plot, axes, and the right column: the legend with the colour bar below it.
 */
export function renderGridChart(
  layout: GridChartLayout,
  id: (name: string) => string,
  field: ClippedLayer,
  overlay: ClippedLayer,
): string {
  const { base, plot, bar } = layout;
  const clip = `url(#${id('clip')})`;
  const legendX = plot.x + plot.width + 16;
  const legendH = legendHeight(layout.entries, base.fontSize);
  const barY = plot.y + (legendH > 0 ? legendH + base.fontSize : 0);
  return [
    el('defs', {}, clipPathDef(id('clip'), plot)),
    renderTitle(base),
    group({ class: field.class, 'clip-path': clip }, field.marks),
    renderGrid(layout.axes),
    group({ class: overlay.class, 'clip-path': clip }, overlay.marks),
    renderAxes(layout.axes),
    renderLegend(layout.entries, legendX, plot.y, base.fontSize),
    bar
      ? renderColorBar(
          bar.colors,
          bar.labels,
          legendX,
          barY,
          plot.y + layout.column - barY,
          base.fontSize,
          bar.title,
        )
      : '',
  ].join('');
}
