import { type NumericData, numbers } from './data.js';
import { VizError } from './errors.js';
import { lerp } from './numeric.js';
import { positiveInt, range } from './options.js';
import { isTensorLike } from './tensor-like.js';

/**
 * A surface given as a function, sampled on a regular grid over `x` × `y` at cell centres.
 *
 * @example
 * ```ts
 * import type { FunctionGrid } from '@descent/viz';
 * const bowl: FunctionGrid = { f: (w1, w2) => w1 ** 2 + 10 * w2 ** 2, x: [-10, 10], y: [-4, 4] };
 * ```
 */
export interface FunctionGrid {
  /** The surface; a NaN result is treated as "below every level" (d3-contour's rule). */
  readonly f: (x: number, y: number) => number;
  /** `[min, max]` of the horizontal axis. */
  readonly x: readonly [number, number];
  /** `[min, max]` of the vertical axis. */
  readonly y: readonly [number, number];
  /** Samples per axis, or `[columns, rows]` (default 100 for contours, 80 for heatmaps). */
  readonly resolution?: number | readonly [number, number];
}

/**
 * A surface given as precomputed samples: `values[j * width + i]` is the value at the centre of
 * cell (i, j), with i = 0 at `x[0]` and j = 0 at `y[0]` (the bottom). A 2-D {@link TensorLike}
 * of shape `[height, width]` may be passed without `width`/`height`.
 *
 * @example
 * ```ts
 * import type { ValuesGrid } from '@descent/viz';
 * const g: ValuesGrid = { values: [0, 1, 1, 2], width: 2, height: 2, x: [0, 1], y: [0, 1] };
 * ```
 */
export interface ValuesGrid {
  readonly values: NumericData;
  /** Columns (optional for a 2-D tensor). */
  readonly width?: number;
  /** Rows (optional for a 2-D tensor). */
  readonly height?: number;
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

/**
 * A surface over a rectangle, either as a function or as samples.
 *
 * @example
 * ```ts
 * import { contourPlot, type GridInput } from '@descent/viz';
 * const surface: GridInput = { f: (a, b) => a * a + b * b, x: [-1, 1], y: [-1, 1], resolution: 50 };
 * const svg = contourPlot(surface);
 * ```
 */
export type GridInput = FunctionGrid | ValuesGrid;

/** A sampled grid; `values[j * nx + i]`, row 0 at `y[0]`. */
export interface Grid {
  readonly nx: number;
  readonly ny: number;
  readonly values: Float64Array;
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

const MAX_CELLS = 4_000_000;

export function sampleGrid(fn: string, input: GridInput, defaultResolution: number): Grid {
  if (typeof input !== 'object' || input === null) {
    throw new VizError(
      fn,
      `expected a surface { f, x, y } or { values, width, height, x, y }, got ${String(input)}`,
    );
  }
  const x = range(fn, 'x', input.x);
  const y = range(fn, 'y', input.y);
  if ('f' in input && input.f !== undefined) {
    if (typeof input.f !== 'function')
      throw new VizError(fn, `f must be a function (x, y) => number, got ${typeof input.f}`);
    const res = input.resolution ?? defaultResolution;
    const [nx, ny] = typeof res === 'number' ? [res, res] : res;
    positiveInt(fn, 'resolution', nx, 2);
    positiveInt(fn, 'resolution', ny, 2);
    if (nx * ny > MAX_CELLS) {
      throw new VizError(
        fn,
        `resolution ${nx}×${ny} is more than ${MAX_CELLS} samples; expected a smaller grid`,
      );
    }
    const values = new Float64Array(nx * ny);
    for (let j = 0; j < ny; j++) {
      const yv = lerp(y[0], y[1], j + 0.5, ny);
      for (let i = 0; i < nx; i++) {
        const v = input.f(lerp(x[0], x[1], i + 0.5, nx), yv);
        if (typeof v !== 'number') {
          throw new VizError(fn, `f returned ${typeof v} at cell (${i}, ${j}); expected a number`);
        }
        values[j * nx + i] = v;
      }
    }
    return { nx, ny, values, x, y };
  }
  if (!('values' in input) || input.values === undefined) {
    throw new VizError(fn, 'expected either f (a function) or values (a grid of numbers)');
  }
  const data = numbers(fn, 'values', input.values);
  let nx = input.width;
  let ny = input.height;
  if (isTensorLike(input.values) && input.values.shape.length === 2) {
    ny ??= input.values.shape[0];
    nx ??= input.values.shape[1];
  }
  positiveInt(fn, 'grid width', nx, 2);
  positiveInt(fn, 'grid height', ny, 2);
  if (nx * ny !== data.length) {
    throw new VizError(fn, `a ${nx}×${ny} grid needs ${nx * ny} values, got ${data.length}`);
  }
  return { nx, ny, values: Float64Array.from(data), x, y };
}
