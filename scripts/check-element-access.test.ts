import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { checkWorkspace, findElementAccess } from './check-element-access.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A program over in-memory files, with the opaque handle declared as core declares it. */
function programOf(files: Record<string, string>): ts.Program {
  const all: Record<string, string> = {
    '/kernels.ts':
      'export interface DataHandle { readonly __backendData: never }\n' +
      'declare global { const console: { log(message?: any, ...rest: any[]): void } }\n' +
      'export interface Backend { read(h: DataHandle): Float32Array; unary(x: DataHandle, out: DataHandle): void }\n',
    ...files,
  };
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts'],
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  const exists = host.fileExists.bind(host);
  host.readFile = (name) => all[name] ?? read(name);
  host.fileExists = (name) => name in all || exists(name);
  host.getSourceFile = ((base) => (name, version, onError) => {
    const text = all[name];
    return text === undefined
      ? base(name, version, onError)
      : ts.createSourceFile(name, text, version, true);
  })(host.getSourceFile.bind(host));
  return ts.createProgram(Object.keys(all), options, host);
}

const check = (files: Record<string, string>) =>
  findElementAccess(programOf(files), (name) => name.startsWith('/op'), '/').map(
    (v) => `${v.file}:${v.line}: ${v.message}`,
  );

const PRELUDE = "import type { Backend, DataHandle } from './kernels.js';\n";

// Each case type-checks a small program (the ES2022 library included): seconds on a busy machine.
describe('findElementAccess on small programs', { timeout: 60_000 }, () => {
  it('accepts handles passed to the backend, and values read back', () => {
    expect(
      check({
        '/op.ts':
          PRELUDE +
          'export function f(b: Backend, h: DataHandle): number {\n' +
          '  const out = h;\n  b.unary(h, out);\n  return b.read(out)[0] ?? 0;\n}\n',
      }),
    ).toEqual([]);
  });

  it('finds a handle cast to an array, directly or through unknown', () => {
    expect(
      check({
        '/op.ts':
          PRELUDE +
          'export function f(h: DataHandle): number {\n' +
          '  const a = h as unknown as Float32Array;\n' +
          '  const b = (h as never) as Float32Array;\n' +
          '  return (a[0] ?? 0) + (b[0] ?? 0);\n}\n',
      }),
    ).toEqual([
      'op.ts:3: a DataHandle is cast to unknown',
      'op.ts:4: a DataHandle is cast to never',
    ]);
  });

  it('finds a handle passed where anything is accepted, a nullable one included', () => {
    expect(
      check({
        '/op.ts':
          PRELUDE +
          'export function f(h: DataHandle | null): string {\n' +
          '  console.log(h);\n  return JSON.stringify(h);\n}\n',
      }),
    ).toEqual([
      'op.ts:3: a DataHandle is passed where any is accepted',
      'op.ts:4: a DataHandle is passed where any is accepted',
    ]);
  });

  it("finds an import of the TypeScript backend's internals", () => {
    expect(
      check({
        '/op.ts': "export { alloc } from './backend/cpu/storage.js';\n",
        '/backend/cpu/storage.ts': 'export const alloc = 1;\n',
      }),
    ).toEqual(["op.ts:1: imports the TypeScript backend's internals (./backend/cpu/storage.js)"]);
  });

  it('leaves files it is not asked to check alone (the backend itself)', () => {
    expect(
      check({
        '/backend/cpu/unary.ts': `${PRELUDE}export const first = (h: DataHandle) => (h as unknown as Float32Array)[0];\n`,
      }),
    ).toEqual([]);
  });
});

describe('the real workspace', () => {
  it('reads and writes tensor elements only inside packages/core/src/backend/', () => {
    expect(checkWorkspace(repoRoot)).toEqual([]);
  }, 120_000);
});
