import { describe, expect, it } from 'vitest';
import { describeEachBackend } from './__fixtures__/backends.js';
import { AutogradError, noGrad, tensor } from './index.js';

describeEachBackend('version-counter', () => {
  describe('in-place changes to tensors saved for backward', () => {
    it('count in the version, shared by views (reshape, detach)', () => {
      const t = tensor([1, 2, 3, 4]);
      const view = t.reshape([2, 2]);
      const detached = t.detach();
      expect(t.version).toBe(0);
      view.add_(1);
      detached.mul_(2);
      expect([t.version, view.version, detached.version]).toEqual([2, 2, 2]);
      expect(tensor([1]).bumpVersion().version).toBe(1);
    });

    it('make backward refuse a gradient that reads a changed tensor, naming the op', () => {
      const w = tensor([1, 2], { requiresGrad: true });
      const x = tensor([3, 4]);
      const y = w.mul(x).sum();
      x.mul_(10); // mul's gradient for w is g·x: the x it saw is gone
      expect(() => y.backward()).toThrow(AutogradError);
      expect(() => w.mul(x).sum().backward()).not.toThrow();
      const z = w.mul(x).sum();
      x.add_(1);
      expect(() => z.backward()).toThrow(
        "backward of 'mul': a tensor its gradient needs was modified in place after the forward pass",
      );
    });

    it('catch a changed output that the gradient reads (exp, tanh) and a changed parameter', () => {
      const w = tensor([0.5], { requiresGrad: true });
      const e = w.exp();
      const loss = e.sum();
      noGrad(() => e.add_(1));
      expect(() => loss.backward()).toThrow(/backward of 'exp'/);

      const p = tensor([1, 2], { requiresGrad: true });
      const q = tensor([3, 4], { requiresGrad: true });
      const out = p.mul(q).sum();
      out.backward(undefined, { retainGraph: true });
      noGrad(() => p.sub_(q.grad ?? 0, 0.1));
      expect(() => out.backward()).toThrow(AutogradError);
    });

    it('allow changing a tensor the gradient never reads, as PyTorch does (add, sum)', () => {
      const w = tensor([1, 2], { requiresGrad: true });
      const x = tensor([3, 4]);
      const y = w.add(x).sum();
      x.add_(1);
      y.backward();
      expect(Array.from(w.grad?.dataSync() ?? [])).toEqual([1, 1]);
    });
  });
});
