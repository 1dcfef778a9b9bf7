import { AutogradError } from '../errors.js';
import { castTo } from '../ops/cast.js';
import { onesLike } from '../ops/create.js';
import { add } from '../ops/elementwise.js';
import { add_ } from '../ops/inplace.js';
import { formatShape, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { isAnomalyEnabled, withoutForwardChecks } from './anomaly-mode.js';
import { enableGrad, noGrad } from './grad-mode.js';
import type { Node } from './node.js';
import type { GradientTable } from './primitives.js';
import { checkFinite } from './record.js';
import { castGrad, sumToShape } from './unbroadcast.js';

/** The gradient formulas, registered once by the package's entry point. */
let gradients: GradientTable | null = null;

/**
 * @internal Gives the engine its gradient table (the entry point does this once). The engine
 * depends on no formula, and the formulas, written with ops, on no engine.
 */
export function registerGradients(table: GradientTable): void {
  gradients = table;
}

/**
 * Options of {@link Tensor.backward}.
 *
 * @example
 * ```ts
 * loss.backward(undefined, { retainGraph: true });
 * ```
 */
export interface BackwardOptions {
  /** Keep the graph's saved tensors so backward can run through it again. Default: `createGraph`. */
  retainGraph?: boolean;
  /** Record the backward pass itself, so the gradients can be differentiated again. */
  createGraph?: boolean;
}

/**
 * Options of {@link autograd.grad}.
 *
 * @example
 * ```ts
 * autograd.grad(y, [x], { createGraph: true });
 * ```
 */
export interface GradOptions extends BackwardOptions {
  /** Gradients of the outputs (required for outputs with more than one element). */
  gradOutputs?: readonly (Tensor | null)[];
  /** Return null for inputs the outputs do not depend on, instead of throwing. */
  allowUnused?: boolean;
}

export function backward(root: Tensor, grad: Tensor | undefined, options: BackwardOptions): void {
  const seed = seedGradient('backward', root, grad);
  run([root], [seed], options, null);
}

/**
 * The gradients of `outputs` with respect to `inputs`, returned rather than accumulated into
 * `.grad` (PyTorch's `torch.autograd.grad`).
 *
 * @example
 * ```ts
 * const x = tensor([3], { requiresGrad: true });
 * const [dy] = autograd.grad(x.pow(3), [x], { createGraph: true }); // 3x² = 27
 * const [d2y] = autograd.grad(dy!, [x]); // 6x = 18
 * ```
 */
export function grad(
  outputs: Tensor | readonly Tensor[],
  inputs: readonly Tensor[],
  options: GradOptions = {},
): (Tensor | null)[] {
  const roots = Array.isArray(outputs) ? (outputs as readonly Tensor[]) : [outputs as Tensor];
  if (options.gradOutputs && options.gradOutputs.length !== roots.length) {
    throw new AutogradError(
      `autograd.grad: got ${options.gradOutputs.length} gradOutputs for ${roots.length} outputs; pass one per output`,
    );
  }
  for (const input of inputs) {
    if (!input.requiresGrad) {
      throw new AutogradError(
        'autograd.grad: one of the inputs does not require grad; call requiresGrad_() on it first',
      );
    }
  }
  const seeds = roots.map((root, i) =>
    seedGradient('autograd.grad', root, options.gradOutputs?.[i] ?? undefined),
  );
  const found = run(roots, seeds, options, inputs);
  return inputs.map((input) => {
    const g = found.get(input);
    if (g === undefined && !options.allowUnused) {
      throw new AutogradError(
        'autograd.grad: one of the inputs was not used to compute the outputs; pass { allowUnused: true } to get null for it',
      );
    }
    return g ?? null;
  });
}

function seedGradient(op: string, root: Tensor, grad: Tensor | undefined): Tensor {
  if (!root.requiresGrad) {
    throw new AutogradError(
      `${op}: the tensor does not require grad and has no gradFn; nothing to differentiate`,
    );
  }
  if (grad === undefined) {
    if (root.size !== 1) {
      throw new AutogradError(
        `${op}: grad can be implicitly created only for scalar outputs, got shape ${formatShape(root.shape)}; ` +
          'pass a gradient of the same shape, e.g. y.backward(onesLike(y))',
      );
    }
    return onesLike(root);
  }
  if (!shapesEqual(grad.shape, root.shape)) {
    throw new AutogradError(
      `${op}: gradient has shape ${formatShape(grad.shape)} but the output has shape ${formatShape(root.shape)}`,
    );
  }
  return grad;
}

/**
 * Runs reverse mode from `roots`. With `targets` null, leaf gradients accumulate into `.grad`;
 * otherwise the gradients of the targets are collected and returned, and `.grad` is untouched.
 */
function run(
  roots: readonly Tensor[],
  seeds: readonly Tensor[],
  options: BackwardOptions,
  targets: readonly Tensor[] | null,
): Map<Tensor, Tensor> {
  const formulas = gradients;
  if (formulas === null) {
    throw new AutogradError(
      'backward: no gradient table is registered; import the ops from @descent/core, whose entry point registers it',
    );
  }
  const createGraph = options.createGraph ?? false;
  const retainGraph = options.retainGraph ?? createGraph;
  const targetSet = targets ? new Set(targets) : null;
  const found = new Map<Tensor, Tensor>();
  const pending = new Map<Tensor, Tensor>();
  const accumulate = (map: Map<Tensor, Tensor>, t: Tensor, g: Tensor): void => {
    const existing = map.get(t);
    map.set(t, existing ? add(existing, g) : g);
  };
  const step = (): void => {
    roots.forEach((root, i) => {
      const seed = createGraph ? (seeds[i] as Tensor) : (seeds[i] as Tensor).detach();
      if (root.gradFn === null) deliverToLeaf(root, seed);
      else accumulate(pending, root, seed);
    });
    for (const node of topologicalOrder(roots)) {
      const ctx = node.savedContext();
      if (ctx === null) throw secondBackwardError(node);
      const out = ctx.output;
      const g = pending.get(out);
      pending.delete(out);
      if (g === undefined) {
        if (!retainGraph) node.release();
        continue;
      }
      const stale = node.staleSavedTensors();
      if (stale !== null) throw modifiedInPlaceError(node, stale);
      if (out.retainsGrad && targetSet === null) deliverRetained(out, g);
      if (targetSet?.has(out)) accumulate(found, out, g);
      // The formula's intermediate ops are not checked one by one (a masked Infinity is fine):
      // each input's gradient is checked below, so the error names this node, not a helper op.
      const inputGrads = withoutForwardChecks(() =>
        (formulas[node.primitive] as GradientOf)(g, ctx),
      );
      if (!retainGraph) node.release();
      ctx.inputs.forEach((input, i) => {
        const raw = inputGrads[i];
        if (!input.requiresGrad || raw === null || raw === undefined) return;
        const gi = withoutForwardChecks(() =>
          castGrad(sumToShape(raw, input.shape, node.name), input),
        );
        if (isAnomalyEnabled()) checkFinite(gi, `backward of '${node.name}'`, node.createdAt);
        if (input.gradFn === null) deliverToLeaf(input, gi);
        else accumulate(pending, input, gi);
      });
    }
  };
  const deliverToLeaf = (leaf: Tensor, g: Tensor): void => {
    if (targetSet !== null) {
      if (targetSet.has(leaf)) accumulate(found, leaf, g);
      return;
    }
    accumulateGrad(leaf, g, createGraph);
  };
  const deliverRetained = (t: Tensor, g: Tensor): void => accumulateGrad(t, g, createGraph);
  if (createGraph) enableGrad(step);
  else noGrad(step);
  return found;
}

type GradientOf = (
  g: Tensor,
  ctx: NonNullable<ReturnType<Node['savedContext']>>,
) => readonly (Tensor | null)[];

function accumulateGrad(t: Tensor, g: Tensor, createGraph: boolean): void {
  const existing = t.grad;
  if (createGraph) {
    // A copy (recorded, so still differentiable): g may be shared by several leaves or be the
    // caller's gradOutput, and a later accumulation into .grad must not change either.
    t.grad = existing ? add(existing, g) : castTo(g, g.dtype, true);
    return;
  }
  if (existing && !existing.requiresGrad) {
    noGrad(() => add_(existing, g, 1));
    return;
  }
  // A fresh copy: the same gradient tensor may reach several leaves (add passes g to both sides).
  t.grad = existing ? add(existing, g) : castTo(g, g.dtype, true);
}

function modifiedInPlaceError(
  node: Node,
  stale: { atForward: number; now: number },
): AutogradError {
  return new AutogradError(
    `backward of '${node.name}': a tensor its gradient needs was modified in place after the ` +
      `forward pass (saved versions summed ${stale.atForward}, now ${stale.now}); make the in-place ` +
      'change after backward, or clone() the tensor before changing it',
  );
}

function secondBackwardError(node: Node): AutogradError {
  return new AutogradError(
    `backward: trying to backward through the graph a second time; the saved tensors of '${node.name}' were ` +
      'freed by the previous backward. Pass { retainGraph: true } to the first backward() if you need to ' +
      'backward through the graph again, or recompute the forward pass.',
  );
}

/**
 * Nodes in an order where each comes before every node that produced its inputs. Iterative
 * depth-first search: a 100,000-op chain must not overflow the call stack.
 */
function topologicalOrder(roots: readonly Tensor[]): Node[] {
  const postOrder: Node[] = [];
  const visited = new Set<Node>();
  const stack: { node: Node; next: number }[] = [];
  for (const root of roots) {
    const start = root.gradFn;
    if (start === null || visited.has(start)) continue;
    visited.add(start);
    stack.push({ node: start, next: 0 });
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as { node: Node; next: number };
      const ctx = frame.node.savedContext();
      if (ctx === null) throw secondBackwardError(frame.node);
      const inputs = ctx.inputs;
      let pushed = false;
      while (frame.next < inputs.length) {
        const child = (inputs[frame.next++] as Tensor).gradFn;
        if (child !== null && !visited.has(child)) {
          visited.add(child);
          stack.push({ node: child, next: 0 });
          pushed = true;
          break;
        }
      }
      if (!pushed && frame.next >= inputs.length) {
        postOrder.push(frame.node);
        stack.pop();
      }
    }
  }
  return postOrder.reverse();
}
