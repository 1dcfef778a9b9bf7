import { linear, noGrad, ones, type Tensor, tensor, zeros } from '@descent/core';
import { makeSgd, nn, type Runner } from './framework.js';
import { linearInit, Rng } from './random.js';
import { tf, tfVariable } from './tfjs.js';

/**
 * 784-256-BN-sigmoid-256-BN-sigmoid-10 with cross-entropy at batch 128, one SGD step: the shape
 * of an MNIST classifier. Big matmuls dominate, but BatchNorm and softmax matter too.
 */
const BATCH = 128;
const SIZES = [784, 256, 256, 10] as const;
const LR = 0.05;
const EPS = 1e-5;
const MOMENTUM = 0.1;

function data() {
  const rng = new Rng(42);
  return {
    x: rng.uniform(BATCH * 784, 0, 1),
    labels: rng.ints(BATCH, 10),
    layers: [0, 1, 2].map((l) => linearInit(rng, SIZES[l] as number, SIZES[l + 1] as number)),
  };
}

/** How the descent side was built, for the table's label. */
export let mlpImplementation = '';

interface LinearLike {
  weight: Tensor;
  bias: Tensor | null;
}
interface ModuleLike {
  forward(x: Tensor): Tensor;
  parameters(): Tensor[];
}

function nnAvailable(): boolean {
  return Boolean(nn.Linear && nn.BatchNorm1d && nn.Sigmoid && nn.Sequential && nn.crossEntropy);
}

export function descentMlpStep(): Runner {
  const { x, labels, layers } = data();
  const xs = tensor(x, { shape: [BATCH, 784] });
  if (nnAvailable()) return nnMlp(xs, labels, layers);
  return coreMlp(xs, labels, layers);
}

/** With @descent/nn's layers and loss and @descent/optim's SGD. */
function nnMlp(xs: Tensor, labels: Int32Array, layers: ReturnType<typeof data>['layers']): Runner {
  const N = nn as Required<typeof nn>;
  const New = <T>(C: unknown, ...args: unknown[]): T =>
    new (C as new (...a: unknown[]) => T)(...args);
  const fcs = [0, 1, 2].map((l) => New<LinearLike & ModuleLike>(N.Linear, SIZES[l], SIZES[l + 1]));
  fcs.forEach((fc, l) => {
    const init = layers[l] as { weight: Float32Array; bias: Float32Array };
    noGrad(() => {
      fc.weight.copy_(tensor(init.weight, { shape: fc.weight.shape.slice() }));
      (fc.bias as Tensor).copy_(tensor(init.bias));
    });
  });
  const model = New<ModuleLike>(
    N.Sequential,
    fcs[0],
    New(N.BatchNorm1d, 256),
    New(N.Sigmoid),
    fcs[1],
    New(N.BatchNorm1d, 256),
    New(N.Sigmoid),
    fcs[2],
  );
  const target = tensor(labels, { shape: [BATCH], dtype: 'int32' });
  const opt = makeSgd(model.parameters(), LR);
  mlpImplementation = `nn.Sequential + nn.crossEntropy + ${opt.kind}`;
  return {
    run: () => {
      const loss = N.crossEntropy(model.forward(xs), target);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      return loss.item();
    },
  };
}

/** Composed from core ops, for when @descent/nn does not export the layers yet. */
function coreMlp(
  xs: Tensor,
  labels: Int32Array,
  layers: ReturnType<typeof data>['layers'],
): Runner {
  const params: Tensor[] = [];
  const fc = layers.map((init, l) => {
    const w = tensor(init.weight, {
      shape: [SIZES[l + 1] as number, SIZES[l] as number],
      requiresGrad: true,
    });
    const b = tensor(init.bias, { shape: [SIZES[l + 1] as number], requiresGrad: true });
    params.push(w, b);
    return { w, b };
  });
  const bns = [0, 1].map(() => {
    const gamma = ones([256]).requiresGrad_();
    const beta = zeros([256]).requiresGrad_();
    params.push(gamma, beta);
    return { gamma, beta, runningMean: zeros([256]), runningVar: ones([256]) };
  });
  const target = tensor(labels, { shape: [BATCH, 1], dtype: 'int32' });
  const opt = makeSgd(params, LR);
  mlpImplementation = `core ops (linear, mean/var BN, logSoftmax+gather) + ${opt.kind}`;
  const batchNorm = (h: Tensor, bn: (typeof bns)[number]): Tensor => {
    const mu = h.mean(0, true);
    const variance = h.var(0, { correction: 0, keepDim: true });
    noGrad(() => {
      bn.runningMean.mul_(1 - MOMENTUM).add_(mu.reshape([256]), MOMENTUM);
      bn.runningVar
        .mul_(1 - MOMENTUM)
        .add_(variance.reshape([256]), (MOMENTUM * BATCH) / (BATCH - 1));
    });
    return h.sub(mu).mul(variance.add(EPS).rsqrt()).mul(bn.gamma).add(bn.beta);
  };
  const [l1, l2, l3] = fc as [(typeof fc)[0], (typeof fc)[0], (typeof fc)[0]];
  const [bn1, bn2] = bns as [(typeof bns)[0], (typeof bns)[0]];
  return {
    run: () => {
      const h1 = batchNorm(linear(xs, l1.w, l1.b), bn1).sigmoid();
      const h2 = batchNorm(linear(h1, l2.w, l2.b), bn2).sigmoid();
      const logits = linear(h2, l3.w, l3.b);
      const loss = logits.logSoftmax(1).gather(1, target).mean().neg();
      opt.zeroGrad();
      loss.backward();
      opt.step();
      return loss.item();
    },
  };
}

/**
 * TensorFlow.js: hand-written ops (batch norm with `tf.moments`, running statistics updated as
 * tf.layers does), `tf.losses.softmaxCrossEntropy`, SGD through `optimizer.minimize`.
 */
export function tfjsMlpStep(): Runner {
  const { x, labels, layers } = data();
  const xs = tf.tensor2d(x, [BATCH, 784]);
  const oneHot = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat());
  const vars: tf.Variable[] = [];
  const fc = layers.map((init, l) => {
    const w = tfVariable(tf.tensor2d(init.weight, [SIZES[l + 1] as number, SIZES[l] as number]));
    const b = tfVariable(tf.tensor1d(init.bias));
    vars.push(w, b);
    return { w, b };
  });
  const bns = [0, 1].map(() => {
    const gamma = tfVariable(tf.ones([256]));
    const beta = tfVariable(tf.zeros([256]));
    vars.push(gamma, beta);
    return {
      gamma,
      beta,
      runningMean: tfVariable(tf.zeros([256]), false),
      runningVar: tfVariable(tf.ones([256]), false),
    };
  });
  const batchNorm = (h: tf.Tensor2D, bn: (typeof bns)[number]): tf.Tensor2D => {
    const { mean, variance } = tf.moments(h, 0);
    bn.runningMean.assign(tf.add(tf.mul(bn.runningMean, 1 - MOMENTUM), tf.mul(mean, MOMENTUM)));
    bn.runningVar.assign(
      tf.add(
        tf.mul(bn.runningVar, 1 - MOMENTUM),
        tf.mul(variance, (MOMENTUM * BATCH) / (BATCH - 1)),
      ),
    );
    return tf.add(
      tf.mul(tf.mul(tf.sub(h, mean), tf.rsqrt(tf.add(variance, EPS))), bn.gamma),
      bn.beta,
    );
  };
  const [l1, l2, l3] = fc as [(typeof fc)[0], (typeof fc)[0], (typeof fc)[0]];
  const [bn1, bn2] = bns as [(typeof bns)[0], (typeof bns)[0]];
  const opt = tf.train.sgd(LR);
  const lossFn = (): tf.Scalar => {
    const h1 = tf.sigmoid(batchNorm(tf.add(tf.matMul(xs, l1.w, false, true), l1.b), bn1));
    const h2 = tf.sigmoid(batchNorm(tf.add(tf.matMul(h1, l2.w, false, true), l2.b), bn2));
    const logits = tf.add(tf.matMul(h2, l3.w, false, true), l3.b);
    return tf.losses.softmaxCrossEntropy(oneHot, logits) as tf.Scalar;
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
      for (const bn of bns) {
        bn.runningMean.dispose();
        bn.runningVar.dispose();
      }
      xs.dispose();
      oneHot.dispose();
      opt.dispose();
    },
  };
}
