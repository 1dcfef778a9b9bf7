/**
 * The playground's network: hidden layers of Linear → (BatchNorm1d) → activation, then a Linear
 * output layer, all from `@descent/nn`, held in one `Sequential` so its state dict has PyTorch's
 * keys (`0.weight`, `1.running_mean`, …). `evaluate` walks the same modules one by one to show
 * what each unit computes.
 */
import { type Generator, linear as linearOp, noGrad, type Tensor } from '@descent/core';
import {
  BatchNorm1d,
  Identity,
  Linear,
  ReLU,
  Sequential,
  Sigmoid,
  Tanh,
  type TensorModule,
} from '@descent/nn';
import type { State } from '../state/schema.js';

/** What the output layer produces, which decides the loss and how outputs are drawn. */
export type Head =
  /** One tanh unit fit to labels ±1 with mean squared error (TensorFlow Playground). */
  | 'tanh'
  /** One logit fit to classes 0/1 with binary cross-entropy. */
  | 'logit'
  /** K logits fit to class indices with cross-entropy (softmax). */
  | 'softmax'
  /** One linear unit fit to values with mean squared error. */
  | 'linear';

export interface HiddenLayer {
  readonly linear: Linear;
  readonly norm: BatchNorm1d | null;
  readonly activation: TensorModule;
}

export interface Network {
  readonly model: Sequential;
  readonly hidden: readonly HiddenLayer[];
  readonly output: Linear;
  readonly head: Head;
  readonly outputs: number;
}

/**
 * The output layer the state asks for.
 *
 * @example
 * ```ts
 * headOf(defaultState(), 2); // 'tanh'
 * ```
 */
export function headOf(state: State, classes: number): Head {
  if (state.problem === 'regression') return 'linear';
  if (state.loss === 'mse') return 'tanh';
  return classes > 2 ? 'softmax' : 'logit';
}

function activationModule(name: State['activation']): TensorModule {
  switch (name) {
    case 'relu':
      return new ReLU();
    case 'sigmoid':
      return new Sigmoid();
    case 'linear':
      return new Identity();
    default:
      return new Tanh();
  }
}

/**
 * A freshly initialized network (PyTorch's initialization, drawn from `generator`).
 *
 * @example
 * ```ts
 * const net = buildNetwork({ inputs: 2, layers: [4, 2], batchNorm: [false, false],
 *   activation: 'tanh', head: 'tanh', classes: 2, generator: new Generator(1) });
 * ```
 */
export function buildNetwork(spec: {
  inputs: number;
  layers: readonly number[];
  batchNorm: readonly boolean[];
  activation: State['activation'];
  head: Head;
  classes: number;
  generator: Generator;
}): Network {
  const modules: TensorModule[] = [];
  const hidden: HiddenLayer[] = [];
  let width = spec.inputs;
  spec.layers.forEach((units, i) => {
    const linear = new Linear(width, units, { generator: spec.generator });
    const norm = spec.batchNorm[i] ? new BatchNorm1d(units) : null;
    const activation = activationModule(spec.activation);
    modules.push(linear, ...(norm ? [norm] : []), activation);
    hidden.push({ linear, norm, activation });
    width = units;
  });
  const outputs = spec.head === 'softmax' ? spec.classes : 1;
  const output = new Linear(width, outputs, { generator: spec.generator });
  modules.push(output);
  if (spec.head === 'tanh') modules.push(new Tanh());
  return { model: new Sequential(...modules), hidden, output, head: spec.head, outputs };
}

/** How BatchNorm layers normalize when the network is evaluated for a picture. */
export type NormMode =
  | { readonly kind: 'running' }
  /** With the mean and variance of this batch of inputs, as in training. */
  | { readonly kind: 'batch'; readonly inputs: Tensor };

export interface Evaluation {
  /** The network's output (after the tanh head, before a softmax or sigmoid). */
  readonly output: Tensor;
  /** Each hidden layer's output, after its activation. */
  readonly hidden: Tensor[];
  /** Each hidden layer's input to its activation (after BatchNorm); empty without `detail`. */
  readonly preActivation: Tensor[];
  /** Each hidden layer's Linear output (before BatchNorm); empty without `detail`. */
  readonly linearOutput: Tensor[];
}

/** BatchNorm as a per-unit scale and shift: γ/√(σ² + ε) and β − μ·γ/√(σ² + ε). */
function scaleAndShift(
  norm: BatchNorm1d,
  mean: Tensor,
  variance: Tensor,
): { scale: Tensor; shift: Tensor } {
  let scale = variance.add(norm.eps).rsqrt();
  if (norm.weight) scale = scale.mul(norm.weight);
  let shift = mean.mul(scale).neg();
  if (norm.bias) shift = shift.add(norm.bias);
  return { scale, shift };
}

function statistics(
  norm: BatchNorm1d,
  reference: Tensor | null,
): { mean: Tensor; variance: Tensor } {
  if (reference !== null)
    return { mean: reference.mean(0), variance: reference.var(0, { unbiased: false }) };
  if (norm.runningMean === null || norm.runningVar === null) {
    throw new Error('BatchNorm1d without running statistics cannot be evaluated in eval mode');
  }
  return { mean: norm.runningMean, variance: norm.runningVar };
}

/**
 * Runs the network on `inputs` without recording gradients. With `mode.kind === 'batch'`,
 * BatchNorm uses the statistics of `mode.inputs` passed through the same layers, exactly as
 * training on that batch would, without touching the running averages.
 *
 * With `detail: false` only `output` and `hidden` are filled, and each BatchNorm is folded into
 * the Linear layer before it (W·scale, b·scale + shift): the same function with one fused op
 * per layer instead of five, for the 10,000-point pictures drawn every frame.
 *
 * @example
 * ```ts
 * evaluate(net, featureMatrix(grid, ['x1', 'x2']), { kind: 'running' }).output.shape; // [N, 1]
 * ```
 */
export function evaluate(
  net: Network,
  inputs: Tensor,
  mode: NormMode,
  options: { detail?: boolean } = {},
): Evaluation {
  const detail = options.detail ?? true;
  return noGrad(() => {
    let x = inputs;
    let reference = mode.kind === 'batch' ? mode.inputs : null;
    const hidden: Tensor[] = [];
    const preActivation: Tensor[] = [];
    const linearOutput: Tensor[] = [];
    for (const layer of net.hidden) {
      const referenceLinear = reference && layer.linear.forward(reference);
      if (layer.norm === null) {
        x = layer.linear.forward(x);
        if (detail) linearOutput.push(x);
        reference = referenceLinear;
      } else {
        const { mean, variance } = statistics(layer.norm, referenceLinear);
        const { scale, shift } = scaleAndShift(layer.norm, mean, variance);
        if (detail) {
          const linear = layer.linear.forward(x);
          linearOutput.push(linear);
          x = linear.mul(scale).add(shift);
        } else {
          const weight = layer.linear.weight.mul(scale.unsqueeze(1));
          const bias = layer.linear.bias ? layer.linear.bias.mul(scale).add(shift) : shift;
          x = linearOp(x, weight, bias);
        }
        reference = referenceLinear?.mul(scale).add(shift) ?? null;
      }
      if (detail) preActivation.push(x);
      x = layer.activation.forward(x);
      reference = reference && layer.activation.forward(reference);
      hidden.push(x);
    }
    let output = net.output.forward(x);
    if (net.head === 'tanh') output = output.tanh();
    return { output, hidden, preActivation, linearOutput };
  });
}

/**
 * The Linear layers' weights, in order, for regularization and for the network picture.
 *
 * @example
 * ```ts
 * linearLayers(net).length; // hidden layers + 1
 * ```
 */
export function linearLayers(net: Network): Linear[] {
  return [...net.hidden.map((h) => h.linear), net.output];
}
