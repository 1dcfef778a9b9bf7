/**
 * Node.js file helpers for safetensors (`@descent/nn/node`). The main entry stays free of
 * Node built-ins, so it also runs in browsers; import these only where `node:fs` exists.
 *
 * @example
 * ```ts
 * import { loadSafetensorsFile, saveSafetensorsFile } from '@descent/nn/node';
 *
 * await saveSafetensorsFile('model.safetensors', model.stateDict());
 * model.loadStateDict(await loadSafetensorsFile('model.safetensors'));
 * ```
 *
 * @packageDocumentation
 */
import { readFile, writeFile } from 'node:fs/promises';
import { type Tensor, ValueError } from '@descent/core';
import { describe } from './checks.js';
// Through the main entry, so a build can keep it external and share one SafetensorsError class.
import {
  loadSafetensors,
  type SaveSafetensorsOptions,
  type StateDict,
  saveSafetensors,
} from './index.js';

/**
 * Writes a state dict to a `.safetensors` file (see `saveSafetensors`).
 *
 * @example
 * ```ts
 * await saveSafetensorsFile('model.safetensors', model.stateDict(), { epoch: '10' });
 * ```
 */
export async function saveSafetensorsFile(
  path: string | URL,
  stateDict: Record<string, Tensor>,
  metadata?: Record<string, string> | null,
  options?: SaveSafetensorsOptions,
): Promise<void> {
  const bytes = saveSafetensors(stateDict, metadata, options);
  await writeFile(checkPath('saveSafetensorsFile', path), bytes);
}

/**
 * Reads a `.safetensors` file into a state dict (see `loadSafetensors`); a malformed file
 * throws a `SafetensorsError` before any tensor is allocated.
 *
 * @example
 * ```ts
 * model.loadStateDict(await loadSafetensorsFile('model.safetensors'));
 * ```
 */
export async function loadSafetensorsFile(path: string | URL): Promise<StateDict> {
  return loadSafetensors(await readFile(checkPath('loadSafetensorsFile', path)));
}

/** Throws a ValueError unless `path` is a file path: a non-empty string or a URL. */
function checkPath(where: string, path: unknown): string | URL {
  if ((typeof path === 'string' && path !== '') || path instanceof URL) return path;
  throw new ValueError(
    `${where}: path must be a file path (a string or URL), got ${describe(path)}`,
  );
}
