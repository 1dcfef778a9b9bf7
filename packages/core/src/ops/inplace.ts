import { isGradEnabled } from '../autograd/grad-mode.js';
import type { Backend, BinaryOp, DataHandle, UpdateOp } from '../backend/kernels.js';
import { backend } from '../backend/registry.js';
import { allocate, isFloating } from '../dtype.js';
import { AutogradError, DTypeError, ShapeError } from '../errors.js';
import { defaultGenerator, type Generator } from '../random/generator.js';
import {
  broadcastShapes,
  broadcastStrides,
  contiguousStrides,
  formatShape,
  shapesEqual,
} from '../shape.js';
import type { Tensor, TensorOrScalar } from '../tensor.js';
import { castTo, inDType } from './cast.js';
import { div, mul } from './elementwise.js';
import { asTensor } from './scalar.js';
import { expand } from './shape.js';

/** In-place ops would corrupt the graph's saved values, so they run only outside it. */
function checkInPlace(op: string, t: Tensor): void {
  if (t.requiresGrad && isGradEnabled()) {
    throw new AutogradError(
      `${op}: a tensor that requires grad is being used in an in-place operation; wrap the update in noGrad(() => …)`,
    );
  }
}

/**
 * In place, the result must fit the tensor's own dtype, as PyTorch requires: a float result
 * (a fractional scalar, a float operand, a division) cannot go into an int32 or bool tensor,
 * nor a number into a bool one. Silently truncating would be a wrong answer.
 */
function checkResultType(
  op: string,
  t: Tensor,
  operands: readonly (TensorOrScalar | null | undefined)[],
  floatingResult = false,
): void {
  if (isFloating(t.dtype)) return;
  let needs: string | null = floatingResult ? 'a floating-point result' : null;
  for (const o of operands) {
    if (needs !== null || o === null || o === undefined) continue;
    if (typeof o === 'number') {
      if (!Number.isInteger(o)) needs = `the fractional number ${o}`;
      else if (t.dtype === 'bool') needs = `the number ${o}`;
    } else if (isFloating(o.dtype) || (t.dtype === 'bool' && o.dtype !== 'bool')) {
      needs = `a ${o.dtype} operand`;
    }
  }
  if (needs !== null) {
    throw new DTypeError(
      `${op}: ${needs} cannot be stored in place in a ${t.dtype} tensor; convert it first, e.g. t.to('float32')`,
    );
  }
}

/** `other` as a tensor laid out exactly like `t` (broadcast if needed, never changing t's shape). */
function alignedTo(op: string, t: Tensor, other: TensorOrScalar): Tensor {
  const o = asTensor(op, other, t);
  if (shapesEqual(o.shape, t.shape)) return o;
  const shape = broadcastShapes(op, t.shape, o.shape);
  if (!shapesEqual(shape, t.shape)) {
    throw new ShapeError(
      `${op}: shape ${formatShape(o.shape)} does not broadcast to the tensor's shape ${formatShape(t.shape)}`,
    );
  }
  return expand(o, t.shape);
}

/**
 * An operand of an in-place op on `t`, in t's dtype and never sharing t's memory (the kernels'
 * aliasing rule): `t.add_(t)` reads a copy.
 */
function operandOf(t: Tensor, o: Tensor): Tensor {
  const converted = inDType(o, t.dtype);
  return converted.storage === t.storage ? castTo(converted, t.dtype, true) : converted;
}

export function fill_<T extends Tensor>(t: T, value: number, name = 'fill_'): T {
  checkInPlace(name, t);
  const b = backend();
  b.fill(t.storage.on(b), value);
  return t.bumpVersion();
}

export function copy_<T extends Tensor>(t: T, src: TensorOrScalar): T {
  checkInPlace('copy_', t);
  const o = alignedTo('copy_', t, src);
  if (o.storage !== t.storage && o.size > 0) {
    const b = backend();
    b.cast(o.storage.on(b), t.storage.on(b));
  }
  return t.bumpVersion();
}

/** The handle of an optional operand on backend `b`. */
function handleOn(b: Backend, x: Tensor | null): DataHandle | null {
  return x === null ? null : x.storage.on(b);
}

/** `t ← t + α·f(a, b)` by the update kernel; operands have t's size or one element. */
function updateInPlace<T extends Tensor>(
  t: T,
  op: UpdateOp,
  a: Tensor | null,
  second: Tensor | null,
  alpha: number,
): T {
  const b = backend();
  b.update(op, t.storage.on(b), handleOn(b, a), handleOn(b, second), alpha);
  return t.bumpVersion();
}

/** An operand of t's size, or of one element (which the update kernel broadcasts). */
function sizedFor(name: string, t: Tensor, other: Tensor): Tensor {
  return other.size === 1 && other.ndim <= t.ndim ? other : alignedTo(name, t, other);
}

export function add_<T extends Tensor>(
  t: T,
  other: TensorOrScalar,
  alpha: number,
  name = 'add_',
): T {
  checkInPlace(name, t);
  checkResultType(name, t, [other, alpha]);
  if (typeof other === 'number') return updateInPlace(t, 'addScalar', null, null, other * alpha);
  const o = operandOf(t, sizedFor(name, t, asTensor(name, other, t)));
  return updateInPlace(t, 'add', o, null, alpha);
}

export function binaryInPlace<T extends Tensor>(
  name: string,
  op: BinaryOp,
  t: T,
  other: TensorOrScalar,
): T {
  checkInPlace(name, t);
  checkResultType(name, t, [other], op === 'div');
  const o = operandOf(t, asTensor(name, other, t));
  const shape = broadcastShapes(name, t.shape, o.shape);
  if (!shapesEqual(shape, t.shape)) {
    throw new ShapeError(
      `${name}: shape ${formatShape(o.shape)} does not broadcast to the tensor's shape ${formatShape(t.shape)}`,
    );
  }
  const b = backend();
  const target = t.storage.on(b);
  b.binary(
    op,
    target,
    contiguousStrides(t.shape),
    o.storage.on(b),
    broadcastStrides(o.shape, t.shape),
    target,
    t.shape,
  );
  return t.bumpVersion();
}

/** Whether `x` can go to the update kernel for `t` as it is: t's shape, or one element. */
function fits(t: Tensor, x: Tensor): boolean {
  return shapesEqual(x.shape, t.shape) || (x.size === 1 && x.ndim <= t.ndim);
}

export function addcmul_<T extends Tensor>(t: T, t1: Tensor, t2: Tensor, value: number): T {
  checkInPlace('addcmul_', t);
  checkResultType('addcmul_', t, [t1, t2, value]);
  if (fits(t, t1) && fits(t, t2)) {
    return updateInPlace(t, 'addcmul', operandOf(t, t1), operandOf(t, t2), value);
  }
  return add_(t, mul(t1, t2), value, 'addcmul_');
}

export function addcdiv_<T extends Tensor>(t: T, t1: Tensor, t2: Tensor, value: number): T {
  checkInPlace('addcdiv_', t);
  checkResultType('addcdiv_', t, [t1, t2, value], true);
  if (fits(t, t1) && fits(t, t2)) {
    return updateInPlace(t, 'addcdiv', operandOf(t, t1), operandOf(t, t2), value);
  }
  return add_(t, div(t1, t2), value, 'addcdiv_');
}

export function clamp_<T extends Tensor>(t: T, min?: number | null, max?: number | null): T {
  checkInPlace('clamp_', t);
  checkResultType('clamp_', t, [min, max]);
  const b = backend();
  const target = t.storage.on(b);
  b.unary('clamp', target, target, min ?? -Infinity, max ?? Infinity);
  return t.bumpVersion();
}

/** Overwrites `t` with `count` values drawn by `draw` (made on the host, then written by the backend). */
function writeDrawn<T extends Tensor>(t: T, draw: () => number): T {
  const values = allocate(t.dtype, t.size);
  for (let i = 0; i < values.length; i++) values[i] = draw();
  const b = backend();
  b.write(t.storage.on(b), values);
  return t.bumpVersion();
}

export function uniform_<T extends Tensor>(
  t: T,
  low: number,
  high: number,
  generator?: Generator,
): T {
  checkInPlace('uniform_', t);
  checkResultType('uniform_', t, [], true);
  const g = generator ?? defaultGenerator;
  return writeDrawn(t, () => low + (high - low) * g.random());
}

export function normal_<T extends Tensor>(
  t: T,
  mean: number,
  std: number,
  generator?: Generator,
): T {
  checkInPlace('normal_', t);
  checkResultType('normal_', t, [], true);
  const g = generator ?? defaultGenerator;
  return writeDrawn(t, () => mean + std * g.normal());
}
