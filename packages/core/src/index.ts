/**
 * `@descent/core`: n-d tensors with NumPy broadcasting and reverse-mode automatic
 * differentiation on a dynamic graph, with PyTorch's names (in camelCase) and semantics.
 *
 * @example
 * ```ts
 * import { tensor } from '@descent/core';
 * const w = tensor([1, -2], { requiresGrad: true });
 * const loss = w.mul(w).sum();
 * loss.backward();
 * w.grad?.toArray(); // [2, -4]
 * ```
 *
 * @packageDocumentation
 */

// First: attaches the ops as Tensor methods and registers the gradient table.
import './install.js';

export { detectAnomaly, isAnomalyEnabled } from './autograd/anomaly-mode.js';
export type { FunctionContext, FunctionDefinition } from './autograd/custom.js';
export { defineFunction } from './autograd/custom.js';
export type { BackwardOptions, GradOptions } from './autograd/engine.js';
export type { ScalarFunction } from './autograd/functional.js';
export { grad, valueAndGrad } from './autograd/functional.js';
export { enableGrad, isGradEnabled, noGrad, setGradEnabled } from './autograd/grad-mode.js';
export { autograd } from './autograd/namespace.js';
export { Node } from './autograd/node.js';
export type {
  CustomBackward,
  None,
  Params,
  PrimitiveAttrs,
  PrimitiveName,
} from './autograd/primitives.js';
export type { CheckedHandle } from './backend/checked.js';
export { checkedBackend } from './backend/checked.js';
export { cpuBackend } from './backend/cpu/index.js';
export type {
  AdagradStepOptions,
  AdamStepOptions,
  Backend,
  BinaryOp,
  DataHandle,
  Kernels,
  ReduceOp,
  RmspropStepOptions,
  SgdStepOptions,
  UnaryOp,
  UpdateOp,
} from './backend/kernels.js';
export { backend, listBackends, registerBackend, setBackend } from './backend/registry.js';
export type { DType, DTypeArrays, FloatDType, TypedArray } from './dtype.js';
export { promoteTypes } from './dtype.js';
export {
  AnomalyError,
  AutogradError,
  DescentError,
  DTypeError,
  GradcheckError,
  IndexError,
  ShapeError,
  ValueError,
} from './errors.js';
export type { TensorMethods } from './methods.js';
export { nativeBatchNorm } from './ops/batchnorm.js';
export type {
  CreateOptions,
  NestedInput,
  RandomOptions,
  ShapeInput,
  TensorOptions,
} from './ops/create.js';
export {
  arange,
  eye,
  full,
  fullLike,
  linspace,
  ones,
  onesLike,
  rand,
  randint,
  randLike,
  randn,
  randnLike,
  randperm,
  tensor,
  zeros,
  zerosLike,
} from './ops/create.js';
export type { SoftplusOptions } from './ops/elementwise.js';
export {
  abs,
  add,
  ceil,
  clamp,
  cos,
  div,
  eq,
  exp,
  expm1,
  floor,
  ge,
  gt,
  isFinite,
  le,
  leakyRelu,
  log,
  log1p,
  logicalAnd,
  logicalNot,
  logicalOr,
  lt,
  maximum,
  minimum,
  mul,
  ne,
  neg,
  pow,
  reciprocal,
  relu,
  round,
  rsqrt,
  sigmoid,
  sign,
  sin,
  softplus,
  sqrt,
  square,
  sub,
  tanh,
  where,
} from './ops/elementwise.js';
export {
  gather,
  indexAdd,
  indexSelect,
  maskedFill,
  maskedSelect,
  scatterAdd,
} from './ops/indexing.js';
export { dot, linear, matmul, outer } from './ops/linalg.js';
export { vectorNorm } from './ops/norm.js';
export { fusedAdagrad_, fusedAdam_, fusedRmsprop_, fusedSgd_ } from './ops/optimizer-steps.js';
export type { Dims, ValuesIndices, VarOptions } from './ops/reduce.js';
export {
  amax,
  amin,
  argmax,
  argmin,
  logSoftmax,
  logSumExp,
  max,
  mean,
  min,
  softmax,
  std,
  sum,
  var_,
  var_ as var,
} from './ops/reduce.js';
export {
  broadcastTo,
  cat,
  chunk,
  expand,
  flatten,
  permute,
  reshape,
  split,
  squeeze,
  stack,
  t,
  transpose,
  unsqueeze,
  view,
} from './ops/shape.js';
export type { SliceSpec } from './ops/slice.js';
export { narrow, select, slice } from './ops/slice.js';
export { defaultGenerator, Generator, manualSeed } from './random/generator.js';
export type { Shape } from './shape.js';
export { Storage } from './storage.js';
export type { NestedArray, TensorOrScalar } from './tensor.js';
export { Tensor } from './tensor.js';
export type { CheckedFunction, GradcheckOptions } from './testing/gradcheck.js';
export { gradcheck, gradgradcheck } from './testing/gradcheck.js';
