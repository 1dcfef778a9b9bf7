import { ValueError } from '@descent/core';
import {
  BatchNorm1d,
  Dropout,
  Flatten,
  Identity,
  LayerNorm,
  LeakyReLU,
  Linear,
  LogSoftmax,
  Module,
  ReLU,
  Sequential,
  Sigmoid,
  Softmax,
  Softplus,
  Tanh,
} from '@descent/nn';
import { UnsupportedModuleError } from './errors.js';

/** The layer classes both hand-offs understand, by kind. */
const LAYER_CLASSES = {
  linear: Linear,
  batchNorm1d: BatchNorm1d,
  layerNorm: LayerNorm,
  dropout: Dropout,
  identity: Identity,
  flatten: Flatten,
  sigmoid: Sigmoid,
  tanh: Tanh,
  relu: ReLU,
  leakyRelu: LeakyReLU,
  softplus: Softplus,
  softmax: Softmax,
  logSoftmax: LogSoftmax,
} as const;

type LayerKind = keyof typeof LAYER_CLASSES;

/** Class names for messages (not read from the classes, which a minifier may rename). */
const LAYER_NAMES: Record<LayerKind, string> = {
  linear: 'Linear',
  batchNorm1d: 'BatchNorm1d',
  layerNorm: 'LayerNorm',
  dropout: 'Dropout',
  identity: 'Identity',
  flatten: 'Flatten',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  relu: 'ReLU',
  leakyRelu: 'LeakyReLU',
  softplus: 'Softplus',
  softmax: 'Softmax',
  logSoftmax: 'LogSoftmax',
};

/** A supported leaf layer: its kind and the module, typed by kind. */
export type Layer = {
  [K in LayerKind]: { kind: K; module: InstanceType<(typeof LAYER_CLASSES)[K]> };
}[LayerKind];

/** A model as both hand-offs see it: Sequentials (with their children's names) and leaf layers. */
export type ModelNode =
  | { kind: 'sequential'; path: string; module: Sequential; children: [string, ModelNode][] }
  | { kind: 'layer'; path: string; layer: Layer };

/** What the error messages list as exportable. */
export const SUPPORTED_MODULES = ['Sequential', ...Object.values(LAYER_NAMES)].join(', ');

/** `layers.3 (MyBlock)`, or `the model (MyBlock)` for the root. */
export function moduleLabel(path: string, module: Module): string {
  return `${path === '' ? 'the model' : path} (${module.constructor.name})`;
}

/** The state-dict keys PyTorch's twin of `layer` has (and so descent's must have). */
function expectedStateKeys(layer: Layer): string[] {
  switch (layer.kind) {
    case 'linear':
      return layer.module.bias ? ['weight', 'bias'] : ['weight'];
    case 'batchNorm1d': {
      const bn = layer.module;
      return [
        ...(bn.affine ? ['weight', 'bias'] : []),
        ...(bn.trackRunningStats ? ['running_mean', 'running_var', 'num_batches_tracked'] : []),
      ];
    }
    case 'layerNorm':
      return layer.module.elementwiseAffine ? ['weight', 'bias'] : [];
    default:
      return [];
  }
}

/** The kind of a supported layer class instance, or null for anything else. */
function kindOf(module: Module): LayerKind | null {
  for (const kind of Object.keys(LAYER_CLASSES) as LayerKind[]) {
    if (module instanceof LAYER_CLASSES[kind]) return kind;
  }
  return null;
}

/** The children of a Sequential in forward order, duplicates kept (as `Sequential.forward`). */
function sequentialChildren(seq: Sequential): [string, Module][] {
  const out: [string, Module][] = [];
  for (const [name, value] of Object.entries(seq) as [string, unknown][]) {
    if (value instanceof Module) out.push([name, value]);
  }
  return out;
}

/**
 * Reads `model` into a tree of Sequentials and supported layers, or throws an
 * {@link UnsupportedModuleError} naming the first module (by path and class) that is not one
 * of them, overrides `forward`, or holds state its PyTorch twin would not have.
 */
export function readModel(where: string, model: Module): ModelNode {
  const ancestors = new Set<Module>();
  const unsupported = (path: string, module: Module, why: string): UnsupportedModuleError =>
    new UnsupportedModuleError(
      `${where}: cannot export ${moduleLabel(path, module)}: ${why}`,
      path,
      module.constructor.name,
    );

  const visit = (module: Module, path: string): ModelNode => {
    if (ancestors.has(module)) {
      throw new ValueError(`${where}: ${moduleLabel(path, module)} contains itself`);
    }
    if (module instanceof Sequential) {
      if (module.forward !== Sequential.prototype.forward) {
        throw unsupported(path, module, 'it overrides Sequential.forward with its own code');
      }
      const own = [...module.namedParameters('', false), ...module.namedBuffers('', false)];
      if (own.length > 0) {
        throw unsupported(
          path,
          module,
          `a Sequential holds only layers, but this one has its own ${own.map(([n]) => `"${n}"`).join(', ')}`,
        );
      }
      ancestors.add(module);
      const children = sequentialChildren(module).map(([name, child]): [string, ModelNode] => [
        name,
        visit(child, path === '' ? name : `${path}.${name}`),
      ]);
      ancestors.delete(module);
      return { kind: 'sequential', path, module, children };
    }
    const kind = kindOf(module);
    if (kind === null) {
      const why =
        module.forward === Module.prototype.forward
          ? `it has no forward (containers such as ModuleList only hold modules); supported: ${SUPPORTED_MODULES}`
          : `its forward is custom code, which cannot be translated; supported: ${SUPPORTED_MODULES}` +
            ' (write the model as a Sequential of these)';
      throw unsupported(path, module, why);
    }
    if (module.forward !== LAYER_CLASSES[kind].prototype.forward) {
      throw unsupported(
        path,
        module,
        `it overrides ${LAYER_NAMES[kind]}.forward with its own code`,
      );
    }
    const layer = { kind, module } as Layer;
    if (module.children().length > 0) {
      throw unsupported(path, module, 'a layer with submodules of its own is not a plain layer');
    }
    const keys = Object.keys(module.stateDict());
    const expected = expectedStateKeys(layer);
    if (keys.join() !== expected.join()) {
      throw unsupported(
        path,
        module,
        `its state-dict keys are [${keys.join(', ')}], its PyTorch twin's would be [${expected.join(', ')}]`,
      );
    }
    return { kind: 'layer', path, layer };
  };
  return visit(model, '');
}

/** The leaf layers of a tree in forward order, with their paths. */
export function flattenLayers(node: ModelNode): { path: string; layer: Layer }[] {
  if (node.kind === 'layer') return [{ path: node.path, layer: node.layer }];
  return node.children.flatMap(([, child]) => flattenLayers(child));
}
