import { isGradEnabled } from '../autograd/grad-mode.js';
import { backend } from '../backend/active.js';
import type { BinaryOp } from '../backend/kernels.js';
import { isFloating } from '../dtype.js';
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

export function fill_<T extends Tensor>(t: T, value: number, name = 'fill_'): T {
  checkInPlace(name, t);
  t.data.fill(value);
  return t.bumpVersion();
}

export function copy_<T extends Tensor>(t: T, src: TensorOrScalar): T {
  checkInPlace('copy_', t);
  const o = alignedTo('copy_', t, src);
  if (o.dtype === t.dtype || o.size === 0) t.data.set(o.data);
  else backend().cast(o.data, t.data);
  return t.bumpVersion();
}

export function add_<T extends Tensor>(
  t: T,
  other: TensorOrScalar,
  alpha: number,
  name = 'add_',
): T {
  checkInPlace(name, t);
  checkResultType(name, t, [other, alpha]);
  if (typeof other === 'number') {
    const data = t.data;
    const step = other * alpha;
    for (let i = 0; i < data.length; i++) data[i] = (data[i] as number) + step;
    return t.bumpVersion();
  }
  const o = alignedTo(name, t, other);
  const data = t.data;
  const src = o.data;
  if (src.length === 1 && data.length !== 1) {
    const step = (src[0] as number) * alpha;
    for (let i = 0; i < data.length; i++) data[i] = (data[i] as number) + step;
  } else {
    for (let i = 0; i < data.length; i++)
      data[i] = (data[i] as number) + alpha * (src[i] as number);
  }
  return t.bumpVersion();
}

export function binaryInPlace<T extends Tensor>(
  name: string,
  op: BinaryOp,
  t: T,
  other: TensorOrScalar,
): T {
  checkInPlace(name, t);
  checkResultType(name, t, [other], op === 'div');
  const o = asTensor(name, other, t);
  const shape = broadcastShapes(name, t.shape, o.shape);
  if (!shapesEqual(shape, t.shape)) {
    throw new ShapeError(
      `${name}: shape ${formatShape(o.shape)} does not broadcast to the tensor's shape ${formatShape(t.shape)}`,
    );
  }
  backend().binary(
    op,
    t.data,
    contiguousStrides(t.shape),
    o.data,
    broadcastStrides(o.shape, t.shape),
    t.data,
    t.shape,
  );
  return t.bumpVersion();
}

export function addcmul_<T extends Tensor>(t: T, t1: Tensor, t2: Tensor, value: number): T {
  checkInPlace('addcmul_', t);
  checkResultType('addcmul_', t, [t1, t2, value]);
  if (shapesEqual(t1.shape, t.shape) && shapesEqual(t2.shape, t.shape)) {
    const data = t.data;
    const a = t1.data;
    const b = t2.data;
    for (let i = 0; i < data.length; i++)
      data[i] = (data[i] as number) + value * (a[i] as number) * (b[i] as number);
    return t.bumpVersion();
  }
  return add_(t, mul(t1, t2), value, 'addcmul_');
}

export function addcdiv_<T extends Tensor>(t: T, t1: Tensor, t2: Tensor, value: number): T {
  checkInPlace('addcdiv_', t);
  checkResultType('addcdiv_', t, [t1, t2, value], true);
  if (shapesEqual(t1.shape, t.shape) && shapesEqual(t2.shape, t.shape)) {
    const data = t.data;
    const a = t1.data;
    const b = t2.data;
    for (let i = 0; i < data.length; i++)
      data[i] = (data[i] as number) + (value * (a[i] as number)) / (b[i] as number);
    return t.bumpVersion();
  }
  return add_(t, div(t1, t2), value, 'addcdiv_');
}

export function clamp_<T extends Tensor>(t: T, min?: number | null, max?: number | null): T {
  checkInPlace('clamp_', t);
  checkResultType('clamp_', t, [min, max]);
  backend().unary('clamp', t.data, t.data, min ?? -Infinity, max ?? Infinity);
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
  const data = t.data;
  for (let i = 0; i < data.length; i++) data[i] = low + (high - low) * g.random();
  return t.bumpVersion();
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
  const data = t.data;
  for (let i = 0; i < data.length; i++) data[i] = mean + std * g.normal();
  return t.bumpVersion();
}
