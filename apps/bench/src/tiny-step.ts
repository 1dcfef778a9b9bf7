import { linear, type Tensor, tensor } from '@descent/core';
import { makeSgd, type Runner } from './framework.js';
import { linearInit, Rng } from './random.js';
import { tf, tfVariable } from './tfjs.js';

/**
 * The playground's regime: a 2-8-8-1 network with tanh hidden layers, a linear output and a
 * mean-squared-error loss, batch 10, plain SGD. Tiny tensors, so per-op overhead dominates.
 */
export const SIZES = [2, 8, 8, 1] as const;
export const BATCH = 10;
export const LR = 0.03;

/** The inputs, targets and initial layers every side of the case starts from. */
export function data() {
  const rng = new Rng(7);
  const x = rng.uniform(BATCH * 2, -1, 1);
  // An XOR-like target, as in the playground's datasets.
  const y = new Float32Array(BATCH);
  for (let i = 0; i < BATCH; i++)
    y[i] = (x[2 * i] as number) * (x[2 * i + 1] as number) > 0 ? 1 : -1;
  const layers = [];
  for (let l = 0; l + 1 < SIZES.length; l++)
    layers.push(linearInit(rng, SIZES[l] as number, SIZES[l + 1] as number));
  return { x, y, layers };
}

export let tinySgdKind = '';

export function descentTinyStep(): Runner {
  const { x, y, layers } = data();
  const xs = tensor(x, { shape: [BATCH, 2] });
  const ys = tensor(y, { shape: [BATCH, 1] });
  const params: Tensor[] = [];
  layers.forEach((layer, l) => {
    const [inF, outF] = [SIZES[l] as number, SIZES[l + 1] as number];
    params.push(tensor(layer.weight, { shape: [outF, inF], requiresGrad: true }));
    params.push(tensor(layer.bias, { shape: [outF], requiresGrad: true }));
  });
  const [w1, b1, w2, b2, w3, b3] = params as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
  const opt = makeSgd(params, LR);
  tinySgdKind = opt.kind;
  return {
    run: () => {
      const h1 = linear(xs, w1, b1).tanh();
      const h2 = linear(h1, w2, b2).tanh();
      const out = linear(h2, w3, b3);
      const loss = out.sub(ys).square().mean();
      opt.zeroGrad();
      loss.backward();
      opt.step();
      return loss.item();
    },
  };
}

/** The same step in TensorFlow.js: `optimizer.minimize` (tidies the tape) and `dataSync()`. */
export function tfjsTinyStep(): Runner {
  const { x, y, layers } = data();
  const xs = tf.tensor2d(x, [BATCH, 2]);
  const ys = tf.tensor2d(y, [BATCH, 1]);
  const vars: tf.Variable[] = [];
  layers.forEach((layer, l) => {
    const [inF, outF] = [SIZES[l] as number, SIZES[l + 1] as number];
    vars.push(tfVariable(tf.tensor2d(layer.weight, [outF, inF])));
    vars.push(tfVariable(tf.tensor1d(layer.bias)));
  });
  const [w1, b1, w2, b2, w3, b3] = vars as [
    tf.Variable,
    tf.Variable,
    tf.Variable,
    tf.Variable,
    tf.Variable,
    tf.Variable,
  ];
  const opt = tf.train.sgd(LR);
  const lossFn = (): tf.Scalar => {
    const h1 = tf.tanh(tf.add(tf.matMul(xs, w1, false, true), b1));
    const h2 = tf.tanh(tf.add(tf.matMul(h1, w2, false, true), b2));
    const out = tf.add(tf.matMul(h2, w3, false, true), b3);
    return tf.mean(tf.square(tf.sub(out, ys)));
  };
  return {
    run: () => {
      const cost = opt.minimize(lossFn, true, vars) as tf.Scalar;
      const value = cost.dataSync()[0] as number;
      cost.dispose();
      return value;
    },
    dispose: () => {
      for (const v of vars) v.dispose();
      xs.dispose();
      ys.dispose();
      opt.dispose();
    },
  };
}
