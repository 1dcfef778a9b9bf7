/**
 * `@descent/viz`: the lecture's pictures as standalone SVG strings — loss curves, error-surface
 * contours with optimizer paths, decision boundaries, histograms, computation graphs and network
 * diagrams. Pure functions, no DOM: the same code runs in Node, workers, tests and browsers.
 * PNG and file output live in `@descent/viz/node`.
 *
 * @module
 */
export { type ComputationGraphOptions, computationGraph } from './charts/computation-graph.js';
export {
  type ContourPlotOptions,
  contourPlot,
  type Trajectory,
  trajectoryPalette,
} from './charts/contour-plot.js';
export {
  decisionBoundary,
  type HeatmapInput,
  type HeatmapOptions,
  heatmap,
  type LabeledPoint,
} from './charts/heatmap.js';
export {
  binCounts,
  type HistogramOptions,
  type HistogramSeries,
  histogram,
} from './charts/histogram.js';
export {
  type LineBand,
  type LineChartOptions,
  type LineSeries,
  lineChart,
} from './charts/line-chart.js';
export {
  type NetworkDiagramOptions,
  type NetworkEdgeStyle,
  networkDiagram,
  networkEdgeStyle,
} from './charts/network-diagram.js';
export { type ScatterOptions, type ScatterSeries, scatter } from './charts/scatter.js';
export { playgroundColors, type SequentialScheme } from './colors.js';
export type { NumericData, Point, PointList } from './data.js';
export { VizError } from './errors.js';
export type { FunctionGrid, GridInput, ValuesGrid } from './grid.js';
export type { AxesOptions, BaseOptions } from './options.js';
export { palette } from './palette.js';
export { type GraphNodeLike, isTensorLike, type TensorLike } from './tensor-like.js';
