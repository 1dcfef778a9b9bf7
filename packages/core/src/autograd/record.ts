import { backend } from '../backend/registry.js';
import { AnomalyError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { isAnomalyEnabled } from './anomaly-mode.js';
import { isGradEnabled } from './grad-mode.js';
import { Node } from './node.js';
import type { PrimitiveAttrs, PrimitiveName } from './primitives.js';

/**
 * The one place every primitive's result passes through: records the node when grad mode is on
 * and an input requires grad, and, in anomaly mode, checks the result for NaN/Infinity.
 */
export function record<K extends PrimitiveName>(
  primitive: K,
  output: Tensor,
  inputs: readonly Tensor[],
  attrs: PrimitiveAttrs[K],
  name: string = primitive,
): Tensor {
  const anomaly = isAnomalyEnabled();
  if (anomaly) checkFinite(output, `forward of '${name}'`, undefined);
  if (!isGradEnabled()) return output;
  let tracked = false;
  for (const input of inputs) {
    if (input.requiresGrad) {
      tracked = true;
      break;
    }
  }
  if (!tracked) return output;
  const createdAt = anomaly ? callSite() : undefined;
  output._attach(new Node(primitive, name, inputs, output, attrs, createdAt));
  return output;
}

/** Throws an {@link AnomalyError} if `t` holds NaN or Infinity. */
export function checkFinite(t: Tensor, what: string, createdAt: string | undefined): void {
  const b = backend();
  const handle = t.storage.on(b);
  const i = b.findNonFinite(handle);
  if (i < 0) return;
  const v = b.readScalar(handle, i);
  const where = createdAt ? `\nThe op was created at:\n${createdAt}` : '';
  throw new AnomalyError(
    `${what} produced ${Number.isNaN(v) ? 'NaN' : String(v)} (at flat index ${i})${where}`,
  );
}

function callSite(): string {
  const stack = new Error().stack ?? '';
  // Drop the frames inside descent itself so the first line is the user's call.
  return stack
    .split('\n')
    .slice(1)
    .filter((line) => !/[/\\](core[/\\](src|dist))[/\\]/.test(line))
    .slice(0, 6)
    .join('\n');
}
