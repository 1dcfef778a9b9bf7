import { IndexError, ShapeError, ValueError } from './errors.js';

/** A tensor's extent along each axis, outermost first. */
export type Shape = readonly number[];

/** Formats a shape the way error messages print it: `[2,3]`. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

/** The number of elements of a tensor with this shape. */
export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const extent of shape) size *= extent;
  return size;
}

/** Row-major (C-order) strides in elements. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = stride;
    stride *= shape[d] as number;
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let d = 0; d < a.length; d++) if (a[d] !== b[d]) return false;
  return true;
}

/** Validates a user-given shape: whole, non-negative numbers. */
export function checkShape(op: string, shape: unknown): number[] {
  const list = typeof shape === 'number' ? [shape] : shape;
  if (!Array.isArray(list)) {
    throw new ValueError(`${op}: expected a shape (array of sizes), got ${String(shape)}`);
  }
  for (const extent of list) {
    if (typeof extent !== 'number' || !Number.isInteger(extent) || extent < 0) {
      throw new ValueError(
        `${op}: shape ${JSON.stringify(list)} has an invalid size ${String(extent)}; sizes must be whole numbers >= 0`,
      );
    }
  }
  return list.slice() as number[];
}

/** Resolves a possibly negative `dim` against `ndim`, as PyTorch does. */
export function normalizeDim(op: string, dim: number, ndim: number): number {
  const span = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -span || dim >= span) {
    throw new IndexError(
      `${op}: dim ${dim} out of range for a ${ndim}-d tensor (expected ${-span} to ${span - 1})`,
    );
  }
  return dim < 0 ? dim + span : dim;
}

/** Normalizes an optional dim or list of dims to a sorted, duplicate-free list (all if absent). */
export function normalizeDims(
  op: string,
  dims: number | readonly number[] | null | undefined,
  ndim: number,
): number[] {
  if (dims === undefined || dims === null) {
    const all = new Array<number>(ndim);
    for (let d = 0; d < ndim; d++) all[d] = d;
    return all;
  }
  const list = typeof dims === 'number' ? [dims] : dims;
  const seen = new Set<number>();
  for (const dim of list) {
    const d = normalizeDim(op, dim, ndim);
    if (seen.has(d))
      throw new IndexError(`${op}: dim ${dim} appears more than once in ${JSON.stringify(list)}`);
    seen.add(d);
  }
  return [...seen].filter((d) => d < ndim).sort((x, y) => x - y);
}

/** NumPy broadcasting of two shapes; throws a {@link ShapeError} naming the op when they clash. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const ndim = Math.max(a.length, b.length);
  const out = new Array<number>(ndim);
  for (let i = 0; i < ndim; i++) {
    const x = a[a.length - ndim + i] ?? 1;
    const y = b[b.length - ndim + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new ShapeError(
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together ` +
          `(axis ${i - ndim}: ${x} vs ${y})`,
      );
    }
    out[i] = x === 1 ? y : x;
  }
  return out;
}

/** Strides for reading an operand of `shape` as if broadcast to `outShape` (0 on broadcast axes). */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const strides = contiguousStrides(shape);
  const offset = outShape.length - shape.length;
  const out = new Array<number>(outShape.length).fill(0);
  for (let d = 0; d < shape.length; d++) {
    out[d + offset] = shape[d] === 1 ? 0 : (strides[d] as number);
  }
  return out;
}

/** The shape after reducing `dims` away (or to 1 with keepDim). */
export function reducedShape(shape: Shape, dims: readonly number[], keepDim: boolean): number[] {
  const out: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (!dims.includes(d)) out.push(shape[d] as number);
    else if (keepDim) out.push(1);
  }
  return out;
}
