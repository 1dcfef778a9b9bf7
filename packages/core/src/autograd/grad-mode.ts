/** Whether ops record the graph. Module state: one flag per JavaScript realm, as in PyTorch. */
let gradEnabled = true;

/**
 * Whether ops currently record the autograd graph.
 *
 * @example
 * ```ts
 * isGradEnabled(); // true
 * noGrad(() => isGradEnabled()); // false
 * ```
 */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/**
 * Turns graph recording on or off until changed again; prefer {@link noGrad}, which restores
 * the previous mode even when `fn` throws.
 *
 * @example
 * ```ts
 * setGradEnabled(false);
 * // … evaluation …
 * setGradEnabled(true);
 * ```
 */
export function setGradEnabled(enabled: boolean): void {
  gradEnabled = enabled;
}

function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/**
 * Runs `fn` without recording the graph: results do not require grad, nothing is saved for
 * backward. Use it for evaluation and for in-place parameter updates.
 *
 * @example
 * ```ts
 * const w = tensor([1, 2], { requiresGrad: true });
 * const y = noGrad(() => w.mul(2));
 * y.requiresGrad; // false
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/**
 * Runs `fn` with graph recording on, even inside {@link noGrad}.
 *
 * @example
 * ```ts
 * noGrad(() => enableGrad(() => isGradEnabled())); // true
 * ```
 */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}
