let anomalyEnabled = false;

/** Whether anomaly detection is on (see {@link detectAnomaly}). */
export function isAnomalyEnabled(): boolean {
  return anomalyEnabled;
}

/**
 * @internal Runs `fn` with anomaly mode's per-op forward checks off (the engine checks each
 * gradient formula's result as a whole, naming the op it belongs to).
 */
export function withoutForwardChecks<T>(fn: () => T): T {
  if (!anomalyEnabled) return fn();
  anomalyEnabled = false;
  try {
    return fn();
  } finally {
    anomalyEnabled = true;
  }
}

/**
 * Runs `fn` in anomaly mode: every op records where it was created, and the first op whose
 * forward or backward produces NaN or Infinity throws an {@link AnomalyError} naming the op and
 * that place. Slow; for debugging only.
 *
 * @example
 * ```ts
 * const x = tensor([0], { requiresGrad: true });
 * detectAnomaly(() => x.sqrt().sum().backward());
 * // AnomalyError: backward of 'sqrt' produced Infinity … created at …
 * ```
 */
export function detectAnomaly<T>(fn: () => T): T {
  const previous = anomalyEnabled;
  anomalyEnabled = true;
  try {
    return fn();
  } finally {
    anomalyEnabled = previous;
  }
}
