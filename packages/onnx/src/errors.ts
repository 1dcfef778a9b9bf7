import { DescentError } from '@descent/core';

/**
 * Thrown by {@link exportOnnx} and {@link toPyTorch} for a module they cannot hand over: a
 * custom `Module` subclass (its `forward` is arbitrary code), a layer with a `forward` of its
 * own, a container without a `forward` (`ModuleList`), or a layer in a state the target cannot
 * express. The message names the module's path in the model and its class, e.g.
 * `layers.3 (MyBlock)`, and says what is supported.
 *
 * @example
 * ```ts
 * class MyBlock extends Module {
 *   override forward(x: Tensor): Tensor {
 *     return x.mul(2);
 *   }
 * }
 * try {
 *   toPyTorch(new Sequential(new Linear(2, 2), new MyBlock()));
 * } catch (e) {
 *   if (e instanceof UnsupportedModuleError) console.log(e.path, e.moduleType); // '1' 'MyBlock'
 * }
 * ```
 */
export class UnsupportedModuleError extends DescentError {
  override name = 'UnsupportedModuleError';
  /** The module's dotted path in the model (`layers.3`), or `''` for the model itself. */
  readonly path: string;
  /** The module's class name, as printed. */
  readonly moduleType: string;

  /**
   * @param message - The full message.
   * @param path - The module's dotted path (`''` for the root).
   * @param moduleType - The module's class name.
   *
   * @example
   * ```ts
   * new UnsupportedModuleError('toPyTorch: cannot export 1 (MyBlock)', '1', 'MyBlock');
   * ```
   */
  constructor(message: string, path: string, moduleType: string) {
    super(message);
    this.path = path;
    this.moduleType = moduleType;
  }
}
