import { VizError } from './errors.js';
import { palette } from './palette.js';

/** What every entry of a chart's `series` array has: a name, and optionally its own colour. */
export interface NamedSeries {
  readonly name: string;
  readonly color?: string;
}

/**
 * Throws unless `series` is a non-empty array. `data` names what each entry holds besides its
 * name, e.g. `'values'`.
 */
export function requireSeries(fn: string, series: unknown, data: string): void {
  if (!Array.isArray(series) || series.length === 0) {
    throw new VizError(fn, `series must be a non-empty array of { name, ${data} } objects`);
  }
}

/**
 * Checks that each series is an object with a string name and maps it with `prepare`, passing its
 * colour: its own, else the next of `options.colors`, else the next of {@link palette}. `data`
 * describes what a series holds besides its name, for the error message (e.g. `'a y array'`).
 */
export function mapSeries<S extends NamedSeries, R>(
  fn: string,
  options: { readonly series: readonly S[]; readonly colors?: readonly string[] | undefined },
  data: string,
  prepare: (s: S, color: string) => R,
): R[] {
  const colors = options.colors && options.colors.length > 0 ? options.colors : palette;
  return options.series.map((s, i) => {
    if (typeof s !== 'object' || s === null || typeof s.name !== 'string') {
      throw new VizError(fn, `series[${i}] must be an object with a string name and ${data}`);
    }
    return prepare(s, s.color ?? (colors[i % colors.length] as string));
  });
}
