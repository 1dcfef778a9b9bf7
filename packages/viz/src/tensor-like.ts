/**
 * The structural view of an autograd node that `@descent/viz` needs: the op's name and the
 * tensors it consumed. `@descent/core`'s graph nodes satisfy it without an import.
 *
 * After backward frees the graph, `inputs` is empty and `released` is true.
 *
 * @example
 * ```ts
 * import type { GraphNodeLike, TensorLike } from '@descent/viz';
 * const leaf = (v: number): TensorLike => ({
 *   shape: [], dtype: 'float32', size: 1, requiresGrad: true, grad: null, gradFn: null,
 *   dataSync: () => [v],
 * });
 * const node: GraphNodeLike = { name: 'mul', inputs: [leaf(2), leaf(3)] };
 * ```
 */
export interface GraphNodeLike {
  /** The op's name, e.g. `'mul'`, `'matmul'`, `'sum'`. */
  readonly name: string;
  /** The tensors the op consumed, in argument order. */
  readonly inputs: readonly TensorLike[];
  /** True once backward has freed this part of the graph. */
  readonly released?: boolean;
}

/**
 * The structural view of a tensor that `@descent/viz` accepts wherever a chart takes numbers:
 * `@descent/core`'s `Tensor` satisfies it, and tests can build one as a plain object.
 *
 * @example
 * ```ts
 * import { computationGraph, type TensorLike } from '@descent/viz';
 * const t: TensorLike = {
 *   shape: [2], dtype: 'float32', size: 2, requiresGrad: false, grad: null, gradFn: null,
 *   dataSync: () => new Float32Array([1, 2]),
 * };
 * const svg = computationGraph(t);
 * ```
 */
export interface TensorLike {
  /** Extent of each dimension; `[]` for a scalar. */
  readonly shape: readonly number[];
  /** Element type name, e.g. `'float32'`. */
  readonly dtype: string;
  /** Number of elements (the product of `shape`). */
  readonly size: number;
  /** Whether gradients flow to this tensor. */
  readonly requiresGrad: boolean;
  /** The accumulated gradient, once backward has run. */
  readonly grad: TensorLike | null;
  /** The op that produced this tensor; `null` for a leaf. */
  readonly gradFn: GraphNodeLike | null;
  /** A copy of the elements: flat, contiguous, row-major (core's explicit read-back). */
  dataSync(): ArrayLike<number>;
}

/**
 * Whether a value looks like a {@link TensorLike} (has `shape`, `size` and `dataSync`).
 *
 * @example
 * ```ts
 * import { isTensorLike } from '@descent/viz';
 * isTensorLike([1, 2, 3]); // false
 * ```
 */
export function isTensorLike(value: unknown): value is TensorLike {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<TensorLike>;
  return Array.isArray(v.shape) && typeof v.size === 'number' && typeof v.dataSync === 'function';
}
