/**
 * The base class of every error descent throws on purpose. Its message names the op, what was
 * given and what was expected.
 *
 * @example
 * ```ts
 * try { matmul(zeros([2, 3]), zeros([4, 5])); } catch (e) { e instanceof DescentError; } // true
 * ```
 */
export class DescentError extends Error {
  override name = 'DescentError';
}

/**
 * Shapes that do not fit the op: `matmul: shapes [2,3] and [4,5] cannot be multiplied (3 != 4)`.
 *
 * @example
 * ```ts
 * add(zeros([2]), zeros([3])); // throws ShapeError
 * ```
 */
export class ShapeError extends DescentError {
  override name = 'ShapeError';
}

/**
 * A dtype the op does not accept, e.g. `requiresGrad` on an int32 tensor.
 *
 * @example
 * ```ts
 * tensor([1], { dtype: 'int32', requiresGrad: true }); // throws DTypeError
 * ```
 */
export class DTypeError extends DescentError {
  override name = 'DTypeError';
}

/**
 * An argument with a wrong value: a NaN in `tensor()` input, a negative size, a bad option.
 *
 * @example
 * ```ts
 * tensor([1, NaN]); // throws ValueError
 * ```
 */
export class ValueError extends DescentError {
  override name = 'ValueError';
}

/**
 * An index or dimension out of range.
 *
 * @example
 * ```ts
 * sum(zeros([2, 3]), 2); // throws IndexError: dim 2 out of range for a 2-d tensor
 * ```
 */
export class IndexError extends DescentError {
  override name = 'IndexError';
}

/**
 * Misuse of the autograd engine: a second backward through a freed graph, `backward()` on a
 * non-scalar without a gradient, an in-place change to a tensor that requires grad.
 *
 * @example
 * ```ts
 * const y = tensor([1, 2], { requiresGrad: true }).mul(2);
 * y.backward(); // throws AutogradError: grad can be implicitly created only for scalar outputs
 * ```
 */
export class AutogradError extends DescentError {
  override name = 'AutogradError';
}

/**
 * Raised in anomaly mode by the first op whose forward or backward produced NaN or Infinity.
 *
 * @example
 * ```ts
 * detectAnomaly(() => tensor([0], { requiresGrad: true }).log().sum().backward()); // AnomalyError
 * ```
 */
export class AnomalyError extends DescentError {
  override name = 'AnomalyError';
}

/**
 * Raised by {@link gradcheck} when analytic and numerical gradients disagree.
 *
 * @example
 * ```ts
 * gradcheck((x) => x.detach().mul(x), [tensor([1], { dtype: 'float64', requiresGrad: true })]);
 * ```
 */
export class GradcheckError extends DescentError {
  override name = 'GradcheckError';
}
