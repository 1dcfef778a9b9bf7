import {
  DescentError,
  Generator,
  noGrad,
  ones,
  randn,
  type Tensor,
  tensor,
  ValueError,
  zeros,
} from '@descent/core';
import { describe, expect, it } from 'vitest';
import {
  BatchNorm1d,
  Dropout,
  Linear,
  Module,
  ModuleDict,
  ModuleList,
  Parameter,
  ReLU,
  Sequential,
  Sigmoid,
} from './index.js';

class Block extends Module {
  fc1 = new Linear(2, 3, { generator: new Generator(1) });
  bn = new BatchNorm1d(3);
  fc2 = new Linear(3, 1, { generator: new Generator(2) });
  scale = new Parameter(ones([1]));
  plain = zeros([2]); // a plain tensor field: neither parameter nor buffer
  label = 'not a member';

  override forward(x: Tensor): Tensor {
    return this.fc2.forward(this.bn.forward(this.fc1.forward(x)).relu()).mul(this.scale);
  }
}

class Net extends Module {
  encoder = new Block();
  head = new Sequential(new Linear(1, 4), new Sigmoid());

  override forward(x: Tensor): Tensor {
    return this.head.forward(this.encoder.forward(x));
  }
}

describe('Module: discovery and names', () => {
  it('finds parameters, buffers and children in declaration order with PyTorch dotted names', () => {
    const net = new Net();
    expect(net.namedParameters().map(([n]) => n)).toEqual([
      'encoder.scale',
      'encoder.fc1.weight',
      'encoder.fc1.bias',
      'encoder.bn.weight',
      'encoder.bn.bias',
      'encoder.fc2.weight',
      'encoder.fc2.bias',
      'head.0.weight',
      'head.0.bias',
    ]);
    expect(net.namedBuffers().map(([n]) => n)).toEqual([
      'encoder.bn.running_mean',
      'encoder.bn.running_var',
      'encoder.bn.num_batches_tracked',
    ]);
    expect(net.namedChildren().map(([n]) => n)).toEqual(['encoder', 'head']);
    expect(net.namedModules().map(([n]) => n)).toEqual([
      '',
      'encoder',
      'encoder.fc1',
      'encoder.bn',
      'encoder.fc2',
      'head',
      'head.0',
      'head.1',
    ]);
    expect(net.parameters()).toHaveLength(9);
    expect(net.parameters(false)).toHaveLength(0);
    expect(net.encoder.parameters(false)).toEqual([net.encoder.scale]);
    expect(net.namedParameters('model').map(([n]) => n)[0]).toBe('model.encoder.scale');
  });

  it('state dict: own parameters, then buffers, then children (PyTorch order and keys)', () => {
    const keys = Object.keys(new Sequential(new Linear(2, 3), new BatchNorm1d(3)).stateDict());
    expect(keys).toEqual([
      '0.weight',
      '0.bias',
      '1.weight',
      '1.bias',
      '1.running_mean',
      '1.running_var',
      '1.num_batches_tracked',
    ]);
    expect(Object.keys(new Linear(2, 3, { bias: false }).stateDict())).toEqual(['weight']);
    expect(
      Object.keys(new BatchNorm1d(3, { affine: false, trackRunningStats: false }).stateDict()),
    ).toEqual([]);
  });

  it('state-dict values share storage but are detached (keepVars returns the parameters)', () => {
    const fc = new Linear(2, 3);
    const sd = fc.stateDict();
    expect(sd.weight?.requiresGrad).toBe(false);
    expect(sd.weight?.data).toBe(fc.weight.data);
    expect(fc.stateDict({ keepVars: true }).weight).toBe(fc.weight);
    expect(Object.keys(fc.stateDict({ prefix: 'fc.' }))).toEqual(['fc.weight', 'fc.bias']);
  });

  it('lists a shared parameter or module once, but the state dict under every name', () => {
    const shared = new Linear(2, 2);
    const seq = new Sequential(shared, new ReLU(), shared);
    expect(seq.parameters()).toHaveLength(2);
    expect(seq.modules()).toHaveLength(3);
    expect(Object.keys(seq.stateDict())).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(seq.forward(ones([1, 2])).shape).toEqual([1, 2]);
  });

  it('registerParameter / registerModule / registerBuffer, including non-persistent buffers', () => {
    const m = new Module();
    m.registerParameter('w', new Parameter(ones([2])));
    m.registerParameter('absent', null);
    m.registerModule('child', new Linear(1, 1));
    m.addModule('other', new ReLU());
    m.registerBuffer('steps', zeros([], { dtype: 'int32' }));
    m.registerBuffer('cache', ones([3]), { persistent: false });
    m.registerBuffer('none', null);
    expect(m.namedParameters().map(([n]) => n)).toEqual(['w', 'child.weight', 'child.bias']);
    expect(m.namedBuffers().map(([n]) => n)).toEqual(['steps', 'cache']);
    expect(Object.keys(m.stateDict())).toEqual(['w', 'steps', 'child.weight', 'child.bias']);
    expect(m.getBuffer('cache')?.toArray()).toEqual([1, 1, 1]);
    expect(m.getBuffer('none')).toBeNull();
    expect(m.getSubmodule('child')).toBeInstanceOf(Linear);
    expect(m.getParameter('child.bias').shape).toEqual([1]);
    // Re-registering a buffer replaces it in place (order kept).
    m.registerBuffer('steps', ones([], { dtype: 'int32' }));
    expect(m.namedBuffers().map(([n]) => n)).toEqual(['steps', 'cache']);
  });

  it('rejects bad member names and kinds with clear errors', () => {
    const m = new Module();
    m.registerParameter('w', new Parameter(ones([2])));
    m.registerBuffer('b', zeros([1]));
    expect(() => m.registerParameter('a.b', null)).toThrow(/can't contain "\."/);
    expect(() => m.registerParameter('', null)).toThrow(/can't be empty/);
    expect(() => m.registerParameter('x', ones([2]) as Parameter)).toThrow(
      /must be a Parameter or null/,
    );
    expect(() => m.registerBuffer('w', zeros([1]))).toThrow(/attribute "w" already exists/);
    expect(() => m.registerParameter('b', null)).toThrow(/already a buffer/);
    expect(() => m.registerModule('train', new ReLU())).toThrow(/method or property/);
    expect(() => m.registerBuffer('p', new Parameter(ones([1])))).toThrow(/is a Parameter/);
    expect(() => m.getSubmodule('nope.deeper')).toThrow(/has no submodule "nope"/);
    expect(() => m.getParameter('nope')).toThrow(/has no parameter "nope"/);
    expect(() => m.getBuffer('nope')).toThrow(/has no buffer "nope"/);
    expect(() => m.forward()).toThrow(DescentError);
    expect(() => new ModuleList().forward()).toThrow(
      'Module [ModuleList] is missing the required "forward" function',
    );
  });
});

describe('Module: modes, gradients, apply, dtype', () => {
  it('train() and eval() recurse and return this', () => {
    const net = new Net();
    expect(net.training).toBe(true);
    expect(net.eval()).toBe(net);
    expect(net.modules().every((m) => !m.training)).toBe(true);
    expect(net.train()).toBe(net);
    expect(net.modules().every((m) => m.training)).toBe(true);
    net.encoder.train(false);
    expect(net.training).toBe(true);
    expect(net.encoder.bn.training).toBe(false);
    expect(() => net.train('yes' as unknown as boolean)).toThrow(ValueError);
  });

  it('zeroGrad drops gradients by default, or zeroes them in place', () => {
    const fc = new Linear(2, 1);
    fc.forward(ones([3, 2]))
      .sum()
      .backward();
    expect(fc.weight.grad).not.toBeNull();
    const grad = fc.weight.grad as Tensor;
    fc.zeroGrad({ setToNone: false });
    expect(fc.weight.grad).toBe(grad);
    expect(grad.toArray()).toEqual([[0, 0]]);
    fc.zeroGrad();
    expect(fc.weight.grad).toBeNull();
    expect(fc.bias?.grad).toBeNull();
  });

  it('apply visits children first, then the module itself', () => {
    const seen: string[] = [];
    const net = new Net();
    expect(net.apply((m) => seen.push(m.constructor.name))).toBe(net);
    expect(seen).toEqual([
      'Linear',
      'BatchNorm1d',
      'Linear',
      'Block',
      'Linear',
      'Sigmoid',
      'Sequential',
      'Net',
    ]);
    net.apply((m) => {
      if (m instanceof Linear) noGrad(() => m.weight.fill_(0.5));
    });
    expect(net.head[0]?.stateDict().weight?.toArray()).toEqual([[0.5], [0.5], [0.5], [0.5]]);
  });

  it('requiresGrad_ freezes a part of the model', () => {
    const net = new Net();
    net.encoder.requiresGrad_(false);
    expect(net.encoder.parameters().every((p) => !p.requiresGrad)).toBe(true);
    expect(net.head.parameters().every((p) => p.requiresGrad)).toBe(true);
  });

  it('to(dtype) converts floating parameters and buffers, keeping int32 counters', () => {
    const net = new Net().double();
    expect(
      net
        .parameters()
        .every((p) => p.dtype === 'float64' && p.requiresGrad && p instanceof Parameter),
    ).toBe(true);
    expect(net.encoder.bn.runningMean?.dtype).toBe('float64');
    expect(net.encoder.bn.numBatchesTracked?.dtype).toBe('int32');
    expect(net.forward(randn([4, 2], { dtype: 'float64' })).dtype).toBe('float64');
    expect(net.float().encoder.fc1.weight.dtype).toBe('float32');
  });
});

describe('Module: toString', () => {
  it('prints the tree like PyTorch', () => {
    const model = new Sequential(
      new Linear(2, 16),
      new BatchNorm1d(16),
      new ReLU(),
      new Dropout(0.25),
      new Linear(16, 1),
    );
    expect(String(model)).toBe(
      [
        'Sequential(',
        '  (0): Linear(inFeatures=2, outFeatures=16, bias=true)',
        '  (1): BatchNorm1d(16, eps=1e-05, momentum=0.1, affine=true, trackRunningStats=true)',
        '  (2): ReLU()',
        '  (3): Dropout(p=0.25)',
        '  (4): Linear(inFeatures=16, outFeatures=1, bias=true)',
        ')',
      ].join('\n'),
    );
    expect(String(new Net())).toBe(
      [
        'Net(',
        '  (encoder): Block(',
        '    (fc1): Linear(inFeatures=2, outFeatures=3, bias=true)',
        '    (bn): BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=true, trackRunningStats=true)',
        '    (fc2): Linear(inFeatures=3, outFeatures=1, bias=true)',
        '  )',
        '  (head): Sequential(',
        '    (0): Linear(inFeatures=1, outFeatures=4, bias=true)',
        '    (1): Sigmoid()',
        '  )',
        ')',
      ].join('\n'),
    );
    expect(String(new BatchNorm1d(3, { momentum: null }))).toBe(
      'BatchNorm1d(3, eps=1e-05, momentum=null, affine=true, trackRunningStats=true)',
    );
    expect(String(new Module())).toBe('Module()');
    expect(String(new Parameter(tensor([1, 2])))).toBe(
      'Parameter containing:\ntensor([1., 2.], requiresGrad=true)',
    );
  });
});

describe('Module: loadStateDict', () => {
  const make = (seed: number) =>
    new Sequential(new Linear(2, 3, { generator: new Generator(seed) }), new BatchNorm1d(3));

  it('copies parameters and buffers (converting dtype) and reports nothing unmatched', () => {
    const source = make(1);
    source.forward(randn([4, 2])); // moves the running statistics
    const target = make(2);
    const result = target.loadStateDict(source.stateDict());
    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] });
    for (const [key, value] of Object.entries(source.stateDict())) {
      expect(target.stateDict()[key]?.toArray(), key).toEqual(value.toArray());
    }
    expect(target.getBuffer('1.num_batches_tracked')?.item()).toBe(1);
    // Storage is copied, not shared.
    expect(target[0]?.stateDict().weight?.data).not.toBe(source[0]?.stateDict().weight?.data);
    const wide = new Linear(2, 3).double();
    wide.loadStateDict(make(1)[0]?.stateDict() ?? {});
    expect(wide.weight.dtype).toBe('float64');
  });

  it('checks its options: an object whose strict is a boolean', () => {
    const target = make(4);
    const sd = make(5).stateDict();
    expect(() => target.loadStateDict(sd, { strict: 'no' as unknown as boolean })).toThrow(
      new ValueError('loadStateDict: strict must be true or false, got string no'),
    );
    expect(() => target.loadStateDict(sd, null as never)).toThrow(
      /^loadStateDict: options must be an object such as \{ strict: false \}, got null$/,
    );
    expect(target.stateDict()['0.weight']?.toArray()).not.toEqual(sd['0.weight']?.toArray());
  });

  it('reports missing, unexpected and mismatched keys together, and loads nothing', () => {
    const target = make(3);
    const before = target.stateDict();
    const snapshot = Object.fromEntries(Object.entries(before).map(([k, v]) => [k, v.toArray()]));
    const bad = make(4).stateDict();
    delete bad['0.bias'];
    delete bad['1.running_var'];
    bad.extra = zeros([1]);
    bad['1.weight'] = zeros([4]);
    bad['0.weight'] = 'oops' as unknown as Tensor;
    let message = '';
    try {
      target.loadStateDict(bad);
    } catch (error) {
      expect(error).toBeInstanceOf(ValueError);
      message = (error as Error).message;
    }
    expect(message).toBe(
      [
        'Error(s) in loading state_dict for Sequential:',
        '\tMissing key(s) in state_dict: "0.bias", "1.running_var".',
        '\tUnexpected key(s) in state_dict: "extra".',
        '\tvalue for 0.weight is string oops, not a Tensor.',
        '\tsize mismatch for 1.weight: copying a param with shape [4] from checkpoint, the shape in current model is [3].',
        'Nothing was loaded.',
      ].join('\n'),
    );
    for (const [k, v] of Object.entries(target.stateDict()))
      expect(v.toArray(), k).toEqual(snapshot[k]);
  });

  it('strict: false ignores missing and unexpected keys but still rejects shape mismatches', () => {
    const target = make(5);
    const partial = { '0.weight': ones([3, 2]), stray: ones([1]) };
    expect(target.loadStateDict(partial, { strict: false })).toEqual({
      missingKeys: [
        '0.bias',
        '1.weight',
        '1.bias',
        '1.running_mean',
        '1.running_var',
        '1.num_batches_tracked',
      ],
      unexpectedKeys: ['stray'],
    });
    expect(target[0]?.stateDict().weight?.toArray()).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    expect(() => target.loadStateDict({ '0.weight': ones([2, 2]) }, { strict: false })).toThrow(
      /size mismatch for 0.weight/,
    );
    expect(() => target.loadStateDict(null as unknown as Record<string, Tensor>)).toThrow(
      /expected a state dict/,
    );
  });
});

describe('containers', () => {
  it('Sequential: runs in order, is indexable, iterable, and editable', () => {
    const a = new Linear(2, 3);
    const b = new ReLU();
    const seq = new Sequential(a, b);
    expect(seq[0]).toBe(a);
    expect(seq.at(-1)).toBe(b);
    expect(seq.length).toBe(2);
    expect([...seq]).toEqual([a, b]);
    const x = randn([5, 2]);
    expect(seq.forward(x).toArray()).toEqual(b.forward(a.forward(x)).toArray());
    seq.append(new Linear(3, 1));
    seq.insert(-2, new Sigmoid()); // before the second-to-last, as list.insert in Python
    expect([...seq].map((m) => m.constructor.name)).toEqual([
      'Linear',
      'Sigmoid',
      'ReLU',
      'Linear',
    ]);
    expect(Object.keys(seq.stateDict())).toEqual(['0.weight', '0.bias', '3.weight', '3.bias']);
    expect(seq.slice(1, 3).length).toBe(2);
    expect(seq.slice(0, 1)[0]).toBe(a);
    expect(() => seq.at(4)).toThrow(/out of range for 4 modules/);
    expect(() => new Sequential(new ReLU(), 3 as unknown as ReLU)).toThrow(
      /argument 1 must be a Module/,
    );
  });

  it('Sequential from named modules', () => {
    const seq = new Sequential({ fc: new Linear(2, 2), act: new Sigmoid() });
    expect(Object.keys(seq.stateDict())).toEqual(['fc.weight', 'fc.bias']);
    expect(seq.at(1)).toBeInstanceOf(Sigmoid);
    expect(String(seq)).toContain('(fc): Linear(inFeatures=2, outFeatures=2, bias=true)');
  });

  it('ModuleList: registered, indexable, editable; has no forward', () => {
    const list = new ModuleList([new Linear(2, 2), new Linear(2, 2)]);
    expect(list.length).toBe(2);
    expect(list[1]).toBeInstanceOf(Linear);
    list.append(new Linear(2, 1)).insert(0, new Linear(1, 2));
    expect(list.parameters()).toHaveLength(8);
    expect(list.at(0).inFeatures).toBe(1);
    const last = list.pop();
    expect(last.outFeatures).toBe(1);
    expect(Object.keys(list.stateDict())).toEqual([
      '0.weight',
      '0.bias',
      '1.weight',
      '1.bias',
      '2.weight',
      '2.bias',
    ]);
    let x = randn([3, 1]);
    for (const layer of list) x = layer.forward(x);
    expect(x.shape).toEqual([3, 2]);
  });

  it('ModuleDict: a Map-like registry whose keys are state-dict prefixes', () => {
    const heads = new ModuleDict({ cls: new Linear(4, 3), box: new Linear(4, 2) });
    expect(heads.keys()).toEqual(['cls', 'box']);
    expect(heads.get('box')?.outFeatures).toBe(2);
    expect(heads.has('cls')).toBe(true);
    expect(Object.keys(heads.stateDict())).toEqual([
      'cls.weight',
      'cls.bias',
      'box.weight',
      'box.bias',
    ]);
    heads.set('cls', new Linear(4, 5));
    expect(heads.get('cls')?.outFeatures).toBe(5);
    expect(heads.delete('box')).toBe(true);
    expect(heads.delete('box')).toBe(false);
    expect(heads.size).toBe(1);
    expect([...heads].map(([k]) => k)).toEqual(['cls']);
    expect(() => heads.set('get', new Linear(1, 1))).toThrow(/method or property/);
  });
});
