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
 * The gradient of a user-defined op: given the output's gradient, the op's output and its
 * inputs (as separate arguments, in order), one gradient per input (null where none flows).
 * Written with public ops it is itself differentiable, so `createGraph` works through it.
 */
export type CustomBackward = (
  gradOutput: Tensor,
  output: Tensor,
  ...inputs: Tensor[]
) => readonly (Tensor | null)[];
