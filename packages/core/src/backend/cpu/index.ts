import type { TypedArray } from '../../dtype.js';
import type { Backend } from '../kernels.js';
import { batchNormBackward, batchNormForward } from './batchnorm.js';
import { binary, where } from './binary.js';
import {
  gather,
  indexAdd,
  indexSelect,
  scatterAdd,
  stridedCopy,
  stridedScatterAdd,
} from './layout.js';
import { matmul } from './matmul.js';
import { vectorNorm } from './norm.js';
import { adagradStep, adamStep, rmspropStep, sgdStep } from './optimizer-steps.js';
import { argReduce, reduce } from './reduce.js';
import { findNonFinite, nonzero } from './search.js';
import { alloc, fill, read, readScalar, upload, write } from './storage.js';
import { cast, unary } from './unary.js';
import { update } from './update.js';

/**
 * The built-in backend, `'ts'`: plain TypeScript loops over typed arrays, a handle being the
 * typed array itself. Runs everywhere JavaScript does.
 *
 * @example
 * ```ts
 * const x = cpuBackend.upload('float32', new Float32Array([0, 1]));
 * const out = cpuBackend.alloc('float32', 2);
 * cpuBackend.unary('exp', x, out, 0, 0);
 * cpuBackend.read(out); // Float32Array [1, 2.718…]
 * ```
 */
export const cpuBackend: Backend<TypedArray> = {
  name: 'ts',
  alloc,
  upload,
  read,
  readScalar,
  write,
  fill,
  unary,
  binary,
  where,
  reduce,
  argReduce,
  matmul,
  stridedCopy,
  stridedScatterAdd,
  cast,
  indexSelect,
  indexAdd,
  gather,
  scatterAdd,
  update,
  vectorNorm,
  nonzero,
  findNonFinite,
  batchNormForward,
  batchNormBackward,
  sgdStep,
  adagradStep,
  rmspropStep,
  adamStep,
};
