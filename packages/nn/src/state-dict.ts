import { noGrad, Tensor, ValueError } from '@descent/core';
import { checkOptions, describe, formatShape } from './checks.js';

/**
 * A module's state: parameters and persistent buffers by PyTorch's dotted key (`0.weight`,
 * `bn.running_mean`). Values are tensors sharing the module's storage.
 *
 * @example
 * ```ts
 * const sd: StateDict = new Linear(2, 3).stateDict();
 * Object.keys(sd); // ['weight', 'bias']
 * ```
 */
export type StateDict = Record<string, Tensor>;

/**
 * Options of {@link Module.loadStateDict}.
 *
 * @example
 * ```ts
 * model.loadStateDict(sd, { strict: false });
 * ```
 */
export interface LoadStateDictOptions {
  /**
   * Require the keys of `stateDict` to match the module's exactly (default true). Shape
   * mismatches are errors either way.
   */
  strict?: boolean;
}

/**
 * What {@link Module.loadStateDict} did not match (PyTorch's `_IncompatibleKeys`). Both lists
 * are empty after a strict load.
 *
 * @example
 * ```ts
 * const { missingKeys, unexpectedKeys } = model.loadStateDict(sd, { strict: false });
 * ```
 */
export interface LoadStateDictResult {
  /** Keys the module has but `stateDict` lacks (left unchanged). */
  missingKeys: string[];
  /** Keys of `stateDict` the module does not have (ignored). */
  unexpectedKeys: string[];
}

const quoteList = (keys: readonly string[]): string => keys.map((k) => `"${k}"`).join(', ');

/**
 * Validates `stateDict` against `targets` (the module's own state, key → tensor to overwrite)
 * and copies every value only when nothing is wrong, so a failed load changes nothing.
 * Missing keys, unexpected keys, non-tensor values and shape mismatches are reported together.
 */
export function loadInto(
  owner: string,
  targets: ReadonlyMap<string, Tensor>,
  stateDict: unknown,
  options: LoadStateDictOptions,
): LoadStateDictResult {
  if (typeof stateDict !== 'object' || stateDict === null || Array.isArray(stateDict)) {
    throw new ValueError(
      `loadStateDict: expected a state dict (an object of tensors by key), got ${describe(stateDict)}`,
    );
  }
  if (typeof options !== 'object' || options === null) {
    throw new ValueError(
      `loadStateDict: options must be an object such as { strict: false }, got ${describe(options)}`,
    );
  }
  checkOptions('loadStateDict', options, ['strict']);
  const strict = options.strict ?? true;
  if (typeof strict !== 'boolean') {
    throw new ValueError(`loadStateDict: strict must be true or false, got ${describe(strict)}`);
  }
  const given = stateDict as Record<string, unknown>;
  const missingKeys = [...targets.keys()].filter((key) => !Object.hasOwn(given, key));
  const unexpectedKeys = Object.keys(given).filter((key) => !targets.has(key));
  const problems: string[] = [];
  const copies: [Tensor, Tensor][] = [];
  for (const [key, target] of targets) {
    if (!Object.hasOwn(given, key)) continue;
    const source = given[key];
    if (!(source instanceof Tensor)) {
      problems.push(`value for ${key} is ${describe(source)}, not a Tensor.`);
      continue;
    }
    const same =
      source.shape.length === target.shape.length &&
      source.shape.every((extent, i) => extent === target.shape[i]);
    if (!same) {
      problems.push(
        `size mismatch for ${key}: copying a param with shape ${formatShape(source.shape)} from checkpoint, ` +
          `the shape in current model is ${formatShape(target.shape)}.`,
      );
      continue;
    }
    copies.push([target, source]);
  }
  const lines: string[] = [];
  if (strict && missingKeys.length > 0) {
    lines.push(`Missing key(s) in state_dict: ${quoteList(missingKeys)}.`);
  }
  if (strict && unexpectedKeys.length > 0) {
    lines.push(`Unexpected key(s) in state_dict: ${quoteList(unexpectedKeys)}.`);
  }
  lines.push(...problems);
  if (lines.length > 0) {
    throw new ValueError(
      `Error(s) in loading state_dict for ${owner}:\n\t${lines.join('\n\t')}\nNothing was loaded.`,
    );
  }
  noGrad(() => {
    for (const [target, source] of copies) target.copy_(source);
  });
  return { missingKeys, unexpectedKeys };
}
