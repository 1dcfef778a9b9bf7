import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { expect, it } from 'vitest';
import { ONNX_SCHEMA } from './schema.js';

it('schema.ts is the descriptor of the committed official onnx.proto (rerun generate-schema.mjs)', () => {
  const proto = readFileSync(new URL('../../proto/onnx.proto', import.meta.url), 'utf8');
  expect(proto).toContain('SPDX-License-Identifier: Apache-2.0');
  expect(proto).toContain('IR_VERSION = 0x0000000000000008;');
  const { root } = protobuf.parse(proto, { keepCase: true });
  expect(ONNX_SCHEMA).toEqual(root.toJSON());
});
