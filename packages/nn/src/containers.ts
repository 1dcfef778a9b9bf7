import { IndexError, Tensor, ValueError } from '@descent/core';
import { checkString, describe } from './checks.js';
import { Module } from './module.js';
import { displayNameOf } from './names.js';

/**
 * A module whose `forward` maps one tensor to one tensor: what {@link Sequential} chains.
 *
 * @example
 * ```ts
 * const layer: TensorModule = new Linear(2, 3);
 * ```
 */
export type TensorModule = Module & {
  /** Maps one tensor to one tensor. */
  forward(input: Tensor): Tensor;
};

/** The values of `owner`'s own fields that are modules, with their names, in order (duplicates kept). */
function entriesOf(owner: Module): [string, Module][] {
  const out: [string, Module][] = [];
  for (const key of Object.keys(owner)) {
    const value = (owner as unknown as Record<string, unknown>)[key];
    if (value instanceof Module) out.push([key, value]);
  }
  return out;
}

/** Resolves a possibly negative index; with `allowEnd` (insert) `length` itself is valid too. */
function positionOf(where: string, index: number, length: number, allowEnd = false): number {
  const last = allowEnd ? length : length - 1;
  if (!Number.isInteger(index) || index < -length || index > last) {
    throw new IndexError(`${where}: index ${index} is out of range for ${length} modules`);
  }
  return index < 0 ? index + length : index;
}

/** Replaces every module field of `owner` by `modules` numbered 0, 1, … */
function renumber(owner: Module, modules: readonly Module[]): void {
  const record = owner as unknown as Record<string, unknown>;
  for (const [key] of entriesOf(owner)) delete record[key];
  modules.forEach((module, i) => {
    owner.registerModule(String(i), module);
  });
}

function checkModule(where: string, value: unknown, i: number): Module {
  if (value instanceof Module) return value;
  throw new ValueError(`${where}: argument ${i} must be a Module, got ${describe(value)}`);
}

/**
 * Modules run one after another: `forward(x)` feeds `x` through each in order. Built from a list
 * (children named `0`, `1`, …, so `seq[0]` works) or from an object of named modules.
 * Indexable with {@link Sequential.at} and iterable.
 *
 * @example
 * ```ts
 * const model = new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 1));
 * model.forward(randn([8, 2])).shape; // [8, 1]
 * model[0]; // the first Linear
 * for (const layer of model) console.log(String(layer));
 * ```
 */
export class Sequential extends Module implements Iterable<TensorModule> {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'Sequential';

  /** The children numbered 0, 1, … (when built from a list). */
  readonly [index: number]: TensorModule;

  /**
   * @param modules - The layers in order, or one object mapping names to layers. Any modules are
   *   taken (a `Module[]` built elsewhere type-checks); each must map one tensor to one tensor
   *   (a {@link TensorModule}), which `forward` checks as it runs.
   *
   * @example
   * ```ts
   * new Sequential(new Linear(2, 3), new Tanh());
   * new Sequential({ fc: new Linear(2, 3), act: new Tanh() });
   * const layers: Module[] = [new Linear(2, 3), new ReLU()];
   * new Sequential(...layers);
   * ```
   */
  constructor(...modules: Module[] | [Record<string, Module>]) {
    super();
    const first = modules[0];
    if (modules.length === 1 && first !== undefined && !(first instanceof Module)) {
      if (typeof first !== 'object' || first === null) {
        throw new ValueError(
          `Sequential: expected modules or an object of modules, got ${describe(first)}`,
        );
      }
      for (const [name, module] of Object.entries(first)) {
        this.registerModule(name, checkModule('Sequential', module, 0));
      }
      return;
    }
    modules.forEach((module, i) => {
      this.registerModule(String(i), checkModule('Sequential', module, i));
    });
  }

  /**
   * Number of layers.
   *
   * @example
   * ```ts
   * new Sequential(new ReLU(), new Tanh()).length; // 2
   * ```
   */
  get length(): number {
    return entriesOf(this).length;
  }

  /**
   * The layer at `index` (negative counts from the end).
   *
   * @example
   * ```ts
   * model.at(-1); // the last layer
   * ```
   */
  at(index: number): TensorModule {
    const entries = entriesOf(this);
    return (
      entries[positionOf('Sequential.at', index, entries.length)] as [string, TensorModule]
    )[1];
  }

  /**
   * Iterates over the layers in order.
   *
   * @example
   * ```ts
   * [...model].length;
   * ```
   */
  *[Symbol.iterator](): Iterator<TensorModule> {
    for (const [, module] of entriesOf(this)) yield module as TensorModule;
  }

  /**
   * Adds a layer at the end (named by its position) and returns this.
   *
   * @example
   * ```ts
   * model.append(new Sigmoid());
   * ```
   */
  append(module: Module): this {
    this.registerModule(String(this.length), checkModule('Sequential.append', module, 0));
    return this;
  }

  /**
   * Inserts a layer before `index`; the layers are renumbered 0, 1, …
   *
   * @example
   * ```ts
   * model.insert(1, new BatchNorm1d(16));
   * ```
   */
  insert(index: number, module: Module): this {
    const modules = [...this] as Module[];
    modules.splice(
      positionOf('Sequential.insert', index, modules.length, true),
      0,
      checkModule('Sequential.insert', module, 1),
    );
    renumber(this, modules);
    return this;
  }

  /**
   * A new Sequential of the layers `start ≤ i < end` (the same module objects), like PyTorch's
   * `seq[1:3]`.
   *
   * @example
   * ```ts
   * const body = model.slice(0, -1);
   * ```
   */
  slice(start?: number, end?: number): Sequential {
    for (const [name, value] of [
      ['start', start],
      ['end', end],
    ] as const) {
      if (value !== undefined && !Number.isInteger(value)) {
        throw new IndexError(
          `Sequential.slice: ${name} must be a whole number or undefined, got ${describe(value)}`,
        );
      }
    }
    return new Sequential(...[...this].slice(start, end));
  }

  /**
   * Feeds `input` through every layer in order.
   *
   * @example
   * ```ts
   * new Sequential(new Linear(2, 1), new Sigmoid()).forward(randn([4, 2])).shape; // [4, 1]
   * ```
   */
  override forward(input: Tensor): Tensor {
    let x = input;
    let i = 0;
    for (const layer of this) {
      const y: unknown = layer.forward(x);
      if (!(y instanceof Tensor)) {
        throw new ValueError(
          `Sequential: layer ${i} (${displayNameOf(layer)}) returned ${describe(y)}; each layer must map a tensor to a tensor`,
        );
      }
      x = y;
      i++;
    }
    return x;
  }
}

/**
 * A list of submodules, registered so their parameters are found; it has no `forward`. Children
 * are named `0`, `1`, … so `list[0]` works.
 *
 * @example
 * ```ts
 * class Deep extends Module {
 *   layers = new ModuleList(Array.from({ length: 3 }, () => new Linear(8, 8)));
 *   forward(x: Tensor): Tensor {
 *     for (const layer of this.layers) x = layer.forward(x).tanh();
 *     return x;
 *   }
 * }
 * ```
 */
export class ModuleList<M extends Module = Module> extends Module implements Iterable<M> {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'ModuleList';

  /** The children numbered 0, 1, … */
  readonly [index: number]: M;

  /**
   * @param modules - The initial modules.
   *
   * @example
   * ```ts
   * new ModuleList([new Linear(2, 2), new Linear(2, 2)]).length; // 2
   * ```
   */
  constructor(modules: Iterable<M> = []) {
    super();
    this.extend(modules);
  }

  /**
   * Number of modules.
   *
   * @example
   * ```ts
   * new ModuleList().length; // 0
   * ```
   */
  get length(): number {
    return entriesOf(this).length;
  }

  /**
   * The module at `index` (negative counts from the end).
   *
   * @example
   * ```ts
   * list.at(-1);
   * ```
   */
  at(index: number): M {
    const entries = entriesOf(this);
    return (entries[positionOf('ModuleList.at', index, entries.length)] as [string, M])[1];
  }

  /**
   * Iterates over the modules in order.
   *
   * @example
   * ```ts
   * for (const layer of list) layer.eval();
   * ```
   */
  *[Symbol.iterator](): Iterator<M> {
    for (const [, module] of entriesOf(this)) yield module as M;
  }

  /**
   * Adds a module at the end and returns this.
   *
   * @example
   * ```ts
   * list.append(new Linear(4, 4));
   * ```
   */
  append(module: M): this {
    this.registerModule(String(this.length), checkModule('ModuleList.append', module, 0));
    return this;
  }

  /**
   * Adds every module of `modules` at the end and returns this.
   *
   * @example
   * ```ts
   * list.extend([new ReLU(), new Linear(4, 2)]);
   * ```
   */
  extend(modules: Iterable<M>): this {
    const iterable =
      typeof modules === 'object' &&
      modules !== null &&
      typeof (modules as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
    if (!iterable) {
      throw new ValueError(
        `ModuleList.extend: expected an array or iterable of modules, got ${describe(modules)}`,
      );
    }
    // All checked before any is added: a call that fails changes nothing.
    const list = [...modules].map((module, i) => checkModule('ModuleList.extend', module, i));
    for (const module of list) this.registerModule(String(this.length), module);
    return this;
  }

  /**
   * Inserts a module before `index`; the modules are renumbered 0, 1, …
   *
   * @example
   * ```ts
   * list.insert(0, new Identity());
   * ```
   */
  insert(index: number, module: M): this {
    const modules = [...this] as Module[];
    modules.splice(
      positionOf('ModuleList.insert', index, modules.length, true),
      0,
      checkModule('ModuleList.insert', module, 1),
    );
    renumber(this, modules);
    return this;
  }

  /**
   * Removes and returns the module at `index` (default: the last); the rest are renumbered.
   *
   * @example
   * ```ts
   * const last = list.pop();
   * ```
   */
  pop(index = -1): M {
    const modules = [...this];
    const [removed] = modules.splice(positionOf('ModuleList.pop', index, modules.length), 1);
    renumber(this, modules);
    return removed as M;
  }
}

/**
 * Submodules by name, registered so their parameters are found (keys become state-dict
 * prefixes). A `Map`-like API: `get`, `set`, `has`, `delete`, `keys`, `values`, `entries`,
 * `size`; iteration yields `[name, module]` in insertion order (names that are whole numbers
 * come first, as in any JavaScript object).
 *
 * @example
 * ```ts
 * const heads = new ModuleDict({ cls: new Linear(8, 3), box: new Linear(8, 4) });
 * heads.get('cls')?.forward(randn([2, 8])).shape; // [2, 3]
 * Object.keys(heads.stateDict()); // ['cls.weight', 'cls.bias', 'box.weight', 'box.bias']
 * ```
 */
export class ModuleDict<M extends Module = Module> extends Module implements Iterable<[string, M]> {
  /** The name printed for this class (see {@link Module.displayName}). */
  static override readonly displayName: string = 'ModuleDict';

  /**
   * @param modules - Initial modules by name.
   *
   * @example
   * ```ts
   * new ModuleDict({ a: new ReLU() }).size; // 1
   * ```
   */
  constructor(modules: Record<string, M> = {}) {
    super();
    this.update(modules);
  }

  /**
   * Number of modules.
   *
   * @example
   * ```ts
   * new ModuleDict().size; // 0
   * ```
   */
  get size(): number {
    return entriesOf(this).length;
  }

  /**
   * The module named `key`, or undefined.
   *
   * @example
   * ```ts
   * heads.get('cls');
   * ```
   */
  get(key: string): M | undefined {
    checkString('ModuleDict.get', 'key', key);
    return entriesOf(this).find(([name]) => name === key)?.[1] as M | undefined;
  }

  /**
   * Adds or replaces the module named `key` and returns this.
   *
   * @example
   * ```ts
   * heads.set('extra', new Linear(8, 1));
   * ```
   */
  set(key: string, module: M): this {
    this.registerModule(key, checkModule('ModuleDict.set', module, 1));
    return this;
  }

  /**
   * Whether a module is named `key`.
   *
   * @example
   * ```ts
   * heads.has('cls'); // true
   * ```
   */
  has(key: string): boolean {
    checkString('ModuleDict.has', 'key', key);
    return entriesOf(this).some(([name]) => name === key);
  }

  /**
   * Removes the module named `key`; returns whether there was one.
   *
   * @example
   * ```ts
   * heads.delete('box');
   * ```
   */
  delete(key: string): boolean {
    checkString('ModuleDict.delete', 'key', key);
    if (!this.has(key)) return false;
    delete (this as unknown as Record<string, unknown>)[key];
    return true;
  }

  /**
   * Adds every module of `modules` (replacing same-named ones) and returns this.
   *
   * @example
   * ```ts
   * heads.update({ a: new ReLU(), b: new Tanh() });
   * ```
   */
  update(modules: Record<string, M>): this {
    if (typeof modules !== 'object' || modules === null) {
      throw new ValueError(`ModuleDict: expected an object of modules, got ${describe(modules)}`);
    }
    for (const [name, module] of Object.entries(modules)) this.set(name, module);
    return this;
  }

  /**
   * The names, in order.
   *
   * @example
   * ```ts
   * heads.keys(); // ['cls', 'box']
   * ```
   */
  keys(): string[] {
    return entriesOf(this).map(([name]) => name);
  }

  /**
   * The modules, in order.
   *
   * @example
   * ```ts
   * heads.values().length; // 2
   * ```
   */
  values(): M[] {
    return entriesOf(this).map(([, module]) => module as M);
  }

  /**
   * `[name, module]` pairs, in order.
   *
   * @example
   * ```ts
   * for (const [name, head] of heads.entries()) console.log(name, String(head));
   * ```
   */
  entries(): [string, M][] {
    return entriesOf(this) as [string, M][];
  }

  /**
   * Iterates over `[name, module]` pairs, like a `Map`.
   *
   * @example
   * ```ts
   * new Map(heads); // Map { 'cls' => Linear, 'box' => Linear }
   * ```
   */
  *[Symbol.iterator](): Iterator<[string, M]> {
    yield* this.entries();
  }
}
