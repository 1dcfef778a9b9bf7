import { record } from '../autograd/record.js';
import { backend } from '../backend/active.js';
import { allocate, checkDType, type DType, isFloating } from '../dtype.js';
import { Tensor } from '../tensor.js';
import { checkTensor } from './scalar.js';

/**
 * Converts `x` to `dtype` (a copy). Differentiable between floating types; integer and bool
 * results carry no gradient. Returns `x` itself when nothing changes, unless `copy` is set.
 */
export function castTo(input: Tensor, dtypeName: DType, copy: boolean): Tensor {
  const x = checkTensor(copy ? 'clone' : 'to', input);
  const dtype = checkDType('to', dtypeName);
  if (dtype === x.dtype && !copy) return x;
  const out = new Tensor(allocate(dtype, x.size), x.shape, dtype);
  backend().cast(x.data, out.data);
  if (!isFloating(dtype)) return out;
  return record('cast', out, [x], { dtype }, copy ? 'clone' : 'to');
}
