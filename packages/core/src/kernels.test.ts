/**
 * The CPU kernels against naive loops: matmul on both its small path and its blocked, packed
 * path with every transpose combination and batch strides of 0; reductions over non-adjacent
 * dims; strided copies and their adjoint scatters; broadcasting and gather/scatter.
 */
import { describe, expect, it } from 'vitest';
import { arrayKernels, describeEachBackend } from './__fixtures__/backends.js';
import {
  amax,
  amin,
  argmax,
  argmin,
  expand,
  Generator,
  gather,
  linear,
  logSoftmax,
  logSumExp,
  matmul,
  ones,
  permute,
  scatterAdd,
  slice,
  softmax,
  sum,
  type Tensor,
  tensor,
  zeros,
} from './index.js';

const gen = new Generator(77);
const randomArray = (size: number): Float64Array =>
  Float64Array.from({ length: size }, () => gen.random() * 2 - 1);
const randomTensor = (shape: number[]): Tensor =>
  tensor(randomArray(shape.reduce((a, b) => a * b, 1)), { shape });

function contiguousStrides(shape: readonly number[]): number[] {
  const strides: number[] = [];
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d] as number;
  }
  return strides;
}

/** Calls `visit` with every multi-index of `shape`, in row-major order. */
function forEachIndex(shape: readonly number[], visit: (index: number[]) => void): void {
  const size = shape.reduce((a, b) => a * b, 1);
  const index = shape.map(() => 0);
  for (let n = 0; n < size; n++) {
    visit(index);
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (shape[d] as number)) break;
      index[d] = 0;
    }
  }
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    const err = Math.abs((actual[i] as number) - e) / (1 + Math.abs(e));
    if (!(err <= worst)) {
      worst = err;
      at = i;
    }
  }
  expect(worst, `worst relative error at flat index ${at}`).toBeLessThanOrEqual(tol);
}

describeEachBackend('kernels', () => {
  describe('matmul kernel vs a naive triple loop', () => {
    function naive(
      a: Float64Array,
      b: Float64Array,
      batch: number,
      m: number,
      k: number,
      n: number,
      transA: boolean,
      transB: boolean,
      aStride: number,
      bStride: number,
    ): Float64Array {
      const out = new Float64Array(batch * m * n);
      for (let s = 0; s < batch; s++) {
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let acc = 0;
            for (let p = 0; p < k; p++) {
              const av = a[s * aStride + (transA ? p * m + i : i * k + p)] as number;
              const bv = b[s * bStride + (transB ? j * k + p : p * n + j)] as number;
              acc += av * bv;
            }
            out[s * m * n + i * n + j] = acc;
          }
        }
      }
      return out;
    }

    /** [m, k, n, batch]: the first two take the small path, the others the blocked one (> 12³). */
    const shapes: [number, number, number, number][] = [
      [1, 1, 1, 3],
      [7, 13, 5, 3],
      [65, 300, 129, 2],
      [128, 257, 514, 1], // k > 256: several depth blocks, the later ones accumulate
      [100, 40, 1030, 1], // n > 1024: several B panels; m spans two row blocks with a ragged edge
    ];
    const combos: [boolean, boolean][] = [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ];
    for (const [m, k, n, batch] of shapes) {
      for (const [transA, transB] of combos) {
        // Batch strides: both operands batched, A shared (stride 0), B shared (stride 0).
        const strideModes =
          batch > 1 ? (['batched', 'shared A', 'shared B'] as const) : (['batched'] as const);
        for (const mode of strideModes) {
          it(`${m}×${k}×${n}, batch ${batch}, transA=${transA}, transB=${transB}, ${mode}`, () => {
            const aBatches = mode === 'shared A' ? 1 : batch;
            const bBatches = mode === 'shared B' ? 1 : batch;
            const a = randomArray(aBatches * m * k);
            const b = randomArray(bBatches * k * n);
            const aStride = aBatches === 1 ? 0 : m * k;
            const bStride = bBatches === 1 ? 0 : k * n;
            const out = new Float64Array(batch * m * n).fill(Number.NaN); // must be overwritten, not added to
            arrayKernels.matmul(a, b, out, batch, m, k, n, transA, transB, aStride, bStride);
            expectClose(out, naive(a, b, batch, m, k, n, transA, transB, aStride, bStride), 1e-12);
          });
        }
      }
    }

    it('float32 storage on the blocked path matches to float32 precision', () => {
      const [m, k, n] = [70, 90, 33];
      const a = Float32Array.from(randomArray(m * k));
      const b = Float32Array.from(randomArray(k * n));
      const out = new Float32Array(m * n);
      arrayKernels.matmul(a, b, out, 1, m, k, n, false, true, 0, 0);
      expectClose(
        out,
        naive(Float64Array.from(a), Float64Array.from(b), 1, m, k, n, false, true, 0, 0),
        1e-5,
      );
    });

    it('k = 0 gives zeros on both paths', () => {
      for (const [m, n] of [
        [2, 3],
        [100, 100],
      ] as const) {
        const out = new Float64Array(m * n).fill(5);
        arrayKernels.matmul(
          new Float64Array(0),
          new Float64Array(0),
          out,
          1,
          m,
          0,
          n,
          false,
          false,
          0,
          0,
        );
        expect(out.every((v) => v === 0)).toBe(true);
      }
    });
  });

  describe('reductions over non-adjacent dims of a 4-d tensor vs a naive loop', () => {
    const shape = [3, 4, 2, 5];
    const x = randomTensor(shape);

    function naive(op: 'sum' | 'max' | 'min', dims: number[]): number[] {
      const outShape = shape.filter((_, d) => !dims.includes(d));
      const outStrides = contiguousStrides(outShape);
      const size = outShape.reduce((a, b) => a * b, 1);
      const out = new Array<number>(size).fill(
        op === 'sum' ? 0 : op === 'max' ? -Infinity : Infinity,
      );
      const inStrides = contiguousStrides(shape);
      forEachIndex(shape, (idx) => {
        const v = x.dataSync()[
          idx.reduce((s, i, d) => s + i * (inStrides[d] as number), 0)
        ] as number;
        let o = 0;
        let od = 0;
        idx.forEach((i, d) => {
          if (!dims.includes(d)) o += i * (outStrides[od++] as number);
        });
        out[o] =
          op === 'sum'
            ? (out[o] as number) + v
            : op === 'max'
              ? Math.max(out[o] as number, v)
              : Math.min(out[o] as number, v);
      });
      return out;
    }

    const dimSets = [[0, 2], [1, 3], [0, 3], [0, 1, 3], [0, 2, 3], [2], [0, 1, 2, 3]];
    it.each(dimSets.map((d) => [JSON.stringify(d), d] as const))(
      'sum, amax, amin over %s',
      (_label, dims) => {
        expectClose(sum(x, dims).dataSync(), naive('sum', dims), 1e-12);
        expect(Array.from(amax(x, dims).dataSync())).toEqual(naive('max', dims));
        expect(Array.from(amin(x, dims).dataSync())).toEqual(naive('min', dims));
        const kept = sum(x, dims, true);
        expect(kept.shape).toEqual(shape.map((e, d) => (dims.includes(d) ? 1 : e)));
      },
    );

    it('the raw kernel with a reduced dim of size 1 in the middle', () => {
      const s = [2, 1, 3, 4];
      const data = randomArray(24);
      const out = new Float64Array(6);
      arrayKernels.reduce('sum', data, s, [1, 3], out);
      const expected = Array.from({ length: 6 }, (_, o) => {
        const [i, j] = [Math.floor(o / 3), o % 3];
        let acc = 0;
        for (let l = 0; l < 4; l++) acc += data[i * 12 + j * 4 + l] as number;
        return acc;
      });
      expectClose(out, expected, 1e-12);
    });

    it('argmax and argmin along every dim match a naive scan', () => {
      for (let dim = 0; dim < 4; dim++) {
        for (const [fn, better] of [
          [argmax, (a: number, b: number) => a > b],
          [argmin, (a: number, b: number) => a < b],
        ] as const) {
          const got = Array.from(fn(x, dim).dataSync());
          const outShape = shape.filter((_, d) => d !== dim);
          const inStrides = contiguousStrides(shape);
          const expected: number[] = [];
          forEachIndex(outShape, (idx) => {
            let best = 0;
            let bestValue = Number.NaN;
            for (let i = 0; i < (shape[dim] as number); i++) {
              const full = [...idx.slice(0, dim), i, ...idx.slice(dim)];
              const v = x.dataSync()[
                full.reduce((s, c, d) => s + c * (inStrides[d] as number), 0)
              ] as number;
              if (i === 0 || better(v, bestValue)) {
                best = i;
                bestValue = v;
              }
            }
            expected.push(best);
          });
          expect(got).toEqual(expected);
        }
      }
    });
  });

  describe('strided copy and scatter', () => {
    it('a permutation copied out and scattered back is the identity', () => {
      const shape = [2, 3, 4, 5];
      const src = randomArray(120);
      const strides = contiguousStrides(shape);
      const order = [2, 0, 3, 1];
      const outShape = order.map((d) => shape[d] as number);
      const permStrides = order.map((d) => strides[d] as number);
      const copied = new Float64Array(120);
      arrayKernels.stridedCopy(src, 0, permStrides, copied, outShape);
      // Naive: copied[i0,i1,i2,i3] = src[index with dims permuted].
      const outStrides = contiguousStrides(outShape);
      forEachIndex(outShape, (idx) => {
        const o = idx.reduce((s, c, d) => s + c * (outStrides[d] as number), 0);
        const s = idx.reduce((acc, c, d) => acc + c * (permStrides[d] as number), 0);
        expect(copied[o]).toBe(src[s]);
      });
      const back = new Float64Array(120);
      arrayKernels.stridedScatterAdd(copied, outShape, back, 0, permStrides);
      expect(Array.from(back)).toEqual(Array.from(src));
    });

    it('a stepped window with an offset round-trips into its positions and leaves zeros elsewhere', () => {
      const src = randomArray(42); // a [6, 7] matrix
      // rows 1, 3, 5 and columns 2, 5: offset 1·7 + 2, strides [14, 3]
      const offset = 9;
      const strides = [14, 3];
      const window = new Float64Array(6);
      arrayKernels.stridedCopy(src, offset, strides, window, [3, 2]);
      expect(Array.from(window)).toEqual([src[9], src[12], src[23], src[26], src[37], src[40]]);
      const back = new Float64Array(42);
      arrayKernels.stridedScatterAdd(window, [3, 2], back, offset, strides);
      back.forEach((v, i) => {
        const [r, c] = [Math.floor(i / 7), i % 7];
        expect(v).toBe(r % 2 === 1 && (c === 2 || c === 5) ? src[i] : 0);
      });
    });

    it('the adjoint of a broadcast (stride 0) sums the copies', () => {
      const g = randomArray(12); // a [3] vector broadcast to [4, 3]
      const out = new Float64Array(3);
      arrayKernels.stridedScatterAdd(g, [4, 3], out, 0, [0, 1]);
      for (let j = 0; j < 3; j++) {
        expect(out[j]).toBeCloseTo(
          [0, 1, 2, 3].reduce((s, i) => s + (g[i * 3 + j] as number), 0),
          12,
        );
      }
    });

    it('public ops built on the strided primitive agree with direct indexing', () => {
      const x = randomTensor([3, 4, 5]);
      const p = permute(x, [2, 0, 1]);
      forEachIndex(p.shape, ([k, i, j]) => {
        expect(p.dataSync()[((k as number) * 3 + (i as number)) * 4 + (j as number)]).toBe(
          x.dataSync()[((i as number) * 4 + (j as number)) * 5 + (k as number)],
        );
      });
      const s = slice(x, [{ start: -2 }, { step: 3 }, { start: 1, stop: 5, step: 2 }]);
      expect(s.shape).toEqual([2, 2, 2]);
      forEachIndex(s.shape, ([a, b, c]) => {
        const src = ((1 + (a as number)) * 4 + 3 * (b as number)) * 5 + 1 + 2 * (c as number);
        expect(s.dataSync()[((a as number) * 2 + (b as number)) * 2 + (c as number)]).toBe(
          x.dataSync()[src],
        );
      });
      const e = expand(tensor([1, 2, 3]).reshape([3, 1]), [2, 3, 4]);
      expect(e.toArray()).toEqual([0, 1].map(() => [1, 2, 3].map((v) => [v, v, v, v])));
    });
  });

  describe('broadcasting binary kernel and gather/scatter vs naive loops', () => {
    it('a 4-d broadcast add reads each operand at the right place', () => {
      const a = randomTensor([2, 1, 4, 1]);
      const b = randomTensor([3, 1, 5]);
      const out = a.add(b);
      expect(out.shape).toEqual([2, 3, 4, 5]);
      forEachIndex(out.shape, ([i, j, k, l]) => {
        const o = (((i as number) * 3 + (j as number)) * 4 + (k as number)) * 5 + (l as number);
        expect(out.dataSync()[o]).toBe(
          (a.dataSync()[(i as number) * 4 + (k as number)] as number) +
            (b.dataSync()[(j as number) * 5 + (l as number)] as number),
        );
      });
    });

    it('gather and scatterAdd along each dim of a 3-d tensor', () => {
      const x = randomTensor([3, 4, 2]);
      for (let dim = 0; dim < 3; dim++) {
        const idxShape = [2, 3, 2];
        const extent = x.shape[dim] as number;
        const idx = tensor(
          Int32Array.from({ length: 12 }, () => gen.integer(0, extent)),
          { shape: idxShape },
        );
        const got = gather(x, dim, idx);
        const target = scatterAdd(
          tensor(new Float64Array(24), { shape: [3, 4, 2] }),
          dim,
          idx,
          got,
        );
        const expectedTarget = new Float64Array(24);
        forEachIndex(idxShape, (pos) => {
          const flat = ((pos[0] as number) * 3 + (pos[1] as number)) * 2 + (pos[2] as number);
          const src = pos.slice();
          src[dim] = idx.dataSync()[flat] as number;
          const srcFlat = ((src[0] as number) * 4 + (src[1] as number)) * 2 + (src[2] as number);
          expect(got.dataSync()[flat]).toBe(x.dataSync()[srcFlat]);
          expectedTarget[srcFlat] =
            (expectedTarget[srcFlat] as number) + (x.dataSync()[srcFlat] as number);
        });
        expectClose(target.dataSync(), expectedTarget, 1e-15);
      }
    });
  });

  describe('zero-size dims through the ops', () => {
    it('matmul and linear with an inner size of 0 give zeros (plus the bias) and empty gradients', () => {
      const a = tensor(new Float64Array(0), { shape: [2, 0], requiresGrad: true });
      const b = tensor(new Float64Array(0), { shape: [0, 3], requiresGrad: true });
      const y = matmul(a, b);
      expect(y.shape).toEqual([2, 3]);
      expect(Array.from(y.dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
      y.sum().backward();
      expect((a.grad as Tensor).shape).toEqual([2, 0]);
      expect((b.grad as Tensor).shape).toEqual([0, 3]);
      const bias = tensor([1, 2, 3]);
      expect(linear(zeros([2, 0]), zeros([3, 0]), bias).toArray()).toEqual([
        [1, 2, 3],
        [1, 2, 3],
      ]);
      expect(matmul(zeros([0, 3]), ones([3, 2])).shape).toEqual([0, 2]);
    });

    it('softmax, logSoftmax and logSumExp over an empty dim', () => {
      expect(softmax(zeros([2, 0]), 1).shape).toEqual([2, 0]);
      expect(logSoftmax(zeros([2, 0]), -1).shape).toEqual([2, 0]);
      expect(Array.from(logSumExp(zeros([2, 0]), 1).dataSync())).toEqual([-Infinity, -Infinity]); // log(Σ over nothing)
      expect(softmax(zeros([0, 3]), 1).shape).toEqual([0, 3]);
    });

    it('sum over an empty dim is 0, and ops on empty tensors keep their shapes', () => {
      expect(Array.from(sum(zeros([0, 3]), 0).dataSync())).toEqual([0, 0, 0]);
      expect(zeros([0, 3]).add(ones([3])).shape).toEqual([0, 3]);
      expect(permute(zeros([0, 3]), [1, 0]).shape).toEqual([3, 0]);
    });
  });
});
