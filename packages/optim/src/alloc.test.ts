/**
 * "Nothing allocated per step after the first": the optimizers update parameters and state in
 * place. Checked two ways: typed-array constructions are counted while `step()` runs (the global
 * constructors are wrapped for the duration), and the state objects, their tensors' storage and
 * every parameter's storage must be the very same instances after 10 more steps.
 */
import { Generator, randn, Tensor } from '@descent/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Adagrad,
  Adam,
  AdamW,
  type Optimizer,
  type OptimizerOptions,
  RMSprop,
  SGD,
} from './index.js';

const NAMES = ['Float32Array', 'Float64Array', 'Int32Array', 'Uint8Array'] as const;
const originals = NAMES.map((name) => globalThis[name]);
let created = 0;

function startCounting(): void {
  created = 0;
  NAMES.forEach((name, i) => {
    const Original = originals[i] as (typeof globalThis)[typeof name];
    (globalThis as Record<string, unknown>)[name] = new Proxy(Original, {
      construct(target, args, newTarget) {
        created++;
        return Reflect.construct(target, args, newTarget);
      },
    });
  });
}

function stopCounting(): number {
  NAMES.forEach((name, i) => {
    (globalThis as Record<string, unknown>)[name] = originals[i];
  });
  return created;
}
afterEach(stopCounting);

function model(dtype: 'float32' | 'float64') {
  const g = new Generator(2);
  const params = [randn([16, 8], { generator: g, dtype }), randn([8], { generator: g, dtype })];
  for (const p of params) {
    p.requiresGrad_();
    p.grad = randn(p.shape.slice(), { generator: g, dtype }).mul(0.1);
  }
  return params;
}

/** Every object, storage and backend handle the optimizer holds, in a fixed order. */
function identities(opt: Optimizer<OptimizerOptions, object>, params: Tensor[]): unknown[] {
  const out: unknown[] = params.flatMap((p) => [p.storage, p.storage.handle]);
  for (const p of params) {
    const state = opt.state.get(p) as Record<string, unknown>;
    out.push(state);
    for (const value of Object.values(state)) {
      out.push(value);
      if (value instanceof Tensor) out.push(value.storage, value.storage.handle);
    }
  }
  return out;
}

const configs: [string, (p: Tensor[]) => Optimizer<OptimizerOptions, object>][] = [
  [
    'SGD momentum nesterov weightDecay',
    (p) => new SGD(p, { lr: 0.01, momentum: 0.9, nesterov: true, weightDecay: 0.1 }),
  ],
  ['Adagrad lrDecay', (p) => new Adagrad(p, { lrDecay: 0.01, weightDecay: 0.1 })],
  ['RMSprop centered momentum', (p) => new RMSprop(p, { centered: true, momentum: 0.9 })],
  [
    'Adam amsgrad',
    (p) =>
      new Adam([{ params: [p[0] as Tensor] }, { params: [p[1] as Tensor], lr: 0.1 }], {
        amsgrad: true,
      }),
  ],
  ['AdamW', (p) => new AdamW(p, { maximize: true })],
];

describe('no allocation per step after the first', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it.each(configs)(
      `%s (${dtype}): 0 typed arrays created by steps 2-11, same state instances`,
      (_, make) => {
        const params = model(dtype);
        const opt = make(params);
        startCounting();
        opt.step();
        const first = stopCounting();
        const before = identities(opt, params);

        startCounting();
        for (let i = 0; i < 10; i++) opt.step();
        expect(stopCounting()).toBe(0);

        const after = identities(opt, params);
        expect(after.length).toBe(before.length);
        after.forEach((x, i) => {
          expect(x).toBe(before[i]);
        });
        // The counter works: the first step of optimizers with lazy state allocates it.
        if (!(opt instanceof Adagrad)) expect(first).toBeGreaterThan(0);
      },
    );
  }
});
