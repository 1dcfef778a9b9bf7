import {
  interpolateBlues,
  interpolateGreys,
  interpolateMagma,
  interpolateViridis,
  interpolateYlGnBu,
} from 'd3-scale-chromatic';
import { VizError } from './errors.js';

/**
 * Named sequential colour schemes for contour plots and heatmaps (d3-scale-chromatic).
 *
 * @example
 * ```ts
 * import type { SequentialScheme } from '@descent/viz';
 * const scheme: SequentialScheme = 'viridis';
 * ```
 */
export type SequentialScheme = 'viridis' | 'magma' | 'blues' | 'greys' | 'ylgnbu' | 'playground';

/**
 * The orange-to-blue diverging colours of TensorFlow Playground: `negative` for 0 (or −1),
 * `positive` for 1, `middle` in between.
 *
 * @example
 * ```ts
 * import { playgroundColors } from '@descent/viz';
 * playgroundColors.positive; // '#0877bd'
 * ```
 */
export const playgroundColors = {
  negative: '#f59322',
  middle: '#e8eaeb',
  positive: '#0877bd',
} as const;

function parseHex(c: string): [number, number, number] {
  const h = c.replace('#', '');
  return [0, 2, 4].map((i) => Number.parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

/** `#rrggbb` for any `#rrggbb` or `rgb(r, g, b)` string; other strings are returned unchanged. */
export function toHex(c: string): string {
  const m = /^rgb\(\s*(\d+),\s*(\d+),\s*(\d+)\s*\)$/.exec(c);
  if (!m) return c;
  return `#${[m[1], m[2], m[3]].map((v) => Number(v).toString(16).padStart(2, '0')).join('')}`;
}

/** Linear interpolation between two `#rrggbb` colours. */
export function mixHex(a: string, b: string, t: number): string {
  const ca = parseHex(a);
  const cb = parseHex(b);
  return `#${ca
    .map((v, i) =>
      Math.round(v + ((cb[i] as number) - v) * t)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** Playground diverging colour for t in [0, 1]. */
export function playground(t: number): string {
  const c = Math.min(1, Math.max(0, t));
  return c < 0.5
    ? mixHex(playgroundColors.negative, playgroundColors.middle, c * 2)
    : mixHex(playgroundColors.middle, playgroundColors.positive, (c - 0.5) * 2);
}

const SCHEMES: readonly string[] = ['viridis', 'magma', 'blues', 'greys', 'ylgnbu', 'playground'];

/**
 * The interpolator for a chart's `colorScheme` option, checked first.
 *
 * @throws {@link VizError} (as `fn`) when `scheme` is a string that names no {@link SequentialScheme}.
 */
export function schemeInterpolator(
  fn: string,
  scheme: SequentialScheme | ((t: number) => string),
): (t: number) => string {
  if (typeof scheme === 'string' && !SCHEMES.includes(scheme)) {
    throw new VizError(
      fn,
      `colorScheme ${JSON.stringify(scheme)} is unknown; expected ${SCHEMES.join(', ')} or a function`,
    );
  }
  return interpolator(scheme);
}

/** The interpolator (t in [0, 1] → colour) for a scheme name or caller function. */
export function interpolator(
  scheme: SequentialScheme | ((t: number) => string),
): (t: number) => string {
  if (typeof scheme === 'function') return scheme;
  switch (scheme) {
    case 'viridis':
      return interpolateViridis;
    case 'magma':
      return interpolateMagma;
    case 'blues':
      return (t) => toHex(interpolateBlues(t));
    case 'greys':
      return (t) => toHex(interpolateGreys(t));
    case 'ylgnbu':
      return (t) => toHex(interpolateYlGnBu(t));
    case 'playground':
      return playground;
  }
}
