import { Storage, Tensor, type TypedArray } from '@descent/core';
import { describe } from '../checks.js';
import type { StateDict } from '../state-dict.js';
import {
  DTYPES,
  LITTLE_ENDIAN_HOST,
  MAX_HEADER_BYTES,
  type SafetensorsDType,
  SafetensorsError,
  type SafetensorsHeader,
  type SafetensorsTensorInfo,
  setOwn,
  UNSUPPORTED_DTYPES,
} from './format.js';

const fail = (message: string): never => {
  throw new SafetensorsError(`safetensors: ${message}`);
};

function asBytes(input: unknown): Uint8Array {
  // A plain Uint8Array view: Node's Buffer overrides slice() to return a view, not a copy.
  if (input instanceof Uint8Array)
    return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  return fail(`expected the file's bytes as a Uint8Array or ArrayBuffer, got ${describe(input)}`);
}

/** The keys of the top-level object of already-parsed JSON text, in order, duplicates kept. */
function topLevelKeys(json: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '"') {
      let j = i + 1;
      while (json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
      if (depth === 1) {
        let k = j + 1;
        while (json[k] === ' ' || json[k] === '\n' || json[k] === '\r' || json[k] === '\t') k++;
        if (json[k] === ':') keys.push(JSON.parse(json.slice(i, j + 1)) as string);
      }
      i = j;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return keys;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkDType(name: string, value: unknown): SafetensorsDType {
  if (typeof value === 'string' && Object.hasOwn(DTYPES, value)) return value as SafetensorsDType;
  if (typeof value === 'string' && UNSUPPORTED_DTYPES.has(value)) {
    return fail(
      `tensor "${name}" has dtype ${value}, which descent does not read (supported: ${Object.keys(DTYPES).join(', ')})`,
    );
  }
  return fail(
    `tensor "${name}" has an unknown dtype ${JSON.stringify(value)} (supported: ${Object.keys(DTYPES).join(', ')})`,
  );
}

function checkEntry(name: string, entry: unknown, dataLength: number): SafetensorsTensorInfo {
  if (!isRecord(entry))
    return fail(`the entry of tensor "${name}" must be an object, got ${describe(entry)}`);
  const dtype = checkDType(name, entry.dtype);
  const { shape, data_offsets: offsets } = entry;
  if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || (d as number) < 0)) {
    return fail(
      `tensor "${name}" has an invalid shape ${JSON.stringify(shape)}; expected a list of whole numbers >= 0`,
    );
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    offsets.some((o) => !Number.isSafeInteger(o) || (o as number) < 0)
  ) {
    return fail(
      `tensor "${name}" has invalid data_offsets ${JSON.stringify(offsets)}; expected [begin, end] whole numbers >= 0`,
    );
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > dataLength) {
    return fail(
      `tensor "${name}" has data_offsets [${begin}, ${end}] outside the data section of ${dataLength} bytes`,
    );
  }
  // Multiply with an early exit, so a hostile shape cannot overflow to a matching size.
  const itemsize = DTYPES[dtype].itemsize;
  let bytes = itemsize;
  for (const extent of shape as number[]) {
    bytes *= extent;
    if (bytes > dataLength) break;
  }
  if (bytes !== end - begin) {
    return fail(
      `tensor "${name}" of dtype ${dtype} and shape [${shape.join(', ')}] needs ` +
        `${bytes > dataLength ? `more than ${dataLength}` : bytes} bytes, but its data_offsets [${begin}, ${end}] span ${end - begin}`,
    );
  }
  return { dtype, shape: (shape as number[]).slice(), dataOffsets: [begin, end] };
}

function checkMetadata(value: unknown): Record<string, string> {
  const metadata: Record<string, string> = {};
  if (value === null || value === undefined) return metadata;
  if (!isRecord(value))
    return fail(`__metadata__ must be an object of strings, got ${describe(value)}`);
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string')
      return fail(`__metadata__ value for "${key}" must be a string, got ${describe(v)}`);
    setOwn(metadata, key, v);
  }
  return metadata;
}

/** Checks that the tensors tile the data section exactly: ordered, no overlap, no hole. */
function checkCoverage(tensors: Record<string, SafetensorsTensorInfo>, dataLength: number): void {
  const spans = Object.entries(tensors).sort(
    ([, a], [, b]) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1],
  );
  let cursor = 0;
  let previous = '';
  for (const [name, { dataOffsets }] of spans) {
    const [begin, end] = dataOffsets;
    if (begin < cursor)
      fail(`tensors "${previous}" and "${name}" overlap (bytes ${begin} to ${cursor})`);
    if (begin > cursor)
      fail(
        `bytes ${cursor} to ${begin} of the data section belong to no tensor (holes are not allowed)`,
      );
    cursor = end;
    previous = name;
  }
  if (cursor !== dataLength) {
    fail(
      `bytes ${cursor} to ${dataLength} of the data section belong to no tensor (holes are not allowed)`,
    );
  }
}

/**
 * Reads and validates the header of a safetensors file without loading any tensor: the
 * metadata, and each tensor's dtype, shape and byte range. Everything {@link loadSafetensors}
 * checks is checked here: the 8-byte little-endian header length (at most 100 MB and within
 * the file), UTF-8 JSON holding an object, no duplicate names, known dtypes, whole
 * non-negative shapes, `data_offsets` whose size matches the shape and that tile the data
 * section exactly, and string-only `__metadata__`.
 *
 * @example
 * ```ts
 * const header = readSafetensorsHeader(bytes);
 * header.metadata; // { format: 'pt' }
 * Object.keys(header.tensors); // ['0.weight', '0.bias', …]
 * ```
 */
export function readSafetensorsHeader(file: Uint8Array | ArrayBuffer): SafetensorsHeader {
  const bytes = asBytes(file);
  if (bytes.length < 8)
    fail(`the file is ${bytes.length} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  const headerLength = high * 2 ** 32 + low;
  if (headerLength > MAX_HEADER_BYTES) {
    fail(`the header length ${headerLength} exceeds the limit of ${MAX_HEADER_BYTES} bytes`);
  }
  if (headerLength > bytes.length - 8) {
    fail(
      `the header length ${headerLength} is larger than the ${bytes.length - 8} bytes after it (truncated file?)`,
    );
  }
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    fail('the header is not valid UTF-8');
  }
  if (!text.startsWith('{'))
    fail(
      `the header must be a JSON object starting with "{", got ${JSON.stringify(text.slice(0, 20))}`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    fail(`the header is not valid JSON (${(error as Error).message})`);
  }
  if (!isRecord(parsed)) return fail(`the header must be a JSON object, got ${describe(parsed)}`);
  const keys = topLevelKeys(text);
  const duplicate = keys.find((key, i) => keys.indexOf(key) !== i);
  if (duplicate !== undefined) fail(`the header names "${duplicate}" more than once`);

  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const tensors: Record<string, SafetensorsTensorInfo> = {};
  let metadata: Record<string, string> = {};
  for (const key of keys) {
    const value = parsed[key];
    if (key === '__metadata__') metadata = checkMetadata(value);
    else setOwn(tensors, key, checkEntry(key, value, dataLength));
  }
  checkCoverage(tensors, dataLength);
  return { metadata, tensors, dataStart };
}

/** Decodes an IEEE half-precision number. */
function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

function decode(
  name: string,
  info: SafetensorsTensorInfo,
  bytes: Uint8Array,
  start: number,
): TypedArray {
  const [begin, end] = info.dataOffsets;
  const from = start + begin;
  const count = (end - begin) / DTYPES[info.dtype].itemsize;
  // A copy: the data may sit at any (unaligned) offset, and the tensor must own its storage.
  const raw = bytes.slice(from, start + end);
  const view = new DataView(raw.buffer);
  const fast = LITTLE_ENDIAN_HOST;
  switch (info.dtype) {
    case 'F64':
      return fast
        ? new Float64Array(raw.buffer)
        : Float64Array.from({ length: count }, (_, i) => view.getFloat64(8 * i, true));
    case 'F32':
      return fast
        ? new Float32Array(raw.buffer)
        : Float32Array.from({ length: count }, (_, i) => view.getFloat32(4 * i, true));
    case 'I32':
      return fast
        ? new Int32Array(raw.buffer)
        : Int32Array.from({ length: count }, (_, i) => view.getInt32(4 * i, true));
    case 'F16':
      return Float32Array.from({ length: count }, (_, i) =>
        halfToNumber(view.getUint16(2 * i, true)),
      );
    case 'BF16': {
      const out = new Uint32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getUint16(2 * i, true) << 16;
      return new Float32Array(out.buffer);
    }
    case 'I64': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const low = view.getUint32(8 * i, true);
        const high = view.getInt32(8 * i + 4, true);
        if (!((high === 0 && low < 2 ** 31) || (high === -1 && low >= 2 ** 31))) {
          const value = (BigInt(high) << 32n) + BigInt(low);
          fail(
            `tensor "${name}" (I64) holds ${value} at flat position ${i}, outside int32, descent's integer type`,
          );
        }
        out[i] = low | 0;
      }
      return out;
    }
    case 'I16':
      return Int32Array.from({ length: count }, (_, i) => view.getInt16(2 * i, true));
    case 'U16':
      return Int32Array.from({ length: count }, (_, i) => view.getUint16(2 * i, true));
    case 'I8':
      return Int32Array.from(new Int8Array(raw.buffer));
    case 'U8':
      return Int32Array.from(raw);
    case 'BOOL':
      return raw.map((v) => (v === 0 ? 0 : 1));
  }
}

/**
 * Loads every tensor of a safetensors file (the format of Hugging Face and `safetensors.torch`)
 * into a state dict, after validating the whole header (see {@link readSafetensorsHeader}), so a
 * malformed or hostile file throws a {@link SafetensorsError} before any tensor is allocated.
 * Values are copied bit for bit (NaN payloads, -0 and subnormals included); see
 * {@link SafetensorsDType} for how each dtype loads.
 *
 * @example
 * ```ts
 * const model = new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 1));
 * const bytes = saveSafetensors(model.stateDict());
 * model.loadStateDict(loadSafetensors(bytes));
 * ```
 */
export function loadSafetensors(file: Uint8Array | ArrayBuffer): StateDict {
  const bytes = asBytes(file);
  const header = readSafetensorsHeader(bytes);
  const out: StateDict = {};
  for (const [name, info] of Object.entries(header.tensors)) {
    const data = decode(name, info, bytes, header.dataStart);
    setOwn(out, name, new Tensor(Storage.fromArray(data), info.shape));
  }
  return out;
}
