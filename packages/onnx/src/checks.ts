import { ValueError } from '@descent/core';
import { Module } from '@descent/nn';

/** Names a bad argument for an error message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`;
  return `${typeof value} ${JSON.stringify(value) ?? String(value)}`;
}

/** Throws a ValueError naming `where` unless `model` is a Module. */
export function checkModel(where: string, model: unknown): Module {
  if (model instanceof Module) return model;
  throw new ValueError(`${where}: expected model to be a Module, got ${describe(model)}`);
}

/**
 * Returns `options` as a record after checking it is a plain object (or undefined) whose keys
 * are all in `known`: a misspelt option is an error, not silently ignored.
 */
export function checkOptions(
  where: string,
  options: unknown,
  known: readonly string[],
): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValueError(`${where}: options must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ValueError(
        `${where}: unknown option "${key}" (expected ${known.map((k) => `"${k}"`).join(', ')})`,
      );
    }
  }
  return options as Record<string, unknown>;
}

/** An optional non-empty string option. */
export function checkName(where: string, name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && value !== '') return value;
  throw new ValueError(`${where}: ${name} must be a non-empty string, got ${describe(value)}`);
}
