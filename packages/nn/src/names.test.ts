/**
 * Printing and error messages name descent's modules by their declared `displayName`, not by
 * `constructor.name`, which bundlers and minifiers change; your own subclasses print their class
 * name unless they declare a `displayName`.
 */
import { randn, type Tensor } from '@descent/core';
import { describe, expect, it } from 'vitest';
import * as nn from './index.js';
import { BatchNorm1d, Linear, Module, ReLU, Sequential } from './index.js';

/** A copy of `Base` as a minifier leaves it: same behaviour, a meaningless class name. */
function minified<T extends abstract new (...args: never[]) => unknown>(Base: T): T {
  const Renamed = class extends (Base as unknown as new (...args: unknown[]) => object) {};
  Object.defineProperty(Renamed, 'name', { value: 'Xo' });
  return Renamed as unknown as T;
}

describe('module names', () => {
  it('every exported module class declares its own displayName, equal to its export name', () => {
    const classes = Object.entries(nn).filter(
      ([, value]) => typeof value === 'function' && value.prototype instanceof Module,
    );
    expect(classes.length).toBeGreaterThan(20);
    for (const [exportName, cls] of classes) {
      expect(Object.hasOwn(cls as object, 'displayName'), exportName).toBe(true);
      expect((cls as unknown as typeof Module).displayName).toBe(exportName);
    }
    expect(Module.displayName).toBe('Module');
  });

  it('printing does not read constructor.name of descent classes', () => {
    const seq = new Sequential(new Linear(2, 3), new ReLU());
    // What a bundler does to a class that refers to itself, and what a minifier does to any.
    Object.defineProperty(Sequential, 'name', { value: '_Sequential', configurable: true });
    Object.defineProperty(Linear, 'name', { value: 'Nr', configurable: true });
    try {
      expect(String(seq)).toBe(
        'Sequential(\n  (0): Linear(inFeatures=2, outFeatures=3, bias=true)\n  (1): ReLU()\n)',
      );
      expect(() => seq.loadStateDict({})).toThrow(
        /^Error\(s\) in loading state_dict for Sequential:/,
      );
      expect(() => new Linear(2, 3).getParameter('w')).toThrow(
        'getParameter: Linear has no parameter "w"',
      );
    } finally {
      Object.defineProperty(Sequential, 'name', { value: 'Sequential', configurable: true });
      Object.defineProperty(Linear, 'name', { value: 'Linear', configurable: true });
    }
  });

  it('a subclass of your own prints its class name, or its displayName when it declares one', () => {
    class Encoder extends Linear {}
    class Decoder extends Module {
      static override readonly displayName = 'Decoder';
      fc = new Linear(1, 1);
    }
    expect(String(new Encoder(2, 1))).toBe('Encoder(inFeatures=2, outFeatures=1, bias=true)');
    const MinifiedDecoder = minified(Decoder);
    expect(String(new MinifiedDecoder()).split('(')[0]).toBe('Xo'); // no own displayName: its name
    expect(String(new Decoder()).split('(')[0]).toBe('Decoder');
    const Anonymous = (() => class extends BatchNorm1d {})();
    Object.defineProperty(Anonymous, 'name', { value: '' });
    expect(String(new Anonymous(2)).split('(')[0]).toBe('BatchNorm1d'); // nearest named class
  });

  it('errors name the layer the same way', () => {
    expect(() => new Module().forward()).toThrow(
      'Module [Module] is missing the required "forward" function',
    );
    class Custom extends Module {}
    expect(() => new Custom().forward()).toThrow('Module [Custom] is missing');
  });
});

describe('Sequential takes any modules', () => {
  it('new Sequential(...layers) with layers: Module[] type-checks and runs', () => {
    const layers: Module[] = [new Linear(2, 3), new ReLU(), new Linear(3, 1)];
    const model = new Sequential(...layers);
    expect(model.forward(randn([4, 2])).shape).toEqual([4, 1]);
    model.append(new ReLU() as Module);
  });

  it('a layer that does not return a tensor is named in the error', () => {
    class Broken extends Module {
      override forward(_x: Tensor): number {
        return 3;
      }
    }
    const model = new Sequential(new Linear(2, 2), new Broken() as Module);
    expect(() => model.forward(randn([1, 2]))).toThrow(
      'Sequential: layer 1 (Broken) returned number 3; each layer must map a tensor to a tensor',
    );
  });
});
