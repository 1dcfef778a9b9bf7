import { AutogradError } from '../errors.js';
import { castTo } from '../ops/cast.js';
import { onesLike } from '../ops/create.js';
import { add } from '../ops/elementwise.js';
import { add_ } from '../ops/inplace.js';
import { formatShape, shapesEqual } from '../shape.js';
import { Storage } from '../storage.js';
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
 * Which gradients a leaf may keep as its `.grad` without a copy: those a built-in formula made
 * during this pass (their storage is numbered after the pass began), each handed to one tensor
 * at most. The caller's tensors, forward tensors a formula passes through, and whatever a custom
 * function's backward returns (user code may keep it) are copied instead, so no two `.grad`s and
 * no caller's tensor ever share storage, and in-place accumulation never changes another one.
 */
class Handover {
  private readonly first = Storage.nextSerial();
  /** This pass's mark on the storages it handed out (a field, not a Set: no hashing per tensor). */
  private readonly mark = ++handovers;

  /** Whether `g` may become a `.grad` as it is; if so it is taken. */
  take(g: Tensor): boolean {
    const s = g.storage;
    if (s.serial < this.first || s._handedOut === this.mark) return false;
    s._handedOut = this.mark;
    return true;
  }

  /** Marks `g` as not to be kept without a copy. */
  refuse(g: Tensor): void {
    g.storage._handedOut = this.mark;
  }

  /** Whether `t`'s storage was handed out during this pass (so other gradients may read it). */
  holds(t: Tensor): boolean {
    return t.storage._handedOut === this.mark;
  }
}

/** Handovers made so far: each pass marks storages with a number of its own. */
let handovers = 0;

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
  const handover = new Handover();
  const anomaly = isAnomalyEnabled();
  const pass = ++passes;
  const collect = (map: Map<Tensor, Tensor>, t: Tensor, g: Tensor): void => {
    const existing = map.get(t);
    map.set(t, existing ? add(existing, g) : g);
  };
  /** Adds `g` to what the node that made `t` has collected. */
  const pend = (t: Tensor, g: Tensor): void => {
    const node = t.gradFn as Node;
    node._grad = node._grad === null ? g : add(node._grad, g);
  };
  const deliverToLeaf = (leaf: Tensor, g: Tensor): void => {
    if (targetSet !== null) {
      if (targetSet.has(leaf)) collect(found, leaf, g);
      return;
    }
    accumulateGrad(leaf, g, createGraph, handover);
  };
  const nodes = reachable(roots, pass);
  const step = (): void => {
    roots.forEach((root, i) => {
      const seed = createGraph ? (seeds[i] as Tensor) : (seeds[i] as Tensor).detach();
      if (root.gradFn === null) deliverToLeaf(root, seed);
      else pend(root, seed);
    });
    for (let n = 0; n < nodes.length; n++) {
      const node = nodes[n] as Node;
      const ctx = node.savedContext();
      if (ctx === null) throw secondBackwardError(node);
      const g = node._grad;
      node._grad = null;
      if (g === null) {
        if (!retainGraph) node.release();
        continue;
      }
      const stale = node.staleSavedTensors();
      if (stale !== null) throw modifiedInPlaceError(node, stale);
      const out = ctx.output;
      if (out.retainsGrad && targetSet === null) accumulateGrad(out, g, createGraph, handover);
      if (targetSet?.has(out)) collect(found, out, g);
      const formula = formulas[node.primitive] as GradientOf;
      // In anomaly mode the formula's intermediate ops are not checked one by one (a masked
      // Infinity is fine): each input's gradient is checked below, naming this node.
      const inputGrads = anomaly ? withoutForwardChecks(() => formula(g, ctx)) : formula(g, ctx);
      // Read before release: the context is the node itself, and release empties it.
      const inputs = ctx.inputs;
      if (!retainGraph) node.release();
      const custom = node.primitive === 'custom';
      for (let i = 0; i < inputs.length; i++) {
        const input = inputs[i] as Tensor;
        const raw = inputGrads[i];
        if (!input.requiresGrad || raw === null || raw === undefined) continue;
        if (custom) handover.refuse(raw);
        const gi = anomaly
          ? withoutForwardChecks(() => castGrad(sumToShape(raw, input.shape, node.name), input))
          : castGrad(sumToShape(raw, input.shape, node.name), input);
        if (anomaly) checkFinite(gi, `backward of '${node.name}'`, node.createdAt);
        if (input.gradFn === null) deliverToLeaf(input, gi);
        else pend(input, gi);
      }
    }
  };
  try {
    if (createGraph) enableGrad(step);
    else noGrad(step);
  } finally {
    // After an error too: no node keeps a gradient alive.
    for (let n = 0; n < nodes.length; n++) (nodes[n] as Node)._grad = null;
  }
  return found;
}

/** Backward passes run so far: the mark of the current one. */
let passes = 0;

/**
 * The nodes that lead to `roots`, in the order backward runs them: decreasing creation order,
 * so that a node comes after every node that consumed its output. A flat walk with a mark per
 * node instead of a recursive or framed depth-first search: a 100,000-op chain is fine, and small
 * graphs allocate one array.
 */
function reachable(roots: readonly Tensor[], pass: number): Node[] {
  const nodes: Node[] = [];
  const visit = (node: Node | null): void => {
    if (node === null || node._pass === pass) return;
    node._pass = pass;
    node._grad = null;
    nodes.push(node);
  };
  for (const root of roots) visit(root.gradFn);
  for (let n = 0; n < nodes.length; n++) {
    const node = nodes[n] as Node;
    const ctx = node.savedContext();
    if (ctx === null) throw secondBackwardError(node);
    const inputs = ctx.inputs;
    for (let i = 0; i < inputs.length; i++) visit((inputs[i] as Tensor).gradFn);
  }
  // Small graphs (the per-step case) get an insertion sort, with no comparator calls; it is
  // quadratic in the worst case, so large graphs get the library sort.
  if (nodes.length > 64) return nodes.sort((a, b) => b.seq - a.seq);
  for (let i = 1; i < nodes.length; i++) {
    const node = nodes[i] as Node;
    let j = i - 1;
    while (j >= 0 && (nodes[j] as Node).seq < node.seq) {
      nodes[j + 1] = nodes[j] as Node;
      j--;
    }
    nodes[j + 1] = node;
  }
  return nodes;
}

type GradientOf = (
  g: Tensor,
  ctx: NonNullable<ReturnType<Node['savedContext']>>,
) => readonly (Tensor | null)[];

function accumulateGrad(t: Tensor, g: Tensor, createGraph: boolean, handover: Handover): void {
  const existing = t.grad;
  if (createGraph) {
    // A copy (recorded, so still differentiable): g may be shared by several leaves or be the
    // caller's gradOutput, and a later accumulation into .grad must not change either.
    t.grad = existing ? add(existing, g) : castTo(g, g.dtype, true);
    return;
  }
  if (existing === null) {
    t.grad = handover.take(g) ? g : castTo(g, g.dtype, true);
    return;
  }
  // In place, unless other gradients of this pass may still read that storage.
  if (!existing.requiresGrad && !handover.holds(existing)) {
    noGrad(() => add_(existing, g, 1));
    return;
  }
  t.grad = add(existing, g);
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
