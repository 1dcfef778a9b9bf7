import { Generator, noGrad, randn, tensor } from '@descent/core';
import { BatchNorm1d, Dropout, Linear, Sequential, Sigmoid } from '@descent/nn';
import { describe, expect, it } from 'vitest';
import { ONNX_CASES } from './__fixtures__/onnx-cases.js';
import { evalOutput, flat, runOrt, sample, session, worstRatio } from './__fixtures__/ort.js';
import { exportOnnx, ONNX_IR_VERSION, ONNX_OPSET_VERSION } from './index.js';
import { decodeModel } from './onnx/encode.js';

const BATCHES = [1, 3, 17];

interface DecodedDim {
  dim_value?: number;
  dim_param?: string;
}
interface DecodedValueInfo {
  name: string;
  type: { tensor_type: { elem_type: number; shape: { dim: DecodedDim[] } } };
}
interface DecodedModel {
  ir_version: number;
  opset_import: { domain?: string; version: number }[];
  graph: {
    node: { op_type: string; input: string[]; output: string[] }[];
    initializer: { name: string; dims?: number[] }[];
    input: DecodedValueInfo[];
    output: DecodedValueInfo[];
  };
}
const decode = (bytes: Uint8Array) => decodeModel(bytes) as unknown as DecodedModel;
const dimsOf = (v: DecodedValueInfo) =>
  v.type.tensor_type.shape.dim.map((d) => d.dim_param ?? d.dim_value ?? '?');

describe('exportOnnx → ONNX Runtime matches descent (evaluation mode, batches 1, 3, 17)', () => {
  it.each(ONNX_CASES.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, index) => {
    const model = c.build(new Generator(100 + index));
    const bytes = exportOnnx(model, sample(1, c.sampleShape, c.inputScale, 1));
    const s = await session(bytes);
    for (const batch of BATCHES) {
      const x = sample(batch, c.sampleShape, c.inputScale, 1000 * index + batch);
      const want = evalOutput(model, x);
      const got = await runOrt(s, x);
      expect(got.dims).toEqual(want.shape);
      expect(worstRatio(got.data, flat(want))).toBeLessThanOrEqual(1);
    }
  });
});

describe('exportOnnx: what the file says', () => {
  const mlp = () => {
    const model = new Sequential(
      new Linear(4, 16, { generator: new Generator(7) }),
      new BatchNorm1d(16),
      new Sigmoid(),
      new Dropout(0.3),
      new Linear(16, 3, { generator: new Generator(8) }),
    );
    noGrad(() => {
      (model[1] as BatchNorm1d).runningMean?.normal_(0, 1, new Generator(9));
    });
    return model;
  };

  it('declares IR version 8 and opset 17 of the default domain only', () => {
    const m = decode(exportOnnx(mlp(), randn([1, 4])));
    expect([ONNX_IR_VERSION, ONNX_OPSET_VERSION]).toEqual([8, 17]);
    expect(m.ir_version).toBe(8);
    expect(m.opset_import).toEqual([{ domain: '', version: 17 }]);
  });

  it('has a symbolic batch dim, the nodes in order and weights named by state-dict keys', () => {
    const model = mlp();
    const m = decode(exportOnnx(model, randn([2, 4])));
    expect(dimsOf(m.graph.input[0] as DecodedValueInfo)).toEqual(['batch', 4]);
    expect(dimsOf(m.graph.output[0] as DecodedValueInfo)).toEqual(['batch', 3]);
    expect(m.graph.node.map((n) => n.op_type)).toEqual([
      'Gemm',
      'BatchNormalization',
      'Sigmoid',
      'Identity',
      'Gemm',
    ]);
    const stateKeys = Object.keys(model.stateDict()).filter(
      (k) => !k.endsWith('num_batches_tracked'),
    );
    expect(m.graph.initializer.map((t) => t.name).sort()).toEqual(stateKeys.sort());
    expect(m.graph.node[0]?.input).toEqual(['input', '0.weight', '0.bias']);
    expect(m.graph.node.at(-1)?.output).toEqual(['output']);
  });

  it('writes the weights exactly (float32 raw data of each initializer)', async () => {
    const model = new Linear(3, 2, { generator: new Generator(3) });
    const s = await session(exportOnnx(model, randn([1, 3])));
    // Identity rows pick out the columns of W: output = I·Wᵀ + b.
    const eye = tensor([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    const got = await runOrt(s, eye);
    const bias = flat(model.bias as Linear['weight']);
    const weightT = flat(model.weight.detach().transpose(0, 1));
    expect(got.data).toEqual(weightT.map((w, i) => Math.fround(w + (bias[i % 2] as number))));
  });

  it('gives the same bytes for the same model, and different bytes for other weights', () => {
    const a = exportOnnx(mlp(), randn([1, 4]));
    const b = exportOnnx(mlp(), randn([5, 4]));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const other = mlp();
    noGrad(() => other[0]?.getParameter('weight').add_(1));
    expect(Buffer.from(exportOnnx(other, randn([1, 4]))).equals(Buffer.from(a))).toBe(false);
  });

  it('uses the names given, and dynamicBatch: false fixes the batch size', async () => {
    const bytes = exportOnnx(mlp(), randn([3, 4]), {
      inputName: 'features',
      outputName: 'logits',
      dynamicBatch: false,
      graphName: 'mlp',
    });
    const m = decode(bytes);
    expect(dimsOf(m.graph.input[0] as DecodedValueInfo)).toEqual([3, 4]);
    const s = await session(bytes);
    expect([s.inputNames, s.outputNames]).toEqual([['features'], ['logits']]);
    expect((await runOrt(s, randn([3, 4]))).dims).toEqual([3, 3]);
    await expect(runOrt(s, randn([2, 4]))).rejects.toThrow(/dimension|shape/i);
  });

  it('leaves the model as it was: modes (each module its own) and every tensor', () => {
    const model = mlp().train();
    model[3]?.eval();
    const before = Object.entries(model.stateDict()).map(([k, t]) => [k, flat(t)]);
    exportOnnx(model, randn([4, 4]));
    expect(model.modules().map((m) => m.training)).toEqual([true, true, true, true, false, true]);
    expect(Object.entries(model.stateDict()).map(([k, t]) => [k, flat(t)])).toEqual(before);
  });

  it('exports an empty Sequential as the identity', async () => {
    const s = await session(exportOnnx(new Sequential(), randn([1, 3])));
    const x = randn([2, 3]);
    expect((await runOrt(s, x)).data).toEqual(flat(x));
  });
});
