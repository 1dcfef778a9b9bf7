import { ValueError } from '../errors.js';
import { cpuBackend } from './cpu/index.js';
import type { Backend } from './kernels.js';

/** Backends by name, in registration order; the TypeScript one is always there. */
const registered = new Map<string, Backend>([['ts', cpuBackend as unknown as Backend]]);
let active: Backend = registered.get('ts') as Backend;

/**
 * The backend ops run on now.
 *
 * @example
 * ```ts
 * backend().name; // 'ts'
 * ```
 */
export function backend(): Backend {
  return active;
}

/**
 * Makes a backend available to {@link setBackend} under its name (replacing one of the same
 * name). The op and gradient test suite runs once per registered backend.
 *
 * @example
 * ```ts
 * registerBackend(checkedBackend(cpuBackend));
 * setBackend('checked(ts)');
 * ```
 */
export function registerBackend<H>(candidate: Backend<H>): void {
  if (typeof candidate?.name !== 'string' || candidate.name === '') {
    throw new ValueError('registerBackend: a backend needs a non-empty name');
  }
  // A backend's handles are opaque to everything outside it: from here on they are DataHandles.
  registered.set(candidate.name, candidate as unknown as Backend);
}

/**
 * The names of the registered backends, in registration order.
 *
 * @example
 * ```ts
 * listBackends(); // ['ts']
 * ```
 */
export function listBackends(): string[] {
  return [...registered.keys()];
}

/**
 * Selects the backend new tensors are made on and ops run on, by name or as an object (which is
 * registered too). Tensors made on another backend move their storage on first use. Returns the
 * previous backend, so a test can restore it.
 *
 * @example
 * ```ts
 * const previous = setBackend('ts');
 * // …
 * setBackend(previous);
 * ```
 */
export function setBackend<H>(choice: string | Backend<H>): Backend {
  let next: Backend | undefined;
  if (typeof choice === 'string') {
    next = registered.get(choice);
    if (next === undefined) {
      throw new ValueError(
        `setBackend: no backend named ${JSON.stringify(choice)}; registered: ${listBackends().join(', ')}`,
      );
    }
  } else {
    registerBackend(choice);
    next = choice as unknown as Backend;
  }
  const previous = active;
  active = next;
  return previous;
}
