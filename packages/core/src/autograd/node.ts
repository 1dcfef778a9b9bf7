import { Storage } from '../storage.js';
import type { Tensor } from '../tensor.js';
import {
  type PrimitiveAttrs,
  type PrimitiveName,
  savedTensors,
  savedVersion,
} from './primitives.js';

/** How many nodes were ever made: the next one's sequence number. */
let made = 0;

/**
 * One recorded op in the autograd graph: the function that produced a tensor (`tensor.gradFn`).
 * After a backward pass without `retainGraph` its saved tensors are released, `inputs` is
 * emptied, and a second backward through it throws.
 *
 * @example
 * ```ts
 * const x = tensor([1, 2], { requiresGrad: true });
 * const y = x.mul(3);
 * y.gradFn?.name; // 'mul'
 * y.gradFn?.inputs.length; // 2
 * ```
 */
export class Node<K extends PrimitiveName = PrimitiveName> {
  /** The primitive whose gradient formula runs in backward. */
  readonly primitive: K;
  /**
   * @internal Creation order. The nodes an op's inputs came from were made before it, so
   * backward runs in decreasing `seq`: every node after all the nodes that use its output.
   */
  readonly seq: number = made++;
  /** @internal The backward pass that last reached this node (the engine's visited mark). */
  _pass = 0;
  /** @internal The gradient of this node's output collected so far in the current pass. */
  _grad: Tensor | null = null;
  /** The name shown to people: the public op (`permute`, `slice`) even when a shared primitive ran. */
  readonly name: string;
  /** Where the op was called, recorded only in anomaly mode. */
  readonly createdAt: string | undefined;
  /** The versions of the tensors the gradient reads, summed, when the op ran. */
  private readonly versionAtForward: number;
  /** The global count of in-place changes when the op ran. */
  private readonly changesAtForward = Storage.changes();
  // Kept as fields of the node, not in an object of their own: one allocation fewer per op.
  private savedInputs: readonly Tensor[] | null;
  private savedOutput: Tensor | null;
  private savedAttrs: PrimitiveAttrs[K] | null;

  constructor(
    primitive: K,
    name: string,
    inputs: readonly Tensor[],
    output: Tensor,
    attrs: PrimitiveAttrs[K],
    createdAt?: string,
  ) {
    this.primitive = primitive;
    this.name = name;
    this.savedInputs = inputs;
    this.savedOutput = output;
    this.savedAttrs = attrs;
    this.createdAt = createdAt;
    this.versionAtForward = savedVersion(savedTensors[primitive], inputs, output);
  }

  /** The tensors this op consumed (empty once released). */
  get inputs(): readonly Tensor[] {
    return this.savedInputs ?? [];
  }

  /** The tensor this op produced (only until released; the formula reads it). */
  get output(): Tensor {
    return this.savedOutput as Tensor;
  }

  /** The attributes recorded with the op (only until released). */
  get attrs(): PrimitiveAttrs[K] {
    return this.savedAttrs as PrimitiveAttrs[K];
  }

  /** Whether backward already freed this node's saved tensors. */
  get released(): boolean {
    return this.savedInputs === null;
  }

  /** The saved tensors and attributes, for the gradient formula: the node itself, until released. */
  savedContext(): { inputs: readonly Tensor[]; output: Tensor; attrs: PrimitiveAttrs[K] } | null {
    return this.savedInputs === null ? null : this;
  }

  /**
   * Whether a tensor the gradient formula reads was changed in place since the forward pass
   * (its version grew). Null when it is intact, else the versions at the forward pass and now.
   */
  staleSavedTensors(): { atForward: number; now: number } | null {
    // Nothing at all changed in place since the op ran: no version can have grown.
    if (this.savedInputs === null || Storage.changes() === this.changesAtForward) return null;
    const now = savedVersion(
      savedTensors[this.primitive],
      this.savedInputs,
      this.savedOutput as Tensor,
    );
    return now === this.versionAtForward ? null : { atForward: this.versionAtForward, now };
  }

  /** Drops the saved tensors so their memory can be collected. */
  release(): void {
    this.savedInputs = null;
    this.savedOutput = null;
    this.savedAttrs = null;
  }
}
