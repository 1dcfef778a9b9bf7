// The parts of onnx.proto's messages the exporter writes, with the .proto's field names (the
// encoder reads them by these names). int64 fields are plain numbers: every value written is
// far below 2^53.

/** `TensorProto.DataType` values used here. */
export const DataType = { FLOAT: 1, INT64: 7 } as const;

/** `AttributeProto.AttributeType` values used here. */
export const AttributeType = { FLOAT: 1, INT: 2, INTS: 7 } as const;

/** `TensorProto`: an initializer, with its data as little-endian `raw_data`. */
export interface TensorMessage {
  name: string;
  dims: number[];
  data_type: number;
  raw_data: Uint8Array;
}

/** `AttributeProto` (one of `f`, `i`, `ints`, as `type` says). */
export interface AttributeMessage {
  name: string;
  type: number;
  f?: number;
  i?: number;
  ints?: number[];
}

/** `NodeProto`. */
export interface NodeMessage {
  name: string;
  op_type: string;
  input: string[];
  output: string[];
  attribute: AttributeMessage[];
}

/** `TensorShapeProto.Dimension`: a size, a named symbolic size, or neither (unknown). */
export interface DimMessage {
  dim_value?: number;
  dim_param?: string;
}

/** `ValueInfoProto` of a tensor. */
export interface ValueInfoMessage {
  name: string;
  type: { tensor_type: { elem_type: number; shape: { dim: DimMessage[] } } };
}

/** `GraphProto`. */
export interface GraphMessage {
  name: string;
  node: NodeMessage[];
  initializer: TensorMessage[];
  input: ValueInfoMessage[];
  output: ValueInfoMessage[];
}

/** `ModelProto`. */
export interface ModelMessage {
  ir_version: number;
  opset_import: { domain: string; version: number }[];
  producer_name: string;
  doc_string: string;
  graph: GraphMessage;
}
