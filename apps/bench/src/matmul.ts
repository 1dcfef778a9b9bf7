import { matmul, tensor } from '@descent/core';
import type { Runner } from './framework.js';
import { Rng } from './random.js';
import { tf } from './tfjs.js';

/** Two n×n float32 operands, the same values for every framework. */
function operands(n: number): [Float32Array, Float32Array] {
  const rng = new Rng(1234 + n);
  return [rng.uniform(n * n, -1, 1), rng.uniform(n * n, -1, 1)];
}

/** Floating-point operations of an n×n by n×n product. */
export const matmulFlops = (n: number): number => 2 * n ** 3;

let lastDescent: Float32Array | null = null;

export function descentMatmul(n: number): Runner {
  const [x, y] = operands(n);
  const a = tensor(x, { shape: [n, n] });
  const b = tensor(y, { shape: [n, n] });
  return {
    run: () => {
      lastDescent = matmul(a, b).dataSync() as Float32Array;
      return undefined;
    },
  };
}

/** TensorFlow.js on its current backend; both sides read the product back with `dataSync()`. */
export function tfjsMatmul(n: number): Runner & { maxAbsDiff(): number } {
  const [x, y] = operands(n);
  const a = tf.tensor2d(x, [n, n]);
  const b = tf.tensor2d(y, [n, n]);
  let last: Float32Array | null = null;
  return {
    run: () => {
      const c = tf.matMul(a, b);
      last = c.dataSync() as Float32Array;
      c.dispose();
      return undefined;
    },
    /** Largest |descent − tfjs| of the last products (a sanity check that both did the same work). */
    maxAbsDiff: () => {
      if (!last || !lastDescent || last.length !== lastDescent.length) return Number.NaN;
      let worst = 0;
      for (let i = 0; i < last.length; i++)
        worst = Math.max(worst, Math.abs((last[i] as number) - (lastDescent[i] as number)));
      return worst;
    },
    dispose: () => {
      a.dispose();
      b.dispose();
    },
  };
}
