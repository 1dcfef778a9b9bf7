import { Tensor } from '@descent/core';
import { checkTensor } from './checks.js';

/**
 * A tensor that is a module's learnable weight. It is a {@link Tensor} (every op accepts it), a
 * leaf that requires grad by default, and a {@link Module} lists it in `parameters()` and its
 * state dict when it is stored in one of the module's fields.
 *
 * The parameter shares `data`'s storage (as PyTorch's `nn.Parameter(t)` does) but not its graph.
 *
 * @example
 * ```ts
 * import { randn } from '@descent/core';
 * import { Module, Parameter } from '@descent/nn';
 *
 * class Scale extends Module {
 *   factor = new Parameter(randn([3]));
 *   forward(x: Tensor): Tensor {
 *     return x.mul(this.factor);
 *   }
 * }
 * new Scale().parameters().length; // 1
 * ```
 */
export class Parameter extends Tensor {
  /**
   * Wraps `data` (storage shared, history dropped) as a parameter.
   *
   * @param data - The initial value; integer and bool tensors need `requiresGrad: false`.
   * @param requiresGrad - Whether gradients flow to it; default true.
   *
   * @example
   * ```ts
   * const w = new Parameter(zeros([4, 2]));
   * w.requiresGrad; // true
   * const frozen = new Parameter(ones([2]), false);
   * ```
   */
  constructor(data: Tensor, requiresGrad = true) {
    const source = checkTensor('Parameter', data, 'data');
    super(source.storage, source.shape.slice());
    if (requiresGrad) this.requiresGrad_(true);
  }

  /**
   * The parameter printed as PyTorch prints it: `Parameter containing:` then the tensor.
   *
   * @example
   * ```ts
   * String(new Parameter(tensor([1, 2])));
   * // 'Parameter containing:\ntensor([1., 2.], requiresGrad=true)'
   * ```
   */
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}
