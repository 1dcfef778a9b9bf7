import { DescentError, DTypeError, noGrad, ShapeError, Tensor, ValueError } from '@descent/core';
import type { Module } from '@descent/nn';
import { checkModel, checkName, checkOptions, describe } from './checks.js';
import { UnsupportedModuleError } from './errors.js';
import { flattenLayers, type Layer, moduleLabel, readModel } from './model-tree.js';
import { emitLayer } from './onnx/emit-layer.js';
import { encodeModel } from './onnx/encode.js';
import { GraphBuilder } from './onnx/graph-builder.js';
import { DataType, type DimMessage, type ValueInfoMessage } from './onnx/messages.js';

/**
 * The ONNX operator set version the exported models import (the default domain only).
 * LayerNormalization needs 17; ONNX Runtime 1.30 runs it.
 *
 * @example
 * ```ts
 * console.log(ONNX_OPSET_VERSION); // 17
 * ```
 */
export const ONNX_OPSET_VERSION = 17;

/**
 * The ONNX IR version the exported models declare (ONNX 1.12, the release of opset 17).
 *
 * @example
 * ```ts
 * console.log(ONNX_IR_VERSION); // 8
 * ```
 */
export const ONNX_IR_VERSION = 8;

/**
 * Options of {@link exportOnnx}.
 *
 * @example
 * ```ts
 * exportOnnx(model, randn([1, 4]), { inputName: 'features', outputName: 'logits' });
 * ```
 */
export interface ExportOnnxOptions {
  /** Name of the graph input; default `'input'`. */
  inputName?: string;
  /** Name of the graph output; default `'output'`. */
  outputName?: string;
  /**
   * Make dim 0 a symbolic `batch` dim, so the model runs on any batch size (default true);
   * false fixes every dim to the sample input's.
   */
  dynamicBatch?: boolean;
  /** Name of the ONNX graph; default `'descent'`. */
  graphName?: string;
}

const OPTION_NAMES = ['inputName', 'outputName', 'dynamicBatch', 'graphName'] as const;
const BATCH_DIM = 'batch';

/** Runs `fn` with every module in evaluation mode, then restores each module's own mode. */
function inEvalMode<T>(model: Module, fn: () => T): T {
  const modes = model.modules().map((m) => [m, m.training] as const);
  try {
    model.eval();
    return fn();
  } finally {
    // Parents come before their children, so each module ends with its own flag.
    for (const [m, training] of modes) m.train(training);
  }
}

/** Why a layer reading `shape` would compute over dim 0, or null when it does not. */
function readsBatchDim(layer: Layer, shape: readonly number[]): string | null {
  const rank = shape.length;
  switch (layer.kind) {
    case 'linear':
      return rank === 1 ? 'multiplies dim 0 of its 1-d input' : null;
    case 'layerNorm':
      return layer.module.normalizedShape.length >= rank ? 'normalizes over dim 0' : null;
    case 'flatten': {
      const start =
        layer.module.startDim < 0 ? layer.module.startDim + rank : layer.module.startDim;
      const end = layer.module.endDim < 0 ? layer.module.endDim + rank : layer.module.endDim;
      return start === 0 && end > 0 ? 'merges dim 0 into other dims' : null;
    }
    default:
      return null;
  }
}

/** Runs the sample through the layers (evaluation mode) and returns each layer's input shape. */
function traceShapes(
  where: string,
  model: Module,
  layers: { path: string; layer: Layer }[],
  sample: Tensor,
  dynamicBatch: boolean,
): { inShapes: number[][]; outShape: number[] } {
  return inEvalMode(model, () =>
    noGrad(() => {
      const inShapes: number[][] = [];
      let x = sample;
      for (const { path, layer } of layers) {
        const label = moduleLabel(path, layer.module);
        const batchUse = dynamicBatch ? readsBatchDim(layer, x.shape) : null;
        if (batchUse !== null) {
          throw new ValueError(
            `${where}: ${label} ${batchUse}, which is the dynamic batch dim; give the sample input ` +
              'a leading batch dim, or pass { dynamicBatch: false }',
          );
        }
        inShapes.push([...x.shape]);
        try {
          x = layer.module.forward(x);
        } catch (error) {
          if (!(error instanceof DescentError)) throw error;
          const Kind = error.constructor as new (message: string) => DescentError;
          throw new Kind(`${where}: the sample input does not fit ${label}: ${error.message}`);
        }
      }
      return { inShapes, outShape: [...x.shape] };
    }),
  );
}

function valueInfo(
  name: string,
  shape: readonly number[],
  dynamicBatch: boolean,
): ValueInfoMessage {
  const dim = shape.map(
    (n, i): DimMessage => (i === 0 && dynamicBatch ? { dim_param: BATCH_DIM } : { dim_value: n }),
  );
  return { name, type: { tensor_type: { elem_type: DataType.FLOAT, shape: { dim } } } };
}

/** Checks what tracing cannot: the state ONNX needs, and float32 throughout. */
function checkExportable(where: string, model: Module, layers: { path: string; layer: Layer }[]) {
  for (const { path, layer } of layers) {
    if (layer.kind === 'batchNorm1d' && !layer.module.trackRunningStats) {
      throw new UnsupportedModuleError(
        `${where}: cannot export ${moduleLabel(path, layer.module)}: without trackRunningStats it ` +
          'normalizes with the statistics of each batch even in evaluation, and the ONNX ' +
          'model is exported for inference with running statistics',
        path,
        layer.module.constructor.name,
      );
    }
  }
  for (const [key, t] of Object.entries(model.stateDict())) {
    if (t.dtype === 'float64') {
      throw new DTypeError(
        `${where}: ${key} is float64, but the ONNX model is float32: export a float32 copy ` +
          '(model.float()) or build the model with dtype float32',
      );
    }
  }
}

/**
 * Exports a model to ONNX (opset {@link ONNX_OPSET_VERSION}) for ONNX Runtime and other ONNX
 * engines, as PyTorch's `torch.onnx.export` does: the model is run once on `sampleInput` to
 * learn the shapes, and the graph computes what the model computes in evaluation mode
 * (`BatchNorm1d` with its running statistics, `Dropout` as the identity), whatever mode the
 * model is in; the model itself is left as it was. Dim 0 is a symbolic `batch` dim unless
 * `dynamicBatch: false`; every other dim is fixed to the sample's. The graph is float32, its
 * weights are initializers named by their state-dict keys (`0.weight`).
 *
 * Supported: `Sequential` (nested too) of `Linear` (Gemm, or MatMul for inputs that are not
 * 2-d), `BatchNorm1d` (BatchNormalization), `LayerNorm` (LayerNormalization), `Dropout` and
 * `Identity` (Identity), `Flatten` (Flatten or Reshape), `Sigmoid`, `Tanh`, `ReLU` (Relu),
 * `LeakyReLU`, `Softplus` (Softplus, with Mul/Div/Greater/Where for beta and threshold),
 * `Softmax`, `LogSoftmax`. Anything else, including a custom `Module` subclass, throws an
 * {@link UnsupportedModuleError} naming its path in the model and its class.
 *
 * @param model - The model to export.
 * @param sampleInput - A float32 input the model accepts, batch first (one sample is enough).
 * @param options - `inputName`, `outputName`, `dynamicBatch`, `graphName`.
 * @returns The bytes of a `.onnx` file.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { randn } from '@descent/core';
 * import { BatchNorm1d, Linear, ReLU, Sequential } from '@descent/nn';
 * import { exportOnnx } from '@descent/onnx';
 *
 * const model = new Sequential(new Linear(4, 16), new BatchNorm1d(16), new ReLU(), new Linear(16, 3));
 * await writeFile('model.onnx', exportOnnx(model, randn([1, 4])));
 * ```
 */
export function exportOnnx(
  model: Module,
  sampleInput: Tensor,
  options: ExportOnnxOptions = {},
): Uint8Array {
  const where = 'exportOnnx';
  const root = checkModel(where, model);
  const opts = checkOptions(where, options, OPTION_NAMES);
  const inputName = checkName(where, 'inputName', opts.inputName, 'input');
  const outputName = checkName(where, 'outputName', opts.outputName, 'output');
  const graphName = checkName(where, 'graphName', opts.graphName, 'descent');
  if (inputName === outputName) {
    throw new ValueError(`${where}: inputName and outputName must differ, both are "${inputName}"`);
  }
  const dynamicBatch = opts.dynamicBatch ?? true;
  if (typeof dynamicBatch !== 'boolean') {
    throw new ValueError(`${where}: dynamicBatch must be a boolean, got ${describe(dynamicBatch)}`);
  }
  if (!(sampleInput instanceof Tensor)) {
    throw new ValueError(
      `${where}: expected sampleInput to be a Tensor, got ${describe(sampleInput)}`,
    );
  }
  if (sampleInput.dtype !== 'float32') {
    throw new DTypeError(`${where}: sampleInput must be float32, got ${sampleInput.dtype}`);
  }
  if (sampleInput.ndim === 0 || sampleInput.size === 0) {
    throw new ShapeError(
      `${where}: sampleInput must have at least one dim and no zero-size dim, got shape [${sampleInput.shape.join(',')}]`,
    );
  }

  const layers = flattenLayers(readModel(where, root));
  checkExportable(where, root, layers);
  const { inShapes, outShape } = traceShapes(where, root, layers, sampleInput, dynamicBatch);

  const b = new GraphBuilder();
  b.unique(inputName);
  b.unique(outputName);
  let value = inputName;
  layers.forEach(({ path, layer }, i) => {
    const last = i === layers.length - 1;
    const inShape = inShapes[i] as number[];
    value = emitLayer(b, layer, {
      path,
      inShape,
      dynamicBatch,
      input: value,
      output: last ? outputName : undefined,
    });
  });
  if (layers.length === 0) value = b.node('', 'Identity', [inputName], {}, outputName);

  return encodeModel({
    ir_version: ONNX_IR_VERSION,
    opset_import: [{ domain: '', version: ONNX_OPSET_VERSION }],
    producer_name: '@descent/onnx',
    doc_string: 'Exported from descent in evaluation mode.',
    graph: {
      name: graphName,
      node: b.nodes,
      initializer: b.initializers,
      input: [valueInfo(inputName, sampleInput.shape, dynamicBatch)],
      output: [valueInfo(value, outShape, dynamicBatch)],
    },
  });
}
