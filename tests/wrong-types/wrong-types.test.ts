/**
 * Every public function and class of the packages listed below, and every public method of
 * their main classes, called with arguments of the wrong type, must throw one of its package's
 * error classes: never a bare TypeError or RangeError from inside, never a silent result.
 * Exports and methods are enumerated, not listed, so a new one is checked without touching this
 * file; what legitimately accepts a value says why in `accepts`.
 *
 * To cover another package (core, once its rework lands), add an entry to PACKAGES: its
 * modules, its error check, and instances of its classes (tensors) whose methods to call.
 */
import { DescentError, tensor } from '@descent/core';
import * as nn from '@descent/nn';
import * as nnNode from '@descent/nn/node';
import * as optim from '@descent/optim';
import * as viz from '@descent/viz';
import * as vizNode from '@descent/viz/node';
import { describe, expect, it } from 'vitest';

interface PackageUnderTest {
  /** Its npm name, for messages. */
  readonly name: string;
  /** Its entry points' exports. */
  readonly modules: readonly Record<string, unknown>[];
  /**
   * Makes one instance of each kind whose methods to check (a fresh one for every call, as
   * methods may change it). Methods are found on the prototype chain, each checked once.
   */
  readonly instances?: () => readonly object[];
  /** Whether an error is one of the package's own error classes. */
  readonly isOwnError: (error: unknown) => boolean;
  /**
   * What legitimately accepts a wrong-looking argument, with the reason: an export or method
   * (`isTensorLike`, `Module.apply`), or one value for it (`ReduceLROnPlateau.step(NaN)`).
   */
  readonly accepts?: Readonly<Record<string, string>>;
  /** Methods that are not public API (protected, for subclasses): not called. */
  readonly internal?: readonly string[];
}

const isDescentError = (error: unknown) => error instanceof DescentError;

const weight = () => tensor([1, -2], { requiresGrad: true });

const PACKAGES: readonly PackageUnderTest[] = [
  {
    name: '@descent/nn',
    modules: [nn, nnNode],
    isOwnError: isDescentError,
    accepts: {
      'Linear.resetParameters(null)': "null is the global generator, as PyTorch's None",
      'Module.namedModules(a string)': 'the prefix is a string',
      'Module.parameters(a boolean)': 'recurse is a boolean',
      'Module.buffers(a boolean)': 'recurse is a boolean',
      'Module.train(a boolean)': 'the mode is a boolean',
      'Module.requiresGrad_(a boolean)': 'a boolean is what it takes',
      'Module.apply(a function)': 'it takes a function',
      'ModuleDict.get(a string)': 'a key is a string',
      'ModuleDict.has(a string)': 'a key is a string',
      'ModuleDict.delete(a string)': 'a key is a string',
    },
    instances: () => [
      new nn.Linear(2, 3),
      new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU()),
      new nn.ModuleList([new nn.ReLU()]),
      new nn.ModuleDict({ act: new nn.ReLU() }),
      new nn.BatchNorm1d(3),
      new nn.LayerNorm(3),
      new nn.Dropout(0.5),
      new nn.Flatten(),
      new nn.Softmax(1),
      new nn.MSELoss(),
      new nn.CrossEntropyLoss(),
    ],
  },
  {
    name: '@descent/optim',
    modules: [optim],
    isOwnError: isDescentError,
    accepts: {
      'ReduceLROnPlateau.step(NaN)':
        'a diverged loss is a metric too: no improvement, as in PyTorch',
      'ReduceLROnPlateau.isBetter(NaN)': 'NaN is no improvement, as in PyTorch',
      'Optimizer.step(a function)': 'the closure is a function',
    },
    internal: ['updateGroup', 'getLr', 'stateChecks', 'initialStep'],
    instances: () => {
      return [
        new optim.SGD([weight()], { lr: 0.1 }),
        new optim.Adam([weight()]),
        new optim.StepLR(new optim.SGD([weight()], { lr: 0.1 }), 2),
        new optim.LambdaLR(new optim.SGD([weight()], { lr: 0.1 }), (e) => 0.5 ** e),
        new optim.ReduceLROnPlateau(new optim.SGD([weight()], { lr: 0.1 })),
      ];
    },
  },
  {
    name: '@descent/viz',
    modules: [viz, vizNode],
    isOwnError: (error) => error instanceof viz.VizError,
    accepts: { isTensorLike: 'a type guard: answers false for anything that is not a tensor' },
  },
];

/**
 * Values of the wrong type for (nearly) any parameter of any public function. Those marked
 * `mayFit` are of the right type for some parameters (a count, an empty state dict): a call
 * with them may succeed, but must not fail with a foreign error either.
 */
const WRONG: readonly { what: string; value: unknown; mayFit?: boolean }[] = [
  { what: 'null', value: null },
  { what: 'NaN', value: Number.NaN },
  { what: 'a string', value: 'x' },
  { what: 'a boolean', value: true },
  { what: 'an array of strings', value: ['a', 'b'] },
  { what: 'an object of strings', value: { a: 'b', params: 'c', values: 'd', series: 'e' } },
  { what: 'a function', value: () => 'x' },
  { what: 'a number', value: 5, mayFit: true },
  { what: 'an empty array', value: [], mayFit: true },
  { what: 'an empty object', value: {}, mayFit: true },
];

/** Whether `pkg` accepts the value `what` for `name` (or any value, without `what`). */
function accepted(pkg: PackageUnderTest, name: string, what?: string): boolean {
  return pkg.accepts?.[what === undefined ? name : `${name}(${what})`] !== undefined;
}

/** An error from the operating system (a missing file): what a file helper should pass on. */
function isSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as { syscall?: unknown }).syscall === 'string';
}

type Callable = (...args: unknown[]) => unknown;

/**
 * The number of parameters `fn` declares, counting those with defaults (which `fn.length`
 * leaves out), read from its source: `namedModules(prefix = '')` has 1. For a class, its
 * constructor's (or 0 without one of its own: it then takes its base's, checked there).
 */
function declaredParams(fn: Callable): number {
  const source = Function.prototype.toString.call(fn);
  const start = isClass(fn) ? source.indexOf('constructor(') : source.indexOf('(');
  if (start < 0) return 0;
  let depth = 0;
  let count = 0;
  let any = false;
  for (let i = source.indexOf('(', start); i < source.length; i++) {
    const c = source[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) break;
    } else if (depth === 1 && c === ',') count++;
    else if (depth === 1 && c !== ' ' && c !== '\n') any = true;
  }
  return any ? count + 1 : 0;
}

function isClass(value: unknown): value is new (...args: unknown[]) => unknown {
  return typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value));
}

/** Every callable export, with namespaces (nn's `init`) flattened to `init.uniform_`. */
function callables(modules: readonly Record<string, unknown>[]): [string, Callable][] {
  const out: [string, Callable][] = [];
  const visit = (prefix: string, record: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(record)) {
      if (typeof value === 'function') out.push([`${prefix}${key}`, value as Callable]);
      else if (
        value !== null &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        prefix === ''
      ) {
        const entries = Object.values(value);
        if (entries.length > 0 && entries.every((v) => typeof v === 'function')) {
          visit(`${key}.`, value as Record<string, unknown>);
        }
      }
    }
  };
  for (const module of modules) visit('', module);
  return out;
}

/** What calling `fn` with `args` did: 'ok', or the error (a rejected promise counts). */
async function outcome(fn: Callable, args: unknown[], asClass: boolean): Promise<unknown> {
  try {
    const result = asClass
      ? new (fn as unknown as new (...a: unknown[]) => unknown)(...args)
      : fn(...args);
    if (result instanceof Promise) await result;
    return 'ok';
  } catch (error) {
    return error;
  }
}

describe.each(PACKAGES)('$name: wrong-typed arguments throw its own error class', (pkg) => {
  const exports = callables(pkg.modules).filter(([name]) => !accepted(pkg, name));

  it('finds the exports', () => {
    expect(exports.length).toBeGreaterThan(5);
  });

  it.each(exports)('%s', async (name, fn) => {
    const asClass = isClass(fn);
    // Error classes build a message from whatever they are given.
    if (asClass && fn.prototype instanceof Error) return;
    const arity = Math.max(1, declaredParams(fn));
    const problems: string[] = [];
    for (const { what, value, mayFit } of WRONG) {
      const args = Array.from({ length: arity }, () => value);
      const result = await outcome(fn, args, asClass);
      if (result === 'ok') {
        // A constructor that takes nothing (activations) may ignore extra arguments.
        if (mayFit || (asClass && declaredParams(fn) === 0) || accepted(pkg, name, what)) continue;
        problems.push(`${what}: accepted`);
      } else if (!pkg.isOwnError(result) && !(typeof value === 'string' && isSystemError(result))) {
        const e = result as Error;
        problems.push(
          `${what}: ${e?.constructor?.name ?? typeof e}: ${String(e?.message).slice(0, 120)}`,
        );
      }
    }
    expect(problems, `${pkg.name} ${name}`).toEqual([]);
  });
});

/** Every method on the prototype chain of `instance` (not Object's), with its owner's name. */
function methodsOf(instance: object): [string, string][] {
  const out: [string, string][] = [];
  for (
    let proto = Object.getPrototypeOf(instance);
    proto !== null && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    const owner =
      (proto.constructor as { displayName?: string }).displayName ?? proto.constructor.name;
    for (const key of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, key);
      if (key === 'constructor' || typeof descriptor?.value !== 'function') continue;
      out.push([owner, key]);
    }
  }
  return out;
}

describe.each(PACKAGES.filter((p) => p.instances))(
  '$name: methods given wrong-typed arguments throw its own error class',
  (pkg) => {
    const make = pkg.instances as () => readonly object[];
    // Each method once, on the first instance that has it (inherited ones under their owner).
    const seen = new Set<string>();
    const cases: [string, number, string][] = [];
    make().forEach((instance, index) => {
      for (const [owner, key] of methodsOf(instance)) {
        if (seen.has(`${owner}.${key}`) || (pkg.internal ?? []).includes(key)) continue;
        if (accepted(pkg, `${owner}.${key}`)) continue;
        seen.add(`${owner}.${key}`);
        cases.push([`${owner}.${key}`, index, key]);
      }
    });

    it.each(cases)('%s', async (name, index, key) => {
      const problems: string[] = [];
      for (const { what, value, mayFit } of WRONG) {
        const instance = make()[index] as Record<string, Callable>;
        const method = instance[key] as Callable;
        const declared = declaredParams(method);
        const args = Array.from({ length: Math.max(1, declared) }, () => value);
        const result = await outcome(method.bind(instance), args, false);
        if (result === 'ok') {
          // Methods that take nothing (parameters(), eval()) ignore extra arguments.
          if (mayFit || declared === 0 || accepted(pkg, name, what)) continue;
          problems.push(`${what}: accepted`);
        } else if (!pkg.isOwnError(result)) {
          const e = result as Error;
          problems.push(
            `${what}: ${e?.constructor?.name ?? typeof e}: ${String(e?.message).slice(0, 120)}`,
          );
        }
      }
      expect(problems, `${pkg.name} ${name}`).toEqual([]);
    });
  },
);
