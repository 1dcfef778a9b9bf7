import type { Tensor } from '@descent/core';
import type { Layer } from '../model-tree.js';
import { type GraphBuilder, scoped } from './graph-builder.js';

/** Where one layer sits in the graph being built. */
export interface LayerSite {
  /** The layer's dotted module path (`''` for a model that is one layer). */
  path: string;
  /** The layer's input shape for the sample input (dim 0 is the batch when it is dynamic). */
  inShape: readonly number[];
  /** Whether dim 0 is a dynamic batch dim. */
  dynamicBatch: boolean;
  /** The value the layer reads. */
  input: string;
  /** The name its result must have (the graph output), or undefined for a fresh name. */
  output: string | undefined;
}

/** `path.name`, or `name` at the root: the state-dict key, used as the initializer's name. */
function keyOf(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function normalizeDim(dim: number, rank: number): number {
  return dim < 0 ? dim + rank : dim;
}

/** A parameter or buffer of a layer as an initializer named by its state-dict key. */
function stateTensor(b: GraphBuilder, site: LayerSite, name: string, t: Tensor): string {
  return b.tensor(keyOf(site.path, name), t);
}

/** `Flatten(startDim, endDim)`: ONNX Flatten for the usual (1, -1), Reshape otherwise. */
function emitFlatten(b: GraphBuilder, site: LayerSite, startDim: number, endDim: number): string {
  const { path, inShape, input, output } = site;
  const rank = inShape.length;
  const start = normalizeDim(startDim, rank);
  const end = normalizeDim(endDim, rank);
  if (start >= end) return b.node(path, 'Identity', [input], {}, output);
  if (start === 1 && end === rank - 1) {
    return b.node(path, 'Flatten', [input], { axis: { int: 1 } }, output);
  }
  const merged = inShape.slice(start, end + 1).reduce((a, n) => a * n, 1);
  // A dynamic batch dim is the one unknown size: -1 where it is merged in, 0 ("copy") elsewhere.
  const target = [
    ...inShape.slice(0, start).map((n, i) => (i === 0 && site.dynamicBatch ? 0 : n)),
    start === 0 && site.dynamicBatch ? -1 : merged,
    ...inShape.slice(end + 1),
  ];
  const shape = b.int64(scoped(path, 'shape'), [target.length], target);
  return b.node(path, 'Reshape', [input, shape], {}, output);
}

/** `Softplus(beta, threshold)`: `x` where `beta·x > threshold`, else `log(1 + e^(beta·x)) / beta`. */
function emitSoftplus(b: GraphBuilder, site: LayerSite, beta: number, threshold: number): string {
  const { path, input, output } = site;
  const scalar = (name: string, value: number) => b.float32(scoped(path, name), [], [value]);
  const betaValue = beta === 1 ? null : scalar('beta', beta);
  const scaled = betaValue === null ? input : b.node(path, 'Mul', [input, betaValue]);
  let soft = b.node(path, 'Softplus', [scaled]);
  if (betaValue !== null) soft = b.node(path, 'Div', [soft, betaValue]);
  const linear = b.node(path, 'Greater', [scaled, scalar('threshold', threshold)]);
  return b.node(path, 'Where', [linear, input, soft], {}, output);
}

/** Adds the nodes (and initializers) computing `layer` in evaluation mode; returns its output. */
export function emitLayer(b: GraphBuilder, layer: Layer, site: LayerSite): string {
  const { path, input, output } = site;
  switch (layer.kind) {
    case 'linear': {
      const m = layer.module;
      const weight = stateTensor(b, site, 'weight', m.weight);
      const bias = m.bias ? stateTensor(b, site, 'bias', m.bias) : null;
      if (site.inShape.length === 2) {
        const inputs = bias ? [input, weight, bias] : [input, weight];
        return b.node(path, 'Gemm', inputs, { transB: { int: 1 } }, output);
      }
      const transposed = b.node(path, 'Transpose', [weight], { perm: { ints: [1, 0] } });
      if (!bias) return b.node(path, 'MatMul', [input, transposed], {}, output);
      return b.node(path, 'Add', [b.node(path, 'MatMul', [input, transposed]), bias], {}, output);
    }
    case 'batchNorm1d': {
      const m = layer.module;
      const c = m.numFeatures;
      const constant = (name: string, value: number) =>
        b.float32(scoped(path, name), [c], new Array<number>(c).fill(value));
      const scale = m.weight ? stateTensor(b, site, 'weight', m.weight) : constant('ones', 1);
      const shift = m.bias ? stateTensor(b, site, 'bias', m.bias) : constant('zeros', 0);
      // readModel has checked that the running statistics exist.
      const mean = stateTensor(b, site, 'running_mean', m.runningMean as Tensor);
      const variance = stateTensor(b, site, 'running_var', m.runningVar as Tensor);
      return b.node(
        path,
        'BatchNormalization',
        [input, scale, shift, mean, variance],
        { epsilon: { float: m.eps } },
        output,
      );
    }
    case 'layerNorm': {
      const m = layer.module;
      const shape = m.normalizedShape;
      const count = shape.reduce((a, n) => a * n, 1);
      const scale = m.weight
        ? stateTensor(b, site, 'weight', m.weight)
        : b.float32(scoped(path, 'ones'), shape, new Array<number>(count).fill(1));
      const inputs = m.bias ? [input, scale, stateTensor(b, site, 'bias', m.bias)] : [input, scale];
      const attributes = { axis: { int: -shape.length }, epsilon: { float: m.eps } };
      return b.node(path, 'LayerNormalization', inputs, attributes, output);
    }
    case 'dropout':
    case 'identity':
      return b.node(path, 'Identity', [input], {}, output);
    case 'flatten':
      return emitFlatten(b, site, layer.module.startDim, layer.module.endDim);
    case 'sigmoid':
      return b.node(path, 'Sigmoid', [input], {}, output);
    case 'tanh':
      return b.node(path, 'Tanh', [input], {}, output);
    case 'relu':
      return b.node(path, 'Relu', [input], {}, output);
    case 'leakyRelu':
      return b.node(
        path,
        'LeakyRelu',
        [input],
        { alpha: { float: layer.module.negativeSlope } },
        output,
      );
    case 'softplus':
      return emitSoftplus(b, site, layer.module.beta, layer.module.threshold);
    case 'softmax':
      return b.node(path, 'Softmax', [input], { axis: { int: layer.module.dim } }, output);
    case 'logSoftmax':
      return b.node(path, 'LogSoftmax', [input], { axis: { int: layer.module.dim } }, output);
  }
}
