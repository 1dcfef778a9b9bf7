/**
 * `@descent/optim`: gradient-based optimizers and learning-rate schedulers for `@descent/core`,
 * matching PyTorch's `torch.optim` step for step: {@link SGD} (momentum, dampening, Nesterov),
 * {@link Adagrad}, {@link RMSprop}, {@link Adam}, {@link AdamW}, each with a functional twin
 * ({@link sgd}, {@link adagrad}, …); schedulers from {@link StepLR} to {@link ReduceLROnPlateau}
 * and the lecture's {@link InverseSqrtLR}; and gradient clipping.
 *
 * @example
 * ```ts
 * import { tensor } from '@descent/core';
 * import { SGD } from '@descent/optim';
 *
 * const w = tensor([3, -1], { dtype: 'float64', requiresGrad: true });
 * const opt = new SGD([w], { lr: 0.1 });
 * for (let t = 0; t < 50; t++) {
 *   opt.zeroGrad();
 *   w.mul(w).sum().backward();
 *   opt.step();
 * }
 * ```
 *
 * @packageDocumentation
 */

export type { AdagradFunctionalOptions, AdagradOptions, AdagradState } from './adagrad.js';
export { Adagrad, adagrad } from './adagrad.js';
export type { AdamFunctionalOptions, AdamOptions, AdamState } from './adam.js';
export { Adam, AdamW, adam, adamw } from './adam.js';
export type { ClipGradNormOptions } from './clip.js';
export { clipGradNorm_, clipGradValue_ } from './clip.js';
export type {
  OptimizerDefaults,
  OptimizerOptions,
  OptimizerSpec,
  OptimizerStateDict,
  ParamGroup,
  ParamGroupInput,
  Params,
  SavedParamGroup,
  StateEntryKind,
  ZeroGradOptions,
} from './optimizer.js';
export { Optimizer } from './optimizer.js';
export type { RMSpropFunctionalOptions, RMSpropOptions, RMSpropState } from './rmsprop.js';
export { RMSprop, rmsprop } from './rmsprop.js';
export type {
  CosineAnnealingLROptions,
  FieldCheck,
  LRLambda,
  LRSchedulerOptions,
  LRSchedulerStateDict,
  MultiStepLROptions,
  ReduceLROnPlateauOptions,
  SchedulableOptimizer,
  StepLROptions,
} from './schedulers/index.js';
export {
  CosineAnnealingLR,
  ExponentialLR,
  InverseSqrtLR,
  inverseSqrt,
  LambdaLR,
  LRScheduler,
  MultiStepLR,
  ReduceLROnPlateau,
  StepLR,
} from './schedulers/index.js';
export type { SGDFunctionalOptions, SGDOptions, SGDState } from './sgd.js';
export { SGD, sgd } from './sgd.js';

/**
 * The npm name of this package. Useful for diagnostics and for checking which
 * copy of the package a bundle picked up.
 *
 * @example
 * ```ts
 * import { PACKAGE_NAME } from '@descent/optim';
 *
 * console.log(PACKAGE_NAME); // '@descent/optim'
 * ```
 */
export const PACKAGE_NAME = '@descent/optim' as const;
