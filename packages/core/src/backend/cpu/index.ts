import type { Kernels } from '../kernels.js';
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
import { argReduce, reduce } from './reduce.js';
import { cast, unary } from './unary.js';

/**
 * The pure-TypeScript backend: every kernel a plain loop over typed arrays.
 *
 * @example
 * ```ts
 * const out = new Float32Array(2);
 * cpuKernels.unary('exp', new Float32Array([0, 1]), out, 0, 0); // out = [1, 2.718…]
 * ```
 */
export const cpuKernels: Kernels = {
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
};
