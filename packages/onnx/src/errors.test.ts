import {
  DescentError,
  DTypeError,
  randn,
  ShapeError,
  type Tensor,
  ValueError,
} from '@descent/core';
import {
  BatchNorm1d,
  Linear,
  Module,
  ModuleList,
  ReLU,
  Sequential,
  Sigmoid,
  Tanh,
} from '@descent/nn';
import { describe, expect, it } from 'vitest';
import { exportOnnx, toPyTorch, UnsupportedModuleError } from './index.js';

class MyBlock extends Module {
  fc = new Linear(4, 4);
  override forward(x: Tensor): Tensor {
    return this.fc.forward(x).relu().add(x);
  }
}

class MySequential extends Sequential {
  override forward(x: Tensor): Tensor {
    return super.forward(x).mul(2);
  }
}

class ScaledReLU extends ReLU {
  override forward(x: Tensor): Tensor {
    return super.forward(x).mul(2);
  }
}

/** A Sequential subclass that only builds its layers: exportable, forward is Sequential's. */
class TwoLayers extends Sequential {
  constructor() {
    super(new Linear(4, 4), new Tanh());
  }
}

const exporters = {
  exportOnnx: (model: Module) => exportOnnx(model, randn([2, 4])),
  toPyTorch: (model: Module) => toPyTorch(model),
};

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe.each(Object.entries(exporters))('%s refuses what it cannot express', (name, run) => {
  it('a custom Module subclass, named by its path and class', () => {
    const model = new Sequential({
      layers: new Sequential(new Linear(4, 4), new ReLU(), new Linear(4, 4), new MyBlock()),
    });
    const error = caught(() => run(model));
    expect(error).toBeInstanceOf(UnsupportedModuleError);
    expect(error).toBeInstanceOf(DescentError);
    const e = error as UnsupportedModuleError;
    expect(e.message).toMatch(
      new RegExp(`^${name}: cannot export layers\\.3 \\(MyBlock\\): its forward is custom code`),
    );
    expect(e.message).toContain('supported: Sequential, Linear, BatchNorm1d, LayerNorm');
    expect([e.path, e.moduleType]).toEqual(['layers.3', 'MyBlock']);
  });

  it('a custom Module as the whole model', () => {
    const e = caught(() => run(new MyBlock())) as UnsupportedModuleError;
    expect(e.message).toMatch(new RegExp(`^${name}: cannot export the model \\(MyBlock\\)`));
    expect(e.path).toBe('');
  });

  it('a Sequential or a layer whose forward is overridden', () => {
    expect(() => run(new MySequential(new Linear(4, 4)))).toThrow(
      /cannot export the model \(MySequential\): it overrides Sequential\.forward/,
    );
    expect(() => run(new Sequential(new Linear(4, 4), new ScaledReLU()))).toThrow(
      /cannot export 1 \(ScaledReLU\): it overrides ReLU\.forward/,
    );
  });

  it('a container without forward, and a layer holding extra state', () => {
    expect(() =>
      run(new Sequential(new ModuleList([new Linear(4, 4)]) as unknown as ReLU)),
    ).toThrow(/cannot export 0 \(ModuleList\): it has no forward/);
    const odd = new Linear(4, 4);
    odd.registerBuffer('scale', randn([4]));
    expect(() => run(new Sequential(odd))).toThrow(
      /cannot export 0 \(Linear\): its state-dict keys are \[weight, bias, scale\], its PyTorch twin's would be \[weight, bias\]/,
    );
  });

  it('accepts a Sequential subclass that only builds its layers', () => {
    expect(() => run(new TwoLayers())).not.toThrow();
  });

  it('a model that is not a Module', () => {
    expect(() => run({ forward: (x: Tensor) => x } as unknown as Module)).toThrow(ValueError);
    expect(() => run({ forward: (x: Tensor) => x } as unknown as Module)).toThrow(
      `${name}: expected model to be a Module, got an object (Object)`,
    );
  });

  it('a model that contains itself', () => {
    const loop = new Sequential(new Linear(4, 4));
    loop.append(loop);
    expect(() => run(loop)).toThrow(`${name}: 1 (Sequential) contains itself`);
  });
});

describe('exportOnnx: bad input gets a clear error and changes nothing', () => {
  const mlp = () => new Sequential(new Linear(4, 3), new BatchNorm1d(3), new Sigmoid());

  it('BatchNorm1d without running statistics', () => {
    const model = new Sequential(
      new Linear(4, 3),
      new BatchNorm1d(3, { trackRunningStats: false }),
    );
    expect(() => exportOnnx(model, randn([2, 4]))).toThrow(UnsupportedModuleError);
    expect(() => exportOnnx(model, randn([2, 4]))).toThrow(
      /cannot export 1 \(BatchNorm1d\): without trackRunningStats/,
    );
    // PyTorch has the same module, so toPyTorch takes it.
    expect(toPyTorch(model)).toContain('track_running_stats=False');
  });

  it('a float64 model or sample input', () => {
    expect(() => exportOnnx(mlp().double(), randn([2, 4]))).toThrow(DTypeError);
    expect(() => exportOnnx(mlp().double(), randn([2, 4]))).toThrow(
      'exportOnnx: 0.weight is float64, but the ONNX model is float32',
    );
    expect(() => exportOnnx(mlp(), randn([2, 4], { dtype: 'float64' }))).toThrow(
      'exportOnnx: sampleInput must be float32, got float64',
    );
  });

  it('a sample input that is not a tensor, is a scalar, is empty or does not fit', () => {
    expect(() => exportOnnx(mlp(), [[1, 2, 3, 4]] as unknown as Tensor)).toThrow(
      'exportOnnx: expected sampleInput to be a Tensor, got an array',
    );
    expect(() => exportOnnx(mlp(), randn([]))).toThrow(ShapeError);
    expect(() => exportOnnx(mlp(), randn([0, 4]))).toThrow(/no zero-size dim, got shape \[0,4\]/);
    const error = caught(() => exportOnnx(mlp(), randn([2, 5])));
    expect(error).toBeInstanceOf(ShapeError);
    expect((error as Error).message).toMatch(
      /^exportOnnx: the sample input does not fit 0 \(Linear\): Linear\(4→3\): expected input with last dim 4, got shape \[2,5\]/,
    );
  });

  it('a layer that would compute over the dynamic batch dim', () => {
    expect(() => exportOnnx(new Linear(4, 2), randn([4]))).toThrow(
      /the model \(Linear\) multiplies dim 0 of its 1-d input, which is the dynamic batch dim; give the sample input a leading batch dim, or pass \{ dynamicBatch: false \}/,
    );
    expect(() =>
      exportOnnx(new Sequential(new ReLU()).append(new Linear(4, 2)), randn([4])),
    ).toThrow(/1 \(Linear\) multiplies dim 0/);
    expect(() => exportOnnx(new Linear(4, 2), randn([4]), { dynamicBatch: false })).not.toThrow();
  });

  it('bad options', () => {
    const x = randn([1, 4]);
    expect(() => exportOnnx(mlp(), x, { dynamicAxes: true } as never)).toThrow(
      'exportOnnx: unknown option "dynamicAxes" (expected "inputName", "outputName", "dynamicBatch", "graphName")',
    );
    expect(() => exportOnnx(mlp(), x, { inputName: '' })).toThrow(
      'exportOnnx: inputName must be a non-empty string, got string ""',
    );
    expect(() => exportOnnx(mlp(), x, { inputName: 'x', outputName: 'x' })).toThrow(
      'exportOnnx: inputName and outputName must differ, both are "x"',
    );
    expect(() => exportOnnx(mlp(), x, { dynamicBatch: 'yes' } as never)).toThrow(
      'exportOnnx: dynamicBatch must be a boolean, got string "yes"',
    );
    expect(() => exportOnnx(mlp(), x, 5 as never)).toThrow(
      'exportOnnx: options must be an object, got number 5',
    );
  });

  it('a failed export leaves every module in its own mode', () => {
    const model = mlp().train();
    model[2]?.eval();
    expect(() => exportOnnx(model, randn([2, 5]))).toThrow(ShapeError);
    expect(model.modules().map((m) => m.training)).toEqual([true, true, true, false]);
  });
});

describe('toPyTorch: bad options', () => {
  it('className must be a Python identifier', () => {
    expect(() => toPyTorch(new ReLU(), { className: 'my model' })).toThrow(
      'toPyTorch: className must be a Python identifier such as "DescentModel", got string "my model"',
    );
    expect(() => toPyTorch(new ReLU(), { className: 'class' })).toThrow(ValueError);
    expect(() => toPyTorch(new ReLU(), { name: 'X' } as never)).toThrow(
      'toPyTorch: unknown option "name" (expected "className")',
    );
  });
});
