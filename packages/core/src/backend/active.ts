import { cpuKernels } from './cpu/index.js';
import type { Kernels } from './kernels.js';

let active: Kernels = cpuKernels;

/** The kernels ops run on now. */
export function backend(): Kernels {
  return active;
}

/**
 * Replaces the kernels every op runs on (for a WebAssembly or threaded backend). Returns the
 * previous one so a test can restore it.
 *
 * @example
 * ```ts
 * const previous = setBackend({ ...cpuKernels, matmul: myFasterMatmul });
 * ```
 */
export function setBackend(kernels: Kernels): Kernels {
  const previous = active;
  active = kernels;
  return previous;
}
