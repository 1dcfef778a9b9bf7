import { IndexError, ValueError } from '../errors.js';
import { contiguousStrides, formatShape, normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { checkTensor } from './scalar.js';
import { strided } from './strided.js';

/**
 * How {@link slice} treats one axis: `null` keeps it whole, a number picks that index and drops
 * the axis (negative counts from the end), a range keeps `start ≤ i < stop` in steps of `step`
 * (Python's `start:stop:step`; negative start/stop count from the end; step > 0).
 */
export type SliceSpec = null | number | { start?: number; stop?: number; step?: number };

/**
 * Basic indexing, PyTorch's `x[1:5:2, :, -1]`, as `slice(x, [{ start: 1, stop: 5, step: 2 }, null, -1])`.
 * Axes after the given specs are kept whole. A copy.
 *
 * @example
 * ```ts
 * const x = arange(12).reshape([3, 4]);
 * slice(x, [{ start: 1 }, { step: 2 }]).toArray(); // [[4, 6], [8, 10]]
 * slice(x, [-1]).toArray(); // [8, 9, 10, 11]
 * ```
 */
export function slice(input: Tensor, specs: readonly SliceSpec[]): Tensor {
  const x = checkTensor('slice', input);
  if (!Array.isArray(specs))
    throw new ValueError(`slice: expected an array of specs, got ${String(specs)}`);
  if (specs.length > x.ndim) {
    throw new IndexError(
      `slice: too many indices (${specs.length}) for a tensor of shape ${formatShape(x.shape)}`,
    );
  }
  const base = contiguousStrides(x.shape);
  const shape: number[] = [];
  const strides: number[] = [];
  let offset = 0;
  x.shape.forEach((extent, d) => {
    const spec = d < specs.length ? specs[d] : null;
    const stride = base[d] as number;
    if (spec === null || spec === undefined) {
      shape.push(extent);
      strides.push(stride);
    } else if (typeof spec === 'number') {
      offset += checkIndex('slice', spec, extent, d) * stride;
    } else {
      const step = spec.step ?? 1;
      if (!Number.isInteger(step) || step <= 0)
        throw new ValueError(`slice: step must be a whole number > 0, got ${step} at dim ${d}`);
      const start = clampBound(spec.start ?? 0, extent);
      const stop = clampBound(spec.stop ?? extent, extent);
      shape.push(Math.max(0, Math.ceil((stop - start) / step)));
      strides.push(stride * step);
      offset += Math.min(start, extent) * stride;
    }
  });
  return strided(x, 'slice', shape, offset, strides);
}

function clampBound(bound: number, extent: number): number {
  if (!Number.isInteger(bound))
    throw new ValueError(`slice: bounds must be whole numbers, got ${bound}`);
  const resolved = bound < 0 ? bound + extent : bound;
  return Math.min(Math.max(resolved, 0), extent);
}

export function checkIndex(op: string, index: number, extent: number, dim: number): number {
  if (!Number.isInteger(index) || index < -extent || index >= extent) {
    throw new IndexError(
      `${op}: index ${index} is out of bounds for dim ${dim} with size ${extent}`,
    );
  }
  return index < 0 ? index + extent : index;
}

/**
 * `length` elements of `dim` starting at `start` (negative counts from the end).
 *
 * @example
 * ```ts
 * narrow(arange(5), 0, 1, 3).toArray(); // [1, 2, 3]
 * ```
 */
export function narrow(input: Tensor, dim: number, start: number, length: number): Tensor {
  const x = checkTensor('narrow', input);
  const d = normalizeDim('narrow', dim, x.ndim);
  const extent = x.shape[d] as number;
  const from = start < 0 ? start + extent : start;
  if (
    !Number.isInteger(from) ||
    from < 0 ||
    from > extent ||
    !Number.isInteger(length) ||
    length < 0 ||
    from + length > extent
  ) {
    throw new IndexError(
      `narrow: start ${start} and length ${length} exceed dim ${d} of size ${extent}`,
    );
  }
  const specs: SliceSpec[] = x.shape.map(() => null);
  specs[d] = { start: from, stop: from + length };
  return slice(x, specs);
}

/**
 * The slice at `index` of `dim`, with that dim removed.
 *
 * @example
 * ```ts
 * select(tensor([[1, 2], [3, 4]]), 1, 0).toArray(); // [1, 3]
 * ```
 */
export function select(input: Tensor, dim: number, index: number): Tensor {
  const x = checkTensor('select', input);
  const d = normalizeDim('select', dim, x.ndim);
  const specs: SliceSpec[] = x.shape.map(() => null);
  specs[d] = checkIndex('select', index, x.shape[d] as number, d);
  return slice(x, specs);
}
