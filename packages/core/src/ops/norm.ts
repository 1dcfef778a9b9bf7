import { record } from '../autograd/record.js';
import { backend } from '../backend/registry.js';
import { floatingResult } from '../dtype.js';
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { emptyTensor } from './alloc.js';
import { inDType } from './cast.js';
import { checkTensor } from './scalar.js';

/**
 * The p-norm of all elements as a 0-d tensor, PyTorch's `torch.linalg.vector_norm(x, ord)`:
 * `(Σ|x|ᵖ)^(1/p)` for `ord` > 0, the largest magnitude for `Infinity`. Accumulates in float64;
 * differentiable (at a zero norm the gradient is 0, as PyTorch's).
 *
 * @example
 * ```ts
 * vectorNorm(tensor([3, -4])).item(); // 5
 * vectorNorm(tensor([3, -4]), 1).item(); // 7
 * vectorNorm(tensor([3, -4]), Infinity).item(); // 4
 * ```
 */
export function vectorNorm(input: Tensor, ord = 2): Tensor {
  const x0 = checkTensor('vectorNorm', input);
  if (typeof ord !== 'number' || !(ord > 0)) {
    throw new ValueError(`vectorNorm: ord must be a number > 0 or Infinity, got ${String(ord)}`);
  }
  const x = inDType(x0, floatingResult(x0.dtype));
  const b = backend();
  const out = emptyTensor(b, [], x.dtype, 1);
  b.vectorNorm(x.storage.on(b), ord, out.storage.handle);
  return record('vectorNorm', out, [x], { ord });
}
