/**
 * Colours of the pictures: TensorFlow Playground's orange (class 0, or −1) to blue (class 1, or
 * +1) through a light grey, and three more classes for softmax problems.
 */
import { playgroundColors } from '@descent/viz';

type Rgb = readonly [number, number, number];

function rgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** One colour per class, class 0 first. */
export const CLASS_COLORS = [
  playgroundColors.negative,
  playgroundColors.positive,
  '#2ca02c',
  '#9467bd',
  '#d62728',
] as const;

const NEGATIVE = rgb(playgroundColors.negative);
const MIDDLE = rgb(playgroundColors.middle);
const POSITIVE = rgb(playgroundColors.positive);
const CLASSES = CLASS_COLORS.map(rgb);

function mix(a: Rgb, b: Rgb, t: number, out: Uint8ClampedArray, at: number): void {
  out[at] = a[0] + (b[0] - a[0]) * t;
  out[at + 1] = a[1] + (b[1] - a[1]) * t;
  out[at + 2] = a[2] + (b[2] - a[2]) * t;
  out[at + 3] = 255;
}

/**
 * Writes the colour of `value` (−1 orange … 0 grey … +1 blue, clamped) into `out` at `at`.
 * NaN is drawn as the middle grey.
 *
 * @example
 * ```ts
 * divergingColor(1, false, pixels, 0); // blue
 * ```
 */
export function divergingColor(
  value: number,
  discretize: boolean,
  out: Uint8ClampedArray,
  at: number,
): void {
  let v = Number.isFinite(value) ? Math.max(-1, Math.min(1, value)) : 0;
  if (discretize) v = v >= 0 ? 1 : -1;
  if (v >= 0) mix(MIDDLE, POSITIVE, v, out, at);
  else mix(MIDDLE, NEGATIVE, -v, out, at);
}

/**
 * Writes the colour of a vector of class probabilities: the likeliest class's colour, paler the
 * less sure the network is.
 *
 * @example
 * ```ts
 * classColor([0.1, 0.8, 0.1], 0, 3, false, pixels, 0);
 * ```
 */
export function classColor(
  probabilities: ArrayLike<number>,
  offset: number,
  classes: number,
  discretize: boolean,
  out: Uint8ClampedArray,
  at: number,
): void {
  let best = 0;
  let bestP = -1;
  for (let k = 0; k < classes; k++) {
    const p = probabilities[offset + k] as number;
    if (p > bestP) {
      bestP = p;
      best = k;
    }
  }
  const chance = 1 / classes;
  const sure = discretize ? 1 : Math.max(0, (bestP - chance) / (1 - chance));
  mix(MIDDLE, CLASSES[best % CLASSES.length] as Rgb, sure, out, at);
}

/**
 * The CSS colour of a data point's label.
 *
 * @example
 * ```ts
 * labelColor(1, 'classification'); // '#0877bd'
 * ```
 */
export function labelColor(label: number, task: 'classification' | 'regression'): string {
  if (task === 'classification') return CLASS_COLORS[label % CLASS_COLORS.length] as string;
  const pixel = new Uint8ClampedArray(4);
  divergingColor(label, false, pixel, 0);
  return `rgb(${pixel[0]}, ${pixel[1]}, ${pixel[2]})`;
}
