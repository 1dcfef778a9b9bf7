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
import type { Tensor } from '@descent/core';
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
  await writeFile(path, saveSafetensors(stateDict, metadata, options));
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
  return loadSafetensors(await readFile(path));
}
