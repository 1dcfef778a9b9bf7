import { type DType, Tensor, type TypedArray } from '@descent/core';
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

/**
 * The deepest nesting of arrays and objects the reference reader accepts: serde_json's recursion
 * limit. Checked before parsing, so a hostile header cannot exhaust the stack.
 */
const MAX_NESTING = 128;

/** Throws unless `json` nests arrays and objects at most {@link MAX_NESTING} deep. */
function checkNesting(json: string): void {
  let depth = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < json.length && json.charCodeAt(i) !== 0x22; i++) {
        if (json.charCodeAt(i) === 0x5c /* \ */) i++;
      }
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth++;
      if (depth > MAX_NESTING) {
        fail(
          `the header nests arrays or objects more than ${MAX_NESTING} deep, the reference reader's limit`,
        );
      }
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
}

/**
 * The keys of the top-level object of already-parsed JSON text, in order, duplicates kept, and
 * for each key whose value is an object, that object's keys (a tensor entry's `dtype`, `shape`,
 * `data_offsets`), duplicates kept.
 */
function headerKeys(json: string): { keys: string[]; entryKeys: Map<number, string[]> } {
  const keys: string[] = [];
  const entryKeys = new Map<number, string[]>();
  let depth = 0;
  let entryIsObject = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '"') {
      let j = i + 1;
      while (json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
      let k = j + 1;
      while (json[k] === ' ' || json[k] === '\n' || json[k] === '\r' || json[k] === '\t') k++;
      if (json[k] === ':' && (depth === 1 || (depth === 2 && entryIsObject))) {
        const key = JSON.parse(json.slice(i, j + 1)) as string;
        if (depth === 1) keys.push(key);
        else entryKeys.get(keys.length - 1)?.push(key);
      }
      i = j;
    } else if (c === '{' || c === '[') {
      depth++;
      if (depth === 2) {
        entryIsObject = c === '{';
        if (entryIsObject) entryKeys.set(keys.length - 1, []);
      }
    } else if (c === '}' || c === ']') depth--;
  }
  return { keys, entryKeys };
}

/** The first string that occurs twice in `list`, if any. */
function firstRepeat(list: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const item of list) {
    if (seen.has(item)) return item;
    seen.add(item);
  }
  return undefined;
}

/** A value for an error message, cut short: hostile headers hold huge or deep values. */
function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = describe(value);
  }
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
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

/** 2⁶⁴ − 1: the reference reader counts elements and bytes in 64-bit unsigned integers. */
const U64_MAX = 2n ** 64n - 1n;

/**
 * The byte size of a tensor, multiplied in the shape's order as the reference reader does: a
 * running product past 2⁶⁴ − 1 is refused (even if a later extent is 0), and a shape with a 0
 * extent before that has 0 bytes, however large its other extents (`[1e15, 0]`).
 */
function byteSize(name: string, shape: readonly number[], itemsize: number): number | bigint {
  let small = 1;
  let big: bigint | null = null;
  for (const extent of [...shape, itemsize]) {
    if (big === null) {
      const next = small * extent;
      if (Number.isSafeInteger(next)) {
        small = next;
        continue;
      }
      big = BigInt(small);
    }
    big *= BigInt(extent);
    if (big > U64_MAX) {
      fail(
        `tensor "${name}" has a shape whose element or byte count passes 2^64 - 1 (${shape.length > 8 ? `${shape.length} dims` : `[${shape.join(', ')}]`}); the reference reader refuses it too`,
      );
    }
  }
  return big ?? small;
}

function checkEntry(name: string, entry: unknown, dataLength: number): SafetensorsTensorInfo {
  if (!isRecord(entry))
    return fail(`the entry of tensor "${name}" must be an object, got ${describe(entry)}`);
  const dtype = checkDType(name, entry.dtype);
  const { shape, data_offsets: offsets } = entry;
  if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || (d as number) < 0)) {
    return fail(
      `tensor "${name}" has an invalid shape ${preview(shape)}; expected a list of whole numbers >= 0`,
    );
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    offsets.some((o) => !Number.isSafeInteger(o) || (o as number) < 0)
  ) {
    return fail(
      `tensor "${name}" has invalid data_offsets ${preview(offsets)}; expected [begin, end] whole numbers >= 0`,
    );
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > dataLength) {
    return fail(
      `tensor "${name}" has data_offsets [${begin}, ${end}] outside the data section of ${dataLength} bytes`,
    );
  }
  const bytes = byteSize(name, shape as number[], DTYPES[dtype].itemsize);
  if (bytes !== end - begin) {
    const dims =
      (shape as number[]).length > 8 ? `${shape.length} dims` : `shape [${shape.join(', ')}]`;
    return fail(
      `tensor "${name}" of dtype ${dtype} and ${dims} needs ${bytes} bytes, but its data_offsets [${begin}, ${end}] span ${end - begin}`,
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
  checkNesting(text);
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
  const { keys, entryKeys } = headerKeys(text);
  const duplicate = firstRepeat(keys);
  if (duplicate !== undefined) fail(`the header names "${duplicate}" more than once`);
  for (const [index, fields] of entryKeys) {
    const twice = firstRepeat(fields);
    if (twice !== undefined && keys[index] !== '__metadata__') {
      fail(`the entry of tensor "${keys[index]}" has the field "${twice}" more than once`);
    }
  }

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
    const dtype: DType = DTYPES[info.dtype].loadsAs;
    setOwn(out, name, new Tensor(data, info.shape, dtype));
  }
  return out;
}
