import { DescentError } from '@descent/core';
import protobuf from 'protobufjs/light.js';
import type { ModelMessage } from './messages.js';
import { ONNX_SCHEMA } from './schema.js';

let modelType: protobuf.Type | undefined;

/** `onnx.ModelProto`, built from the descriptor once, on first use. */
function modelProto(): protobuf.Type {
  modelType ??= protobuf.Root.fromJSON(ONNX_SCHEMA).lookupType('onnx.ModelProto');
  return modelType;
}

/**
 * Serializes a model with protobufjs against the official schema. Fields are written in field
 * number order, so the same model always gives the same bytes.
 */
export function encodeModel(model: ModelMessage): Uint8Array {
  const type = modelProto();
  const problem = type.verify(model);
  // The exporter builds every message itself: a failure here is a bug in this package.
  if (problem !== null) throw new DescentError(`exportOnnx: internal error, ${problem}`);
  return type.encode(model).finish();
}

/**
 * Parses ONNX bytes back into plain objects (field names as in onnx.proto, int64 as numbers):
 * used by the tests to look inside what was written.
 */
export function decodeModel(bytes: Uint8Array): Record<string, unknown> {
  const type = modelProto();
  return type.toObject(type.decode(bytes), { longs: Number, defaults: false, arrays: true });
}
