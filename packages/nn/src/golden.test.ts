/**
 * Golden tests against PyTorch 1.13: BatchNorm1d over several training steps and in eval,
 * LayerNorm, every loss (function and module), and a small network's loss and gradients with
 * weights loaded through loadStateDict. Fixtures: scripts/fixtures/nn.py.
 */
import { noGrad, type Tensor } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { build, expectClose, type FixTensor, readFixture } from './__fixtures__/helpers.js';
import * as nn from './index.js';
import {
  BatchNorm1d,
  crossEntropy,
  LayerNorm,
  Linear,
  Sequential,
  Sigmoid,
  type StateDict,
} from './index.js';

interface BatchNormStep {
  mode: 'train' | 'eval';
  input: FixTensor;
  gradOutput: FixTensor;
  output: FixTensor;
  gradInput: FixTensor;
  gradWeight: FixTensor | null;
  gradBias: FixTensor | null;
  runningMean: FixTensor | null;
  runningVar: FixTensor | null;
  numBatchesTracked: number | null;
}
interface NormCase {
  id: string;
  kind: 'batchNorm1d' | 'layerNorm';
  dtype: 'float32' | 'float64';
  numFeatures?: number;
  normalizedShape?: number[];
  options: Record<string, number | boolean | null>;
  weight: FixTensor | null;
  bias: FixTensor | null;
  steps?: BatchNormStep[];
  input?: FixTensor;
  gradOutput?: FixTensor;
  output?: FixTensor;
  gradInput?: FixTensor;
  gradWeight?: FixTensor | null;
  gradBias?: FixTensor | null;
}

function setParam(param: Tensor | null, value: FixTensor | null): void {
  if (param && value) noGrad(() => param.copy_(build(value)));
}

function runBatchNorm(c: NormCase): void {
  const o = c.options;
  const bn = new BatchNorm1d(c.numFeatures as number, {
    eps: o.eps as number,
    momentum: o.momentum as number | null,
    affine: o.affine as boolean,
    trackRunningStats: o.trackRunningStats as boolean,
    dtype: c.dtype,
  });
  setParam(bn.weight, c.weight);
  setParam(bn.bias, c.bias);
  (c.steps as BatchNormStep[]).forEach((step, s) => {
    const at = `step ${s} (${step.mode})`;
    bn.train(step.mode === 'train');
    const x = build(step.input, true);
    const y = bn.forward(x);
    expectClose(y, step.output, `${at} output`);
    y.mul(build(step.gradOutput)).sum().backward();
    expectClose(x.grad, step.gradInput, `${at} input grad`);
    if (step.gradWeight) expectClose(bn.weight?.grad, step.gradWeight, `${at} weight grad`);
    if (step.gradBias) expectClose(bn.bias?.grad, step.gradBias, `${at} bias grad`);
    bn.zeroGrad();
    if (step.runningMean) expectClose(bn.runningMean, step.runningMean, `${at} runningMean`);
    else expect(bn.runningMean).toBeNull();
    if (step.runningVar) expectClose(bn.runningVar, step.runningVar, `${at} runningVar`);
    if (step.numBatchesTracked !== null)
      expect(bn.numBatchesTracked?.item()).toBe(step.numBatchesTracked);
  });
}

function runLayerNorm(c: NormCase): void {
  const ln = new LayerNorm(c.normalizedShape as number[], {
    eps: c.options.eps as number,
    elementwiseAffine: c.options.elementwiseAffine as boolean,
    dtype: c.dtype,
  });
  setParam(ln.weight, c.weight);
  setParam(ln.bias, c.bias);
  const x = build(c.input as FixTensor, true);
  const y = ln.forward(x);
  expectClose(y, c.output as FixTensor, 'output');
  y.mul(build(c.gradOutput as FixTensor))
    .sum()
    .backward();
  expectClose(x.grad, c.gradInput as FixTensor, 'input grad');
  if (c.gradWeight) expectClose(ln.weight?.grad, c.gradWeight, 'weight grad');
  if (c.gradBias) expectClose(ln.bias?.grad, c.gradBias, 'bias grad');
}

const normalization = readFixture<NormCase>('normalization.json');
describe(`golden: normalization vs PyTorch ${normalization.torch}`, () => {
  for (const c of normalization.cases) {
    it(c.id, () => (c.kind === 'batchNorm1d' ? runBatchNorm(c) : runLayerNorm(c)));
  }
});

interface LossCase {
  id: string;
  fn: string;
  module: string;
  inputs: FixTensor[];
  options: Record<string, unknown>;
  tensorOptions: Record<string, FixTensor>;
  output: FixTensor;
  gradOutput: FixTensor;
  grads: (FixTensor | null)[];
  valueOnly?: boolean;
}

type LossFn = (input: Tensor, target: Tensor, options: Record<string, unknown>) => Tensor;
type LossModule = new (
  options: Record<string, unknown>,
) => { forward(input: Tensor, target: Tensor): Tensor };
const exports = nn as unknown as Record<string, unknown>;

function runLoss(
  c: LossCase,
  call: (input: Tensor, target: Tensor, options: Record<string, unknown>) => Tensor,
): void {
  const [x, t] = c.inputs.map((f) => build(f, f.requiresGrad === true)) as [Tensor, Tensor];
  const options: Record<string, unknown> = { ...c.options };
  for (const [name, value] of Object.entries(c.tensorOptions)) options[name] = build(value);
  const y = call(x, t, options);
  expectClose(y, c.output, 'output');
  if (c.valueOnly) return;
  y.mul(build(c.gradOutput)).sum().backward();
  expectClose(x.grad, c.grads[0] as FixTensor, 'input grad');
  if (c.grads[1]) expectClose(t.grad, c.grads[1], 'target grad');
}

const losses = readFixture<LossCase>('losses.json');
describe(`golden: losses vs PyTorch ${losses.torch}`, () => {
  for (const c of losses.cases) {
    it(`${c.id} (function)`, () => runLoss(c, exports[c.fn] as LossFn));
    it(`${c.id} (module ${c.module})`, () => {
      const Loss = exports[c.module] as LossModule;
      runLoss(c, (x, t, options) => new Loss(options).forward(x, t));
    });
  }
});

interface NetworkCase {
  id: string;
  dtype: 'float32' | 'float64';
  layers: string;
  stateDict: Record<string, FixTensor>;
  input: FixTensor;
  target: FixTensor;
  output: FixTensor;
  loss: FixTensor;
  grads: Record<string, FixTensor>;
  stateDictAfter: Record<string, FixTensor>;
  evalInput: FixTensor;
  evalOutput: FixTensor;
}

const toStateDict = (entries: Record<string, FixTensor>): StateDict =>
  Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, build(v)]));

/** PyTorch's printout with descent's camelCase option names and lowercase booleans. */
const camelRepr = (text: string): string =>
  text
    .replace(/in_features/g, 'inFeatures')
    .replace(/out_features/g, 'outFeatures')
    .replace(/track_running_stats/g, 'trackRunningStats')
    .replace(/True/g, 'true')
    .replace(/False/g, 'false');

const network = readFixture<NetworkCase>('network.json');
describe(`golden: Linear→BatchNorm1d→Sigmoid→Linear with cross-entropy vs PyTorch ${network.torch}`, () => {
  for (const c of network.cases) {
    it(c.id, () => {
      const dtype = c.dtype;
      const model = new Sequential(
        new Linear(4, 6, { dtype }),
        new BatchNorm1d(6, { dtype }),
        new Sigmoid(),
        new Linear(6, 3, { dtype }),
      );
      expect(String(model)).toBe(camelRepr(c.layers));
      expect(Object.keys(model.stateDict())).toEqual(Object.keys(c.stateDict));
      model.loadStateDict(toStateDict(c.stateDict));
      const y = model.forward(build(c.input));
      expectClose(y, c.output, 'output');
      const loss = crossEntropy(y, build(c.target));
      expectClose(loss, c.loss, 'loss');
      loss.backward();
      const params = model.namedParameters();
      expect(params.map(([name]) => name)).toEqual(Object.keys(c.grads));
      for (const [name, p] of params)
        expectClose(p.grad, c.grads[name] as FixTensor, `grad of ${name}`);
      const after = model.stateDict();
      for (const [key, want] of Object.entries(c.stateDictAfter))
        expectClose(after[key], want, `${key} after the step`);
      model.eval();
      expectClose(
        noGrad(() => model.forward(build(c.evalInput))),
        c.evalOutput,
        'eval output',
      );
    });
  }
});
