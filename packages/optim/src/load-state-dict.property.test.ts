/**
 * Property: whatever is handed to `loadStateDict` — a real state dict with random parts replaced,
 * removed or added, or random data — the optimizer either loads it fully (and then steps without
 * an error) or throws a descent error and is exactly as before.
 */
import { DescentError, Tensor, tensor } from '@descent/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Adagrad, Adam, type Optimizer, type OptimizerStateDict, RMSprop, SGD } from './index.js';

function params(): Tensor[] {
  return [
    tensor([1, -2, 0.5], { dtype: 'float64', requiresGrad: true }),
    tensor([[0.25, 1]], { dtype: 'float32', requiresGrad: true }),
  ];
}

function step(opt: Optimizer, ps: Tensor[]): void {
  opt.zeroGrad();
  ps.reduce(
    (acc, p) => acc.add(p.mul(p).sum().to('float64')),
    tensor(0, { dtype: 'float64' }),
  ).backward();
  opt.step();
}

const makers: [string, (ps: Tensor[]) => Optimizer][] = [
  [
    'SGD',
    (ps) =>
      new SGD([{ params: [ps[0] as Tensor] }, { params: [ps[1] as Tensor] }], {
        lr: 0.1,
        momentum: 0.9,
      }),
  ],
  [
    'Adam',
    (ps) => new Adam([{ params: [ps[0] as Tensor] }, { params: [ps[1] as Tensor], amsgrad: true }]),
  ],
  ['Adagrad', (ps) => new Adagrad([{ params: [ps[0] as Tensor] }, { params: [ps[1] as Tensor] }])],
  [
    'RMSprop',
    (ps) =>
      new RMSprop([{ params: [ps[0] as Tensor] }, { params: [ps[1] as Tensor] }], {
        centered: true,
        momentum: 0.5,
      }),
  ],
];

/** Everything an optimizer holds, as plain data. */
function snapshot(opt: Optimizer): string {
  return JSON.stringify({
    groups: opt.paramGroups.map(({ params: ps, ...options }) => ({ n: ps.length, ...options })),
    state: [...opt.state.entries()].map(([p, s]) => [
      p.shape,
      Object.entries(s).map(([k, v]) =>
        v === null
          ? [k, null]
          : [k, (v as Tensor).dtype, (v as Tensor).shape, [...(v as Tensor).data].map(String)],
      ),
    ]),
  });
}

/** Leaves: numbers (with NaN and ±Infinity), strings, booleans, null, arrays and tensors. */
const leaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.double(),
  fc.integer({ min: -3, max: 5 }),
  fc.constantFrom(null, undefined, true, false, 'x', '0.1', [], {}, [0.9, 0.999], [2, 2]),
  fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }).chain((shape) =>
    fc
      .array(fc.double(), {
        minLength: shape.reduce((a, b) => a * b, 1),
        maxLength: shape.reduce((a, b) => a * b, 1),
      })
      // new Tensor, not tensor(): state may hold NaN, which tensor() refuses today.
      .map((values) => new Tensor(Float64Array.from(values), shape, 'float64')),
  ),
);

/** One change to a state dict: replace, delete or add something at a random place. */
const mutation = fc.record({
  path: fc.array(
    fc.oneof(
      fc.constantFrom(
        'state',
        'paramGroups',
        '0',
        '1',
        'params',
        'lr',
        'betas',
        'step',
        'expAvg',
        'momentumBuffer',
        'sum',
        'squareAvg',
        'momentum',
        'amsgrad',
        'initialLr',
      ),
      fc.string({ maxLength: 4 }),
    ),
    { minLength: 1, maxLength: 4 },
  ),
  action: fc.constantFrom('set', 'delete'),
  value: leaf,
});

function mutate(
  sd: unknown,
  changes: { path: string[]; action: string; value: unknown }[],
): unknown {
  let root = sd;
  for (const { path, action, value } of changes) {
    if (path.length === 1 && action === 'set') {
      root = value;
      continue;
    }
    let node = root as Record<string, unknown> | null;
    for (const key of path.slice(0, -1)) {
      const next = node !== null && typeof node === 'object' ? node[key] : undefined;
      if (next === null || typeof next !== 'object') {
        node = null;
        break;
      }
      node = next as Record<string, unknown>;
    }
    if (node === null || typeof node !== 'object') continue;
    const last = path[path.length - 1] as string;
    if (action === 'delete') delete node[last];
    else node[last] = value;
  }
  return root;
}

describe.each(makers)('%s.loadStateDict: loads fully or throws and changes nothing', (_, make) => {
  function check(candidate: unknown): void {
    const ps = params();
    const opt = make(ps);
    step(opt, ps);
    const before = snapshot(opt);
    try {
      opt.loadStateDict(candidate as OptimizerStateDict);
    } catch (error) {
      expect(error).toBeInstanceOf(DescentError);
      expect(snapshot(opt)).toBe(before);
      return;
    }
    // Loaded: it must be usable, and it must save what it loaded.
    step(opt, ps);
    const again = make(params());
    again.loadStateDict(opt.stateDict());
  }

  it('mutated real state dicts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (steps, changes) => {
          const ps = params();
          const source = make(ps);
          for (let i = 0; i < steps; i++) step(source, ps);
          check(mutate(source.stateDict(), changes));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('random data', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          leaf,
          fc.dictionary(
            fc.constantFrom('state', 'paramGroups', 'x'),
            fc.oneof(
              leaf,
              fc.array(fc.dictionary(fc.string({ maxLength: 3 }), leaf), { maxLength: 3 }),
            ),
          ),
        ),
        check,
      ),
      { numRuns: 100 },
    );
  });
});
