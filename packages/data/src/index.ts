/**
 * `@descent/data`: datasets and mini-batch loaders for descent, with PyTorch's names and
 * semantics in camelCase: {@link TensorDataset}, {@link Subset}, {@link randomSplit} and
 * {@link DataLoader} for mini-batches, {@link standardize} for feature scaling, TensorFlow
 * Playground's toy datasets (seeded, the same on every machine) and the lecture's, a CSV reader
 * with errors that name the line and column, and {@link parseIdx} for MNIST's IDX files. File
 * readers for Node.js are in `@descent/data/node`.
 *
 * @example
 * ```ts
 * import { Generator } from '@descent/core';
 * import { circle, parseCsv } from '@descent/data';
 *
 * const { x, y, info } = circle({ noise: 0.1, generator: new Generator(0) });
 * x.shape;      // [500, 2]
 * info.classes; // 2
 * const { columns, data } = parseCsv('x1,x2\n1,2\n3,4\n');
 * ```
 *
 * @packageDocumentation
 */
export type { CsvOptions } from './csv/options.js';
export { DEFAULT_MAX_CSV_BYTES, DEFAULT_MAX_CSV_ROWS } from './csv/options.js';
export { parseCsv } from './csv/parse-csv.js';
export type { CsvTable } from './csv/table-reader.js';
export { CsvError, DataError } from './errors.js';
export {
  type IdxElementType,
  type IdxHeader,
  type IdxTypeCode,
  readIdxHeader,
} from './idx/header.js';
export { type IdxOptions, parseIdx } from './idx/parse-idx.js';
export { type Collated, defaultCollate } from './loading/collate.js';
export { DataLoader, type DataLoaderOptions } from './loading/data-loader.js';
export type { BatchedDataset, Dataset } from './loading/dataset.js';
export { type RandomSplitOptions, randomSplit } from './loading/random-split.js';
export { Subset } from './loading/subset.js';
export { TensorDataset } from './loading/tensor-dataset.js';
export {
  type FeatureStatistics,
  type Standardization,
  standardize,
  standardizeWith,
} from './standardize.js';
export { circle } from './toy/circle.js';
export { gauss } from './toy/gauss.js';
export { moons } from './toy/moons.js';
export { POKEMON_WEIGHTS, pokemon } from './toy/pokemon.js';
export { regressionGauss, regressionGaussTarget } from './toy/regression-gauss.js';
export { type RegressionLineOptions, regressionLine } from './toy/regression-line.js';
export { regressionPlane } from './toy/regression-plane.js';
export { spiral } from './toy/spiral.js';
export type { DatasetInfo, SpiralOptions, ToyData, ToyOptions } from './toy/types.js';
export { xor } from './toy/xor.js';
