/**
 * The performance shortcuts, each against the general path it replaces: the binary kernel's
 * broadcast fast paths and the reduce kernel's contiguous paths against naive loops; fused
 * activation gradients against the composed formulas (used with createGraph); leaves keeping a
 * fresh gradient as `.grad` without a copy, never sharing storage; gradients skipped for inputs
 * that do not require them.
 */
import { describe, expect, it } from 'vitest';
import { arrayKernels, describeEachBackend } from './__fixtures__/backends.js';
import {
  autograd,
  type BinaryOp,
  defineFunction,
  Generator,
  linear,
  matmul,
  noGrad,
  type ReduceOp,
  type Tensor,
  tensor,
} from './index.js';

const gen = new Generator(2024);
const randomArray = (size: number): Float64Array =>
  Float64Array.from({ length: size }, () => gen.random() * 2 - 1);
const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function contiguous(shape: readonly number[]): number[] {
  const strides: number[] = [];
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d] as number;
  }
  return strides;
}

/** Strides reading `shape` broadcast to `out` (0 on broadcast axes), as ops pass them. */
function broadcastStrides(shape: readonly number[], out: readonly number[]): number[] {
  const own = contiguous(shape);
  const lead = out.length - shape.length;
  return out.map((_, d) => (d < lead || shape[d - lead] === 1 ? 0 : (own[d - lead] as number)));
}

function naiveBinary(
  op: (x: number, y: number) => number,
  a: Float64Array,
  aShape: number[],
  b: Float64Array,
  bShape: number[],
  out: number[],
): Float64Array {
  const as = broadcastStrides(aShape, out);
  const bs = broadcastStrides(bShape, out);
  const result = new Float64Array(sizeOf(out));
  const index = out.map(() => 0);
  for (let i = 0; i < result.length; i++) {
    let ai = 0;
    let bi = 0;
    for (let d = 0; d < out.length; d++) {
      ai += (index[d] as number) * (as[d] as number);
      bi += (index[d] as number) * (bs[d] as number);
    }
    result[i] = op(a[ai] as number, b[bi] as number);
    for (let d = out.length - 1; d >= 0; d--) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (out[d] as number)) break;
      index[d] = 0;
    }
  }
  return result;
}

describeEachBackend('fast-paths', () => {
  describe('binary kernel: broadcast fast paths vs a naive loop', () => {
    // [a, b, out]: rows of a bias, [N,1] statistics, both orders, size-1 axes, and shapes that
    // take the general coalescing path (2-d after coalescing, and 3-d).
    const cases: [number[], number[], number[]][] = [
      [[10, 8], [8], [10, 8]],
      [
        [10, 8],
        [1, 8],
        [10, 8],
      ],
      [[8], [10, 8], [10, 8]],
      [
        [10, 8],
        [10, 1],
        [10, 8],
      ],
      [
        [10, 1],
        [10, 8],
        [10, 8],
      ],
      [
        [2, 3, 4],
        [3, 4],
        [2, 3, 4],
      ],
      [
        [2, 3, 4],
        [2, 3, 1],
        [2, 3, 4],
      ],
      [
        [2, 3, 4],
        [2, 1, 1],
        [2, 3, 4],
      ],
      [
        [4, 1, 5],
        [4, 3, 5],
        [4, 3, 5],
      ],
      [
        [1, 3, 1],
        [2, 3, 4],
        [2, 3, 4],
      ],
      [
        [3, 1],
        [1, 4],
        [3, 4],
      ],
      [
        [2, 1, 4],
        [2, 3, 1],
        [2, 3, 4],
      ],
      [
        [5, 1, 1],
        [1, 6],
        [5, 1, 6],
      ],
    ];
    const ops: [BinaryOp, (x: number, y: number) => number][] = [
      ['sub', (x, y) => x - y],
      ['div', (x, y) => x / y],
      ['mul', (x, y) => x * y],
    ];
    for (const [aShape, bShape, out] of cases) {
      for (const [op, f] of ops) {
        it(`${op} [${aShape}] with [${bShape}]`, () => {
          const a = randomArray(sizeOf(aShape));
          const b = randomArray(sizeOf(bShape));
          const result = new Float64Array(sizeOf(out));
          arrayKernels.binary(
            op,
            a,
            broadcastStrides(aShape, out),
            b,
            broadcastStrides(bShape, out),
            result,
            out,
          );
          expect(Array.from(result)).toEqual(Array.from(naiveBinary(f, a, aShape, b, bShape, out)));
        });
      }
    }
  });

  describe('reduce kernel: contiguous paths vs a naive loop', () => {
    function naiveReduce(op: ReduceOp, x: Float64Array, shape: number[], dims: number[]): number[] {
      const outShape = shape.filter((_, d) => !dims.includes(d));
      const out = new Array<number>(sizeOf(outShape)).fill(
        op === 'sum' ? 0 : op === 'max' ? -Infinity : Infinity,
      );
      const index = shape.map(() => 0);
      for (let i = 0; i < x.length; i++) {
        let o = 0;
        for (let d = 0; d < shape.length; d++)
          if (!dims.includes(d)) o = o * (shape[d] as number) + (index[d] as number);
        const v = x[i] as number;
        const acc = out[o] as number;
        out[o] =
          op === 'sum'
            ? acc + v
            : op === 'max'
              ? v > acc || Number.isNaN(v)
                ? v
                : acc
              : v < acc || Number.isNaN(v)
                ? v
                : acc;
        for (let d = shape.length - 1; d >= 0; d--) {
          index[d] = (index[d] as number) + 1;
          if ((index[d] as number) < (shape[d] as number)) break;
          index[d] = 0;
        }
      }
      return out;
    }
    const cases: [number[], number[]][] = [
      [[7, 5], [0]],
      [[7, 5], [1]],
      [
        [7, 5],
        [0, 1],
      ],
      [
        [3, 4, 5],
        [0, 1],
      ],
      [
        [3, 4, 5],
        [1, 2],
      ],
      [[3, 4, 5], [0]],
      [[3, 4, 5], [2]],
      [[300, 3], [0]],
    ];
    for (const [shape, dims] of cases) {
      for (const op of ['sum', 'max', 'min'] as const) {
        it(`${op} of [${shape}] over [${dims}]`, () => {
          const x = randomArray(sizeOf(shape));
          if (op !== 'sum') x[3] = Number.NaN; // NaN wins, as in PyTorch
          const expected = naiveReduce(op, x, shape, dims);
          const out = new Float64Array(expected.length);
          arrayKernels.reduce(op, x, shape, dims, out);
          expect(Array.from(out)).toEqual(expected);
        });
      }
    }

    it('float32 storage still accumulates in float64 on the contiguous paths', () => {
      const x = new Float32Array(100000).fill(0.1);
      for (const [shape, dims] of [
        [[100000], [0]],
        [[100000, 1], [0]],
        [[1, 100000], [1]],
      ] as [number[], number[]][]) {
        const out = new Float32Array(1);
        arrayKernels.reduce('sum', x, shape, dims, out);
        expect(out[0]).toBe(Math.fround(100000 * Math.fround(0.1)));
      }
    });
  });

  describe('fused activation gradients vs the composed formulas', () => {
    const cases = [
      ['tanh', (x: Tensor) => x.tanh()],
      ['sigmoid', (x: Tensor) => x.sigmoid()],
      ['relu', (x: Tensor) => x.relu()],
      ['square', (x: Tensor) => x.square()],
    ] as const;
    for (const dtype of ['float32', 'float64'] as const) {
      for (const [name, f] of cases) {
        it(`${name} (${dtype})`, () => {
          const data = Array.from(randomArray(40), (v) => v * 4);
          data[0] = 0; // relu's gradient at exactly 0 is 0
          const x = tensor(data, { dtype, shape: [5, 8], requiresGrad: true });
          const g = tensor(Array.from(randomArray(40)), { dtype, shape: [5, 8] });
          // No graph recorded: the fused kernel.
          const [fused] = autograd.grad(f(x), [x], { gradOutputs: [g] });
          // createGraph records the backward pass: the formula in public ops.
          const [composed] = autograd.grad(f(x), [x], { gradOutputs: [g], createGraph: true });
          const tol = dtype === 'float32' ? 1e-6 : 1e-15;
          const a = (fused as Tensor).dataSync();
          const b = (composed as Tensor).dataSync();
          for (let i = 0; i < a.length; i++) {
            expect(Math.abs((a[i] as number) - (b[i] as number))).toBeLessThanOrEqual(tol);
          }
          if (name === 'relu') expect(a[0]).toBe(0);
        });
      }
    }
  });

  describe('leaves keep fresh gradients without copies, never sharing storage', () => {
    const f64 = (values: number[], shape?: number[]) =>
      tensor(values, { dtype: 'float64', shape, requiresGrad: true });

    it('a linear layer: weight, bias and the input each get their own storage', () => {
      const x = f64([1, 2, 3, 4, 5, 6], [3, 2]);
      const w = f64([1, -1, 2, 0.5], [2, 2]);
      const b = f64([0.1, 0.2]);
      linear(x, w, b).tanh().sum().backward();
      const storages = [x.grad, w.grad, b.grad].map((t) => (t as Tensor).storage);
      expect(new Set(storages).size).toBe(3);
    });

    it('gradients passed through reshape and add to two leaves are distinct', () => {
      const x = f64([1, 2, 3, 4]);
      const y = f64([5, 6, 7, 8], [2, 2]);
      x.reshape([2, 2]).add(y).mul(2).sum().backward();
      expect(x.grad?.storage).not.toBe(y.grad?.storage);
      noGrad(() => (x.grad as Tensor).fill_(0));
      expect(Array.from((y.grad as Tensor).dataSync())).toEqual([2, 2, 2, 2]);
    });

    it('a retained gradient and the leaf gradient behind a reshape do not alias', () => {
      const x = f64([1, 2, 3, 4]);
      const h = x.mul(3);
      h.retainGrad();
      h.reshape([2, 2]).mul(2).sum().backward();
      expect(Array.from((x.grad as Tensor).dataSync())).toEqual([6, 6, 6, 6]);
      noGrad(() => (x.grad as Tensor).fill_(0));
      expect(Array.from((h.grad as Tensor).dataSync())).toEqual([2, 2, 2, 2]);
    });

    it('autograd.grad results are not handed to leaves, and repeated backward accumulates', () => {
      const x = f64([1, 2]);
      const [gx] = autograd.grad(x.mul(x).sum(), [x]);
      expect(x.grad).toBeNull();
      x.mul(x).sum().backward();
      x.mul(x).sum().backward();
      expect(Array.from((x.grad as Tensor).dataSync())).toEqual([4, 8]);
      expect(Array.from((gx as Tensor).dataSync())).toEqual([2, 4]);
    });

    it('a gradient kept as a .grad is never changed while other gradients of the pass read it', () => {
      // add(a, m) hands the same gradient to the leaf a and to m = 3a; a.mul(5) then adds into
      // a.grad before m's gradient is computed from that shared tensor.
      const a = f64([1, 2]);
      a.add(a.mul(3)).add(a.mul(5)).sum().backward();
      expect(Array.from((a.grad as Tensor).dataSync())).toEqual([9, 9]);
      const b = f64([1, 2]);
      b.add(b.mul(5))
        .add(b.add(b.mul(3)))
        .sum()
        .backward();
      expect(Array.from((b.grad as Tensor).dataSync())).toEqual([10, 10]);
    });

    it("what a custom function's backward returns is copied, as user code may keep it", () => {
      const kept: Tensor[] = [];
      const twice = defineFunction({
        name: 'twice',
        forward: (_ctx, x) => x.mul(2),
        backward: (_ctx, g) => {
          const dx = g.mul(2);
          kept.push(dx);
          return [dx];
        },
      });
      const x = f64([1, 2]);
      twice(x).sum().backward();
      expect(x.grad?.storage).not.toBe(kept[0]?.storage);
      expect(Array.from((x.grad as Tensor).dataSync())).toEqual([2, 2]);
    });

    it("the caller's gradient is never kept: it is copied", () => {
      const x = f64([1, 2]);
      const seed = tensor([1, 1], { dtype: 'float64' });
      x.reshape([2]).mul(1).backward(seed);
      noGrad(() => x.grad?.fill_(9));
      expect(Array.from(seed.dataSync())).toEqual([1, 1]);
    });
  });

  describe('gradients are skipped for inputs that do not require them', () => {
    it('sub, mul, div and matmul with a constant give the same gradient as with two variables', () => {
      const values = [0.5, -1, 2, 3, 1.5, -0.25];
      const run = (constantRequires: boolean) => {
        const x = tensor(values, { shape: [2, 3], dtype: 'float64', requiresGrad: true });
        const c = tensor(
          values.map((v) => v + 4),
          {
            shape: [2, 3],
            dtype: 'float64',
            requiresGrad: constantRequires,
          },
        );
        const m = tensor(values, {
          shape: [3, 2],
          dtype: 'float64',
          requiresGrad: constantRequires,
        });
        x.sub(c).mul(c).div(c).add(matmul(x, m).sum()).sum().backward();
        return { x: Array.from((x.grad as Tensor).dataSync()), c: c.grad, m: m.grad };
      };
      const skipped = run(false);
      const full = run(true);
      expect(skipped.x).toEqual(full.x);
      expect(skipped.c).toBeNull();
      expect(skipped.m).toBeNull();
      expect(full.c).not.toBeNull();
    });

    it('matmul of two 2-d tensors is one 2-d product whose gradients match the batched path', () => {
      const a = tensor(Array.from(randomArray(6)), {
        shape: [2, 3],
        dtype: 'float64',
        requiresGrad: true,
      });
      const b = tensor(Array.from(randomArray(12)), {
        shape: [3, 4],
        dtype: 'float64',
        requiresGrad: true,
      });
      const y = matmul(a, b);
      expect(y.shape).toEqual([2, 4]);
      y.square().sum().backward();
      const a3 = tensor(Array.from(a.dataSync()), {
        shape: [1, 2, 3],
        dtype: 'float64',
        requiresGrad: true,
      });
      const b3 = tensor(Array.from(b.dataSync()), {
        shape: [1, 3, 4],
        dtype: 'float64',
        requiresGrad: true,
      });
      matmul(a3, b3).square().sum().backward();
      expect(Array.from((a.grad as Tensor).dataSync())).toEqual(
        Array.from((a3.grad as Tensor).dataSync()),
      );
      expect(Array.from((b.grad as Tensor).dataSync())).toEqual(
        Array.from((b3.grad as Tensor).dataSync()),
      );
    });
  });
});
