import type { Rect } from './axes.js';
import { VizError } from './errors.js';
import type { ResolvedBase } from './options.js';
import { el, text } from './svg/element.js';
import { truncate } from './svg/measure.js';

export interface FrameSpec {
  readonly hasXLabel: boolean;
  readonly hasYLabel: boolean;
  /** Width of the legend column on the right (0 for none). */
  readonly legendWidth: number;
  /** Whether there are x tick labels under the plot. */
  readonly xTicks?: boolean;
}

/** Top and bottom margins, which do not depend on tick label widths. */
export function verticalMargins(
  base: ResolvedBase,
  spec: FrameSpec,
): { top: number; bottom: number } {
  const fs = base.fontSize;
  const top = base.title ? Math.round(fs * 3) : Math.round(fs);
  const ticks = spec.xTicks === false ? 4 : 7 + fs * 1.1;
  const bottom = Math.round(ticks + (spec.hasXLabel ? fs * 1.7 : 0) + 6);
  return { top, bottom };
}

/** The plot rectangle, given the width of the y tick labels. */
export function plotRect(
  fn: string,
  base: ResolvedBase,
  spec: FrameSpec,
  yTickWidth: number,
): Rect {
  const fs = base.fontSize;
  const { top, bottom } = verticalMargins(base, spec);
  const left = Math.round(8 + yTickWidth + 8 + (spec.hasYLabel ? fs * 1.7 : 0));
  const right = spec.legendWidth > 0 ? Math.round(spec.legendWidth + 28) : Math.round(fs * 1.5);
  const rect = {
    x: left,
    y: top,
    width: base.width - left - right,
    height: base.height - top - bottom,
  };
  if (rect.width < 20 || rect.height < 20) {
    throw new VizError(
      fn,
      `a ${base.width}×${base.height} chart leaves a ${Math.round(rect.width)}×${Math.round(rect.height)} plot area after margins; expected at least 20×20 (make it larger or the fontSize smaller)`,
    );
  }
  return rect;
}

/** The visible title, centred at the top. */
export function renderTitle(base: ResolvedBase): string {
  if (!base.title) return '';
  const fs = base.fontSize * 1.25;
  return el(
    'text',
    {
      class: 'viz-title',
      x: base.width / 2,
      y: Math.round(base.fontSize * 1.9),
      'text-anchor': 'middle',
      'font-size': fs,
      'font-weight': 'bold',
      fill: '#111',
    },
    text(truncate(base.title, fs, base.width - 16, true)),
  );
}

/** A `<clipPath>` for the plot rectangle. */
export function clipPathDef(id: string, r: Rect): string {
  return el('clipPath', { id }, el('rect', { x: r.x, y: r.y, width: r.width, height: r.height }));
}

/**
 * Makes one data unit the same number of pixels on both axes. When the caller left the height
 * open, the chart's height shrinks to fit the plot instead of leaving bands of white above and
 * below (but keeps `minColumn` pixels for the legend column); otherwise the plot is centred
 * vertically. A plot too tall for the space is narrowed. `column` is the height left for the
 * legend column beside the plot, measured from the plot's top.
 */
export function fitAspect(
  base: ResolvedBase,
  plot: Rect,
  dataW: number,
  dataH: number,
  heightGiven: boolean,
  minColumn: number,
): { base: ResolvedBase; plot: Rect; column: number } {
  const wantH = (plot.width * dataH) / dataW;
  if (wantH > plot.height) {
    return { base, plot: { ...plot, width: (plot.height * dataW) / dataH }, column: plot.height };
  }
  if (heightGiven) {
    const y = plot.y + (plot.height - wantH) / 2;
    return { base, plot: { ...plot, y, height: wantH }, column: plot.y + plot.height - y };
  }
  // The legend column may reach down into the bottom margin (beside the x tick labels).
  const bottomMargin = base.height - plot.y - plot.height;
  const column = Math.min(plot.height + bottomMargin - 4, Math.max(wantH, minColumn));
  const used = Math.max(wantH + bottomMargin, column + base.fontSize * 0.6);
  return {
    base: { ...base, height: Math.ceil(plot.y + used) },
    plot: { ...plot, height: wantH },
    column,
  };
}
