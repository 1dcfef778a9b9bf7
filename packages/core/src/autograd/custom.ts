import { AutogradError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { noGrad } from './grad-mode.js';
import type { CustomBackward } from './primitives.js';
import { record } from './record.js';

/**
 * How to build a differentiable op of your own (PyTorch's `torch.autograd.Function`).
 *
 * @example
 * ```ts
 * const cube: FunctionDefinition = {
 *   name: 'cube',
 *   forward: (x) => x.mul(x).mul(x),
 *   backward: (g, _output, x) => [g.mul(x.square()).mul(3)],
 * };
 * ```
 */
export interface FunctionDefinition {
  /** The name the graph, errors and anomaly reports show. */
  name: string;
  /** Computes the output; runs without recording, so it may use any ops or raw loops. */
  forward: (...inputs: Tensor[]) => Tensor;
  /**
   * One gradient per input, given the output's gradient, the output and the inputs. Write it
   * with public ops if the op must support second derivatives (`createGraph`).
   */
  backward: CustomBackward;
}

/**
 * Turns a forward computation and its hand-written gradient into one op of the graph: a fused
 * kernel, a numerically careful formula, or a straight-through estimator. Check the gradient
 * with {@link gradcheck}.
 *
 * @example
 * ```ts
 * const cube = defineFunction({
 *   name: 'cube',
 *   forward: (x) => x.mul(x).mul(x),
 *   backward: (g, _output, x) => [g.mul(x.square()).mul(3)],
 * });
 * const x = tensor([2], { requiresGrad: true });
 * cube(x).backward();
 * x.grad?.item(); // 12
 * ```
 */
export function defineFunction(definition: FunctionDefinition): (...inputs: Tensor[]) => Tensor {
  const { name, forward, backward } = definition;
  if (typeof name !== 'string' || typeof forward !== 'function' || typeof backward !== 'function') {
    throw new AutogradError(
      'defineFunction: expected { name: string, forward: function, backward: function }',
    );
  }
  const checkedBackward: CustomBackward = (g, output, ...inputs) => {
    const grads = backward(g, output, ...inputs);
    if (!Array.isArray(grads) || grads.length !== inputs.length) {
      throw new AutogradError(
        `backward of '${name}': returned ${Array.isArray(grads) ? grads.length : typeof grads} gradients for ${inputs.length} inputs; return one per input (null where none flows)`,
      );
    }
    return grads;
  };
  return (...inputs) => {
    inputs.forEach((input, i) => {
      if (!(input instanceof Tensor)) {
        throw new AutogradError(`${name}: input ${i} is not a Tensor`);
      }
    });
    const result = noGrad(() => forward(...inputs));
    if (!(result instanceof Tensor)) {
      throw new AutogradError(`${name}: forward must return a Tensor, got ${typeof result}`);
    }
    // A fresh tensor object, so recording never attaches a gradFn to one of the inputs.
    const output = result._view(result.shape);
    return record('custom', output, inputs, { backward: checkedBackward }, name);
  };
}
