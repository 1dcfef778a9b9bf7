import type { Runner } from './framework.js';
import { BATCH, data, LR } from './tiny-step.js';

/**
 * The tiny step written by hand, without a framework: the lower bound a framework's per-op
 * overhead is measured against. Plain loops over float32 arrays allocated once (values rounded to
 * float32 where descent stores them, arithmetic in doubles as JavaScript does): forward through
 * 2-8-8-1 with tanh, the MSE loss, its gradient by the chain rule, and SGD on the six tensors.
 */
function update(p: Float32Array, g: Float32Array): void {
  for (let i = 0; i < p.length; i++) p[i] = (p[i] as number) - LR * (g[i] as number);
}

export function handTinyStep(): Runner {
  const { x, y, layers } = data();
  const [l1, l2, l3] = layers as [
    { weight: Float32Array; bias: Float32Array },
    { weight: Float32Array; bias: Float32Array },
    { weight: Float32Array; bias: Float32Array },
  ];
  const w1 = l1.weight.slice(); // [8, 2]
  const b1 = l1.bias.slice();
  const w2 = l2.weight.slice(); // [8, 8]
  const b2 = l2.bias.slice();
  const w3 = l3.weight.slice(); // [1, 8]
  const b3 = l3.bias.slice();
  const a1 = new Float32Array(BATCH * 8);
  const a2 = new Float32Array(BATCH * 8);
  const out = new Float32Array(BATCH);
  const d2 = new Float32Array(BATCH * 8);
  const d1 = new Float32Array(BATCH * 8);
  const dOut = new Float32Array(BATCH);
  const gw1 = new Float32Array(16);
  const gw2 = new Float32Array(64);
  const gw3 = new Float32Array(8);
  const gb1 = new Float32Array(8);
  const gb2 = new Float32Array(8);
  const gb3 = new Float32Array(1);

  const step = (): number => {
    for (let n = 0; n < BATCH; n++) {
      for (let j = 0; j < 8; j++) {
        const s =
          (x[2 * n] as number) * (w1[2 * j] as number) +
          (x[2 * n + 1] as number) * (w1[2 * j + 1] as number);
        a1[8 * n + j] = Math.tanh(Math.fround(s) + (b1[j] as number));
      }
      for (let j = 0; j < 8; j++) {
        let s = 0;
        for (let k = 0; k < 8; k++) s += (a1[8 * n + k] as number) * (w2[8 * j + k] as number);
        a2[8 * n + j] = Math.tanh(Math.fround(s) + (b2[j] as number));
      }
      let s = 0;
      for (let k = 0; k < 8; k++) s += (a2[8 * n + k] as number) * (w3[k] as number);
      out[n] = Math.fround(s) + (b3[0] as number);
    }
    let loss = 0;
    for (let n = 0; n < BATCH; n++) {
      const e = (out[n] as number) - (y[n] as number);
      loss += e * e;
      dOut[n] = (2 * e) / BATCH;
    }
    gb3[0] = 0;
    gw3.fill(0);
    for (let n = 0; n < BATCH; n++) {
      const g = dOut[n] as number;
      gb3[0] = (gb3[0] as number) + g;
      for (let k = 0; k < 8; k++) {
        gw3[k] = (gw3[k] as number) + g * (a2[8 * n + k] as number);
        const a = a2[8 * n + k] as number;
        d2[8 * n + k] = g * (w3[k] as number) * (1 - a * a);
      }
    }
    gw2.fill(0);
    gb2.fill(0);
    for (let n = 0; n < BATCH; n++) {
      for (let j = 0; j < 8; j++) {
        const g = d2[8 * n + j] as number;
        gb2[j] = (gb2[j] as number) + g;
        for (let k = 0; k < 8; k++)
          gw2[8 * j + k] = (gw2[8 * j + k] as number) + g * (a1[8 * n + k] as number);
      }
      for (let k = 0; k < 8; k++) {
        let s = 0;
        for (let j = 0; j < 8; j++) s += (d2[8 * n + j] as number) * (w2[8 * j + k] as number);
        const a = a1[8 * n + k] as number;
        d1[8 * n + k] = s * (1 - a * a);
      }
    }
    gw1.fill(0);
    gb1.fill(0);
    for (let n = 0; n < BATCH; n++) {
      for (let j = 0; j < 8; j++) {
        const g = d1[8 * n + j] as number;
        gb1[j] = (gb1[j] as number) + g;
        gw1[2 * j] = (gw1[2 * j] as number) + g * (x[2 * n] as number);
        gw1[2 * j + 1] = (gw1[2 * j + 1] as number) + g * (x[2 * n + 1] as number);
      }
    }
    update(w1, gw1);
    update(b1, gb1);
    update(w2, gw2);
    update(b2, gb2);
    update(w3, gw3);
    update(b3, gb3);
    return Math.fround(loss / BATCH);
  };
  return { run: step };
}
