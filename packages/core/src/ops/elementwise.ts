import type { PrimitiveName } from '../autograd/primitives.js';
import { record } from '../autograd/record.js';
import type { BinaryOp, UnaryOp } from '../backend/kernels.js';
import { backend } from '../backend/registry.js';
import { type DType, floatingResult, isFloating, promoteTypes } from '../dtype.js';
import { DTypeError, ValueError } from '../errors.js';
import { broadcastShapes, broadcastStrides, shapesEqual, sizeOf } from '../shape.js';
import { Tensor, type TensorOrScalar } from '../tensor.js';
import { emptyTensor } from './alloc.js';
import { inDType } from './cast.js';
import { extreme } from './inspect.js';
import { asTensor, checkTensor } from './scalar.js';

type DTypeRule = 'promote' | 'floating' | 'bool';

/** No attributes: one shared object instead of a new `{}` per recorded op. */
const NONE = Object.freeze({}) as Record<string, never>;

/**
 * Applies a broadcasting binary kernel and records the primitive (comparisons record nothing).
 * Both operands are first converted to the dtype the op computes in (PyTorch's promotion).
 */
function binaryOp(
  op: BinaryOp,
  rule: DTypeRule,
  first: TensorOrScalar,
  second: TensorOrScalar,
): Tensor {
  if (!(first instanceof Tensor) && !(second instanceof Tensor)) {
    throw new ValueError(`${op}: expected at least one Tensor operand, got two numbers`);
  }
  let a = asTensor(op, first, second instanceof Tensor ? second : null);
  let b = asTensor(op, second, a);
  const promoted = promoteTypes(a.dtype, b.dtype);
  const compute = rule === 'floating' ? floatingResult(promoted) : promoted;
  a = inDType(a, compute);
  b = inDType(b, compute);
  const dtype: DType = rule === 'bool' ? 'bool' : compute;
  const same = a.shape === b.shape || shapesEqual(a.shape, b.shape);
  const shape = same ? a.shape : broadcastShapes(op, a.shape, b.shape);
  const kernels = backend();
  const out = emptyTensor(kernels, shape, dtype, sizeOf(shape));
  // Same shapes (most calls) share one strides array: one allocation instead of two.
  const aStrides = broadcastStrides(a.shape, shape);
  const bStrides = same ? aStrides : broadcastStrides(b.shape, shape);
  kernels.binary(
    op,
    a.storage.on(kernels),
    aStrides,
    b.storage.on(kernels),
    bStrides,
    out.storage.handle,
    shape,
  );
  if (rule === 'bool') return out;
  return record(op as PrimitiveName, out, [a, b], NONE as never);
}

type UnaryPrimitive = Extract<UnaryOp, PrimitiveName>;

/** Applies an elementwise kernel and records it as the primitive of the same name. */
function unaryOp(
  op: UnaryPrimitive,
  keepsIntegers: boolean,
  input: Tensor,
  p0 = 0,
  p1 = 0,
): Tensor {
  const x = checkTensor(op, input);
  if (x.dtype === 'bool' && op !== 'abs') {
    throw new DTypeError(`${op}: not defined for bool tensors; convert with .to('float32') first`);
  }
  const source = keepsIntegers ? x : inDType(x, floatingResult(x.dtype));
  const b = backend();
  const out = emptyTensor(b, source.shape, source.dtype, source.size);
  b.unary(op, source.storage.on(b), out.storage.handle, p0, p1);
  return record(op, out, [source], { p0, p1 });
}

/** Elementwise kernels that produce a bool mask and never record a gradient. */
function maskOp(op: UnaryOp, x: Tensor): Tensor {
  const b = backend();
  const out = emptyTensor(b, x.shape, 'bool', x.size);
  b.unary(op, x.storage.on(b), out.storage.handle, 0, 0);
  return out;
}

/**
 * `a + b` with broadcasting.
 *
 * @example
 * ```ts
 * add(tensor([1, 2]), 10).toArray(); // [11, 12]
 * ```
 */
export function add(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  return binaryOp('add', 'promote', a, b);
}

/**
 * `a - b` with broadcasting.
 *
 * @example
 * ```ts
 * sub(tensor([[1], [2]]), tensor([1, 2])).toArray(); // [[0, -1], [1, 0]]
 * ```
 */
export function sub(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  return binaryOp('sub', 'promote', a, b);
}

/**
 * `a * b` with broadcasting.
 *
 * @example
 * ```ts
 * mul(tensor([1, 2]), tensor([3, 4])).toArray(); // [3, 8]
 * ```
 */
export function mul(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  return binaryOp('mul', 'promote', a, b);
}

/**
 * True division `a / b` with broadcasting (integers give float32).
 *
 * @example
 * ```ts
 * div(tensor([1, 2]), 4).toArray(); // [0.25, 0.5]
 * ```
 */
export function div(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  return binaryOp('div', 'floating', a, b);
}

/**
 * `base ** exponent` with broadcasting; differentiable in both.
 *
 * @example
 * ```ts
 * pow(tensor([2, 3]), 2).toArray(); // [4, 9]
 * ```
 */
export function pow(base: TensorOrScalar, exponent: TensorOrScalar): Tensor {
  const integral = (v: TensorOrScalar): boolean =>
    v instanceof Tensor ? !isFloating(v.dtype) : Number.isInteger(v);
  if (
    integral(base) &&
    integral(exponent) &&
    (base instanceof Tensor || exponent instanceof Tensor)
  ) {
    // An integer result cannot hold 2 ** -1; PyTorch refuses rather than returning 0.
    const lowest =
      exponent instanceof Tensor ? (exponent.size > 0 ? extreme('min', exponent) : 0) : exponent;
    if (lowest < 0) {
      throw new ValueError(
        `pow: integers to negative integer powers are not allowed (exponent ${lowest}); convert the base to float first`,
      );
    }
  }
  return binaryOp('pow', 'promote', base, exponent);
}

/**
 * Elementwise maximum; at ties the gradient is split evenly, as in PyTorch.
 *
 * @example
 * ```ts
 * maximum(tensor([1, 5]), tensor([3, 2])).toArray(); // [3, 5]
 * ```
 */
export function maximum(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  return binaryOp('maximum', 'promote', a, b);
}

/**
 * Elementwise minimum; at ties the gradient is split evenly, as in PyTorch.
 *
 * @example
 * ```ts
 * minimum(tensor([1, 5]), tensor([3, 2])).toArray(); // [1, 2]
 * ```
 */
export function minimum(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  return binaryOp('minimum', 'promote', a, b);
}

/**
 * `a == b` as a bool tensor.
 *
 * @example
 * ```ts
 * eq(tensor([1, 2]), 2).toArray(); // [0, 1]
 * ```
 */
export function eq(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  return binaryOp('eq', 'bool', a, b);
}

/**
 * `a != b` as a bool tensor.
 *
 * @example
 * ```ts
 * ne(tensor([1, 2]), 2).toArray(); // [1, 0]
 * ```
 */
export function ne(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  return binaryOp('ne', 'bool', a, b);
}

/**
 * `a < b` as a bool tensor.
 *
 * @example
 * ```ts
 * lt(tensor([1, 2]), 2).toArray(); // [1, 0]
 * ```
 */
export function lt(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  return binaryOp('lt', 'bool', a, b);
}

/**
 * `a <= b` as a bool tensor.
 *
 * @example
 * ```ts
 * le(tensor([1, 2]), 1).toArray(); // [1, 0]
 * ```
 */
export function le(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  return binaryOp('le', 'bool', a, b);
}

/**
 * `a > b` as a bool tensor.
 *
 * @example
 * ```ts
 * gt(tensor([1, 2]), 1).toArray(); // [0, 1]
 * ```
 */
export function gt(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  return binaryOp('gt', 'bool', a, b);
}

/**
 * `a >= b` as a bool tensor.
 *
 * @example
 * ```ts
 * ge(tensor([1, 2]), 2).toArray(); // [0, 1]
 * ```
 */
export function ge(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  return binaryOp('ge', 'bool', a, b);
}

/**
 * Elementwise logical and (non-zero is true).
 *
 * @example
 * ```ts
 * logicalAnd(tensor([true, true]), tensor([true, false])).toArray(); // [1, 0]
 * ```
 */
export function logicalAnd(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  return binaryOp('logicalAnd', 'bool', a, b);
}

/**
 * Elementwise logical or (non-zero is true).
 *
 * @example
 * ```ts
 * logicalOr(tensor([false, true]), tensor([false, false])).toArray(); // [0, 1]
 * ```
 */
export function logicalOr(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  return binaryOp('logicalOr', 'bool', a, b);
}

/**
 * Elementwise logical not.
 *
 * @example
 * ```ts
 * logicalNot(tensor([true, false])).toArray(); // [0, 1]
 * ```
 */
export function logicalNot(x: Tensor): Tensor {
  return maskOp('logicalNot', checkTensor('logicalNot', x));
}

/**
 * Whether each element is finite (not NaN, not ±Infinity).
 *
 * @example
 * ```ts
 * isFinite(tensor([1, Infinity])).toArray(); // [1, 0]
 * ```
 */
// biome-ignore lint/suspicious/noShadowRestrictedNames: PyTorch's name (torch.isfinite), used as core.isFinite.
export function isFinite(x: Tensor): Tensor {
  return logicalNot(maskOp('isNonFinite', checkTensor('isFinite', x)));
}

/**
 * `-x`.
 *
 * @example
 * ```ts
 * neg(tensor([1, -2])).toArray(); // [-1, 2]
 * ```
 */
export function neg(x: Tensor): Tensor {
  return unaryOp('neg', true, x);
}

/**
 * `e^x`.
 *
 * @example
 * ```ts
 * exp(tensor([0])).item(); // 1
 * ```
 */
export function exp(x: Tensor): Tensor {
  return unaryOp('exp', false, x);
}

/**
 * `e^x - 1`, accurate near 0.
 *
 * @example
 * ```ts
 * expm1(tensor([1e-10])).item(); // 1e-10
 * ```
 */
export function expm1(x: Tensor): Tensor {
  return unaryOp('expm1', false, x);
}

/**
 * Natural logarithm.
 *
 * @example
 * ```ts
 * log(tensor([Math.E])).item(); // 1
 * ```
 */
export function log(x: Tensor): Tensor {
  return unaryOp('log', false, x);
}

/**
 * `log(1 + x)`, accurate near 0.
 *
 * @example
 * ```ts
 * log1p(tensor([0])).item(); // 0
 * ```
 */
export function log1p(x: Tensor): Tensor {
  return unaryOp('log1p', false, x);
}

/**
 * Square root.
 *
 * @example
 * ```ts
 * sqrt(tensor([9])).item(); // 3
 * ```
 */
export function sqrt(x: Tensor): Tensor {
  return unaryOp('sqrt', false, x);
}

/**
 * `1 / √x`.
 *
 * @example
 * ```ts
 * rsqrt(tensor([4])).item(); // 0.5
 * ```
 */
export function rsqrt(x: Tensor): Tensor {
  return unaryOp('rsqrt', false, x);
}

/**
 * `1 / x`.
 *
 * @example
 * ```ts
 * reciprocal(tensor([4])).item(); // 0.25
 * ```
 */
export function reciprocal(x: Tensor): Tensor {
  return unaryOp('reciprocal', false, x);
}

/**
 * Absolute value (gradient 0 at 0, as PyTorch).
 *
 * @example
 * ```ts
 * abs(tensor([-2, 3])).toArray(); // [2, 3]
 * ```
 */
export function abs(x: Tensor): Tensor {
  return unaryOp('abs', true, x);
}

/**
 * `x²`.
 *
 * @example
 * ```ts
 * square(tensor([3])).item(); // 9
 * ```
 */
export function square(x: Tensor): Tensor {
  return unaryOp('square', true, x);
}

/**
 * Sine.
 *
 * @example
 * ```ts
 * sin(tensor([0])).item(); // 0
 * ```
 */
export function sin(x: Tensor): Tensor {
  return unaryOp('sin', false, x);
}

/**
 * Cosine.
 *
 * @example
 * ```ts
 * cos(tensor([0])).item(); // 1
 * ```
 */
export function cos(x: Tensor): Tensor {
  return unaryOp('cos', false, x);
}

/**
 * The logistic function `1 / (1 + e^-x)`, computed without overflow for large |x|.
 *
 * @example
 * ```ts
 * sigmoid(tensor([0])).item(); // 0.5
 * ```
 */
export function sigmoid(x: Tensor): Tensor {
  return unaryOp('sigmoid', false, x);
}

/**
 * Hyperbolic tangent.
 *
 * @example
 * ```ts
 * tanh(tensor([0])).item(); // 0
 * ```
 */
export function tanh(x: Tensor): Tensor {
  return unaryOp('tanh', false, x);
}

/**
 * `max(x, 0)`; its gradient at exactly 0 is 0, as in PyTorch.
 *
 * @example
 * ```ts
 * relu(tensor([-1, 2])).toArray(); // [0, 2]
 * ```
 */
export function relu(x: Tensor): Tensor {
  return unaryOp('relu', true, x);
}

/**
 * `x` for positive values, `negativeSlope · x` otherwise (default slope 0.01, as PyTorch).
 *
 * @example
 * ```ts
 * leakyRelu(tensor([-10, 2]), 0.1).toArray(); // [-1, 2]
 * ```
 */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  checkFiniteNumber('leakyRelu', 'negativeSlope', negativeSlope);
  return unaryOp('leakyRelu', false, x, negativeSlope);
}

/**
 * Options of {@link softplus}.
 *
 * @example
 * ```ts
 * softplus(x, { beta: 2, threshold: 20 });
 * ```
 */
export interface SoftplusOptions {
  /** Sharpness; default 1. */
  beta?: number;
  /** Above `beta·x > threshold` the function is linear; default 20. */
  threshold?: number;
}

/**
 * `log(1 + e^(βx)) / β`, linear above the threshold, as PyTorch.
 *
 * @example
 * ```ts
 * softplus(tensor([0])).item(); // 0.6931…
 * ```
 */
export function softplus(x: Tensor, options: SoftplusOptions = {}): Tensor {
  const beta = options.beta ?? 1;
  const threshold = options.threshold ?? 20;
  checkFiniteNumber('softplus', 'beta', beta);
  if (beta === 0) throw new ValueError('softplus: beta must not be 0');
  checkFiniteNumber('softplus', 'threshold', threshold);
  return unaryOp('softplus', false, x, beta, threshold);
}

/**
 * Limits values to [min, max]; either bound may be null. The gradient passes where
 * `min <= x <= max`, as in PyTorch.
 *
 * @example
 * ```ts
 * clamp(tensor([-2, 0.5, 3]), 0, 1).toArray(); // [0, 0.5, 1]
 * ```
 */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  const low = min ?? -Infinity;
  const high = max ?? Infinity;
  if ((min === undefined || min === null) && (max === undefined || max === null)) {
    throw new ValueError('clamp: at least one of min or max must be given');
  }
  if (Number.isNaN(low) || Number.isNaN(high))
    throw new ValueError(`clamp: bounds must not be NaN, got min=${low}, max=${high}`);
  return unaryOp('clamp', true, x, low, high);
}

/**
 * -1, 0 or 1 by sign (gradient zero).
 *
 * @example
 * ```ts
 * sign(tensor([-3, 0, 2])).toArray(); // [-1, 0, 1]
 * ```
 */
export function sign(x: Tensor): Tensor {
  return unaryOp('sign', true, x);
}

/**
 * Rounds down (gradient zero).
 *
 * @example
 * ```ts
 * floor(tensor([1.7])).item(); // 1
 * ```
 */
export function floor(x: Tensor): Tensor {
  return unaryOp('floor', true, x);
}

/**
 * Rounds up (gradient zero).
 *
 * @example
 * ```ts
 * ceil(tensor([1.2])).item(); // 2
 * ```
 */
export function ceil(x: Tensor): Tensor {
  return unaryOp('ceil', true, x);
}

/**
 * Rounds to the nearest whole number, halves to even as PyTorch (gradient zero).
 *
 * @example
 * ```ts
 * round(tensor([0.5, 1.5])).toArray(); // [0, 2]
 * ```
 */
export function round(x: Tensor): Tensor {
  return unaryOp('round', true, x);
}

/**
 * Picks `a` where `condition` is true and `b` elsewhere, with broadcasting of all three.
 *
 * @example
 * ```ts
 * where(tensor([true, false]), tensor([1, 2]), 0).toArray(); // [1, 0]
 * ```
 */
export function where(condition: Tensor, a: TensorOrScalar, b: TensorOrScalar): Tensor {
  const cond = checkTensor('where', condition, 'condition');
  if (cond.dtype !== 'bool') {
    throw new DTypeError(
      `where: condition must be a bool tensor (e.g. x.gt(0)), got dtype ${cond.dtype}`,
    );
  }
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) {
    a = asTensor('where', a, null);
  }
  const first = asTensor('where', a, b instanceof Tensor ? b : null);
  const second = asTensor('where', b, first);
  const dtype = promoteTypes(first.dtype, second.dtype);
  const x = inDType(first, dtype);
  const y = inDType(second, dtype);
  const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, x.shape), y.shape);
  const k = backend();
  const out = emptyTensor(k, shape, dtype, sizeOf(shape));
  k.where(
    cond.storage.on(k),
    broadcastStrides(cond.shape, shape),
    x.storage.on(k),
    broadcastStrides(x.shape, shape),
    y.storage.on(k),
    broadcastStrides(y.shape, shape),
    out.storage.handle,
    shape,
  );
  return record('where', out, [cond, x, y], NONE);
}

function checkFiniteNumber(op: string, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValueError(`${op}: ${name} must be a finite number, got ${String(value)}`);
  }
}
