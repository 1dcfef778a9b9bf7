// What every toy dataset shares: its options resolved and checked, the points collected as they
// are drawn, and the tensors built (and shuffled) at the end.
import { type FloatDType, type Generator, randperm, tensor } from '@descent/core';
import {
  checkBoolean,
  checkFloatDType,
  checkGenerator,
  checkInteger,
  checkNumber,
  checkOptions,
} from '../check.js';
import type { DatasetInfo, ToyData, ToyOptions } from './types.js';

/** The most points a toy dataset draws (2²⁴, about 16.8 million). */
export const MAX_SAMPLES = 2 ** 24;

const TOY_KEYS = ['samples', 'noise', 'generator', 'dtype', 'shuffle'] as const;

/** A toy dataset's options, checked, with defaults filled in. */
export interface ResolvedToyOptions {
  samples: number;
  noise: number;
  generator: Generator;
  dtype: FloatDType;
  shuffle: boolean;
}

/** Checks a toy dataset's options (plus `extraKeys` it handles itself) and fills defaults. */
export function resolveToyOptions<T extends ToyOptions>(
  op: string,
  options: T | undefined,
  defaultSamples: number,
  extraKeys: readonly string[] = [],
): ResolvedToyOptions & Partial<T> {
  const o = checkOptions(op, options, [...TOY_KEYS, ...extraKeys]);
  return {
    ...o,
    samples:
      o.samples === undefined
        ? defaultSamples
        : checkInteger(op, 'samples', o.samples, 1, MAX_SAMPLES),
    noise: o.noise === undefined ? 0 : checkNumber(op, 'noise', o.noise, 0, 1),
    generator: checkGenerator(op, o.generator),
    dtype: checkFloatDType(op, o.dtype),
    shuffle: o.shuffle === undefined ? true : checkBoolean(op, 'shuffle', o.shuffle),
  };
}

/** A uniform sample from [low, high), TF Playground's `randUniform`. */
export function uniform(generator: Generator, low: number, high: number): number {
  return low + (high - low) * generator.random();
}

/** Splits `total` points into `parts` groups as evenly as possible, the first groups larger. */
export function splitEvenly(total: number, parts: number): number[] {
  return Array.from(
    { length: parts },
    (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0),
  );
}

/** Points collected as they are drawn: the features of each, row after row, and its target. */
export class Points {
  private readonly features: Float64Array;
  private readonly targets: Float64Array;
  private count = 0;

  constructor(
    readonly size: number,
    readonly width: number,
  ) {
    this.features = new Float64Array(size * width);
    this.targets = new Float64Array(size);
  }

  /** Adds one point. */
  add(features: readonly number[], target: number): void {
    this.features.set(features, this.count * this.width);
    this.targets[this.count] = target;
    this.count++;
  }

  /** The tensors, shuffled with `options.generator` unless `options.shuffle` is false. */
  toData(info: DatasetInfo, options: ResolvedToyOptions): ToyData {
    const { dtype } = options;
    let x = tensor(this.features, { shape: [this.size, this.width], dtype });
    let y = tensor(this.targets, { dtype: info.task === 'classification' ? 'int32' : dtype });
    if (options.shuffle) {
      const order = randperm(this.size, { generator: options.generator });
      x = x.indexSelect(0, order);
      y = y.indexSelect(0, order);
    }
    return { x, y, info };
  }
}
