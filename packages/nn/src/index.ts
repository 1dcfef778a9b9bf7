/**
 * `@descent/nn`: the layers a network is built from, with PyTorch's semantics and defaults
 * (names in camelCase): {@link Module} and its containers, {@link Linear}, activations,
 * {@link Dropout}, {@link BatchNorm1d} (backpropagating through the batch mean and standard
 * deviation), {@link LayerNorm}, losses, weight initialization ({@link init}), state dicts, and
 * safetensors files that move weights between descent and PyTorch.
 *
 * @example
 * ```ts
 * import { randint, randn } from '@descent/core';
 * import { BatchNorm1d, crossEntropy, Linear, Sequential, Sigmoid } from '@descent/nn';
 *
 * const model = new Sequential(new Linear(2, 16), new BatchNorm1d(16), new Sigmoid(), new Linear(16, 3));
 * const loss = crossEntropy(model.forward(randn([8, 2])), randint(0, 3, [8]));
 * loss.backward();
 * ```
 *
 * @packageDocumentation
 */
export { LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Softplus, Tanh } from './activation.js';
export {
  BatchNorm1d,
  type BatchNorm1dOptions,
  type BatchNormOptions,
  batchNorm,
} from './batchnorm.js';
export { ModuleDict, ModuleList, Sequential, type TensorModule } from './containers.js';
export { Dropout, type DropoutOptions, dropout } from './dropout.js';
export type { FanMode, InitOptions, KaimingOptions, Nonlinearity, XavierOptions } from './init.js';
export * as init from './init.js';
export {
  LayerNorm,
  type LayerNormModuleOptions,
  type LayerNormOptions,
  layerNorm,
} from './layernorm.js';
export { Linear, type LinearOptions } from './linear.js';
export * from './loss/index.js';
export {
  type BufferOptions,
  Module,
  type StateDictOptions,
  type ZeroGradOptions,
} from './module.js';
export { Parameter } from './parameter.js';
export { Flatten, Identity } from './reshape.js';
export * from './safetensors/index.js';
export type { LoadStateDictOptions, LoadStateDictResult, StateDict } from './state-dict.js';

/**
 * The npm name of this package. Useful for diagnostics and for checking which
 * copy of the package a bundle picked up.
 *
 * @example
 * ```ts
 * import { PACKAGE_NAME } from '@descent/nn';
 *
 * console.log(PACKAGE_NAME); // '@descent/nn'
 * ```
 */
export const PACKAGE_NAME = '@descent/nn' as const;
