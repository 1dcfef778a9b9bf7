/**
 * How labels become the loss's targets, and outputs become pictures and scores, for each kind of
 * output layer.
 */
import { type Tensor, tensor } from '@descent/core';
import { binaryCrossEntropyWithLogits, crossEntropy, mseLoss } from '@descent/nn';
import type { Head } from './network.js';

/**
 * The loss's target for the points `index` of `labels` (class indices or values).
 *
 * @example
 * ```ts
 * targetsFor('tanh', new Float32Array([0, 1]), new Int32Array([0, 1])).toArray(); // [[-1], [1]]
 * ```
 */
export function targetsFor(head: Head, labels: Float32Array, index: Int32Array): Tensor {
  if (head === 'softmax') {
    return tensor(Int32Array.from(index, (i) => labels[i] as number));
  }
  const values = Float32Array.from(index, (i) => {
    const label = labels[i] as number;
    return head === 'tanh' ? 2 * label - 1 : label;
  });
  return tensor(values).reshape([index.length, 1]);
}

/**
 * The training loss of outputs against targets (a mean over the batch).
 *
 * @example
 * ```ts
 * lossFor('linear', output, target).item();
 * ```
 */
export function lossFor(head: Head, output: Tensor, target: Tensor): Tensor {
  switch (head) {
    case 'softmax':
      return crossEntropy(output, target);
    case 'logit':
      return binaryCrossEntropyWithLogits(output, target);
    default:
      return mseLoss(output, target);
  }
}

/**
 * What a picture shows for each output row: one value in [-1, 1] (the sign is the class, as in
 * TensorFlow Playground), or for a softmax head the K class probabilities.
 *
 * @example
 * ```ts
 * displayValues('logit', logits); // 2σ(z) − 1
 * ```
 */
export function displayValues(head: Head, output: Tensor): Tensor {
  switch (head) {
    case 'softmax':
      return output.softmax(1);
    case 'logit':
      return output.mul(0.5).tanh();
    default:
      return output;
  }
}

/**
 * Accuracy (classification) or R² (regression) of display values against labels.
 *
 * @example
 * ```ts
 * score('tanh', new Float32Array([0.9, -0.2]), 1, new Float32Array([1, 0])); // 1
 * ```
 */
export function score(
  head: Head,
  shown: Float32Array,
  columns: number,
  labels: Float32Array,
): number {
  const n = labels.length;
  if (n === 0) return Number.NaN;
  if (head === 'linear') {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += labels[i] as number;
    mean /= n;
    let residual = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      residual += ((labels[i] as number) - (shown[i] as number)) ** 2;
      total += ((labels[i] as number) - mean) ** 2;
    }
    return total > 0 ? 1 - residual / total : Number.NaN;
  }
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let predicted = 0;
    if (columns === 1) {
      predicted = (shown[i] as number) >= 0 ? 1 : 0;
    } else {
      let best = -1;
      for (let k = 0; k < columns; k++) {
        const p = shown[i * columns + k] as number;
        if (p > best) {
          best = p;
          predicted = k;
        }
      }
    }
    if (predicted === labels[i]) correct++;
  }
  return correct / n;
}
