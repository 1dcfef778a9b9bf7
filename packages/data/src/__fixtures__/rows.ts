// Reading toy datasets back as plain numbers, for the tests.
import type { Tensor } from '@descent/core';
import type { ToyData } from '../toy/types.js';

/** Each point's features, its target, and its distance from the origin. */
export interface Row {
  x: number[];
  y: number;
  r: number;
}

/** The rows of a dataset, in order. */
export function rows(data: ToyData): Row[] {
  const xs = data.x.toArray() as number[][];
  const ys = data.y.toArray() as number[];
  return xs.map((x, i) => ({ x, y: ys[i] as number, r: Math.hypot(...x) }));
}

/** How many rows have each class index. */
export function classCounts(data: ToyData): number[] {
  const counts = new Array<number>(data.info.classes ?? 0).fill(0);
  for (const label of data.y.toArray() as number[]) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

/** The values of a tensor, flattened. */
export function flat(t: Tensor): number[] {
  return (t.toArray() as unknown[]).flat(Number.POSITIVE_INFINITY) as number[];
}

/** Mean and population variance. */
export function moments(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, variance };
}

/** Sorts points (by every coordinate, -0 read as 0) so two sets compare whatever their order. */
export function sortPoints(points: readonly number[][]): number[][] {
  return points
    .map((p) => p.map((v) => v + 0))
    .sort((a, b) => {
      for (let i = 0; i < a.length; i++) {
        const d = (a[i] as number) - (b[i] as number);
        if (d !== 0) return d;
      }
      return 0;
    });
}
