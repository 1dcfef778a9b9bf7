/**
 * The autograd engine's contract: accumulation, leaves and retained grads, graph release and the
 * errors around it, deep graphs, grad modes, in-place rules, the functional API, higher-order
 * derivatives and anomaly mode. Expected values are analytic.
 */
import { describe, expect, it } from 'vitest';
import { describeEachBackend } from './__fixtures__/backends.js';
import {
  AnomalyError,
  AutogradError,
  autograd,
  DTypeError,
  detectAnomaly,
  enableGrad,
  grad,
  isAnomalyEnabled,
  isGradEnabled,
  matmul,
  noGrad,
  ones,
  setGradEnabled,
  type Tensor,
  tensor,
  valueAndGrad,
  zeros,
} from './index.js';

const f64 = (data: number[], requiresGrad = true): Tensor =>
  tensor(Float64Array.from(data), { requiresGrad });
const arr = (t: Tensor | null | undefined): number[] => Array.from((t as Tensor).dataSync());

describeEachBackend('autograd', () => {
  describe('gradient accumulation', () => {
    it('a tensor used twice in one op gets both contributions: d(x·x)/dx = 2x, d(x+x)/dx = 2', () => {
      const x = f64([1.5, -2, 3]);
      x.mul(x).sum().backward();
      expect(arr(x.grad)).toEqual([3, -4, 6]);
      const y = f64([1.5, -2, 3]);
      y.add(y).sum().backward();
      expect(arr(y.grad)).toEqual([2, 2, 2]);
    });

    it('a tensor used along two paths sums them: d/dx (x·3 + x²) = 3 + 2x', () => {
      const x = f64([1, 2]);
      x.mul(3).add(x.square()).sum().backward();
      expect(arr(x.grad)).toEqual([5, 7]);
    });

    it('two backward calls (retainGraph) add into .grad', () => {
      const x = f64([2, 5]);
      const loss = x.square().sum();
      loss.backward(undefined, { retainGraph: true });
      expect(arr(x.grad)).toEqual([4, 10]);
      loss.backward();
      expect(arr(x.grad)).toEqual([8, 20]);
    });

    it('backward into a fresh graph adds onto the existing .grad', () => {
      const x = f64([1, 2]);
      x.mul(2).sum().backward();
      x.mul(5).sum().backward();
      expect(arr(x.grad)).toEqual([7, 7]);
    });

    it('broadcast operands receive gradients summed back to their own shape', () => {
      const a = f64([1, 2, 3]); // [3]
      const b = tensor(Float64Array.of(10, 20), { shape: [2, 1], requiresGrad: true });
      a.mul(b).sum().backward();
      expect(arr(a.grad)).toEqual([30, 30, 30]);
      expect((b.grad as Tensor).shape).toEqual([2, 1]);
      expect(arr(b.grad)).toEqual([6, 6]);
    });

    it('leaves sharing a gradient through add get distinct .grad tensors, even with createGraph', () => {
      for (const createGraph of [false, true]) {
        const x = f64([1, 2]);
        const y = f64([3, 4]);
        x.add(y).sum().backward(undefined, { createGraph });
        expect(x.grad).not.toBe(y.grad);
        noGrad(() => (x.grad as Tensor).zero_());
        expect(arr(y.grad)).toEqual([1, 1]);
      }
    });

    it("a later backward never writes into the caller's gradient tensor", () => {
      const x = f64([1, 2]);
      const g = f64([1, 1], false);
      x.mul(1).backward(g, { createGraph: true });
      x.mul(1).backward(g);
      x.backward(g);
      expect(arr(g)).toEqual([1, 1]);
      expect(arr(x.grad)).toEqual([3, 3]);
    });
  });

  describe('leaves, non-leaves and retainGrad', () => {
    it('only leaves get .grad unless retainGrad() is called', () => {
      const x = f64([1, 2]);
      const h = x.mul(3);
      const k = x.mul(4).retainGrad();
      h.add(k.square()).sum().backward();
      expect(x.isLeaf).toBe(true);
      expect(h.isLeaf).toBe(false);
      expect(h.grad).toBeNull();
      expect(k.retainsGrad).toBe(true);
      expect(arr(k.grad)).toEqual([8, 16]); // d/dk k² = 2k, k = [4, 8]
      expect(arr(x.grad)).toEqual([3 + 32, 3 + 64]); // 3 + 2·k·4
    });

    it('a leaf that does not require grad gets nothing', () => {
      const w = f64([1, 2], false);
      const x = f64([3, 4]);
      w.mul(x).sum().backward();
      expect(w.grad).toBeNull();
      expect(arr(x.grad)).toEqual([1, 2]);
    });

    it('backward() on a leaf itself seeds its gradient', () => {
      const x = f64([7]);
      x.backward();
      expect(arr(x.grad)).toEqual([1]);
    });

    it('retainGrad on a tensor without grad, requiresGrad_(false) on a non-leaf and a wrong-shaped .grad throw', () => {
      expect(() => f64([1], false).retainGrad()).toThrow(AutogradError);
      const y = f64([1, 2]).mul(2);
      expect(() => y.requiresGrad_(false)).toThrow(/non-leaf/);
      const x = f64([1, 2]);
      expect(() => {
        x.grad = zeros([3], { dtype: 'float64' });
      }).toThrow(/shape \[3\] but the tensor has shape \[2\]/);
    });
  });

  describe('backward errors and graph release', () => {
    it('backward() on a non-scalar without a gradient throws a helpful AutogradError', () => {
      const y = f64([1, 2, 3]).mul(2);
      expect(() => y.backward()).toThrow(AutogradError);
      expect(() => y.backward()).toThrow(/only for scalar outputs, got shape \[3\].*onesLike/);
    });

    it('backward() on a non-scalar with an explicit gradient computes a vector-Jacobian product', () => {
      const x = f64([1, 2, 3]);
      x.square().backward(f64([1, 0.5, -1], false));
      expect(arr(x.grad)).toEqual([2, 2, -6]);
    });

    it('a gradient of the wrong shape is rejected', () => {
      const y = f64([1, 2, 3]).mul(2);
      expect(() => y.backward(f64([1, 2], false))).toThrow(
        /gradient has shape \[2\] but the output has shape \[3\]/,
      );
    });

    it('backward() on a tensor that does not require grad throws', () => {
      expect(() => f64([1], false).backward()).toThrow(AutogradError);
    });

    it('a second backward through a freed graph throws, mentioning retainGraph', () => {
      const x = f64([1, 2]);
      const loss = x.exp().sum();
      loss.backward();
      expect(() => loss.backward()).toThrow(AutogradError);
      expect(() => loss.backward()).toThrow(/second time.*retainGraph: true/s);
    });

    it('using a freed intermediate in a new graph also throws', () => {
      const x = f64([1, 2]);
      const h = x.exp();
      h.sum().backward();
      expect(() => h.mul(2).sum().backward()).toThrow(/retainGraph/);
    });

    it('retainGraph keeps the graph for another backward', () => {
      const x = f64([1, 2]);
      const loss = x.exp().sum();
      loss.backward(undefined, { retainGraph: true });
      expect(() => loss.backward()).not.toThrow();
      expect(arr(x.grad)).toEqual([2 * Math.E, 2 * Math.exp(2)]);
    });

    it('gradFn is released and its inputs emptied after backward, kept with retainGraph', () => {
      const x = f64([1, 2]);
      const y = x.mul(3);
      const loss = y.sum();
      expect(y.gradFn?.name).toBe('mul');
      expect(y.gradFn?.inputs.length).toBe(2);
      expect(y.gradFn?.released).toBe(false);
      loss.backward(undefined, { retainGraph: true });
      expect(y.gradFn?.released).toBe(false);
      loss.backward();
      expect(y.gradFn?.released).toBe(true);
      expect(y.gradFn?.inputs).toEqual([]);
      expect(loss.gradFn?.released).toBe(true);
    });

    it('a 100,000-op deep chain backpropagates without overflowing the stack', () => {
      const x = tensor(1, { dtype: 'float64', requiresGrad: true });
      let y = x;
      const n = 100_000;
      for (let i = 0; i < n; i++) y = y.mul(1.0000001);
      y.backward();
      expect((x.grad as Tensor).item()).toBeCloseTo(1.0000001 ** n, 9);
    });
  });

  describe('grad modes', () => {
    it('noGrad: results do not require grad and nothing is recorded', () => {
      const x = f64([1, 2]);
      const y = noGrad(() => x.mul(2).exp());
      expect(y.requiresGrad).toBe(false);
      expect(y.gradFn).toBeNull();
      expect(noGrad(() => isGradEnabled())).toBe(false);
      expect(isGradEnabled()).toBe(true);
    });

    it('enableGrad nested in noGrad records again, and each mode is restored', () => {
      const x = f64([1, 2]);
      noGrad(() => {
        const y = enableGrad(() => x.mul(2));
        expect(y.requiresGrad).toBe(true);
        expect(y.gradFn?.name).toBe('mul');
        expect(isGradEnabled()).toBe(false);
        const z = enableGrad(() => noGrad(() => x.mul(2)));
        expect(z.requiresGrad).toBe(false);
      });
      expect(isGradEnabled()).toBe(true);
    });

    it('the mode is restored after a throw', () => {
      expect(() =>
        noGrad(() => {
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(isGradEnabled()).toBe(true);
      setGradEnabled(false);
      try {
        expect(() =>
          enableGrad(() => {
            throw new Error('boom');
          }),
        ).toThrow('boom');
        expect(isGradEnabled()).toBe(false);
      } finally {
        setGradEnabled(true);
      }
    });

    it('requiresGrad on int32 or bool throws DTypeError', () => {
      expect(() => tensor([1, 2], { dtype: 'int32' }).requiresGrad_()).toThrow(DTypeError);
      expect(() => tensor([1, 2], { dtype: 'int32', requiresGrad: true })).toThrow(DTypeError);
      expect(() => tensor([true]).requiresGrad_()).toThrow(DTypeError);
      expect(() => zeros([2], { dtype: 'int32', requiresGrad: true })).toThrow(DTypeError);
    });
  });

  describe('in-place ops', () => {
    const inPlace: [string, (t: Tensor) => unknown][] = [
      ['add_', (t) => t.add_(1)],
      ['add_', (t) => t.add_(f64([1, 1], false), 2)],
      ['sub_', (t) => t.sub_(f64([1, 1], false))],
      ['mul_', (t) => t.mul_(2)],
      ['div_', (t) => t.div_(2)],
      ['zero_', (t) => t.zero_()],
      ['fill_', (t) => t.fill_(3)],
      ['copy_', (t) => t.copy_(f64([5, 6], false))],
      ['clamp_', (t) => t.clamp_(0, 1)],
      ['addcmul_', (t) => t.addcmul_(f64([1, 1], false), f64([2, 2], false))],
      ['addcdiv_', (t) => t.addcdiv_(f64([1, 1], false), f64([2, 2], false))],
      ['uniform_', (t) => t.uniform_()],
      ['normal_', (t) => t.normal_()],
    ];
    it.each(inPlace)(
      '%s on a tensor requiring grad throws, naming the op and noGrad',
      (name, op) => {
        const w = f64([1, 2]);
        expect(() => op(w)).toThrow(AutogradError);
        expect(() => op(w)).toThrow(new RegExp(`${name}.*noGrad`));
        expect(arr(w)).toEqual([1, 2]);
      },
    );

    it('in-place ops work inside noGrad and on tensors without grad', () => {
      const w = f64([1, 2]);
      noGrad(() => {
        w.add_(1);
        w.mul_(f64([2, 3], false));
        w.sub_(1, 2);
      });
      expect(arr(w)).toEqual([2, 7]); // ((1+1)·2 - 2, (2+1)·3 - 2)
      expect(w.requiresGrad).toBe(true);
      const plain = f64([1, 2], false);
      plain.copy_(f64([4, 5], false)).add_(f64([1, 1], false), 0.5);
      expect(arr(plain)).toEqual([4.5, 5.5]);
      noGrad(() => w.zero_());
      expect(arr(w)).toEqual([0, 0]);
    });
  });

  describe('detach and dtypes', () => {
    it('detach() shares storage but has no grad and no history', () => {
      const x = f64([1, 2]);
      const y = x.mul(2);
      const d = y.detach();
      expect(d.requiresGrad).toBe(false);
      expect(d.gradFn).toBeNull();
      expect(d.storage).toBe(y.storage);
      noGrad(() => d.fill_(42));
      expect(Array.from(y.dataSync())).toEqual([42, 42]);
      // A loss through the detached tensor does not reach x.
      expect(() => d.sum().backward()).toThrow(AutogradError);
    });

    it('a float32 input mixed with a float64 tensor gets a float32 gradient', () => {
      const x = tensor([1, 2], { requiresGrad: true });
      const w = f64([0.25, 3], false);
      const y = x.mul(w).sum();
      expect(y.dtype).toBe('float64');
      y.backward();
      expect((x.grad as Tensor).dtype).toBe('float32');
      expect(arr(x.grad)).toEqual([0.25, 3]);
    });

    it("to('float64') is differentiable and its gradient comes back float32", () => {
      const x = tensor([1.5], { requiresGrad: true });
      x.to('float64').square().sum().backward();
      expect((x.grad as Tensor).dtype).toBe('float32');
      expect(arr(x.grad)).toEqual([3]);
    });
  });

  describe('PyTorch conventions at kinks', () => {
    it('relu and abs have gradient 0 at 0; maximum/minimum split ties evenly', () => {
      const x = f64([0, 0]);
      x.relu().sum().backward();
      expect(arr(x.grad)).toEqual([0, 0]);
      const y = f64([0]);
      y.abs().sum().backward();
      expect(arr(y.grad)).toEqual([0]);
      const a = f64([1, 2]);
      const b = f64([1, 0]);
      a.maximum(b).sum().backward();
      expect(arr(a.grad)).toEqual([0.5, 1]);
      expect(arr(b.grad)).toEqual([0.5, 0]);
    });

    it('amax shares the gradient among tied maxima; max(dim) sends it to the returned index', () => {
      const x = f64([1, 3, 3]);
      x.amax().backward();
      expect(arr(x.grad)).toEqual([0, 0.5, 0.5]);
      const y = f64([3, 1, 3]);
      const { values, indices } = y.max(0);
      expect(indices.item()).toBe(0); // the first occurrence, as PyTorch
      values.backward();
      expect(arr(y.grad)).toEqual([1, 0, 0]);
    });

    it('clamp passes the gradient at its bounds (min <= x <= max)', () => {
      const x = f64([-1, 0, 0.5, 1, 2]);
      x.clamp(0, 1).sum().backward();
      expect(arr(x.grad)).toEqual([0, 1, 1, 1, 0]);
    });

    it('pow: a zero exponent has zero gradient at base 0; d/db 0^b is 0 for b > 0', () => {
      const base = f64([0, 0]);
      const exponent = f64([0, 2]);
      base.pow(exponent).sum().backward();
      expect(arr(base.grad)).toEqual([0, 0]);
      expect(arr(exponent.grad)).toEqual([0, 0]);
    });
  });

  describe('functional API', () => {
    it('grad(f)(x, y) returns one gradient per argument', () => {
      const f = (x: Tensor, y: Tensor): Tensor => x.mul(y).sum().add(x.square().sum());
      const [dx, dy] = grad(f)(f64([1, 2], false), f64([3, 4], false));
      expect(arr(dx)).toEqual([3 + 2, 4 + 4]); // y + 2x
      expect(arr(dy)).toEqual([1, 2]); // x
    });

    it('an unused argument gets zeros; inputs are not modified or given .grad', () => {
      const x = f64([1, 2]);
      const unused = f64([5, 6, 7], false);
      const [dx, du] = grad((a: Tensor) => a.sum())(x, unused);
      expect(arr(dx)).toEqual([1, 1]);
      expect(arr(du)).toEqual([0, 0, 0]);
      expect(x.grad).toBeNull();
    });

    it('valueAndGrad returns the value and the gradients, even inside noGrad', () => {
      const [value, [dw]] = noGrad(() =>
        valueAndGrad((w: Tensor) => w.square().sum())(f64([3, -1], false)),
      );
      expect(value.item()).toBe(10);
      expect(value.requiresGrad).toBe(false);
      expect(arr(dw)).toEqual([6, -2]);
    });

    it('grad of a function with a non-scalar result throws', () => {
      expect(() => grad((x: Tensor) => x.mul(2))(f64([1, 2], false))).toThrow(/one-element tensor/);
    });

    it('Hessian-vector product of 0.5·xᵀAx via nested grad equals ((A + Aᵀ)/2)·v', () => {
      const A = [
        [2, 1, 0],
        [-3, 4, 0.5],
        [1, 2, 5],
      ];
      const a = tensor(Float64Array.from(A.flat()), { shape: [3, 3] });
      const v = f64([1, -2, 0.5], false);
      const f = (x: Tensor): Tensor => matmul(x, matmul(a, x)).mul(0.5);
      const hvp = (x: Tensor): Tensor[] =>
        grad((y: Tensor) => (grad(f)(y)[0] as Tensor).mul(v).sum())(x);
      const [hv] = hvp(f64([0.3, -1, 2], false));
      const vs = [1, -2, 0.5];
      const expected = A.map((_, i) =>
        vs.reduce(
          (s, vj, j) =>
            s + ((((A[i] as number[])[j] as number) + ((A[j] as number[])[i] as number)) / 2) * vj,
          0,
        ),
      );
      expect(arr(hv)).toEqual(expected.map((e) => expect.closeTo(e, 12)));
    });

    it('Hessian-vector product of logSumExp equals (diag(p) - ppᵀ)·v with p = softmax(x)', () => {
      const xs = [0.2, -1, 1.5, 0.7];
      const vs = [1, 0.5, -1, 2];
      const v = f64(vs, false);
      const f = (x: Tensor): Tensor => x.logSumExp(0);
      const [hv] = grad((y: Tensor) => (grad(f)(y)[0] as Tensor).mul(v).sum())(f64(xs, false));
      const z = xs.reduce((s, x) => s + Math.exp(x), 0);
      const p = xs.map((x) => Math.exp(x) / z);
      const pv = p.reduce((s, pi, i) => s + pi * (vs[i] as number), 0);
      const expected = p.map((pi, i) => pi * (vs[i] as number) - pi * pv);
      expect(arr(hv)).toEqual(expected.map((e) => expect.closeTo(e, 12)));
    });

    it('full Hessian of a non-quadratic f(x, y) = x²·y + sin(y) via autograd.grad twice', () => {
      const [x0, y0] = [1.3, -0.4];
      const p = f64([x0, y0]);
      const x = p.select(0, 0);
      const y = p.select(0, 1);
      const fval = x.square().mul(y).add(y.sin());
      const [g] = autograd.grad(fval, [p], { createGraph: true });
      expect(arr(g)).toEqual(
        [2 * x0 * y0, x0 * x0 + Math.cos(y0)].map((v) => expect.closeTo(v, 12)),
      );
      const rows = [0, 1].map((i) =>
        arr(autograd.grad((g as Tensor).select(0, i), [p], { retainGraph: true })[0]),
      );
      const expected = [
        [2 * y0, 2 * x0],
        [2 * x0, -Math.sin(y0)],
      ];
      expect(rows).toEqual(expected.map((row) => row.map((e) => expect.closeTo(e, 12))));
    });
  });

  describe('autograd.grad', () => {
    it('differentiates with respect to an intermediate tensor as well as a leaf', () => {
      const x = f64([1, 2]);
      const h = x.exp();
      const [dh, dx] = autograd.grad(h.sum().mul(2), [h, x]);
      expect(arr(dh)).toEqual([2, 2]);
      expect(arr(dx)).toEqual([2 * Math.E, 2 * Math.exp(2)].map((v) => expect.closeTo(v, 12)));
    });

    it('backward with createGraph leaves a differentiable .grad: a second backward adds d(Σ3x²)/dx', () => {
      const x = f64([1, 2]);
      x.pow(3).sum().backward(undefined, { createGraph: true });
      expect(arr(x.grad)).toEqual([3, 12]);
      expect((x.grad as Tensor).requiresGrad).toBe(true);
      (x.grad as Tensor).sum().backward();
      expect(arr(x.grad)).toEqual([3 + 6, 12 + 12]); // 3x² + 6x
    });

    it('returns gradients without touching .grad', () => {
      const x = f64([1, 2]);
      const [dx] = autograd.grad(x.pow(3).sum(), [x]);
      expect(arr(dx)).toEqual([3, 12]);
      expect(x.grad).toBeNull();
    });

    it('allowUnused gives null for an input the output does not depend on; otherwise it throws', () => {
      const x = f64([1, 2]);
      const unused = f64([3]);
      expect(() => autograd.grad(x.sum(), [x, unused])).toThrow(/allowUnused/);
      const [dx, du] = autograd.grad(x.mul(2).sum(), [x, unused], { allowUnused: true });
      expect(arr(dx)).toEqual([2, 2]);
      expect(du).toBeNull();
    });

    it('several outputs with gradOutputs, and a mismatched count throws', () => {
      const x = f64([1, 2]);
      const [dx] = autograd.grad([x.square(), x.mul(3)], [x], {
        gradOutputs: [f64([1, 1], false), f64([2, 0], false)],
      });
      expect(arr(dx)).toEqual([2 + 6, 4 + 0]);
      expect(() => autograd.grad([x.square()], [x], { gradOutputs: [] })).toThrow(/1 outputs/);
    });

    it('an input that does not require grad is rejected', () => {
      const x = f64([1], false);
      expect(() => autograd.grad(ones([1]), [x])).toThrow(AutogradError);
    });
  });

  describe('detectAnomaly', () => {
    it("log(0) in forward throws an AnomalyError naming 'log'", () => {
      const x = f64([1, 0]);
      expect(() => detectAnomaly(() => x.log())).toThrow(AnomalyError);
      expect(() => detectAnomaly(() => x.log())).toThrow(
        /forward of 'log' produced -Infinity \(at flat index 1\)/,
      );
    });

    it("an infinite gradient in backward (sqrt at 0) throws naming 'sqrt', not a helper op", () => {
      const x = f64([4, 0]);
      expect(() => detectAnomaly(() => x.sqrt().sum().backward())).toThrow(
        /backward of 'sqrt' produced Infinity/,
      );
    });

    it("a non-finite gradient of pow at base 0 names 'pow'", () => {
      const x = f64([0]);
      expect(() => detectAnomaly(() => x.pow(0.5).sum().backward())).toThrow(
        /backward of 'pow' produced/,
      );
    });

    it('a masked infinity inside a gradient formula is not an anomaly', () => {
      // where's gradient is computed with where(cond, g, 0): nothing non-finite reaches x.
      const x = f64([1, 2]);
      expect(() => detectAnomaly(() => x.exp().sum().backward())).not.toThrow();
      expect(arr(x.grad)).toEqual([Math.E, Math.exp(2)]);
    });

    it('outside anomaly mode nothing is thrown, and the mode is restored after an anomaly', () => {
      const x = f64([0]);
      const y = x.log();
      expect(arr(y)).toEqual([-Infinity]);
      x.sqrt().sum().backward();
      expect(arr(x.grad)).toEqual([Infinity]);
      expect(() => detectAnomaly(() => f64([0]).log())).toThrow(AnomalyError);
      expect(isAnomalyEnabled()).toBe(false);
    });
  });
});
