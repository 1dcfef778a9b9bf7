import { Tensor } from '@descent/core';
import { checkOptions, describe } from '../checks.js';
import {
  DTYPES,
  LITTLE_ENDIAN_HOST,
  MAX_HEADER_BYTES,
  type SafetensorsDType,
  SafetensorsError,
} from './format.js';

/**
 * Options of {@link saveSafetensors}.
 *
 * @example
 * ```ts
 * saveSafetensors(sd, null, { int32As: 'I32' });
 * ```
 */
export interface SaveSafetensorsOptions {
  /**
   * How int32 tensors are stored: `I64` (the default: descent's int32 stands in for PyTorch's
   * int64, e.g. `num_batches_tracked`, so PyTorch reads them with the dtype it expects) or
   * `I32`. Either loads back as int32 bit-exactly.
   */
  int32As?: 'I64' | 'I32';
}

interface Planned {
  name: string;
  tensor: Tensor;
  dtype: SafetensorsDType;
  bytes: number;
  offset: number;
}

const fail = (message: string): never => {
  throw new SafetensorsError(`saveSafetensors: ${message}`);
};

function storedDType(t: Tensor, int32As: 'I64' | 'I32'): SafetensorsDType {
  switch (t.dtype) {
    case 'float32':
      return 'F32';
    case 'float64':
      return 'F64';
    case 'int32':
      return int32As;
    case 'bool':
      return 'BOOL';
  }
}

function writeData(out: DataView, bytes: Uint8Array, at: number, item: Planned): void {
  const { tensor, dtype } = item;
  const data = tensor.data;
  const count = tensor.size;
  if (dtype === 'I64') {
    for (let i = 0; i < count; i++) {
      const v = data[i] as number;
      out.setInt32(at + 8 * i, v, true);
      out.setInt32(at + 8 * i + 4, v < 0 ? -1 : 0, true);
    }
    return;
  }
  const itemsize = DTYPES[dtype].itemsize;
  if (LITTLE_ENDIAN_HOST || itemsize === 1) {
    bytes.set(new Uint8Array(data.buffer, data.byteOffset, count * itemsize), at);
    return;
  }
  for (let i = 0; i < count; i++) {
    const v = data[i] as number;
    if (dtype === 'F64') out.setFloat64(at + 8 * i, v, true);
    else if (dtype === 'F32') out.setFloat32(at + 4 * i, v, true);
    else out.setInt32(at + 4 * i, v, true);
  }
}

/**
 * Serializes a state dict (and optional string metadata) to the safetensors format: an 8-byte
 * little-endian header length, a JSON header (`dtype`, `shape`, `data_offsets` per tensor,
 * padded with spaces to 8 bytes), then the raw little-endian data, 8-byte-aligned tensors
 * first so every tensor is aligned. float32 → F32, float64 → F64, bool → BOOL, int32 → I64 (or
 * I32, see {@link SaveSafetensorsOptions}). Readable by `safetensors.torch.load_file` and by
 * {@link loadSafetensors}, bit for bit.
 *
 * @example
 * ```ts
 * const bytes = saveSafetensors(model.stateDict(), { format: 'pt' });
 * // Node: await writeFile('model.safetensors', bytes), or saveSafetensorsFile from '@descent/nn/node'
 * ```
 */
export function saveSafetensors(
  stateDict: Record<string, Tensor>,
  metadata?: Record<string, string> | null,
  options: SaveSafetensorsOptions = {},
): Uint8Array {
  checkOptions('saveSafetensors', options, ['int32As']);
  if (typeof stateDict !== 'object' || stateDict === null || Array.isArray(stateDict)) {
    fail(`expected a state dict (an object of tensors by name), got ${describe(stateDict)}`);
  }
  const int32As = options.int32As ?? 'I64';
  if (int32As !== 'I64' && int32As !== 'I32')
    fail(`int32As must be 'I64' or 'I32', got ${describe(int32As)}`);
  const planned: Planned[] = Object.entries(stateDict).map(([name, tensor]) => {
    if (name === '__metadata__') fail('a tensor can not be named "__metadata__"');
    if (name === '') fail('a tensor name can not be empty');
    if (!(tensor instanceof Tensor)) fail(`"${name}" is ${describe(tensor)}, not a Tensor`);
    const dtype = storedDType(tensor, int32As);
    return { name, tensor, dtype, bytes: tensor.size * DTYPES[dtype].itemsize, offset: 0 };
  });
  // Widest items first (stable), so each tensor starts at a multiple of its item size.
  let offset = 0;
  for (const item of [...planned].sort(
    (a, b) => DTYPES[b.dtype].itemsize - DTYPES[a.dtype].itemsize,
  )) {
    item.offset = offset;
    offset += item.bytes;
  }
  const entries: string[] = [];
  if (metadata !== undefined && metadata !== null) {
    if (typeof metadata !== 'object' || Array.isArray(metadata))
      fail(`metadata must be an object of strings, got ${describe(metadata)}`);
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== 'string')
        fail(`metadata value for "${key}" must be a string, got ${describe(value)}`);
    }
    entries.push(`"__metadata__":${JSON.stringify(metadata)}`);
  }
  for (const { name, tensor, dtype, bytes, offset: begin } of planned) {
    const info = { dtype, shape: tensor.shape, data_offsets: [begin, begin + bytes] };
    entries.push(`${JSON.stringify(name)}:${JSON.stringify(info)}`);
  }
  const json = new TextEncoder().encode(`{${entries.join(',')}}`);
  const headerLength = Math.ceil((8 + json.length) / 8) * 8 - 8;
  if (headerLength > MAX_HEADER_BYTES)
    fail(`the header would be ${headerLength} bytes, over the ${MAX_HEADER_BYTES}-byte limit`);
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLength, true);
  view.setUint32(4, 0, true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  for (const item of planned) writeData(view, out, 8 + headerLength + item.offset, item);
  return out;
}
