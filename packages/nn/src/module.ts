import {
  DescentError,
  type FloatDType,
  noGrad,
  Tensor,
  ValueError,
  zerosLike,
} from '@descent/core';
import { checkBoolean, checkOptions, checkString, describe } from './checks.js';
import { displayNameOf } from './names.js';
import { Parameter } from './parameter.js';
import {
  type LoadStateDictOptions,
  type LoadStateDictResult,
  loadInto,
  type StateDict,
} from './state-dict.js';

/**
 * Options of {@link Module.registerBuffer}.
 *
 * @example
 * ```ts
 * this.registerBuffer('cache', zeros([4]), { persistent: false });
 * ```
 */
export interface BufferOptions {
  /** Whether the buffer is part of the state dict (default true). */
  persistent?: boolean;
}

/**
 * Options of {@link Module.stateDict}.
 *
 * @example
 * ```ts
 * model.stateDict({ prefix: 'model.' });
 * ```
 */
export interface StateDictOptions {
  /** Prepended to every key. */
  prefix?: string;
  /** Return the parameters themselves instead of detached tensors sharing their storage. */
  keepVars?: boolean;
}

/**
 * Options of {@link Module.zeroGrad}.
 *
 * @example
 * ```ts
 * model.zeroGrad({ setToNone: false });
 * ```
 */
export interface ZeroGradOptions {
  /** Drop the gradients (`grad = null`, the default, as PyTorch ≥ 2.0) instead of zeroing them. */
  setToNone?: boolean;
}

function checkName(kind: string, name: unknown): string {
  if (typeof name !== 'string') {
    throw new ValueError(`${kind}: name must be a string, got ${describe(name)}`);
  }
  if (name === '') throw new ValueError(`${kind}: name can't be empty`);
  if (name.includes('.')) throw new ValueError(`${kind}: name can't contain ".", got "${name}"`);
  return name;
}

/**
 * The base class of every layer and model. Subclasses write `forward(...)` and keep their
 * parameters ({@link Parameter}) and submodules (other `Module`s) in ordinary fields: they are
 * found in field declaration order, with no registration boilerplate. State that is not learned
 * (BatchNorm's running statistics) is registered with {@link Module.registerBuffer}.
 *
 * Names are PyTorch's: `namedParameters()` and `stateDict()` give dotted keys such as
 * `0.weight` or `encoder.fc1.bias`, and buffers keep PyTorch's snake_case state-dict keys
 * (`running_mean`), so state dicts and safetensors files move between descent and PyTorch.
 *
 * @example
 * ```ts
 * import type { Tensor } from '@descent/core';
 * import { Linear, Module } from '@descent/nn';
 *
 * class MLP extends Module {
 *   fc1 = new Linear(2, 16);
 *   fc2 = new Linear(16, 1);
 *   forward(x: Tensor): Tensor {
 *     return this.fc2.forward(this.fc1.forward(x).relu());
 *   }
 * }
 * const model = new MLP();
 * model.namedParameters().map(([name]) => name); // ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
 * ```
 */
export class Module {
  /**
   * The class name printed by {@link Module.toString} and used in error messages. descent's
   * module classes declare theirs, so printing does not depend on `constructor.name`, which a
   * minifier or a bundler renames (`Xo(` or `_Sequential(` instead of `Sequential(`). A class
   * that does not declare its own `displayName` (your subclass, even of a descent layer) prints
   * its `constructor.name`: declare one if your code is minified.
   *
   * @example
   * ```ts
   * class Encoder extends Module {
   *   static override readonly displayName = 'Encoder'; // survives minification
   *   fc = new Linear(2, 3);
   * }
   * String(new Encoder()); // 'Encoder(\n  (fc): Linear(inFeatures=2, outFeatures=3, bias=true)\n)'
   * ```
   */
  static readonly displayName: string = 'Module';

  #training = true;
  readonly #buffers = new Map<string, Tensor | null>();
  readonly #nonPersistent = new Set<string>();

  /**
   * Whether the module is in training mode (the default); set it with {@link Module.train} and
   * {@link Module.eval}.
   *
   * @example
   * ```ts
   * new Dropout(0.5).eval().training; // false
   * ```
   */
  get training(): boolean {
    return this.#training;
  }

  /**
   * Computes the module's output. Subclasses override it with their own signature; the base
   * class throws (as containers such as {@link ModuleList} have no forward of their own).
   *
   * @example
   * ```ts
   * class Double extends Module {
   *   override forward(x: Tensor): Tensor {
   *     return x.mul(2);
   *   }
   * }
   * ```
   */
  forward(..._inputs: never[]): unknown {
    throw new DescentError(
      `Module [${displayNameOf(this)}] is missing the required "forward" function`,
    );
  }

  /** Own fields holding a Parameter, in declaration order. */
  #ownParameters(): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    for (const key of Object.keys(this)) {
      const value = (this as Record<string, unknown>)[key];
      if (value instanceof Parameter) out.push([key, value]);
    }
    return out;
  }

  /** Own fields holding a Module, in declaration order. */
  #ownModules(): [string, Module][] {
    const out: [string, Module][] = [];
    for (const key of Object.keys(this)) {
      const value = (this as Record<string, unknown>)[key];
      if (value instanceof Module) out.push([key, value]);
    }
    return out;
  }

  /** Checks that `name` can hold a member of this kind (PyTorch's "attribute already exists"). */
  #checkFree(kind: string, name: string, fits: (value: unknown) => boolean): void {
    const isBuffer = this.#buffers.has(name);
    if (kind !== 'registerBuffer' && isBuffer) {
      throw new ValueError(`${kind}: "${name}" is already a buffer of ${displayNameOf(this)}`);
    }
    if (Object.hasOwn(this, name)) {
      const value = (this as Record<string, unknown>)[name];
      if (fits(value)) return;
      throw new ValueError(`${kind}: attribute "${name}" already exists on ${displayNameOf(this)}`);
    }
    if (!isBuffer && name in this && !(kind === 'registerBuffer' && hasGetter(this, name))) {
      throw new ValueError(`${kind}: "${name}" is a method or property of ${displayNameOf(this)}`);
    }
  }

  #define(name: string, value: unknown): void {
    Object.defineProperty(this, name, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }

  /**
   * Adds a parameter under `name` (the same as assigning a {@link Parameter} to a field). `null`
   * declares an absent parameter, as `Linear`'s bias with `bias: false`.
   *
   * @example
   * ```ts
   * const m = new Module();
   * m.registerParameter('scale', new Parameter(ones([3])));
   * m.namedParameters().map(([n]) => n); // ['scale']
   * ```
   */
  registerParameter(name: string, param: Parameter | null): void {
    checkName('registerParameter', name);
    if (param !== null && !(param instanceof Parameter)) {
      throw new ValueError(
        `registerParameter: "${name}" must be a Parameter or null, got ${describe(param)} (wrap tensors with new Parameter(t))`,
      );
    }
    this.#checkFree(
      'registerParameter',
      name,
      (v) => v === null || v === undefined || v instanceof Parameter,
    );
    this.#define(name, param);
  }

  /**
   * Adds a child module under `name` (the same as assigning it to a field); PyTorch's
   * `add_module`/`register_module`.
   *
   * @example
   * ```ts
   * const m = new Module();
   * m.registerModule('fc', new Linear(2, 2));
   * m.children().length; // 1
   * ```
   */
  registerModule(name: string, module: Module | null): void {
    checkName('registerModule', name);
    if (module !== null && !(module instanceof Module)) {
      throw new ValueError(
        `registerModule: "${name}" must be a Module or null, got ${describe(module)}`,
      );
    }
    this.#checkFree(
      'registerModule',
      name,
      (v) => v === null || v === undefined || v instanceof Module,
    );
    this.#define(name, module);
  }

  /**
   * Alias of {@link Module.registerModule}, PyTorch's `add_module`.
   *
   * @example
   * ```ts
   * seq.addModule('head', new Linear(8, 2));
   * ```
   */
  addModule(name: string, module: Module | null): void {
    this.registerModule(name, module);
  }

  /**
   * Adds (or replaces) a buffer: a tensor that is part of the module's state but not learned,
   * such as BatchNorm's running mean. `name` is its state-dict key, written as PyTorch writes it
   * (`running_mean`); read it back with {@link Module.getBuffer}. `null` declares an absent
   * buffer. Non-persistent buffers are left out of the state dict.
   *
   * @example
   * ```ts
   * class Counter extends Module {
   *   constructor() {
   *     super();
   *     this.registerBuffer('steps', zeros([], { dtype: 'int32' }));
   *   }
   * }
   * Object.keys(new Counter().stateDict()); // ['steps']
   * ```
   */
  registerBuffer(name: string, tensor: Tensor | null, options: BufferOptions = {}): void {
    checkOptions('registerBuffer', options, ['persistent']);
    checkName('registerBuffer', name);
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new ValueError(
        `registerBuffer: "${name}" must be a Tensor or null, got ${describe(tensor)}`,
      );
    }
    if (tensor instanceof Parameter) {
      throw new ValueError(
        `registerBuffer: "${name}" is a Parameter; assign it to a field or use registerParameter`,
      );
    }
    this.#checkFree('registerBuffer', name, () => false);
    this.#buffers.set(name, tensor);
    if (options.persistent ?? true) this.#nonPersistent.delete(name);
    else this.#nonPersistent.add(name);
  }

  /**
   * The child module at a dotted path (`''` is this module), PyTorch's `get_submodule`.
   *
   * @example
   * ```ts
   * model.getSubmodule('encoder.fc1'); // the Linear
   * ```
   */
  getSubmodule(target: string): Module {
    checkString('getSubmodule', 'target', target);
    if (target === '') return this;
    let module: Module = this;
    const parts = target.split('.');
    parts.forEach((part, i) => {
      const child = module.#ownModules().find(([name]) => name === part)?.[1];
      if (!child) {
        const path = parts.slice(0, i).join('.') || '(root)';
        throw new ValueError(
          `getSubmodule: ${displayNameOf(module)} at "${path}" has no submodule "${part}"`,
        );
      }
      module = child;
    });
    return module;
  }

  #splitTarget(target: string): [Module, string] {
    const dot = target.lastIndexOf('.');
    return dot < 0
      ? [this, target]
      : [this.getSubmodule(target.slice(0, dot)), target.slice(dot + 1)];
  }

  /**
   * The parameter at a dotted path such as `fc1.weight`.
   *
   * @example
   * ```ts
   * model.getParameter('fc1.weight').shape; // [16, 2]
   * ```
   */
  getParameter(target: string): Parameter {
    checkString('getParameter', 'target', target);
    const [module, name] = this.#splitTarget(target);
    const param = module.#ownParameters().find(([key]) => key === name)?.[1];
    if (!param)
      throw new ValueError(`getParameter: ${displayNameOf(module)} has no parameter "${name}"`);
    return param;
  }

  /**
   * The buffer at a dotted path such as `bn.running_mean` (`null` for a buffer registered as
   * absent).
   *
   * @example
   * ```ts
   * new BatchNorm1d(3).getBuffer('running_var')?.toArray(); // [1, 1, 1]
   * ```
   */
  getBuffer(target: string): Tensor | null {
    checkString('getBuffer', 'target', target);
    const [module, name] = this.#splitTarget(target);
    if (!module.#buffers.has(name)) {
      throw new ValueError(`getBuffer: ${displayNameOf(module)} has no buffer "${name}"`);
    }
    return module.#buffers.get(name) ?? null;
  }

  /**
   * Every submodule with its dotted name, this module first (named `prefix`), depth first, each
   * module once.
   *
   * @example
   * ```ts
   * new Sequential(new Linear(2, 3), new ReLU()).namedModules().map(([n]) => n); // ['', '0', '1']
   * ```
   */
  namedModules(prefix = ''): [string, Module][] {
    checkString('namedModules', 'prefix', prefix);
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    const visit = (module: Module, name: string): void => {
      if (seen.has(module)) return;
      seen.add(module);
      out.push([name, module]);
      for (const [key, child] of module.#ownModules()) visit(child, name ? `${name}.${key}` : key);
    };
    visit(this, prefix);
    return out;
  }

  /**
   * This module and every submodule, depth first.
   *
   * @example
   * ```ts
   * model.modules().filter((m) => m instanceof Linear).length;
   * ```
   */
  modules(): Module[] {
    return this.namedModules().map(([, module]) => module);
  }

  /**
   * The direct children with their field names.
   *
   * @example
   * ```ts
   * new Sequential(new Linear(2, 3)).namedChildren(); // [['0', Linear]]
   * ```
   */
  namedChildren(): [string, Module][] {
    const seen = new Set<Module>();
    return this.#ownModules().filter(
      ([, child]) => !seen.has(child) && seen.add(child) !== undefined,
    );
  }

  /**
   * The direct children.
   *
   * @example
   * ```ts
   * model.children().length;
   * ```
   */
  children(): Module[] {
    return this.namedChildren().map(([, child]) => child);
  }

  #members<T>(
    prefix: string,
    recurse: boolean,
    own: (m: Module) => [string, T | null][],
  ): [string, T][] {
    const out: [string, T][] = [];
    const seen = new Set<T>();
    const modules: [string, Module][] = recurse ? this.namedModules(prefix) : [[prefix, this]];
    for (const [path, module] of modules) {
      for (const [name, value] of own(module)) {
        if (value === null || seen.has(value)) continue;
        seen.add(value);
        out.push([path ? `${path}.${name}` : name, value]);
      }
    }
    return out;
  }

  /**
   * Every parameter with its dotted name (`0.weight`, `encoder.fc1.bias`), each once.
   *
   * @param prefix - Prepended to every name.
   * @param recurse - Include submodules' parameters (default true).
   *
   * @example
   * ```ts
   * new Linear(2, 3).namedParameters().map(([n, p]) => `${n} ${p.shape}`); // ['weight 3,2', 'bias 3']
   * ```
   */
  namedParameters(prefix = '', recurse = true): [string, Parameter][] {
    checkString('namedParameters', 'prefix', prefix);
    checkBoolean('namedParameters', 'recurse', recurse);
    return this.#members(prefix, recurse, (m) => m.#ownParameters());
  }

  /**
   * Every parameter, each once: what an optimizer updates.
   *
   * @example
   * ```ts
   * const params = model.parameters();
   * ```
   */
  parameters(recurse = true): Parameter[] {
    checkBoolean('parameters', 'recurse', recurse);
    return this.namedParameters('', recurse).map(([, p]) => p);
  }

  /**
   * Every buffer (persistent or not) with its dotted state-dict name, each once.
   *
   * @example
   * ```ts
   * new BatchNorm1d(2).namedBuffers().map(([n]) => n); // ['running_mean', 'running_var', 'num_batches_tracked']
   * ```
   */
  namedBuffers(prefix = '', recurse = true): [string, Tensor][] {
    checkString('namedBuffers', 'prefix', prefix);
    checkBoolean('namedBuffers', 'recurse', recurse);
    return this.#members(prefix, recurse, (m) => [...m.#buffers]);
  }

  /**
   * Every buffer, each once.
   *
   * @example
   * ```ts
   * model.buffers().length;
   * ```
   */
  buffers(recurse = true): Tensor[] {
    checkBoolean('buffers', 'recurse', recurse);
    return this.namedBuffers('', recurse).map(([, b]) => b);
  }

  /**
   * Sets training mode (`true`, the default) or evaluation mode on this module and every
   * submodule. Dropout and BatchNorm behave differently in the two.
   *
   * @example
   * ```ts
   * model.train();
   * model.training; // true
   * ```
   */
  train(mode = true): this {
    if (typeof mode !== 'boolean')
      throw new ValueError(`train: mode must be a boolean, got ${describe(mode)}`);
    for (const module of this.modules()) module.#training = mode;
    return this;
  }

  /**
   * Evaluation mode: `train(false)`.
   *
   * @example
   * ```ts
   * const y = model.eval().forward(x);
   * ```
   */
  eval(): this {
    return this.train(false);
  }

  /**
   * Turns gradients on or off for every parameter (freezing a part of a model).
   *
   * @example
   * ```ts
   * model.getSubmodule('encoder').requiresGrad_(false);
   * ```
   */
  requiresGrad_(requiresGrad = true): this {
    checkBoolean('requiresGrad_', 'requiresGrad', requiresGrad);
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }

  /**
   * Clears every parameter's gradient: `grad = null` by default, or zeros in place with
   * `{ setToNone: false }`.
   *
   * @example
   * ```ts
   * model.zeroGrad();
   * loss.backward();
   * ```
   */
  zeroGrad(options: ZeroGradOptions = {}): void {
    checkOptions('zeroGrad', options, ['setToNone']);
    const setToNone = options.setToNone ?? true;
    for (const p of this.parameters()) {
      const g = p.grad;
      if (g === null) continue;
      if (setToNone) p.grad = null;
      else if (g.requiresGrad) p.grad = zerosLike(g);
      else noGrad(() => g.zero_());
    }
  }

  /**
   * Calls `fn` on every submodule (children first) and then on this module; returns this.
   * Typical use: custom initialization.
   *
   * @example
   * ```ts
   * model.apply((m) => {
   *   if (m instanceof Linear) init.zeros_(m.weight);
   * });
   * ```
   */
  apply(fn: (module: Module) => void): this {
    if (typeof fn !== 'function') {
      throw new ValueError(`apply: expected a function of a module, got ${describe(fn)}`);
    }
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /**
   * Converts every floating-point parameter and buffer to `dtype`, in place (integer buffers
   * such as `num_batches_tracked` stay int32). Parameters are replaced by new Parameter
   * objects, so call it before creating an optimizer.
   *
   * @example
   * ```ts
   * const model = new Linear(2, 3).to('float64');
   * model.weight.dtype; // 'float64'
   * ```
   */
  to(dtype: FloatDType): this {
    if (dtype !== 'float32' && dtype !== 'float64') {
      throw new ValueError(`to: dtype must be 'float32' or 'float64', got ${describe(dtype)}`);
    }
    for (const module of this.modules()) {
      for (const [key, p] of module.#ownParameters()) {
        if (p.dtype === dtype || (p.dtype !== 'float32' && p.dtype !== 'float64')) continue;
        const converted = new Parameter(p.detach().to(dtype), p.requiresGrad);
        if (p.grad) converted.grad = p.grad.detach().to(dtype);
        (module as unknown as Record<string, unknown>)[key] = converted;
      }
      for (const [key, b] of module.#buffers) {
        if (b === null || b.dtype === dtype || (b.dtype !== 'float32' && b.dtype !== 'float64'))
          continue;
        module.#buffers.set(key, b.to(dtype));
      }
    }
    return this;
  }

  /**
   * `to('float64')`.
   *
   * @example
   * ```ts
   * new Linear(2, 3).double().weight.dtype; // 'float64'
   * ```
   */
  double(): this {
    return this.to('float64');
  }

  /**
   * `to('float32')`.
   *
   * @example
   * ```ts
   * model.float();
   * ```
   */
  float(): this {
    return this.to('float32');
  }

  /** Own state entries (parameters, then persistent buffers), then each child's, depth first. */
  #collectState(prefix: string, out: Map<string, Tensor>, ancestors: Set<Module>): void {
    if (ancestors.has(this)) {
      throw new ValueError(
        `stateDict: ${displayNameOf(this)} contains itself (a module cycle at "${prefix}")`,
      );
    }
    ancestors.add(this);
    for (const [name, p] of this.#ownParameters()) out.set(prefix + name, p);
    for (const [name, b] of this.#buffers) {
      if (b !== null && !this.#nonPersistent.has(name)) out.set(prefix + name, b);
    }
    for (const [name, child] of this.#ownModules())
      child.#collectState(`${prefix}${name}.`, out, ancestors);
    ancestors.delete(this);
  }

  /**
   * The module's state: every parameter and persistent buffer under PyTorch's dotted key, as
   * tensors sharing the module's storage (detached unless `keepVars`). Pass it to
   * {@link saveSafetensors} or another module's {@link Module.loadStateDict}.
   *
   * @example
   * ```ts
   * Object.keys(new Sequential(new Linear(2, 3), new BatchNorm1d(3)).stateDict());
   * // ['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked']
   * ```
   */
  stateDict(options: StateDictOptions = {}): StateDict {
    checkOptions('stateDict', options, ['prefix', 'keepVars']);
    const entries = new Map<string, Tensor>();
    this.#collectState(options.prefix ?? '', entries, new Set());
    const out: StateDict = {};
    for (const [key, value] of entries) out[key] = options.keepVars ? value : value.detach();
    return out;
  }

  /**
   * Copies `stateDict` into this module's parameters and buffers (converting dtypes). Missing
   * keys, unexpected keys (both only with `strict`, the default) and shape mismatches (always)
   * are reported together in one error, and nothing is copied when the load fails.
   *
   * @example
   * ```ts
   * const copy = new Linear(2, 3);
   * copy.loadStateDict(new Linear(2, 3).stateDict());
   * ```
   */
  loadStateDict(stateDict: StateDict, options: LoadStateDictOptions = {}): LoadStateDictResult {
    const targets = new Map<string, Tensor>();
    this.#collectState('', targets, new Set());
    return loadInto(displayNameOf(this), targets, stateDict, options);
  }

  /**
   * The module's settings for {@link Module.toString}, e.g. `inFeatures=2, outFeatures=16,
   * bias=true`; empty by default. Override it in custom modules.
   *
   * @example
   * ```ts
   * new Linear(2, 16).extraRepr(); // 'inFeatures=2, outFeatures=16, bias=true'
   * ```
   */
  extraRepr(): string {
    return '';
  }

  /**
   * The module tree printed as PyTorch prints it.
   *
   * @example
   * ```ts
   * String(new Sequential(new Linear(2, 16), new ReLU()));
   * // Sequential(
   * //   (0): Linear(inFeatures=2, outFeatures=16, bias=true)
   * //   (1): ReLU()
   * // )
   * ```
   */
  toString(): string {
    const extra = this.extraRepr();
    const extraLines = extra ? extra.split('\n') : [];
    const childLines = this.#ownModules().map(
      ([name, child]) => `(${name}): ${String(child).split('\n').join('\n  ')}`,
    );
    const lines = [...extraLines, ...childLines];
    let body = '';
    if (extraLines.length === 1 && childLines.length === 0) body = extraLines[0] as string;
    else if (lines.length > 0) body = `\n  ${lines.join('\n  ')}\n`;
    return `${displayNameOf(this)}(${body})`;
  }
}

/** Whether `name` is a getter somewhere on `object`'s prototype chain (a typed view of a buffer). */
function hasGetter(object: object, name: string): boolean {
  for (
    let proto = Object.getPrototypeOf(object);
    proto !== null;
    proto = Object.getPrototypeOf(proto)
  ) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name);
    if (descriptor) return descriptor.get !== undefined;
  }
  return false;
}
