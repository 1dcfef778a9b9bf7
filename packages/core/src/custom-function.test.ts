import { describe, expect, it } from 'vitest';
import {
  AutogradError,
  autograd,
  defineFunction,
  gradcheck,
  gradgradcheck,
  randn,
  tensor,
  where,
} from './index.js';

const f64 = (shape: number[], seed = 0) =>
  randn(shape, { dtype: 'float64' }).add(seed).requiresGrad_();

/** x·y + sin(x), with its gradient written by hand. */
const mulSin = defineFunction({
  name: 'mulSin',
  forward: (x, y) => x.mul(y).add(x.sin()),
  backward: (g, _out, x, y) => [g.mul(y.add(x.cos())), g.mul(x)],
});

describe('defineFunction', () => {
  it('records one node under its name, whose gradient passes gradcheck with broadcasting', () => {
    const x = f64([3, 4]);
    const y = f64([4], 1);
    const out = mulSin(x, y);
    expect(out.gradFn?.name).toBe('mulSin');
    expect(out.gradFn?.inputs).toEqual([x, y]);
    expect(gradcheck(mulSin, [x, y])).toBe(true);
  });

  it('is differentiable twice when backward uses public ops', () => {
    expect(gradgradcheck(mulSin, [f64([2, 3]), f64([2, 3], 2)])).toBe(true);
    const x = tensor([0.5], { dtype: 'float64', requiresGrad: true });
    const y = tensor([2], { dtype: 'float64' });
    const [dx] = autograd.grad(mulSin(x, y), [x], { createGraph: true });
    if (!dx) throw new Error('no first derivative');
    const [d2x] = autograd.grad(dx, [x]);
    expect(d2x?.item()).toBeCloseTo(-Math.sin(0.5), 12);
  });

  it('runs forward without recording, so a straight-through estimator can hide a step', () => {
    const roundStraightThrough = defineFunction({
      name: 'roundStraightThrough',
      forward: (x) => x.round(),
      backward: (g) => [g],
    });
    const x = tensor([0.4, 1.6], { requiresGrad: true });
    const y = roundStraightThrough(x);
    expect(Array.from(y.data)).toEqual([0, 2]);
    y.sum().backward();
    expect(Array.from(x.grad?.data ?? [])).toEqual([1, 1]);
  });

  it('never attaches its node to an input its forward returned unchanged', () => {
    const identity = defineFunction({ name: 'identity', forward: (x) => x, backward: (g) => [g] });
    const x = tensor([1, 2], { requiresGrad: true });
    const y = identity(x);
    expect(x.isLeaf).toBe(true);
    expect(y.gradFn?.name).toBe('identity');
  });

  it('reports a backward that returns the wrong number of gradients, naming the op', () => {
    const broken = defineFunction({
      name: 'broken',
      forward: (x, y) => x.add(y),
      backward: (g) => [g],
    });
    const x = tensor([1], { requiresGrad: true });
    expect(() => broken(x, tensor([2])).backward()).toThrow(AutogradError);
    expect(() => broken(x, tensor([2])).backward()).toThrow(
      "backward of 'broken': returned 1 gradients for 2 inputs",
    );
  });

  it('rejects a malformed definition and non-tensor inputs', () => {
    expect(() => defineFunction({ name: 'x' } as never)).toThrow(AutogradError);
    const relu = defineFunction({
      name: 'myRelu',
      forward: (x) => x.relu(),
      backward: (g, _out, x) => [where(x.gt(0), g, 0)],
    });
    expect(() => relu(3 as never)).toThrow('myRelu: input 0 is not a Tensor');
  });
});
