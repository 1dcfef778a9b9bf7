/**
 * Helpers shared by the optimizers (not part of the public API): state tensors, deep copies for
 * state dicts, and the checks of the functional optimizers.
 */
import { type DType, Tensor, ValueError } from '@descent/core';

/** Copies option values: arrays (betas, milestones) are copied, everything else is shared. */
export function copyValue<T>(value: T): T {
  return (Array.isArray(value) ? value.map((v) => copyValue(v)) : value) as T;
}

/** A tensor with new storage holding `t`'s values as `dtype` (no NaN check: state may hold NaN). */
export function cloneTensor(t: Tensor, dtype: DType = t.dtype): Tensor {
  const data = t.dtype === dtype ? t.data.slice() : castArray(t.data, dtype);
  return new Tensor(data, t.shape.slice(), dtype);
}

function castArray(data: ArrayLike<number>, dtype: DType) {
  switch (dtype) {
    case 'float32':
      return Float32Array.from(data);
    case 'float64':
      return Float64Array.from(data);
    case 'int32':
      return Int32Array.from(data);
    case 'bool':
      return Uint8Array.from(data, (v) => (v !== 0 ? 1 : 0));
  }
}

/**
 * A deep copy of one parameter's state. Given the parameter (when loading), tensors other than
 * `step` must have its shape and are cast to its dtype, as PyTorch's `load_state_dict` casts them.
 */
export function copyState<S extends object>(s: S, param: Tensor | null, index = ''): S {
  if (s === null || typeof s !== 'object') {
    throw new ValueError(`loaded state dict: the state of parameter ${index} is not an object`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(s)) {
    if (!(value instanceof Tensor)) {
      out[key] = copyValue(value);
    } else if (param === null || key === 'step') {
      out[key] = cloneTensor(value);
    } else {
      if (value.shape.join() !== param.shape.join()) {
        throw new ValueError(
          `loaded state dict: ${key} of parameter ${index} has shape [${value.shape.join(', ')}] but the parameter has shape [${param.shape.join(', ')}]`,
        );
      }
      out[key] = cloneTensor(value, param.dtype);
    }
  }
  return out as S;
}

/**
 * The number of elements a kernel call updates. The functional optimizers walk each parameter in
 * chunks of this size: a kernel called many times per step is optimized by V8 within the first
 * step as a whole function (with complete type feedback), instead of living on on-stack
 * replacement of its loop, which would leave its setup to the interpreter, and the interpreter
 * boxes every double it computes (an allocation per operation) for hundreds of steps.
 */
export const CHUNK = 1024;

/** Sets the length of a reused scratch list (no allocation once it has reached its size). */
export function setLength(list: unknown[], n: number): void {
  if (list.length !== n) list.length = n;
}

/**
 * Checks that a list given to a functional optimizer lines up with `params`: one entry per
 * parameter (an `optional` list may be shorter: its missing entries are null), each entry
 * (unless null, or `sameSize` is false) with as many elements as its parameter.
 */
export function checkList(
  fn: string,
  what: string,
  params: readonly Tensor[],
  list: readonly (Tensor | null | undefined)[],
  sameSize = true,
  optional = false,
): void {
  if (!optional && list.length < params.length) {
    throw new ValueError(
      `${fn}: got ${params.length} params but ${list.length} ${what}; pass one per parameter`,
    );
  }
  if (!sameSize) return;
  const n = Math.min(params.length, list.length);
  for (let i = 0; i < n; i++) {
    const t = list[i];
    const p = params[i] as Tensor;
    if (t != null && t.size !== p.size) {
      throw new ValueError(
        `${fn}: ${what}[${i}] has ${t.size} elements but params[${i}] has ${p.size}`,
      );
    }
  }
}

/** A 0-d float64 tensor holding 0: the `step` counter of Adagrad, RMSprop, Adam and AdamW. */
export function stepTensor(): Tensor {
  return new Tensor(new Float64Array(1), [], 'float64');
}

/** A new tensor of `param`'s shape and dtype filled with `value`. */
export function stateLike(param: Tensor, value = 0): Tensor {
  const data =
    param.dtype === 'float32' ? new Float32Array(param.size) : new Float64Array(param.size);
  if (value !== 0) data.fill(value);
  return new Tensor(data, param.shape.slice(), param.dtype);
}

/** The scratch lists of one parameter group, made on first use and reused by every step. */
export function scratch<G extends object, L>(cache: WeakMap<G, L>, group: G, make: () => L): L {
  let lists = cache.get(group);
  if (lists === undefined) {
    lists = make();
    cache.set(group, lists);
  }
  return lists;
}
