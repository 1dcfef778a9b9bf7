let anomalyEnabled = false;

/** Whether anomaly detection is on (see {@link detectAnomaly}). */
export function isAnomalyEnabled(): boolean {
  return anomalyEnabled;
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
