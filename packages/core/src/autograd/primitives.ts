import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor.js';

/**
 * Every primitive op the engine can differentiate, with the attributes its gradient needs.
 * The gradient table in `gradients.ts` is typed by this map, so a primitive without a gradient
 * is a compile error, not a run-time surprise.
 */
export interface PrimitiveAttrs {
  neg: Params;
  exp: Params;
  expm1: Params;
  log: Params;
  log1p: Params;
  sqrt: Params;
  rsqrt: Params;
  reciprocal: Params;
  abs: Params;
  square: Params;
  sin: Params;
  cos: Params;
  sigmoid: Params;
  tanh: Params;
  relu: Params;
  leakyRelu: Params;
  softplus: Params;
  clamp: Params;
  sign: Params;
  floor: Params;
  ceil: Params;
  round: Params;
  add: None;
  sub: None;
  mul: None;
  div: None;
  pow: None;
  maximum: None;
  minimum: None;
  where: None;
  cast: { dtype: DType };
  sum: { dims: readonly number[]; keepDim: boolean };
  amax: { dims: readonly number[]; keepDim: boolean };
  amin: { dims: readonly number[]; keepDim: boolean };
  bmm: { transA: boolean; transB: boolean };
  /** `x · wᵀ (+ b)` of a 2-d x: one product and the bias added in place (`inputs` x, w[, b]). */
  linear: None;
  reshape: None;
  /** A strided read (permute, expand, slice, select…): out[i] = x[offset + Σ i_d·strides_d]. */
  strided: { offset: number; strides: readonly number[] };
  /** Its adjoint: scatters-adds the input into zeros of `shape` at the same strided positions. */
  unstrided: { offset: number; strides: readonly number[]; shape: readonly number[] };
  cat: { dim: number };
  indexSelect: { dim: number };
  indexAdd: { dim: number };
  gather: { dim: number };
  scatterAdd: { dim: number };
  /**
   * Training-mode batch normalization of an (N, C) or (N, C, L) input with optional weight and
   * bias (`inputs` are x, then weight, then bias, when given); `mean`/`invstd` are the batch
   * statistics its closed-form gradient reads.
   */
  batchNorm: {
    eps: number;
    hasWeight: boolean;
    hasBias: boolean;
    mean: Tensor;
    invstd: Tensor;
  };
  /** The p-norm of all elements (`vectorNorm`). */
  vectorNorm: { ord: number };
  /** An op defined by the user with {@link defineFunction}: it brings its own gradient. */
  custom: { backward: CustomBackward };
}

/** Parameters of parametrized elementwise ops (slope, beta/threshold, clamp bounds). */
export interface Params {
  p0: number;
  p1: number;
}

/** For primitives whose gradient needs nothing but the inputs and output. */
export type None = Record<string, never>;

/** The name of a primitive op: a key of {@link PrimitiveAttrs}. */
export type PrimitiveName = keyof PrimitiveAttrs;

/**
 * The gradient of one call of a user-defined op: given the output's gradient, one gradient per
 * input (null where none flows). {@link defineFunction} builds it from the definition's
 * `backward` and the call's context.
 */
export type CustomBackward = (gradOutput: Tensor) => readonly (Tensor | null)[];

/** What a gradient formula sees: the op's inputs, its output and its attributes. */
export interface GradContext<K extends PrimitiveName> {
  /** The op's inputs, in order. */
  inputs: readonly Tensor[];
  /** The op's output. */
  output: Tensor;
  /** The attributes recorded with the op. */
  attrs: PrimitiveAttrs[K];
}

/** Given the gradient of the output, the gradient of each input (null where none flows). */
export type GradFn<K extends PrimitiveName> = (
  g: Tensor,
  ctx: GradContext<K>,
) => readonly (Tensor | null)[];

/** One gradient formula per primitive: what the engine runs backward. */
export type GradientTable = { readonly [K in PrimitiveName]: GradFn<K> };

/**
 * What a primitive's gradient formula reads besides the incoming gradient: a number n means the
 * first n inputs (linear reads x and w, not the bias).
 */
export type SavedTensors = 'none' | 'inputs' | 'output' | 'both' | number;

/**
 * Which tensors each gradient formula reads: the engine checks their versions before running
 * it, so a saved tensor changed in place after the forward pass is an error, while changing one
 * the formula never reads (an input of `add`) is allowed, as in PyTorch.
 */
export const savedTensors: { readonly [K in PrimitiveName]: SavedTensors } = {
  neg: 'none',
  exp: 'output',
  expm1: 'output',
  log: 'inputs',
  log1p: 'inputs',
  sqrt: 'output',
  rsqrt: 'output',
  reciprocal: 'output',
  abs: 'inputs',
  square: 'inputs',
  sin: 'inputs',
  cos: 'inputs',
  sigmoid: 'output',
  tanh: 'output',
  relu: 'inputs',
  leakyRelu: 'inputs',
  softplus: 'inputs',
  clamp: 'inputs',
  sign: 'none',
  floor: 'none',
  ceil: 'none',
  round: 'none',
  add: 'none',
  sub: 'none',
  mul: 'inputs',
  div: 'both',
  pow: 'both',
  maximum: 'inputs',
  minimum: 'inputs',
  where: 'inputs',
  cast: 'none',
  sum: 'none',
  amax: 'both',
  amin: 'both',
  bmm: 'inputs',
  linear: 2,
  reshape: 'none',
  strided: 'none',
  unstrided: 'none',
  cat: 'none',
  indexSelect: 'inputs',
  indexAdd: 'inputs',
  gather: 'inputs',
  scatterAdd: 'inputs',
  batchNorm: 'inputs',
  vectorNorm: 'both',
  // The function's context checks the tensors it saved, when backward reads them.
  custom: 'none',
};

/** The sum of the versions of the tensors `saved` selects: it grows iff one of them changed. */
export function savedVersion(
  saved: SavedTensors,
  inputs: readonly Tensor[],
  output: Tensor,
): number {
  let sum = saved === 'output' || saved === 'both' ? output.version : 0;
  if (saved === 'inputs' || saved === 'both') for (const input of inputs) sum += input.version;
  else if (typeof saved === 'number')
    for (let i = 0; i < saved; i++) sum += (inputs[i] as Tensor).version;
  return sum;
}
