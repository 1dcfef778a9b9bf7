import { cat, Generator, rand, randn, type Tensor, tensor } from '@descent/core';

/**
 * A toy version of the lecture's Pokémon problem: predict combat power after evolution from the
 * combat power before (tens to hundreds) and the hit points (tens). The two features live on
 * scales about ten times apart, which is what makes the error surface a long ellipse.
 */
export function pokemon(count: number, seed: number): { features: Tensor; target: Tensor } {
  const generator = new Generator(seed);
  const cp = rand([count, 1], { generator, dtype: 'float64' }).mul(500).add(10);
  const hp = rand([count, 1], { generator, dtype: 'float64' }).mul(50).add(10);
  const noise = randn([count, 1], { generator, dtype: 'float64' }).mul(20);
  const target = cp.mul(1.6).add(hp.mul(3)).add(noise);
  return { features: cat([cp, hp], 1), target };
}

/** Standardizes each column: subtract its mean, divide by its standard deviation. */
export function standardize(x: Tensor): Tensor {
  return x.sub(x.mean(0, true)).div(x.std(0, { keepDim: true }));
}

/** Subtracts each column's mean (so a model without bias can fit it). */
export function center(x: Tensor): Tensor {
  return x.sub(x.mean(0, true));
}

/** `y = 3x + 2 + noise` with x ~ N(0, 1): a line to fit with a weight and a bias. */
export function line(count: number, seed: number): { x: Tensor; y: Tensor } {
  const generator = new Generator(seed);
  const x = randn([count, 1], { generator, dtype: 'float64' });
  const y = x
    .mul(3)
    .add(2)
    .add(randn([count, 1], { generator, dtype: 'float64' }).mul(0.5));
  return { x, y };
}

/** Two interleaved half-moons, labels 0 and 1 (int32), with Gaussian noise. */
export function twoMoons(
  count: number,
  noise: number,
  seed: number,
): { points: Tensor; labels: Tensor } {
  const generator = new Generator(seed);
  const xs: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    const angle = Math.PI * generator.random();
    const x = label === 0 ? Math.cos(angle) : 1 - Math.cos(angle);
    const y = label === 0 ? Math.sin(angle) : 0.5 - Math.sin(angle);
    xs.push([x + noise * generator.normal(), y + noise * generator.normal()]);
    labels.push(label);
  }
  return { points: tensor(xs), labels: tensor(labels, { dtype: 'int32' }) };
}
