/**
 * `@descent/onnx`: hands descent models over to the engines built for what comes after
 * training on one machine. {@link exportOnnx} writes an ONNX file (opset 17) for ONNX Runtime
 * and other ONNX engines; {@link toPyTorch} writes the source of the same model as a
 * `torch.nn.Module` whose `state_dict()` keys are descent's, so weights saved with
 * `@descent/nn/node` load into it strictly and training goes on in PyTorch (on many GPUs with
 * `DistributedDataParallel`).
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { randn } from '@descent/core';
 * import { Linear, ReLU, Sequential } from '@descent/nn';
 * import { saveSafetensorsFile } from '@descent/nn/node';
 * import { exportOnnx, toPyTorch } from '@descent/onnx';
 *
 * const model = new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3));
 * await writeFile('model.onnx', exportOnnx(model, randn([1, 4])));
 * await writeFile('model.py', toPyTorch(model));
 * await saveSafetensorsFile('model.safetensors', model.stateDict());
 * ```
 *
 * @packageDocumentation
 */
export { UnsupportedModuleError } from './errors.js';
export {
  type ExportOnnxOptions,
  exportOnnx,
  ONNX_IR_VERSION,
  ONNX_OPSET_VERSION,
} from './export-onnx.js';
export { type ToPyTorchOptions, toPyTorch } from './pytorch/to-pytorch.js';

/**
 * The npm name of this package.
 *
 * @example
 * ```ts
 * import { PACKAGE_NAME } from '@descent/onnx';
 *
 * console.log(PACKAGE_NAME); // '@descent/onnx'
 * ```
 */
export const PACKAGE_NAME = '@descent/onnx' as const;
