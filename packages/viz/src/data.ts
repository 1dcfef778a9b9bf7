import { VizError } from './errors.js';
import { isTensorLike, type TensorLike } from './tensor-like.js';

/**
 * A flat run of numbers: a plain array, a typed array, or a {@link TensorLike} (read with
 * `dataSync()`).
 *
 * @example
 * ```ts
 * import { histogram, type NumericData } from '@descent/viz';
 * const values: NumericData = new Float32Array([0.1, 0.4, 0.4, 0.9]);
 * const svg = histogram({ series: [{ name: 'x', values }] });
 * ```
 */
export type NumericData = ArrayLike<number> | TensorLike;

/** The numbers behind a {@link NumericData}; throws a {@link VizError} for anything else. */
export function numbers(fn: string, what: string, input: unknown): ArrayLike<number> {
  if (isTensorLike(input)) {
    const values = input.dataSync();
    if (values.length !== input.size) {
      throw new VizError(
        fn,
        `${what} is a tensor of size ${input.size} whose data has ${values.length} elements`,
      );
    }
    return values;
  }
  if (Array.isArray(input) || (ArrayBuffer.isView(input) && !(input instanceof DataView))) {
    const arr = input as ArrayLike<unknown>;
    for (let i = 0; i < arr.length; i++) {
      if (typeof arr[i] !== 'number') {
        throw new VizError(
          fn,
          `${what}[${i}] is ${typeof arr[i]}; expected a number (NaN allowed)`,
        );
      }
    }
    return arr as ArrayLike<number>;
  }
  throw new VizError(
    fn,
    `${what} must be an array, a typed array or a tensor, got ${input === null ? 'null' : typeof input}`,
  );
}

/**
 * A 2-D point as a pair or an object.
 *
 * @example
 * ```ts
 * import type { Point } from '@descent/viz';
 * const a: Point = [0.5, -1];
 * const b: Point = { x: 0.5, y: -1 };
 * ```
 */
export type Point = readonly [number, number] | { readonly x: number; readonly y: number };

/**
 * A list of 2-D points: an array of {@link Point}s, or an `[n, 2]` {@link TensorLike}.
 *
 * @example
 * ```ts
 * import type { PointList } from '@descent/viz';
 * const path: PointList = [[-8, 3], [-6, 2.5], [-4, 2]];
 * ```
 */
export type PointList = readonly Point[] | TensorLike;

/** Flattens a {@link PointList} into xs and ys (non-finite values kept, as gaps). */
export function points(
  fn: string,
  what: string,
  input: unknown,
): { xs: Float64Array; ys: Float64Array } {
  if (isTensorLike(input)) {
    if (input.shape.length !== 2 || input.shape[1] !== 2) {
      throw new VizError(
        fn,
        `${what} is a tensor of shape [${input.shape.join(', ')}]; expected [n, 2]`,
      );
    }
    const n = input.shape[0] ?? 0;
    const values = input.dataSync();
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      xs[i] = Number(values[2 * i]);
      ys[i] = Number(values[2 * i + 1]);
    }
    return { xs, ys };
  }
  if (!Array.isArray(input)) {
    throw new VizError(
      fn,
      `${what} must be an array of [x, y] pairs or {x, y} objects, got ${input === null ? 'null' : typeof input}`,
    );
  }
  const xs = new Float64Array(input.length);
  const ys = new Float64Array(input.length);
  input.forEach((p: unknown, i) => {
    if (
      Array.isArray(p) &&
      p.length === 2 &&
      typeof p[0] === 'number' &&
      typeof p[1] === 'number'
    ) {
      xs[i] = p[0];
      ys[i] = p[1];
    } else if (
      typeof p === 'object' &&
      p !== null &&
      typeof (p as { x?: unknown }).x === 'number' &&
      typeof (p as { y?: unknown }).y === 'number'
    ) {
      xs[i] = (p as { x: number }).x;
      ys[i] = (p as { y: number }).y;
    } else {
      throw new VizError(fn, `${what}[${i}] must be an [x, y] pair of numbers or an {x, y} object`);
    }
  });
  return { xs, ys };
}

/** Min and max of the finite values accepted by `keep`; `undefined` when none. */
export function extent(
  values: ArrayLike<number>,
  keep: (v: number) => boolean = Number.isFinite,
): [number, number] | undefined {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v) || !keep(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** Joins extents. */
export function union(
  a: [number, number] | undefined,
  b: [number, number] | undefined,
): [number, number] | undefined {
  if (!a) return b;
  if (!b) return a;
  return [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
}
