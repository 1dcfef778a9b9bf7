/**
 * Saving and loading: the trained weights as a `.safetensors` file (PyTorch's key names, loadable
 * with `@descent/nn`), and the settings as JSON.
 */
import { MAX_STATE_FILE_BYTES, stateFromJson, stateToJson } from '../state/state-file.js';
import type { Store } from '../state/store.js';
import { byId, onFileChosen } from './dom.js';
import type { Notices } from './notices.js';
import { download } from './own-data.js';

/** Weights of the largest network are a few kilobytes; anything near this is not ours. */
const MAX_WEIGHTS_BYTES = 10 * 1024 * 1024;

/**
 * Wires the save and load buttons.
 *
 * @example
 * ```ts
 * mountFiles(store, notices, { requestWeights, loadWeights });
 * ```
 */
export function mountFiles(
  store: Store,
  notices: Notices,
  weights: { request(): void; load(bytes: Uint8Array): void },
): void {
  byId('export-weights').addEventListener('click', () => weights.request());
  onFileChosen(byId<HTMLInputElement>('import-weights'), async (file) => {
    if (file.size > MAX_WEIGHTS_BYTES) {
      notices.show(
        `“${file.name}” is too large to be this network’s weights. Nothing was loaded.`,
        'alert',
      );
      return;
    }
    weights.load(new Uint8Array(await file.arrayBuffer()));
  });
  byId('export-state').addEventListener('click', () => {
    download('descent-playground.json', 'application/json', stateToJson(store.state));
  });
  onFileChosen(byId<HTMLInputElement>('import-state'), async (file) => {
    try {
      if (file.size > MAX_STATE_FILE_BYTES) throw new Error('the file is too large');
      const { state, notices: refused } = stateFromJson(await file.text());
      store.replace(state, refused);
      notices.show(`Loaded the settings from “${file.name}”.`);
    } catch (error) {
      notices.show(
        `Could not load “${file.name}”: ${error instanceof Error ? error.message : String(error)}. Nothing was changed.`,
        'alert',
      );
    }
  });
}

/**
 * Downloads weights the worker exported.
 *
 * @example
 * ```ts
 * saveWeights(bytes);
 * ```
 */
export function saveWeights(bytes: Uint8Array): void {
  download('descent-playground.safetensors', 'application/octet-stream', bytes as BlobPart);
}
