import { VizError } from './errors.js';

/**
 * Options every chart accepts: size, accessible text, id prefix, font size and background.
 *
 * @example
 * ```ts
 * import { scatter, type BaseOptions } from '@descent/viz';
 * const base: BaseOptions = { width: 480, height: 320, title: 'Data', idPrefix: 'fig1' };
 * const svg = scatter({ series: [{ name: 'a', points: [[0, 1]] }] }, base);
 * ```
 */
export interface BaseOptions {
  /** Width in pixels (also the viewBox width). */
  readonly width?: number;
  /** Height in pixels (also the viewBox height). */
  readonly height?: number;
  /** Drawn above the chart and used as the SVG `<title>`. */
  readonly title?: string;
  /** The SVG `<desc>`; when absent a summary of the data is written. */
  readonly description?: string;
  /**
   * Prefix for element ids (clip paths, markers, title). Give one per chart when inlining several
   * SVGs into one HTML page; without it a prefix is derived from a hash of the content.
   */
  readonly idPrefix?: string;
  /** Base font size in pixels (default 12). */
  readonly fontSize?: number;
  /** Background fill (default `'white'`; `'none'` for transparent). */
  readonly background?: string;
}

/**
 * Options for charts with x/y axes.
 *
 * @example
 * ```ts
 * import { lineChart, type AxesOptions } from '@descent/viz';
 * const axes: AxesOptions = { xLabel: 'step', yLabel: 'loss', legend: true };
 * const svg = lineChart({ series: [{ name: 'loss', y: [3, 2, 1] }], ...axes });
 * ```
 */
export interface AxesOptions extends BaseOptions {
  /** Text under the x axis. */
  readonly xLabel?: string;
  /** Text beside the y axis (rotated). */
  readonly yLabel?: string;
  /** Whether to draw the legend (default true when there is something to tell apart). */
  readonly legend?: boolean;
  /** Light grid lines at the ticks (default true). */
  readonly grid?: boolean;
}

/** Base options after defaults and validation. */
export interface ResolvedBase {
  readonly width: number;
  readonly height: number;
  readonly title: string | undefined;
  readonly description: string | undefined;
  readonly idPrefix: string | undefined;
  readonly fontSize: number;
  readonly background: string;
}

/**
 * Throws unless a chart's required options argument is an object; `holding` says what it must
 * hold, e.g. `'a series array'`.
 */
export function requireOptions(fn: string, options: unknown, holding: string): void {
  if (typeof options !== 'object' || options === null) {
    throw new VizError(fn, `expected an options object with ${holding}, got ${String(options)}`);
  }
}

/**
 * The largest width or height a chart accepts, in pixels: the size limit of a canvas or texture
 * in most browsers and renderers. Axes place a tick per 50–80 pixels, so an unbounded width
 * would build millions of ticks.
 */
export const MAX_SIZE = 16384;

export function resolveBase(
  fn: string,
  o: BaseOptions,
  defaults: { width: number; height: number },
): ResolvedBase {
  requireOptions(fn, o, 'chart settings such as { width: 640 }');
  const width = o.width ?? defaults.width;
  const height = o.height ?? defaults.height;
  const fontSize = o.fontSize ?? 12;
  positive(fn, 'width', width, MAX_SIZE);
  positive(fn, 'height', height, MAX_SIZE);
  positive(fn, 'fontSize', fontSize, MAX_SIZE / 4);
  if (o.idPrefix !== undefined && !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(o.idPrefix)) {
    throw new VizError(
      fn,
      `idPrefix ${JSON.stringify(o.idPrefix)} is not a valid XML id start; expected letters, digits, '_', '-', '.' starting with a letter or '_'`,
    );
  }
  return {
    width,
    height,
    title: o.title,
    description: o.description,
    idPrefix: o.idPrefix,
    fontSize,
    background: o.background ?? 'white',
  };
}

export function positive(
  fn: string,
  name: string,
  v: unknown,
  max = Number.POSITIVE_INFINITY,
): asserts v is number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new VizError(fn, `${name} must be a finite number > 0, got ${String(v)}`);
  }
  if (v > max) throw new VizError(fn, `${name} must be at most ${max}, got ${v}`);
}

export function positiveInt(
  fn: string,
  name: string,
  v: unknown,
  min = 1,
  max = Number.POSITIVE_INFINITY,
): asserts v is number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new VizError(fn, `${name} must be an integer ≥ ${min}, got ${String(v)}`);
  }
  if (v > max) throw new VizError(fn, `${name} must be at most ${max}, got ${v}`);
}

/** A `[min, max]` pair: both finite, min < max. */
export function range(fn: string, name: string, r: unknown): readonly [number, number] {
  if (!Array.isArray(r) || r.length !== 2) {
    throw new VizError(fn, `${name} must be a [min, max] pair, got ${describeRange(r)}`);
  }
  const [a, b] = r as [unknown, unknown];
  if (
    typeof a !== 'number' ||
    typeof b !== 'number' ||
    !Number.isFinite(a) ||
    !Number.isFinite(b)
  ) {
    throw new VizError(fn, `${name} must hold finite numbers, got [${String(a)}, ${String(b)}]`);
  }
  if (!(a < b)) {
    throw new VizError(
      fn,
      `${name} must have min < max, got [${a}, ${b}] (a zero or reversed range)`,
    );
  }
  return [a, b];
}

function describeRange(r: unknown): string {
  return Array.isArray(r) ? `an array of length ${r.length}` : String(r);
}
