import { record } from '../autograd/record.js';
import { backend } from '../backend/registry.js';
import { checkDType, type DType, isFloating } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { emptyTensor } from './alloc.js';
import { checkTensor } from './scalar.js';

/**
 * Converts `x` to `dtype` (a copy). Differentiable between floating types; integer and bool
 * results carry no gradient. Returns `x` itself when nothing changes, unless `copy` is set.
 */
export function castTo(input: Tensor, dtypeName: DType, copy: boolean): Tensor {
  const x = checkTensor(copy ? 'clone' : 'to', input);
  const dtype = checkDType('to', dtypeName);
  if (dtype === x.dtype && !copy) return x;
  const b = backend();
  const out = emptyTensor(b, x.shape, dtype, x.size);
  b.cast(x.storage.on(b), out.storage.handle);
  if (!isFloating(dtype)) return out;
  return record('cast', out, [x], { dtype }, copy ? 'clone' : 'to');
}

/** `x` in `dtype`: itself when it already is, else a (recorded) conversion. */
export function inDType(x: Tensor, dtype: DType): Tensor {
  return x.dtype === dtype ? x : castTo(x, dtype, false);
}
