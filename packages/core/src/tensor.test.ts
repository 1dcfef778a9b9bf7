/**
 * Tensor creation, conversion and printing, and seeded randomness. Printing is compared with
 * what PyTorch prints for the same tensor (hand-checked against `torch/_tensor_str.py`; our
 * spellings `requiresGrad=true`, `gradFn=<mul>`, `dtype=int32` and `true`/`false` differ on purpose).
 */
import { describe, expect, it } from 'vitest';
import { describeEachBackend } from './__fixtures__/backends.js';
import {
  arange,
  defaultGenerator,
  eye,
  full,
  fullLike,
  Generator,
  linspace,
  manualSeed,
  noGrad,
  ones,
  onesLike,
  rand,
  randint,
  randLike,
  randn,
  randnLike,
  randperm,
  type Tensor,
  tensor,
  zeros,
  zerosLike,
} from './index.js';

const arr = (t: Tensor): number[] => Array.from(t.dataSync());

describeEachBackend('tensor', () => {
  describe('creation ops', () => {
    it('zeros, ones and full: shape, dtype (float32 by default) and values', () => {
      const z = zeros([2, 3]);
      expect(z.shape).toEqual([2, 3]);
      expect(z.dtype).toBe('float32');
      expect(z.dataSync()).toBeInstanceOf(Float32Array);
      expect(arr(z)).toEqual([0, 0, 0, 0, 0, 0]);
      expect(ones(3).shape).toEqual([3]);
      expect(arr(ones(3, { dtype: 'int32' }))).toEqual([1, 1, 1]);
      expect(ones([], { dtype: 'float64' }).shape).toEqual([]);
      expect(ones([]).size).toBe(1);
      const f = full([2, 2], 7.5, { dtype: 'float64' });
      expect(f.dtype).toBe('float64');
      expect(f.toArray()).toEqual([
        [7.5, 7.5],
        [7.5, 7.5],
      ]);
      expect(zeros([0, 3]).size).toBe(0);
      expect(full([2], 1, { dtype: 'bool' }).toArray()).toEqual([1, 1]);
    });

    it('requiresGrad makes a leaf that requires grad', () => {
      const w = zeros([2], { requiresGrad: true });
      expect(w.requiresGrad).toBe(true);
      expect(w.isLeaf).toBe(true);
      expect(w.gradFn).toBeNull();
      expect(ones([1]).requiresGrad).toBe(false);
    });

    it('arange: end only, start/end/step, fractional and negative steps', () => {
      expect(arr(arange(5))).toEqual([0, 1, 2, 3, 4]);
      expect(arr(arange(1, 2, 0.25))).toEqual([1, 1.25, 1.5, 1.75]);
      expect(arr(arange(5, 0, -2))).toEqual([5, 3, 1]);
      expect(arange(0, 1, 0.1, { dtype: 'float64' }).size).toBe(10);
      expect(arange(3, 3).size).toBe(0);
      expect(arange(4, undefined, 1, { dtype: 'int32' }).dtype).toBe('int32');
    });

    it('linspace includes both ends exactly', () => {
      expect(arr(linspace(0, 1, 5))).toEqual([0, 0.25, 0.5, 0.75, 1]);
      const l = linspace(0, 0.3, 4, { dtype: 'float64' });
      expect(l.dataSync()[3]).toBe(0.3);
      expect(arr(l)).toEqual([0, 0.1, 0.2, 0.3].map((v) => expect.closeTo(v, 15)));
      expect(arr(linspace(-1, 1, 1))).toEqual([-1]);
      expect(linspace(0, 1, 0).size).toBe(0);
      expect(arr(linspace(2, -2, 3))).toEqual([2, 0, -2]);
    });

    it('eye: square and rectangular', () => {
      expect(eye(2).toArray()).toEqual([
        [1, 0],
        [0, 1],
      ]);
      expect(eye(2, 3, { dtype: 'int32' }).toArray()).toEqual([
        [1, 0, 0],
        [0, 1, 0],
      ]);
      expect(eye(3, 1).toArray()).toEqual([[1], [0], [0]]);
    });

    it('*Like ops take the shape and dtype of their argument unless told otherwise', () => {
      const like = zeros([2, 3], { dtype: 'float64' });
      for (const t of [
        zerosLike(like),
        onesLike(like),
        fullLike(like, 4),
        randLike(like),
        randnLike(like),
      ]) {
        expect(t.shape).toEqual([2, 3]);
        expect(t.dtype).toBe('float64');
      }
      expect(arr(fullLike(like, 4))).toEqual([4, 4, 4, 4, 4, 4]);
      expect(onesLike(like, { dtype: 'int32' }).dtype).toBe('int32');
      expect(zerosLike(tensor([1, 2], { requiresGrad: true })).requiresGrad).toBe(false);
    });
  });

  describe('tensor()', () => {
    it('infers shape from nested arrays; whole numbers are float32, booleans are bool', () => {
      const t = tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      expect(t.shape).toEqual([2, 3]);
      expect(t.dtype).toBe('float32');
      expect(tensor([true, false]).dtype).toBe('bool');
      expect(tensor(3).shape).toEqual([]);
      expect(tensor([]).shape).toEqual([0]);
      expect(tensor([[]]).shape).toEqual([1, 0]);
    });

    it('flat typed arrays take the fast path with a shape, keep their dtype, and are copied', () => {
      const src = new Float64Array([1, 2, 3, 4, 5, 6]);
      const t = tensor(src, { shape: [3, 2] });
      expect(t.dtype).toBe('float64');
      expect(t.shape).toEqual([3, 2]);
      src[0] = 100;
      expect(t.dataSync()[0]).toBe(1);
      expect(tensor(new Int32Array([1, 2])).dtype).toBe('int32');
      expect(tensor(new Uint8Array([1, 0])).dtype).toBe('bool');
      expect(tensor(new Float32Array([1, 2, 3, 4])).shape).toEqual([4]);
      expect(tensor(new Float64Array([1.5, 2]), { dtype: 'float32' }).dtype).toBe('float32');
      expect(tensor([1, 2, 3, 4, 5, 6], { shape: [2, 3] }).toArray()).toEqual([
        [1, 2, 3],
        [4, 5, 6],
      ]);
    });

    it('a Tensor argument is copied', () => {
      const a = tensor([1, 2]);
      const b = tensor(a);
      expect(b).not.toBe(a);
      expect(b.storage).not.toBe(a.storage);
      expect(arr(b)).toEqual([1, 2]);
    });

    it('bool is inferred only when every element is a boolean, and bool storage holds only 0 and 1', () => {
      expect(tensor([true, 2] as never).dtype).toBe('float32');
      expect(arr(tensor([true, 2] as never))).toEqual([1, 2]);
      expect(tensor([[false], [true]]).dtype).toBe('bool');
      expect(arr(tensor([2, 0, -0.5], { dtype: 'bool' }))).toEqual([1, 0, 1]);
      expect(arr(tensor(new Float32Array([256, 0]), { dtype: 'bool' }))).toEqual([1, 0]);
      expect(arr(full([2], 256, { dtype: 'bool' }))).toEqual([1, 1]);
      expect(arr(full([2], 5, { dtype: 'bool' }).eq(tensor([true, true])))).toEqual([1, 1]);
    });

    it('float32 storage rounds values, int32 truncates', () => {
      expect(tensor([0.1]).dataSync()[0]).toBe(Math.fround(0.1));
      expect(tensor([0.1], { dtype: 'float64' }).dataSync()[0]).toBe(0.1);
      expect(arr(tensor([1.7, -1.7], { dtype: 'int32' }))).toEqual([1, -1]);
    });
  });

  describe('conversions', () => {
    it('toArray, item, numel, ndim', () => {
      const t = tensor([
        [1, 2],
        [3, 4],
      ]);
      expect(t.toArray()).toEqual([
        [1, 2],
        [3, 4],
      ]);
      expect(t.numel()).toBe(4);
      expect(t.ndim).toBe(2);
      expect(tensor(2.5).toArray()).toBe(2.5);
      expect(tensor([[[7]]]).item()).toBe(7);
      expect(tensor([true, false]).toArray()).toEqual([1, 0]);
      expect(zeros([2, 0]).toArray()).toEqual([[], []]);
    });

    it('clone: new storage, same values, still in the graph', () => {
      const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
      const c = x.clone();
      expect(c.storage).not.toBe(x.storage);
      expect(arr(c)).toEqual([1, 2]);
      expect(c.gradFn?.name).toBe('clone');
      c.mul(tensor([3, 4], { dtype: 'float64' }))
        .sum()
        .backward();
      expect(arr(x.grad as Tensor)).toEqual([3, 4]);
      noGrad(() => c.fill_(9));
      expect(x.dataSync()[0]).toBe(1);
    });

    it('detach: shared storage, no grad', () => {
      const x = tensor([1, 2], { requiresGrad: true });
      const d = x.detach();
      expect(d.storage).toBe(x.storage);
      expect(d.requiresGrad).toBe(false);
      expect(d.isLeaf).toBe(true);
    });

    it('to: returns the same tensor for its own dtype, converts otherwise', () => {
      const x = tensor([1.5, -2.7, 0]);
      expect(x.to('float32')).toBe(x);
      const d = x.to('float64');
      expect(d.dtype).toBe('float64');
      expect(d.dataSync()[0]).toBe(1.5);
      expect(arr(x.to('int32'))).toEqual([1, -2, 0]);
      expect(arr(x.to('bool'))).toEqual([1, 1, 0]);
      expect(x.to('int32').requiresGrad).toBe(false);
      expect(tensor([1], { requiresGrad: true }).to('int32').requiresGrad).toBe(false);
      expect(tensor([1], { requiresGrad: true }).to('float64').gradFn?.name).toBe('to');
    });
  });

  describe('toString matches PyTorch', () => {
    const cases: [string, () => Tensor, string][] = [
      [
        '2-d with requiresGrad',
        () =>
          tensor(
            [
              [1, 2.5],
              [3, 4],
            ],
            { requiresGrad: true },
          ),
        'tensor([[1.0000, 2.5000],\n        [3.0000, 4.0000]], requiresGrad=true)',
      ],
      ['whole numbers', () => tensor([1, 2, 3]), 'tensor([1., 2., 3.])'],
      ['empty 1-d', () => zeros([0]), 'tensor([])'],
      ['empty 2-d shows its size', () => zeros([2, 0]), 'tensor([], size=(2, 0))'],
      [
        'empty float64',
        () => zeros([0, 3], { dtype: 'float64' }),
        'tensor([], size=(0, 3), dtype=float64)',
      ],
      ['0-d', () => tensor(3.25), 'tensor(3.2500)'],
      ['negative values line up', () => tensor([0.5, -12.25]), 'tensor([  0.5000, -12.2500])'],
      [
        'scientific for a 1e-5 / 1e8 mix',
        () => tensor([1e-5, 1, 1e8]),
        'tensor([1.0000e-05, 1.0000e+00, 1.0000e+08])',
      ],
      [
        'scientific for tiny values',
        () => tensor([0.00005, 0.0001], { dtype: 'float64' }),
        'tensor([5.0000e-05, 1.0000e-04], dtype=float64)',
      ],
      [
        'whole numbers spanning > 1000x go scientific',
        () => tensor([1, 10000]),
        'tensor([1.0000e+00, 1.0000e+04])',
      ],
      ['whole numbers within 1000x stay plain', () => tensor([1, 1000]), 'tensor([   1., 1000.])'],
      [
        'non-finite values do not widen columns',
        () => tensor([1, 2, -Infinity]),
        'tensor([1., 2., -inf])',
      ],
      ['bool', () => tensor([true, false]), 'tensor([ true, false])'],
      [
        'int32 with dtype suffix',
        () => tensor([1, -20, 3], { dtype: 'int32' }),
        'tensor([  1, -20,   3], dtype=int32)',
      ],
      [
        'float64 with dtype suffix',
        () => tensor([1.5, 2], { dtype: 'float64' }),
        'tensor([1.5000, 2.0000], dtype=float64)',
      ],
      [
        'gradFn',
        () => tensor([1, 2], { requiresGrad: true }).mul(2),
        'tensor([2., 4.], gradFn=<mul>)',
      ],
      [
        '3-d separates blocks with a blank line',
        () => zeros([2, 2, 2]),
        'tensor([[[0., 0.],\n         [0., 0.]],\n\n        [[0., 0.],\n         [0., 0.]]])',
      ],
      [
        'long rows wrap at 80 columns',
        () => arange(20),
        'tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n        14., 15., 16., 17., 18., 19.])',
      ],
      [
        'more than 1000 elements are summarized',
        () => arange(1001),
        'tensor([   0.,    1.,    2.,  ...,  998.,  999., 1000.])',
      ],
      [
        'summarized 2-d',
        () => zeros([100, 100]),
        `tensor([[0., 0., 0.,  ..., 0., 0., 0.],
        [0., 0., 0.,  ..., 0., 0., 0.],
        [0., 0., 0.,  ..., 0., 0., 0.],
        ...,
        [0., 0., 0.,  ..., 0., 0., 0.],
        [0., 0., 0.,  ..., 0., 0., 0.],
        [0., 0., 0.,  ..., 0., 0., 0.]])`,
      ],
    ];
    it.each(cases)('%s', (_label, make, expected) => {
      expect(String(make())).toBe(expected);
    });
  });

  /**
   * An independent reference of the documented generator (splitmix32 seeding, xoshiro128**), in
   * BigInt arithmetic, so the committed constants below are checked against the algorithm too.
   */
  function referenceUint32(seed: number, count: number): number[] {
    const M = 0xffffffffn;
    let state = BigInt(seed >>> 0);
    const seeds: bigint[] = [];
    for (let i = 0; i < 4; i++) {
      state = (state + 0x9e3779b9n) & M;
      let z = state;
      z = ((z ^ (z >> 16n)) * 0x85ebca6bn) & M;
      z = ((z ^ (z >> 13n)) * 0xc2b2ae35n) & M;
      seeds.push((z ^ (z >> 16n)) & M);
    }
    let [s0, s1, s2, s3] = seeds as [bigint, bigint, bigint, bigint];
    const rotl = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (32n - k))) & M;
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      out.push(Number((rotl((s1 * 5n) & M, 7n) * 9n) & M));
      const t = (s1 << 9n) & M;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11n);
    }
    return out;
  }

  describe('seeded randomness', () => {
    it('the stream for seed 0 equals committed constants (cross-machine reproducibility)', () => {
      const g = new Generator(0);
      const bits = [g.nextUint32(), g.nextUint32(), g.nextUint32(), g.nextUint32()];
      expect(bits).toEqual([3809008728, 1133695204, 53579671, 2891528803]);
      expect(bits).toEqual(referenceUint32(0, 4));
      expect(new Generator(123456789).nextUint32()).toBe(referenceUint32(123456789, 1)[0]);
      manualSeed(0);
      expect(arr(rand([3], { dtype: 'float64' }))).toEqual([
        0.8868539502021594, 0.012474988946590604, 0.032522145755498943,
      ]);
      manualSeed(0);
      expect(arr(randn([4], { dtype: 'float64' }))).toEqual([
        0.48854632132701026, 0.03837218016081414, 2.5868475608858597, 0.39985963088890797,
      ]);
      manualSeed(0);
      expect(arr(randint(0, 10, [6]))).toEqual([8, 0, 0, 0, 6, 9]);
      manualSeed(0);
      expect(arr(randperm(8))).toEqual([1, 4, 3, 2, 5, 6, 0, 7]);
    });

    it('random() builds a 53-bit double from two 32-bit draws', () => {
      const [hi, lo] = referenceUint32(0, 2) as [number, number];
      expect(new Generator(0).random()).toBe(((hi >>> 5) * 2 ** 26 + (lo >>> 6)) / 2 ** 53);
    });

    it('manualSeed makes rand, randn, randint and randperm reproducible', () => {
      const draw = (): number[][] => [
        arr(rand([5])),
        arr(randn([5])),
        arr(randint(-3, 3, [5])),
        arr(randperm(6)),
      ];
      manualSeed(42);
      const first = draw();
      manualSeed(42);
      expect(draw()).toEqual(first);
      manualSeed(43);
      expect(draw()).not.toEqual(first);
      expect(defaultGenerator.initialSeed()).toBe(43);
    });

    it('an explicit Generator is independent of the global one', () => {
      manualSeed(7);
      const expected = arr(rand([4]));
      manualSeed(7);
      const g = new Generator(7);
      const own = arr(rand([10], { generator: g }));
      expect(arr(rand([4]))).toEqual(expected); // the global stream did not move
      expect(own.slice(0, 4)).toEqual(expected); // same seed, same stream
      g.manualSeed(7);
      expect(arr(randn([3], { generator: g }))).toEqual(
        arr(randn([3], { generator: new Generator(7) })),
      );
      const u = zeros([3], { dtype: 'float64' }).uniform_(2, 4, new Generator(1));
      expect(arr(u)).toEqual(
        arr(rand([3], { dtype: 'float64', generator: new Generator(1) })).map((v) => 2 + 2 * v),
      );
    });

    it('randn over 100k draws has mean within 0.01 of 0 and std within 0.01 of 1', () => {
      const x = randn([100_000], { dtype: 'float64', generator: new Generator(2024) });
      const data = x.dataSync();
      let sum = 0;
      for (const v of data) sum += v;
      const mean = sum / data.length;
      let sq = 0;
      for (const v of data) sq += (v - mean) ** 2;
      const std = Math.sqrt(sq / (data.length - 1));
      expect(Math.abs(mean)).toBeLessThan(0.01);
      expect(Math.abs(std - 1)).toBeLessThan(0.01);
    });

    it('continuous samplers refuse integer and bool dtypes', () => {
      expect(() => rand([2], { dtype: 'int32' })).toThrow(/^rand: expected a floating dtype/);
      expect(() => randn([2], { dtype: 'bool' })).toThrow(/^randn: expected a floating dtype/);
      expect(() => randnLike(zeros([2], { dtype: 'int32' }))).toThrow(/floating dtype/);
    });

    it('rand lies in [0, 1) with mean near 1/2', () => {
      const data = arr(rand([20_000], { dtype: 'float64', generator: new Generator(5) }));
      expect(Math.min(...data)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...data)).toBeLessThan(1);
      expect(Math.abs(data.reduce((a, b) => a + b, 0) / data.length - 0.5)).toBeLessThan(0.01);
    });

    it('randperm is a permutation of 0..n-1', () => {
      const p = randperm(1000, { generator: new Generator(3) });
      expect(p.dtype).toBe('int32');
      expect(arr(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
      expect(arr(p)).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
      expect(randperm(0).size).toBe(0);
    });

    it('randint respects [low, high) and reaches both ends', () => {
      const r = randint(-2, 3, [5000], { generator: new Generator(9) });
      expect(r.dtype).toBe('int32');
      const seen = new Set(arr(r));
      expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2]);
      expect(randint(0, 1, [10]).toArray()).toEqual(Array(10).fill(0));
      expect(randint(0, 5, [2], { dtype: 'float64' }).dtype).toBe('float64');
    });
  });
});
