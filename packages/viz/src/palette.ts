/**
 * The default colours for series, in order: Tableau 10, the values of d3-scale-chromatic's
 * `schemeTableau10` (a test checks they match). They are written out here because that package
 * is one module whose every scheme is built when it is imported: a chart that only needs these
 * ten colours would otherwise bundle all of it.
 *
 * @example
 * ```ts
 * import { palette } from '@descent/viz';
 * palette[0]; // '#4e79a7'
 * ```
 */
export const palette: readonly string[] = [
  '#4e79a7',
  '#f28e2c',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc949',
  '#af7aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ab',
];
