import type {
  AdagradStepOptions,
  AdamStepOptions,
  RmspropStepOptions,
  SgdStepOptions,
} from '../backend/kernels.js';
import { backend } from '../backend/registry.js';
import { isFloating } from '../dtype.js';
import { DTypeError, ValueError } from '../errors.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';

/**
 * Checks that a state tensor lines up with its parameter: same element count and dtype (the
 * kernels' rule). Builds no string unless it fails: this runs for every parameter every step.
 */
function checkState(op: string, what: string, param: Tensor, t: Tensor | null): void {
  if (t === null) return;
  if (t.size !== param.size) {
    throw new ValueError(
      `${op}: ${what} has shape ${formatShape(t.shape)} but the parameter has ${formatShape(param.shape)}`,
    );
  }
  if (t.dtype !== param.dtype) {
    throw new DTypeError(
      `${op}: ${what} has dtype ${t.dtype} but the parameter has ${param.dtype}`,
    );
  }
}

function checkParam(op: string, param: Tensor, grad: Tensor): void {
  if (!isFloating(param.dtype)) {
    throw new DTypeError(`${op}: parameters must be floating point, got ${param.dtype}`);
  }
  checkState(op, 'the gradient', param, grad);
}

/**
 * One SGD step of a parameter as a single kernel pass (PyTorch's `_fused_sgd_`), in place and
 * outside the graph. It computes exactly what these tensor ops compute, rounding where they
 * store, so the two agree bit for bit (`@descent/optim` tests it):
 *
 * ```ts
 * let d = maximize ? grad.neg() : grad;
 * if (weightDecay !== 0) d = d.add(param.mul(weightDecay));
 * if (momentum !== 0) {
 *   if (first) buf.copy_(d); else buf.mul_(momentum).add_(d, 1 - dampening);
 *   d = nesterov ? d.add(buf.mul(momentum)) : buf;
 * }
 * param.add_(d, -lr);
 * ```
 *
 * @example
 * ```ts
 * fusedSgd_(w, w.grad!, null, false, {
 *   lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false,
 * });
 * ```
 */
export function fusedSgd_(
  param: Tensor,
  grad: Tensor,
  momentumBuffer: Tensor | null,
  first: boolean,
  options: SgdStepOptions,
): void {
  checkParam('fusedSgd_', param, grad);
  checkState('fusedSgd_', 'momentumBuffer', param, momentumBuffer);
  const b = backend();
  const buf = momentumBuffer === null ? null : momentumBuffer.storage.on(b);
  b.sgdStep(param.storage.on(b), grad.storage.on(b), buf, first, options);
  param.bumpVersion();
  momentumBuffer?.bumpVersion();
}

/**
 * One Adagrad step of a parameter and its sum of squared gradients at step `step` (counted from
 * 1) as one kernel pass, in place, equal bit for bit to:
 *
 * ```ts
 * let d = maximize ? grad.neg() : grad;
 * if (weightDecay !== 0) d = d.add(param.mul(weightDecay));
 * sum.addcmul_(d, d, 1);
 * param.addcdiv_(d, sum.sqrt().add(eps), -lr / (1 + (step - 1) * lrDecay));
 * ```
 *
 * @example
 * ```ts
 * fusedAdagrad_(w, w.grad!, sum, 1, { lr: 0.1, lrDecay: 0, weightDecay: 0, eps: 1e-10, maximize: false });
 * ```
 */
export function fusedAdagrad_(
  param: Tensor,
  grad: Tensor,
  sum: Tensor,
  step: number,
  options: AdagradStepOptions,
): void {
  checkParam('fusedAdagrad_', param, grad);
  checkState('fusedAdagrad_', 'sum', param, sum);
  const b = backend();
  b.adagradStep(param.storage.on(b), grad.storage.on(b), sum.storage.on(b), step, options);
  param.bumpVersion();
  sum.bumpVersion();
}

/**
 * One RMSprop step as one kernel pass, in place (`gradAvg` when centered, `momentumBuffer` with
 * momentum > 0), equal bit for bit to:
 *
 * ```ts
 * let d = maximize ? grad.neg() : grad;
 * if (weightDecay !== 0) d = d.add(param.mul(weightDecay));
 * squareAvg.mul_(alpha).addcmul_(d, d, 1 - alpha);
 * let avg;
 * if (centered) {
 *   gradAvg.mul_(alpha).add_(d, 1 - alpha);
 *   avg = squareAvg.sub(gradAvg.square()).sqrt();
 * } else avg = squareAvg.sqrt();
 * avg = avg.add(eps);
 * if (momentum > 0) {
 *   buf.mul_(momentum).addcdiv_(d, avg, 1);
 *   param.add_(buf, -lr);
 * } else param.addcdiv_(d, avg, -lr);
 * ```
 *
 * @example
 * ```ts
 * fusedRmsprop_(w, w.grad!, squareAvg, null, null, {
 *   lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false,
 * });
 * ```
 */
export function fusedRmsprop_(
  param: Tensor,
  grad: Tensor,
  squareAvg: Tensor,
  gradAvg: Tensor | null,
  momentumBuffer: Tensor | null,
  options: RmspropStepOptions,
): void {
  const op = 'fusedRmsprop_';
  checkParam(op, param, grad);
  checkState(op, 'squareAvg', param, squareAvg);
  checkState(op, 'gradAvg', param, gradAvg);
  checkState(op, 'momentumBuffer', param, momentumBuffer);
  if (options.centered && gradAvg === null) {
    throw new ValueError(`${op}: centered needs gradAvg`);
  }
  if (options.momentum > 0 && momentumBuffer === null) {
    throw new ValueError(`${op}: momentum > 0 needs momentumBuffer`);
  }
  const b = backend();
  b.rmspropStep(
    param.storage.on(b),
    grad.storage.on(b),
    squareAvg.storage.on(b),
    gradAvg === null ? null : gradAvg.storage.on(b),
    momentumBuffer === null ? null : momentumBuffer.storage.on(b),
    options,
  );
  param.bumpVersion();
  squareAvg.bumpVersion();
  gradAvg?.bumpVersion();
  momentumBuffer?.bumpVersion();
}

/**
 * One Adam step (AdamW's with `decoupled`) at step `step` (counted from 1) as one kernel pass
 * (PyTorch's `_fused_adam_`), in place; `maxExpAvgSq` with amsgrad. Equal bit for bit to:
 *
 * ```ts
 * let d = maximize ? grad.neg() : grad;
 * if (decoupled) param.mul_(1 - lr * weightDecay);
 * else if (weightDecay !== 0) d = d.add(param.mul(weightDecay));
 * expAvg.mul_(beta1).add_(d, 1 - beta1);
 * expAvgSq.mul_(beta2).addcmul_(d, d, 1 - beta2);
 * if (amsgrad) maxExpAvgSq.copy_(maximum(maxExpAvgSq, expAvgSq));
 * const second = amsgrad ? maxExpAvgSq : expAvgSq;
 * const denom = second.sqrt().div(Math.sqrt(1 - beta2 ** step)).add(eps);
 * param.addcdiv_(expAvg, denom, -lr / (1 - beta1 ** step));
 * ```
 *
 * @example
 * ```ts
 * fusedAdam_(w, w.grad!, m, v, null, 1, false, {
 *   lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false,
 * });
 * ```
 */
export function fusedAdam_(
  param: Tensor,
  grad: Tensor,
  expAvg: Tensor,
  expAvgSq: Tensor,
  maxExpAvgSq: Tensor | null,
  step: number,
  decoupled: boolean,
  options: AdamStepOptions,
): void {
  const op = 'fusedAdam_';
  checkParam(op, param, grad);
  checkState(op, 'expAvg', param, expAvg);
  checkState(op, 'expAvgSq', param, expAvgSq);
  checkState(op, 'maxExpAvgSq', param, maxExpAvgSq);
  if (options.amsgrad && maxExpAvgSq === null) {
    throw new ValueError(`${op}: amsgrad needs maxExpAvgSq`);
  }
  const b = backend();
  b.adamStep(
    param.storage.on(b),
    grad.storage.on(b),
    expAvg.storage.on(b),
    expAvgSq.storage.on(b),
    maxExpAvgSq === null ? null : maxExpAvgSq.storage.on(b),
    step,
    decoupled,
    options,
  );
  param.bumpVersion();
  expAvg.bumpVersion();
  expAvgSq.bumpVersion();
  maxExpAvgSq?.bumpVersion();
}
