/**
 * The op and gradient suite runs once per registered backend (TensorFlow.js's
 * `describeWithFlags`): `describeEachBackend` repeats a block with each backend active. Besides
 * the TypeScript backend, the contract-checking wrapper of it is registered here; a new backend
 * joins every suite by being registered here too (with its checked wrapper).
 */
import { afterAll, beforeAll, describe } from 'vitest';
import {
  type Backend,
  backend,
  checkedBackend,
  cpuBackend,
  type DType,
  type Kernels,
  listBackends,
  registerBackend,
  setBackend,
  type TypedArray,
} from '../index.js';

registerBackend(checkedBackend(cpuBackend));

/** Runs `body` once per registered backend, with that backend active; titles name the backend. */
export function describeEachBackend(title: string, body: (name: string) => void): void {
  for (const name of listBackends()) {
    describe(`${title} [${name}]`, () => {
      let previous: Backend | null = null;
      beforeAll(() => {
        previous = setBackend(name);
      });
      afterAll(() => {
        if (previous) setBackend(previous);
      });
      body(name);
    });
  }
}

function dtypeOf(array: TypedArray): DType {
  if (array instanceof Float32Array) return 'float32';
  if (array instanceof Float64Array) return 'float64';
  if (array instanceof Int32Array) return 'int32';
  return 'bool';
}

/**
 * The active backend's kernels called with typed arrays, for tests written against plain
 * arrays: each array argument is uploaded (a copy), the kernel runs, and every array is then
 * overwritten with what its buffer holds (so outputs come back; inputs are unchanged).
 */
export const arrayKernels = new Proxy({} as Kernels<TypedArray>, {
  get(_target, name: string) {
    return (...args: unknown[]) => {
      const b = backend() as unknown as Record<string, (...a: unknown[]) => unknown> &
        Backend<unknown>;
      const handles = args.map((a) =>
        ArrayBuffer.isView(a) ? b.upload(dtypeOf(a as TypedArray), (a as TypedArray).slice()) : a,
      );
      const result = (b[name] as (...a: unknown[]) => unknown)(...handles);
      args.forEach((a, i) => {
        if (ArrayBuffer.isView(a)) (a as TypedArray).set(b.read(handles[i]));
      });
      return result;
    };
  },
});
