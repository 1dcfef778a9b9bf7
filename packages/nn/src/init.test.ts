import { Generator, isGradEnabled, randn, type Tensor, ValueError, zeros } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { init, Parameter } from './index.js';

const stats = (t: Tensor): { mean: number; std: number; min: number; max: number } => {
  const values = Array.from(t.dataSync() as Float32Array | Float64Array);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance), min: Math.min(...values), max: Math.max(...values) };
};
const near = (actual: number, expected: number, relative = 0.05): void => {
  expect(Math.abs(actual / expected - 1), `${actual} vs ${expected}`).toBeLessThan(relative);
};

describe('init', () => {
  it("calculateGain matches PyTorch's table", () => {
    expect(init.calculateGain('linear')).toBe(1);
    expect(init.calculateGain('sigmoid')).toBe(1);
    expect(init.calculateGain('conv_transpose2d')).toBe(1);
    expect(init.calculateGain('tanh')).toBe(5 / 3);
    expect(init.calculateGain('relu')).toBe(Math.SQRT2);
    expect(init.calculateGain('leakyRelu')).toBe(Math.sqrt(2 / (1 + 0.01 ** 2)));
    expect(init.calculateGain('leaky_relu', 0.2)).toBe(Math.sqrt(2 / 1.04));
    expect(init.calculateGain('selu')).toBe(0.75);
    expect(() => init.calculateGain('gelu' as 'relu')).toThrow(
      /unsupported nonlinearity string gelu/,
    );
  });

  it('computes fans from the first two dims times the receptive field', () => {
    expect(init.calculateFanInAndFanOut(zeros([16, 2]))).toEqual([2, 16]);
    expect(init.calculateFanInAndFanOut(zeros([8, 4, 3, 3]))).toEqual([36, 72]);
    expect(() => init.kaimingUniform_(zeros([5]))).toThrow(
      /fewer than 2 dimensions \(got shape \[5\]\)/,
    );
  });

  it('uniform_, normal_, constant_, zeros_, ones_ fill in place outside the graph', () => {
    const w = new Parameter(zeros([200, 50]));
    expect(init.uniform_(w, -2, 3, { generator: new Generator(1) })).toBe(w);
    const u = stats(w);
    expect(u.min).toBeGreaterThanOrEqual(-2);
    expect(u.max).toBeLessThan(3);
    near(u.mean + 10, 10.5, 0.01);
    init.normal_(w, 1, 0.5, { generator: new Generator(2) });
    near(stats(w).mean, 1);
    near(stats(w).std, 0.5);
    expect(init.constant_(w, 0.25).dataSync()[7]).toBe(0.25);
    expect(init.zeros_(w).dataSync()[3]).toBe(0);
    expect(init.ones_(w).dataSync()[9]).toBe(1);
    expect(w.requiresGrad).toBe(true);
    expect(isGradEnabled()).toBe(true);
    expect(() => init.uniform_(w, 1, 0)).toThrow(ValueError);
    expect(() => init.normal_(zeros([2], { dtype: 'int32' }))).toThrow(/float32 or float64/);
  });

  it('xavier and kaiming draw with the documented scale', () => {
    const w = zeros([400, 100], { dtype: 'float64' });
    init.xavierUniform_(w, { generator: new Generator(3) });
    const xavierBound = Math.sqrt(6 / 500);
    expect(stats(w).max).toBeLessThanOrEqual(xavierBound);
    near(stats(w).std, xavierBound / Math.sqrt(3));
    init.xavierNormal_(w, { gain: 2, generator: new Generator(4) });
    near(stats(w).std, 2 * Math.sqrt(2 / 500));
    init.kaimingUniform_(w, { generator: new Generator(5) });
    near(stats(w).max, Math.sqrt(2) * Math.sqrt(3 / 100), 0.01);
    init.kaimingNormal_(w, { mode: 'fanOut', nonlinearity: 'relu', generator: new Generator(6) });
    near(stats(w).std, Math.sqrt(2 / 400));
    init.kaimingUniform_(w, { a: Math.sqrt(5), generator: new Generator(7) });
    near(stats(w).max, 1 / Math.sqrt(100), 0.01);
    expect(() => init.kaimingNormal_(w, { mode: 'fan' as 'fanIn' })).toThrow(
      /mode must be 'fanIn' or 'fanOut'/,
    );
  });

  it('is reproducible with a generator and a no-op on empty tensors', () => {
    const a = init.kaimingNormal_(zeros([3, 4]), { generator: new Generator(9) });
    const b = init.kaimingNormal_(zeros([3, 4]), { generator: new Generator(9) });
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(init.xavierUniform_(zeros([0, 3])).shape).toEqual([0, 3]);
    expect(init.kaimingUniform_(randn([2, 0])).size).toBe(0);
  });
});
