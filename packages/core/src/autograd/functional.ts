import { AutogradError } from '../errors.js';
import { castTo } from '../ops/cast.js';
import { zerosLike } from '../ops/create.js';
import { Tensor } from '../tensor.js';
import { grad as autogradGrad } from './engine.js';
import { enableGrad, isGradEnabled } from './grad-mode.js';

/** A function of tensors returning a one-element tensor (a loss). */
export type ScalarFunction = (...inputs: Tensor[]) => Tensor;

/**
 * The gradient of `f` with respect to every argument, as a function (JAX's `grad`):
 * `grad(f)(x, y)` returns `[df/dx, df/dy]`. Calls nest: inside an outer `grad` the inner
 * gradients stay differentiable, which gives Hessian-vector products.
 *
 * @example
 * ```ts
 * const f = (x: Tensor) => x.pow(3).sum();
 * const [dx] = grad(f)(tensor([2], { dtype: 'float64' })); // 3x² = 12
 * // Hessian-vector product: d/dx (∇f(x) · v)
 * const v = tensor([1], { dtype: 'float64' });
 * const [hv] = grad((x: Tensor) => grad(f)(x)[0]!.mul(v).sum())(tensor([2], { dtype: 'float64' })); // 6x = 12
 * ```
 */
export function grad(f: ScalarFunction): (...inputs: Tensor[]) => Tensor[] {
  return (...inputs) => valueAndGrad(f)(...inputs)[1];
}

/**
 * Like {@link grad}, but also returns the value: `[f(...xs), gradients]`.
 *
 * @example
 * ```ts
 * const [loss, [dw]] = valueAndGrad((w: Tensor) => w.square().sum())(tensor([3]));
 * loss.item(); // 9
 * dw.toArray(); // [6]
 * ```
 */
export function valueAndGrad(f: ScalarFunction): (...inputs: Tensor[]) => [Tensor, Tensor[]] {
  return (...inputs) => {
    inputs.forEach((x, i) => {
      if (!(x instanceof Tensor)) throw new AutogradError(`grad: argument ${i} is not a Tensor`);
    });
    // Nested inside another differentiation: keep the graph so outer gradients see through ours.
    const nested = isGradEnabled() && inputs.some((x) => x.requiresGrad);
    return enableGrad(() => {
      const tracked = inputs.map((x) =>
        x.requiresGrad ? castTo(x, x.dtype, true) : x.detach().requiresGrad_(true),
      );
      const value = f(...tracked);
      if (!(value instanceof Tensor) || value.size !== 1) {
        throw new AutogradError(
          `grad: the function must return a one-element tensor, got ${value instanceof Tensor ? `shape [${value.shape.join(',')}]` : typeof value}`,
        );
      }
      const grads = value.requiresGrad
        ? autogradGrad(value, tracked, { createGraph: nested, allowUnused: true })
        : tracked.map(() => null);
      const filled = grads.map((g, i) => g ?? zerosLike(tracked[i] as Tensor));
      return [nested ? value : value.detach(), filled];
    });
  };
}
