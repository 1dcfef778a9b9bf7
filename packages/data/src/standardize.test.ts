import {
  cat,
  DTypeError,
  Generator,
  randn,
  ShapeError,
  tensor,
  ValueError,
  zeros,
} from '@descent/core';
import { describe, expect, it } from 'vitest';
import { flat } from './__fixtures__/rows.js';
import { standardize, standardizeWith } from './standardize.js';

const f64 = { dtype: 'float64' } as const;

describe('standardize', () => {
  it('subtracts each feature mean and divides by its population standard deviation', () => {
    const x = tensor(
      [
        [1, 10],
        [3, 30],
      ],
      f64,
    );
    const { scaled, mean, std } = standardize(x);
    expect(mean.toArray()).toEqual([2, 20]);
    expect(std.toArray()).toEqual([1, 10]); // √(((1−2)² + (3−2)²)/2) = 1, not √2
    expect(scaled.toArray()).toEqual([
      [-1, -1],
      [1, 1],
    ]);
  });

  it('is the ddof = 0 standard deviation, not x.std(0), which divides by N − 1', () => {
    const x = randn([50, 3], { generator: new Generator(0), ...f64 });
    const { std } = standardize(x);
    expect(flat(std)).toEqual(flat(x.std(0, { correction: 0 })));
    const ratio = flat(x.std(0)).map((s, i) => s / (flat(std)[i] as number));
    for (const r of ratio) expect(r).toBeCloseTo(Math.sqrt(50 / 49), 12);
  });

  it('leaves every feature with mean 0 and standard deviation 1, whatever its scale', () => {
    const g = new Generator(1);
    const x = cat(
      [
        randn([200, 1], { generator: g, ...f64 })
          .mul(500)
          .add(260),
        randn([200, 1], { generator: g, ...f64 }).mul(0.01),
      ],
      1,
    );
    const { scaled } = standardize(x);
    for (const m of flat(scaled.mean(0))) expect(Math.abs(m)).toBeLessThan(1e-12);
    for (const s of flat(scaled.std(0, { correction: 0 }))) expect(s).toBeCloseTo(1, 12);
  });

  it('divides a constant feature by 1 instead of 0', () => {
    const { scaled, std } = standardize(
      tensor(
        [
          [5, 1],
          [5, 3],
        ],
        f64,
      ),
    );
    expect(std.toArray()).toEqual([1, 1]);
    expect(scaled.toArray()).toEqual([
      [0, -1],
      [0, 1],
    ]);
  });

  it('statistics are over the first dimension only, for data of any rank', () => {
    const x = randn([8, 2, 3], { generator: new Generator(2) });
    const { mean, std, scaled } = standardize(x);
    expect(mean.shape).toEqual([2, 3]);
    expect(std.shape).toEqual([2, 3]);
    expect(scaled.shape).toEqual([8, 2, 3]);
  });

  it('the statistics are constants: the gradient through scaled is 1/std per feature', () => {
    const x = tensor(
      [
        [1, 10],
        [3, 30],
        [5, 20],
      ],
      { ...f64, requiresGrad: true },
    );
    const { scaled, mean, std } = standardize(x);
    expect(mean.requiresGrad || std.requiresGrad).toBe(false);
    scaled.sum().backward();
    const inv = flat(std).map((s) => 1 / s);
    expect(x.grad?.toArray()).toEqual([inv, inv, inv]);
  });

  it('a NaN makes its own feature NaN and leaves the others alone', () => {
    const nan = zeros([1, 1], f64).div(0);
    const x = cat([tensor([[1], [2], [3]], f64), cat([tensor([[1], [2]], f64), nan])], 1);
    const { mean } = standardize(x);
    expect(mean.select(0, 0).item()).toBe(2);
    expect(Number.isNaN(mean.select(0, 1).item())).toBe(true);
  });

  it('refuses integer, 0-d, empty and non-tensor input', () => {
    expect(() => standardize(tensor([[1]], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => standardize(tensor([[1]], { dtype: 'int32' }))).toThrow(
      "standardize: x must be a floating tensor, got int32; convert it with x.to('float32')",
    );
    expect(() => standardize(tensor(1))).toThrow(ShapeError);
    expect(() => standardize(zeros([0, 2]))).toThrow(
      'standardize: x has no rows (shape [0, 2]); expected at least one to compute statistics from',
    );
    expect(() => standardize([[1, 2]] as never)).toThrow(ValueError);
  });
});

describe('standardizeWith', () => {
  it("applies the training data's statistics to test data", () => {
    const train = standardize(
      tensor(
        [
          [1, 10],
          [3, 30],
        ],
        f64,
      ),
    );
    expect(
      standardizeWith(
        tensor(
          [
            [2, 40],
            [0, 0],
          ],
          f64,
        ),
        train,
      ).toArray(),
    ).toEqual([
      [0, 2],
      [-2, -2],
    ]);
  });

  it('refuses data whose features do not match the statistics', () => {
    const stats = standardize(zeros([3, 2]));
    expect(() => standardizeWith(zeros([4, 3]), stats)).toThrow(ShapeError);
    expect(() => standardizeWith(zeros([4, 3]), stats)).toThrow(
      "standardizeWith: x has rows of shape [3] but the statistics' mean has shape [2]; expected one value per feature",
    );
    expect(() => standardizeWith(zeros([4, 2]), { mean: [0, 0] } as never)).toThrow(
      /statistics must be \{ mean, std \} tensors/,
    );
    expect(() => standardizeWith(zeros([4, 2]), undefined as never)).toThrow(ValueError);
  });
});
