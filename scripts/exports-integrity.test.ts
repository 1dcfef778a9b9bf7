import { describe, expect, it } from 'vitest';
import { checkExportsIntegrity, type PackedPackageJson } from './exports-integrity.js';

const goodPkg = (): PackedPackageJson => ({
  name: '@descent/fake',
  main: './dist/index.cjs',
  module: './dist/index.js',
  types: './dist/index.d.ts',
  exports: {
    '.': {
      source: './src/index.ts',
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/cjs/index.d.ts', default: './dist/index.cjs' },
    },
    './package.json': './package.json',
  },
});
const tarball = [
  'package.json',
  'README.md',
  'src/index.ts',
  'dist/index.js',
  'dist/index.cjs',
  'dist/index.d.ts',
  'dist/cjs/index.d.ts',
  'dist/cjs/package.json',
];

describe('checkExportsIntegrity', () => {
  it('accepts a package whose every entry point is packed', () => {
    expect(checkExportsIntegrity(goodPkg(), tarball)).toEqual([]);
  });

  it('fails on a broken exports path', () => {
    const pkg = goodPkg();
    pkg.exports = {
      '.': {
        import: { types: './dist/index.d.ts', default: './dist/esm/index.js' },
        require: { types: './dist/cjs/index.d.ts', default: './dist/index.cjs' },
      },
    };
    expect(checkExportsIntegrity(pkg, tarball)).toEqual([
      'exports["."].import.default: "./dist/esm/index.js" is not in the tarball',
    ]);
  });

  it('fails when the CJS declarations were not packed', () => {
    const files = tarball.filter((f) => !f.startsWith('dist/cjs/'));
    expect(checkExportsIntegrity(goodPkg(), files)).toEqual([
      'exports["."].require.types: "./dist/cjs/index.d.ts" is not in the tarball',
    ]);
  });

  it('fails on a broken main/types fallback', () => {
    const pkg = { ...goodPkg(), main: './dist/main.cjs', types: 'dist/types.d.ts' };
    expect(checkExportsIntegrity(pkg, tarball)).toEqual([
      'main: "./dist/main.cjs" is not in the tarball',
      'types: "dist/types.d.ts" is not in the tarball',
    ]);
  });

  it('fails when "types" is not the first condition', () => {
    const pkg = goodPkg();
    pkg.exports = { '.': { import: { default: './dist/index.js', types: './dist/index.d.ts' } } };
    expect(checkExportsIntegrity(pkg, tarball)).toEqual([
      'exports["."].import: "types" must be the first condition (found default, types)',
      'exports["."].import: "default" must be the last condition (found default, types)',
    ]);
  });

  it('checks subpath patterns against the file list', () => {
    const pkg: PackedPackageJson = { exports: { './*': './dist/*.js' } };
    expect(checkExportsIntegrity(pkg, tarball)).toEqual([]);
    expect(checkExportsIntegrity({ exports: { './*': './lib/*.js' } }, tarball)).toEqual([
      'exports["./*"]: "./lib/*.js" is not in the tarball',
    ]);
  });

  it('fails when nothing is exported at all', () => {
    expect(checkExportsIntegrity({ name: 'x' }, tarball)).toEqual([
      'package.json names no entry point at all',
    ]);
  });
});
