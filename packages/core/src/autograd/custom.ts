import { AutogradError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { noGrad } from './grad-mode.js';
import type { CustomBackward } from './primitives.js';
import { record } from './record.js';

/**
 * What one call of a {@link defineFunction} op keeps between its forward and its backward
 * (PyTorch's `ctx`).
 *
 * @example
 * ```ts
 * const square = defineFunction({
 *   name: 'square',
 *   forward: (ctx, x) => {
 *     ctx.saveForBackward(x);
 *     return x.mul(x);
 *   },
 *   backward: (ctx, g) => {
 *     const [x] = ctx.savedTensors;
 *     return [g.mul(x!).mul(2)];
 *   },
 * });
 * ```
 */
export interface FunctionContext {
  /**
   * Keeps tensors for backward: inputs, the output, or intermediates of the forward. Their
   * versions are recorded, so changing one in place before backward is an error.
   */
  saveForBackward(...tensors: Tensor[]): void;
  /**
   * The saved tensors, in order (the output as the graph's output tensor). Reading them throws
   * an `AutogradError` if one was changed in place since it was saved.
   */
  readonly savedTensors: readonly Tensor[];
  /** For each input, whether backward must return its gradient (it requires grad). */
  readonly needsInputGrad: readonly boolean[];
}

/**
 * How to build a differentiable op of your own (PyTorch's `torch.autograd.Function`).
 *
 * @example
 * ```ts
 * const cube: FunctionDefinition = {
 *   name: 'cube',
 *   forward: (ctx, x) => {
 *     ctx.saveForBackward(x);
 *     return x.mul(x).mul(x);
 *   },
 *   backward: (ctx, g) => [g.mul(ctx.savedTensors[0]!.square()).mul(3)],
 * };
 * ```
 */
export interface FunctionDefinition {
  /** The name the graph, errors and anomaly reports show. */
  name: string;
  /** Computes the output; runs without recording, so it may use any ops or kernels. */
  forward: (ctx: FunctionContext, ...inputs: Tensor[]) => Tensor;
  /**
   * One gradient per input (null where none flows), given the output's gradient. Write it with
   * public ops if the op must support second derivatives (`createGraph`).
   */
  backward: (ctx: FunctionContext, gradOutput: Tensor) => readonly (Tensor | null)[];
}

/** One call's context: the saved tensors with their versions at saving time. */
class Context implements FunctionContext {
  readonly needsInputGrad: readonly boolean[];
  private saved: Tensor[] = [];
  private versions: number[] = [];
  /** The forward's own result and the output tensor the graph holds instead. */
  private result: Tensor | null = null;
  private output: Tensor | null = null;

  constructor(
    private readonly name: string,
    inputs: readonly Tensor[],
  ) {
    this.needsInputGrad = inputs.map((x) => x.requiresGrad);
  }

  saveForBackward(...tensors: Tensor[]): void {
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) {
        throw new AutogradError(`${this.name}: saveForBackward argument ${i} is not a Tensor`);
      }
    });
    this.saved = tensors;
    this.versions = tensors.map((t) => t.version);
  }

  get savedTensors(): readonly Tensor[] {
    this.saved.forEach((t, i) => {
      const then = this.versions[i] as number;
      if (t.version !== then) {
        throw new AutogradError(
          `backward of '${this.name}': saved tensor ${i} was modified in place after it was saved ` +
            `(version ${then}, now ${t.version}); make the in-place change after backward, or ` +
            'save a clone()',
        );
      }
    });
    return this.saved.map((t) => (t === this.result ? (this.output as Tensor) : t));
  }

  /** @internal Once forward has returned, a saved result reads as the recorded output. */
  bindOutput(result: Tensor, output: Tensor, inputs: readonly Tensor[]): void {
    // A forward that returns an input unchanged: that input stays itself when saved.
    this.result = inputs.includes(result) ? null : result;
    this.output = output;
  }
}

/**
 * Turns a forward computation and its hand-written gradient into one op of the graph: a fused
 * kernel, a numerically careful formula, or a straight-through estimator. Tensors the gradient
 * needs are kept with `ctx.saveForBackward` and read back, version-checked, from
 * `ctx.savedTensors`. Check the gradient with {@link gradcheck}.
 *
 * @example
 * ```ts
 * const cube = defineFunction({
 *   name: 'cube',
 *   forward: (ctx, x) => {
 *     ctx.saveForBackward(x);
 *     return x.mul(x).mul(x);
 *   },
 *   backward: (ctx, g) => [g.mul(ctx.savedTensors[0]!.square()).mul(3)],
 * });
 * const x = tensor([2], { requiresGrad: true });
 * cube(x).backward();
 * x.grad?.item(); // 12
 * ```
 */
export function defineFunction(definition: FunctionDefinition): (...inputs: Tensor[]) => Tensor {
  const { name, forward, backward } = definition;
  if (typeof name !== 'string' || typeof forward !== 'function' || typeof backward !== 'function') {
    throw new AutogradError(
      'defineFunction: expected { name: string, forward: function, backward: function }',
    );
  }
  return (...inputs) => {
    inputs.forEach((input, i) => {
      if (!(input instanceof Tensor)) {
        throw new AutogradError(`${name}: input ${i} is not a Tensor`);
      }
    });
    const ctx = new Context(name, inputs);
    const result = noGrad(() => forward(ctx, ...inputs));
    if (!(result instanceof Tensor)) {
      throw new AutogradError(`${name}: forward must return a Tensor, got ${typeof result}`);
    }
    // A fresh tensor object, so recording never attaches a gradFn to one of the inputs.
    const output = result._view(result.shape);
    ctx.bindOutput(result, output, inputs);
    const run: CustomBackward = (g) => {
      const grads = backward(ctx, g);
      if (!Array.isArray(grads) || grads.length !== inputs.length) {
        throw new AutogradError(
          `backward of '${name}': returned ${Array.isArray(grads) ? grads.length : typeof grads} gradients for ${inputs.length} inputs; return one per input (null where none flows)`,
        );
      }
      return grads;
    };
    return record('custom', output, inputs, { backward: run }, name);
  };
}
