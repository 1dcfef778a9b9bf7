import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';

export { tf };

const require = createRequire(import.meta.url);
export const wasmVersion: string = version_wasm;
/** The version field of @descent/core's package.json (read at run time, not bundled). */
export const descentVersion: string = (() => {
  try {
    return (require('@descent/core/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

/** The two TensorFlow.js backends the benchmark compares against. */
export type TfBackend = 'cpu' | 'wasm';

let wasmPathSet = false;
// Production mode only silences warnings (the "install tfjs-node" banner among them).
tf.enableProdMode();

/**
 * Switches TensorFlow.js to `name`. The wasm backend's binaries ship in the package's dist/
 * directory; in Node they are read from there (no network).
 */
export async function useBackend(name: TfBackend): Promise<void> {
  if (name === 'wasm' && !wasmPathSet) {
    setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`);
    wasmPathSet = true;
  }
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) throw new Error(`could not switch TensorFlow.js to ${name}`);
}

/** Throws if a case leaked tensors (the tfjs side must tidy/dispose everything it makes). */
export function checkNoLeak(before: number, label: string): void {
  const after = tf.memory().numTensors;
  if (after > before) {
    throw new Error(`${label}: TensorFlow.js leaked ${after - before} tensors`);
  }
}

/** A variable holding `initial`, whose own handle is disposed (the variable keeps the data). */
export function tfVariable(initial: tf.Tensor, trainable = true): tf.Variable {
  const v = tf.variable(initial, trainable);
  initial.dispose();
  return v;
}
