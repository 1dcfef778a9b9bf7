import type { Tensor } from '../tensor.js';
import { type GradOptions, grad } from './engine.js';

/**
 * PyTorch's `torch.autograd` namespace: `autograd.grad(outputs, inputs, options)` returns the
 * gradients instead of accumulating them into `.grad`.
 *
 * @example
 * ```ts
 * const x = tensor([2], { requiresGrad: true });
 * const [dx] = autograd.grad(x.square().sum(), [x]); // [4]
 * ```
 */
export const autograd: {
  /** The gradients of outputs with respect to inputs; see {@link GradOptions}. */
  readonly grad: (
    outputs: Tensor | readonly Tensor[],
    inputs: readonly Tensor[],
    options?: GradOptions,
  ) => (Tensor | null)[];
} = { grad };
