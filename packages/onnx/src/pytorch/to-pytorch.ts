import { ValueError } from '@descent/core';
import type { Module } from '@descent/nn';
import { checkModel, checkOptions, describe } from '../checks.js';
import { type Layer, type ModelNode, readModel } from '../model-tree.js';
import { isPythonIdentifier, pyBool, pyFloat, pyString } from './python.js';

/**
 * Options of {@link toPyTorch}.
 *
 * @example
 * ```ts
 * toPyTorch(model, { className: 'Classifier' });
 * ```
 */
export interface ToPyTorchOptions {
  /** Name of the generated `nn.Module` subclass; default `'DescentModel'`. */
  className?: string;
}

const INDENT = '    ';

/** `, dtype=torch.float64` for float64 layers (float32 is PyTorch's default). */
function dtypeArg(dtype: string | undefined): string[] {
  return dtype === 'float64' ? ['dtype=torch.float64'] : [];
}

/** The PyTorch class and constructor arguments of a layer, every setting spelt out. */
function layerCall(layer: Layer): [string, string[]] {
  switch (layer.kind) {
    case 'linear': {
      const m = layer.module;
      return [
        'nn.Linear',
        [
          String(m.inFeatures),
          String(m.outFeatures),
          `bias=${pyBool(m.bias !== null)}`,
          ...dtypeArg(m.weight.dtype),
        ],
      ];
    }
    case 'batchNorm1d': {
      const m = layer.module;
      return [
        'nn.BatchNorm1d',
        [
          String(m.numFeatures),
          `eps=${pyFloat(m.eps)}`,
          `momentum=${m.momentum === null ? 'None' : pyFloat(m.momentum)}`,
          `affine=${pyBool(m.affine)}`,
          `track_running_stats=${pyBool(m.trackRunningStats)}`,
          ...dtypeArg((m.weight ?? m.runningMean)?.dtype),
        ],
      ];
    }
    case 'layerNorm': {
      const m = layer.module;
      return [
        'nn.LayerNorm',
        [
          `[${m.normalizedShape.join(', ')}]`,
          `eps=${pyFloat(m.eps)}`,
          `elementwise_affine=${pyBool(m.elementwiseAffine)}`,
          ...dtypeArg(m.weight?.dtype),
        ],
      ];
    }
    case 'dropout':
      return ['nn.Dropout', [`p=${pyFloat(layer.module.p)}`]];
    case 'identity':
      return ['nn.Identity', []];
    case 'flatten':
      return [
        'nn.Flatten',
        [`start_dim=${layer.module.startDim}`, `end_dim=${layer.module.endDim}`],
      ];
    case 'sigmoid':
      return ['nn.Sigmoid', []];
    case 'tanh':
      return ['nn.Tanh', []];
    case 'relu':
      return ['nn.ReLU', []];
    case 'leakyRelu':
      return ['nn.LeakyReLU', [`negative_slope=${pyFloat(layer.module.negativeSlope)}`]];
    case 'softplus':
      return [
        'nn.Softplus',
        [`beta=${pyFloat(layer.module.beta)}`, `threshold=${pyFloat(layer.module.threshold)}`],
      ];
    case 'softmax':
      return ['nn.Softmax', [`dim=${layer.module.dim}`]];
    case 'logSoftmax':
      return ['nn.LogSoftmax', [`dim=${layer.module.dim}`]];
  }
}

function moduleOf(node: ModelNode): Module {
  return node.kind === 'layer' ? node.layer.module : node.module;
}

/** Writes the expressions; a module used more than once becomes one local variable. */
class SourceWriter {
  readonly #uses = new Map<Module, number>();
  readonly #shared = new Map<Module, string>();
  /** `name = expression` lines that must run before `super().__init__`. */
  readonly prelude: string[] = [];
  usesOrderedDict = false;

  constructor(root: ModelNode) {
    const count = (node: ModelNode): void => {
      const module = moduleOf(node);
      this.#uses.set(module, (this.#uses.get(module) ?? 0) + 1);
      if (node.kind === 'sequential') for (const [, child] of node.children) count(child);
    };
    count(root);
  }

  /** The constructor arguments of a Sequential, one per line at `indent`, each ending in `,`. */
  sequentialArgs(node: ModelNode & { kind: 'sequential' }, indent: string): string[] {
    const positional = node.children.every(([name], i) => name === String(i));
    if (positional) {
      return node.children.map(([, child]) => `${indent}${this.expression(child, indent)},`);
    }
    this.usesOrderedDict = true;
    const inner = indent + INDENT;
    return [
      `${indent}OrderedDict([`,
      ...node.children.map(
        ([name, child]) => `${inner}(${pyString(name)}, ${this.expression(child, inner)}),`,
      ),
      `${indent}]),`,
    ];
  }

  /** The Python expression building `node`, continuation lines indented from `indent`. */
  expression(node: ModelNode, indent: string): string {
    const module = moduleOf(node);
    const shared = (this.#uses.get(module) ?? 0) > 1;
    const known = this.#shared.get(module);
    if (known !== undefined) return known;
    const source = shared ? this.#build(node, INDENT + INDENT) : this.#build(node, indent);
    if (!shared) return source;
    const name = `shared_${this.#shared.size}`;
    this.#shared.set(module, name);
    this.prelude.push(`${INDENT}${INDENT}${name} = ${source}`);
    return name;
  }

  #build(node: ModelNode, indent: string): string {
    if (node.kind === 'layer') {
      const [callee, args] = layerCall(node.layer);
      return `${callee}(${args.join(', ')})`;
    }
    if (node.children.length === 0) return 'nn.Sequential()';
    return ['nn.Sequential(', ...this.sequentialArgs(node, indent + INDENT), `${indent})`].join(
      '\n',
    );
  }
}

/**
 * The Python source of a PyTorch model equivalent to `model`: a subclass of the root's PyTorch
 * class (`nn.Sequential`, or e.g. `nn.Linear` for a one-layer model) named `className`, whose
 * `state_dict()` keys are exactly descent's `model.stateDict()` keys, in the same order. So the
 * weights `@descent/nn/node` saves load into it with
 * `model.load_state_dict(safetensors.torch.load_file(path), strict=True)` (BatchNorm1d's
 * running statistics and `num_batches_tracked` included), and training can go on in PyTorch.
 * Every layer setting is written out (eps, momentum, bias, dtype for float64 layers); a
 * Sequential built from named modules becomes an `nn.Sequential(OrderedDict(...))`, and a
 * module used twice is built once and shared, as in the descent model.
 *
 * Supports the same modules as {@link exportOnnx} (BatchNorm1d also without running
 * statistics); anything else, including a custom `Module` subclass, throws an
 * {@link UnsupportedModuleError} naming its path and class.
 *
 * @param model - The model to translate.
 * @param options - `className`.
 * @returns Python source defining the class (it imports `torch`, and `OrderedDict` if needed).
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { BatchNorm1d, Linear, Sequential, Sigmoid } from '@descent/nn';
 * import { saveSafetensorsFile } from '@descent/nn/node';
 * import { toPyTorch } from '@descent/onnx';
 *
 * const model = new Sequential(new Linear(2, 16), new BatchNorm1d(16), new Sigmoid(), new Linear(16, 1));
 * await writeFile('model.py', toPyTorch(model));
 * await saveSafetensorsFile('model.safetensors', model.stateDict());
 * // Python: from model import DescentModel
 * //         net = DescentModel()
 * //         net.load_state_dict(safetensors.torch.load_file('model.safetensors'), strict=True)
 * ```
 */
export function toPyTorch(model: Module, options: ToPyTorchOptions = {}): string {
  const where = 'toPyTorch';
  const root = readModel(where, checkModel(where, model));
  const opts = checkOptions(where, options, ['className']);
  const className = opts.className ?? 'DescentModel';
  if (typeof className !== 'string' || !isPythonIdentifier(className)) {
    throw new ValueError(
      `${where}: className must be a Python identifier such as "DescentModel", got ${describe(className)}`,
    );
  }

  const writer = new SourceWriter(root);
  const body = INDENT + INDENT;
  let base: string;
  let init: string[];
  if (root.kind === 'sequential') {
    base = 'nn.Sequential';
    init =
      root.children.length === 0
        ? [`${body}super().__init__()`]
        : [`${body}super().__init__(`, ...writer.sequentialArgs(root, body + INDENT), `${body})`];
  } else {
    const [callee, args] = layerCall(root.layer);
    base = callee;
    init = [`${body}super().__init__(${args.join(', ')})`];
  }

  return [
    '# Generated by @descent/onnx toPyTorch(): the PyTorch twin of a descent model. Its',
    "# state_dict() keys are descent's, so weights saved with @descent/nn/node load strictly:",
    '#',
    '#     from safetensors.torch import load_file',
    `#     model = ${className}()`,
    '#     model.load_state_dict(load_file("model.safetensors"), strict=True)',
    '',
    ...(writer.usesOrderedDict ? ['from collections import OrderedDict', ''] : []),
    'import torch',
    'from torch import nn',
    '',
    '',
    `class ${className}(${base}):`,
    `${INDENT}def __init__(self):`,
    ...writer.prelude,
    ...init,
    '',
  ].join('\n');
}
