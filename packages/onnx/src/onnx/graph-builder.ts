import type { Tensor } from '@descent/core';
import {
  type AttributeMessage,
  AttributeType,
  DataType,
  type NodeMessage,
  type TensorMessage,
} from './messages.js';

/** An attribute value: a whole number (INT), a float (FLOAT) or a list of whole numbers (INTS). */
export type AttributeValue = { int: number } | { float: number } | { ints: readonly number[] };

function attribute(name: string, value: AttributeValue): AttributeMessage {
  if ('int' in value) return { name, type: AttributeType.INT, i: value.int };
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  return { name, type: AttributeType.INTS, ints: [...value.ints] };
}

/** The flat row-major values of a tensor, read through its public API. */
function valuesOf(t: Tensor): number[] {
  if (t.ndim === 0) return [t.item()];
  return (t.toArray() as unknown[]).flat(Number.POSITIVE_INFINITY) as number[];
}

function float32Bytes(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => {
    view.setFloat32(i * 4, v, true);
  });
  return bytes;
}

function int64Bytes(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => {
    view.setBigInt64(i * 8, BigInt(v), true);
  });
  return bytes;
}

/** `/<module path>/<name>`, or `/<name>` for the root module. */
export function scoped(path: string, name: string): string {
  return path === '' ? `/${name}` : `/${path}/${name}`;
}

/**
 * Collects the nodes and initializers of one ONNX graph, keeping every value and node name
 * unique. Names follow PyTorch's exporter: initializers are state-dict keys (`0.weight`),
 * nodes are `/<module path>/<Op>` and their outputs `/<module path>/<Op>_output_0`.
 */
export class GraphBuilder {
  readonly nodes: NodeMessage[] = [];
  readonly initializers: TensorMessage[] = [];
  readonly #names = new Set<string>();

  /** Reserves `name`, or `name_1`, `name_2`, … if it is taken. */
  unique(name: string): string {
    let candidate = name;
    for (let i = 1; this.#names.has(candidate); i++) candidate = `${name}_${i}`;
    this.#names.add(candidate);
    return candidate;
  }

  /** A float32 initializer holding `t`'s values (any float dtype, rounded to float32). */
  tensor(name: string, t: Tensor): string {
    return this.float32(name, t.shape, valuesOf(t));
  }

  /** A float32 initializer from plain numbers. */
  float32(name: string, dims: readonly number[], values: readonly number[]): string {
    return this.#initializer(name, dims, DataType.FLOAT, float32Bytes(values));
  }

  /** An int64 initializer (shapes for Reshape). */
  int64(name: string, dims: readonly number[], values: readonly number[]): string {
    return this.#initializer(name, dims, DataType.INT64, int64Bytes(values));
  }

  #initializer(name: string, dims: readonly number[], dataType: number, bytes: Uint8Array) {
    const unique = this.unique(name);
    this.initializers.push({ name: unique, dims: [...dims], data_type: dataType, raw_data: bytes });
    return unique;
  }

  /**
   * Adds a node of the default ONNX domain named `/<scope>/<op>` and returns its output's name
   * (`output` if given, e.g. the graph output, else `/<scope>/<op>_output_0`).
   */
  node(
    scope: string,
    op: string,
    inputs: readonly string[],
    attributes: Record<string, AttributeValue> = {},
    output?: string,
  ): string {
    const name = this.unique(scoped(scope, op));
    const out = output ?? this.unique(`${name}_output_0`);
    this.nodes.push({
      name,
      op_type: op,
      input: [...inputs],
      output: [out],
      attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
    });
    return out;
  }
}
