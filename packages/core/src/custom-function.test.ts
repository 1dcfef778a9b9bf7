import { describe, expect, it } from 'vitest';
import { describeEachBackend } from './__fixtures__/backends.js';
import {
  AutogradError,
  autograd,
  defineFunction,
  gradcheck,
  gradgradcheck,
  randn,
  type Tensor,
  tensor,
  where,
} from './index.js';

const f64 = (shape: number[], seed = 0) =>
  randn(shape, { dtype: 'float64' }).add(seed).requiresGrad_();

/** x·y + sin(x), with its gradient written by hand. */
const mulSin = defineFunction({
  name: 'mulSin',
  forward: (ctx, x, y) => {
    ctx.saveForBackward(x, y);
    return x.mul(y).add(x.sin());
  },
  backward: (ctx, g) => {
    const [x, y] = ctx.savedTensors as [Tensor, Tensor];
    return [g.mul(y.add(x.cos())), g.mul(x)];
  },
});

describeEachBackend('custom-function', () => {
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
        forward: (_ctx, x) => x.round(),
        backward: (_ctx, g) => [g],
      });
      const x = tensor([0.4, 1.6], { requiresGrad: true });
      const y = roundStraightThrough(x);
      expect(Array.from(y.dataSync())).toEqual([0, 2]);
      y.sum().backward();
      expect(Array.from(x.grad?.dataSync() ?? [])).toEqual([1, 1]);
    });

    it('never attaches its node to an input its forward returned unchanged', () => {
      const identity = defineFunction({
        name: 'identity',
        forward: (_ctx, x) => x,
        backward: (_ctx, g) => [g],
      });
      const x = tensor([1, 2], { requiresGrad: true });
      const y = identity(x);
      expect(x.isLeaf).toBe(true);
      expect(y.gradFn?.name).toBe('identity');
    });

    it('reports a backward that returns the wrong number of gradients, naming the op', () => {
      const broken = defineFunction({
        name: 'broken',
        forward: (_ctx, x, y) => x.add(y),
        backward: (_ctx, g) => [g],
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
        forward: (ctx, x) => {
          ctx.saveForBackward(x);
          return x.relu();
        },
        backward: (ctx, g) => [where((ctx.savedTensors[0] as Tensor).gt(0), g, 0)],
      });
      expect(() => relu(3 as never)).toThrow('myRelu: input 0 is not a Tensor');
    });
  });

  describe('defineFunction context', () => {
    /** exp(x) saving its own output, as PyTorch's docs do: backward reads it, not x. */
    const myExp = defineFunction({
      name: 'myExp',
      forward: (ctx, x) => {
        const out = x.exp();
        ctx.saveForBackward(out);
        return out;
      },
      backward: (ctx, g) => [g.mul(ctx.savedTensors[0] as Tensor)],
    });

    it('a saved output is the graph output, so second derivatives go through it', () => {
      const x = tensor([0.3, -1.2], { dtype: 'float64', requiresGrad: true });
      expect(gradcheck(myExp, [x])).toBe(true);
      expect(gradgradcheck(myExp, [x])).toBe(true);
      const [dx] = autograd.grad(myExp(x).sum(), [x], { createGraph: true });
      const [d2x] = autograd.grad((dx as Tensor).sum(), [x]);
      expect(Array.from((d2x as Tensor).dataSync())).toEqual([Math.exp(0.3), Math.exp(-1.2)]);
    });

    it('refuses a saved tensor changed in place before backward, naming the function', () => {
      const scale = defineFunction({
        name: 'scale',
        forward: (ctx, x, w) => {
          ctx.saveForBackward(w);
          return x.mul(w);
        },
        backward: (ctx, g) => [g.mul(ctx.savedTensors[0] as Tensor), null],
      });
      const x = tensor([1, 2], { requiresGrad: true });
      const w = tensor([3, 4]);
      const y = scale(x, w);
      w.add_(1);
      expect(() => y.sum().backward()).toThrow(AutogradError);
      expect(() => scale(x, w).sum().backward()).not.toThrow();
      w.mul_(2);
      expect(() => y.sum().backward()).toThrow(
        "backward of 'scale': saved tensor 0 was modified in place after it was saved (version 0, now 2)",
      );
    });

    it('tells backward which inputs need a gradient', () => {
      const seen: boolean[][] = [];
      const probe = defineFunction({
        name: 'probe',
        forward: (ctx, a, b) => {
          seen.push([...ctx.needsInputGrad]);
          return a.add(b);
        },
        backward: (ctx, g) => ctx.needsInputGrad.map((needed) => (needed ? g : null)),
      });
      const a = tensor([1], { requiresGrad: true });
      probe(a, tensor([2])).backward();
      expect(seen).toEqual([[true, false]]);
      expect(a.grad?.item()).toBe(1);
    });
  });
});
