/**
 * The error every `@descent/viz` function throws for bad input.
 *
 * The message names the function, what was given and what was expected, so a caller can fix the
 * call without reading the source.
 *
 * @example
 * ```ts
 * import { lineChart, VizError } from '@descent/viz';
 * try {
 *   lineChart({ series: [] });
 * } catch (e) {
 *   if (e instanceof VizError) console.log(e.fn, e.message); // 'lineChart', 'lineChart: …'
 * }
 * ```
 */
export class VizError extends Error {
  /** The public function that rejected its input, e.g. `'lineChart'`. */
  readonly fn: string;

  /**
   * True for any VizError, including one thrown by the separately bundled `@descent/viz/node`
   * (each bundle has its own copy of this class, so the check is by brand, not by prototype).
   *
   * @param value - the value to test
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return (
      value instanceof Error &&
      value.name === 'VizError' &&
      typeof (value as { fn?: unknown }).fn === 'string'
    );
  }

  /**
   * @param fn - the public function that rejected its input
   * @param detail - what was given and what was expected
   */
  constructor(fn: string, detail: string) {
    super(`${fn}: ${detail}`);
    this.name = 'VizError';
    this.fn = fn;
  }
}
