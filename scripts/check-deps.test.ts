import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkDependencyRules,
  checkModuleGraph,
  findDescentImports,
  findLocalImports,
  loadWorkspace,
  type WorkspacePackage,
} from './check-deps.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A fake, rule-abiding workspace; each test breaks one thing. */
function fakeTree(): WorkspacePackage[] {
  return [
    {
      dir: 'packages/core',
      packageJson: { name: '@descent/core' },
      files: { 'src/index.ts': "export const tensor = 1;\nimport { x } from './x.js';\n" },
    },
    {
      dir: 'packages/nn',
      packageJson: { name: '@descent/nn', dependencies: { '@descent/core': '^0.0.0' } },
      files: { 'src/index.ts': "import { tensor } from '@descent/core';\nexport { tensor };\n" },
    },
    {
      dir: 'packages/optim',
      packageJson: { name: '@descent/optim', dependencies: { '@descent/core': '^0.0.0' } },
      files: {
        'src/index.ts': "export * from '@descent/core';\n",
        'src/sgd.ts': "import {\n  type Tensor,\n  noGrad,\n} from '@descent/core/extra';\n",
      },
    },
    {
      dir: 'packages/viz',
      packageJson: {
        name: '@descent/viz',
        peerDependencies: { '@descent/core': '^0.0.0' },
        devDependencies: { '@descent/core': '^0.0.0' },
      },
      files: {
        'src/index.ts':
          "import type { Tensor } from '@descent/core';\n" +
          "export type { Tensor as T } from '@descent/core';\n" +
          "type G = import('@descent/core').Tensor;\n" +
          "// import { tensor } from '@descent/core';\n" +
          '/* require("@descent/core") */\n',
        'src/graph.test.ts': "import { tensor } from '@descent/core';\n",
      },
    },
    {
      dir: 'packages/onnx',
      packageJson: {
        name: '@descent/onnx',
        dependencies: { '@descent/core': '^0.0.0', '@descent/nn': '^0.0.0' },
      },
      files: {
        'src/index.ts':
          "import { Tensor } from '@descent/core';\nimport { Linear } from '@descent/nn';\n",
      },
    },
    {
      dir: 'apps/playground',
      packageJson: { name: '@descent/playground', dependencies: { '@descent/viz': '*' } },
      files: { 'src/main.ts': "import '@descent/viz';\n" },
    },
  ];
}

function edit(tree: WorkspacePackage[], dir: string, fn: (p: WorkspacePackage) => void) {
  const pkg = tree.find((p) => p.dir === dir);
  if (!pkg) throw new Error(dir);
  fn(pkg);
  return tree;
}

describe('findDescentImports', () => {
  it('finds static, re-export, side-effect, dynamic and require imports', () => {
    const src = [
      "import { a } from '@descent/core';",
      "import type { B } from '@descent/nn';",
      "export { c } from '@descent/optim';",
      "import '@descent/viz';",
      "const m = await import('@descent/core');",
      "const r = require('@descent/nn');",
      "import { x } from './local.js';",
      "import { scaleLinear } from 'd3-scale';",
    ].join('\n');
    expect(findDescentImports(src).map((i) => [i.packageName, i.typeOnly, i.line])).toEqual([
      ['@descent/core', false, 1],
      ['@descent/nn', true, 2],
      ['@descent/optim', false, 3],
      ['@descent/viz', false, 4],
      ['@descent/core', false, 5],
      ['@descent/nn', false, 6],
    ]);
  });

  it('treats `import { type X }` as a runtime import (verbatimModuleSyntax keeps it)', () => {
    expect(findDescentImports("import { type T } from '@descent/core';")[0]?.typeOnly).toBe(false);
  });

  it('ignores commented-out imports', () => {
    expect(
      findDescentImports("// import { a } from '@descent/nn';\n/* import '@descent/x' */"),
    ).toEqual([]);
  });
});

describe('checkDependencyRules on a fake tree', () => {
  it('accepts a tree that follows the rules', () => {
    expect(checkDependencyRules(fakeTree())).toEqual([]);
  });

  it('fails when core imports another descent package', () => {
    const tree = edit(fakeTree(), 'packages/core', (p) => {
      p.files['src/graph.ts'] = "import type { X } from '@descent/viz';\n";
    });
    expect(checkDependencyRules(tree)).toEqual([
      'packages/core/src/graph.ts:1: @descent/core must not import @descent/viz',
    ]);
  });

  it('fails when nn imports optim (and declares it)', () => {
    const tree = edit(fakeTree(), 'packages/nn', (p) => {
      p.packageJson.dependencies = { ...p.packageJson.dependencies, '@descent/optim': '^0.0.0' };
      p.files['src/train.ts'] = "import { sgd } from '@descent/optim';\n";
    });
    expect(checkDependencyRules(tree)).toEqual([
      'packages/nn/package.json: @descent/nn must not depend on @descent/optim',
      'packages/nn/src/train.ts:1: @descent/nn must not import @descent/optim',
    ]);
  });

  it('fails when onnx imports optim: it may use core and nn only', () => {
    const tree = edit(fakeTree(), 'packages/onnx', (p) => {
      p.files['src/train.ts'] = "import { SGD } from '@descent/optim';\n";
    });
    expect(checkDependencyRules(tree)).toEqual([
      'packages/onnx/src/train.ts:1: @descent/onnx must not import @descent/optim',
    ]);
  });

  it('fails when nn imports onnx', () => {
    const tree = edit(fakeTree(), 'packages/nn', (p) => {
      p.files['src/export.ts'] = "import { exportOnnx } from '@descent/onnx';\n";
    });
    expect(checkDependencyRules(tree)).toEqual([
      'packages/nn/src/export.ts:1: @descent/nn must not import @descent/onnx',
    ]);
  });

  it('fails when optim imports viz', () => {
    const tree = edit(fakeTree(), 'packages/optim', (p) => {
      p.files['src/plot.ts'] = "const v = await import('@descent/viz');\n";
    });
    expect(checkDependencyRules(tree)).toEqual([
      'packages/optim/src/plot.ts:1: @descent/optim must not import @descent/viz',
    ]);
  });

  it('fails when viz imports core at run time in shipped source', () => {
    const tree = edit(fakeTree(), 'packages/viz', (p) => {
      p.files['src/graph.ts'] = "\nimport { tensor } from '@descent/core';\n";
    });
    expect(checkDependencyRules(tree)).toEqual([
      "packages/viz/src/graph.ts:2: @descent/viz may import @descent/core only with `import type` (found a runtime import of '@descent/core')",
    ]);
  });

  it('fails when viz imports nn, even type-only', () => {
    const tree = edit(fakeTree(), 'packages/viz', (p) => {
      p.files['src/layers.ts'] = "import type { Linear } from '@descent/nn';\n";
    });
    expect(checkDependencyRules(tree)).toEqual([
      'packages/viz/src/layers.ts:1: @descent/viz must not import @descent/nn',
    ]);
  });

  it('fails when viz lists core as a hard dependency', () => {
    const tree = edit(fakeTree(), 'packages/viz', (p) => {
      p.packageJson.dependencies = { '@descent/core': '^0.0.0' };
    });
    expect(checkDependencyRules(tree)).toEqual([
      'packages/viz/package.json: @descent/viz uses @descent/core for types only; declare it as an optional peerDependency (+ devDependency), not in dependencies',
    ]);
  });

  it('fails when a package imports a descent package it does not declare', () => {
    const tree = edit(fakeTree(), 'packages/nn', (p) => {
      p.packageJson.dependencies = {};
    });
    expect(checkDependencyRules(tree)).toEqual([
      'packages/nn/src/index.ts:1: imports @descent/core but packages/nn/package.json does not declare it in dependencies or peerDependencies',
    ]);
  });

  it('does not accept a devDependency for shipped (non-test) source', () => {
    const tree = edit(fakeTree(), 'packages/nn', (p) => {
      p.packageJson.devDependencies = p.packageJson.dependencies;
      p.packageJson.dependencies = {};
    });
    expect(checkDependencyRules(tree)).toHaveLength(1);
  });

  it('fails for a new descent package without a rule', () => {
    const tree = fakeTree();
    tree.push({ dir: 'packages/vision', packageJson: { name: '@descent/vision' }, files: {} });
    expect(checkDependencyRules(tree)).toEqual([
      'packages/vision: @descent/vision has no dependency rule in scripts/check-deps.ts',
    ]);
  });

  it('fails when data imports anything but core', () => {
    const tree = fakeTree();
    tree.push({
      dir: 'packages/data',
      packageJson: { name: '@descent/data', dependencies: { '@descent/core': '^0.0.0' } },
      files: {
        'src/index.ts': "import { tensor } from '@descent/core';\n",
        'src/loader.ts': "import type { Module } from '@descent/nn';\n",
      },
    });
    expect(checkDependencyRules(tree)).toEqual([
      'packages/data/src/loader.ts:1: @descent/data must not import @descent/nn',
    ]);
  });
});

/** A core package made of `files` (path → source), for the module-graph rules. */
function corePackage(files: Record<string, string>): WorkspacePackage {
  return { dir: 'packages/core', packageJson: { name: '@descent/core' }, files };
}

describe('findLocalImports', () => {
  it('resolves relative specifiers against the importing file and marks type-only ones', () => {
    const src = [
      "import { a } from './ops/cast.js';",
      "import type { B } from '../tensor.js';",
      "export { c } from './c.js';",
      "import { type D } from './d.js';",
      "import '../install.js';",
      "import { e } from '@descent/core';",
    ].join('\n');
    expect(findLocalImports('src/autograd/engine.ts', src)).toEqual([
      { target: 'src/autograd/ops/cast.ts', typeOnly: false, line: 1 },
      { target: 'src/tensor.ts', typeOnly: true, line: 2 },
      { target: 'src/autograd/c.ts', typeOnly: false, line: 3 },
      { target: 'src/autograd/d.ts', typeOnly: false, line: 4 },
      { target: 'src/install.ts', typeOnly: false, line: 5 },
    ]);
  });
});

describe('module graph rules inside a package', () => {
  it('finds a cycle of runtime imports, naming its modules in order', () => {
    const pkg = corePackage({
      'src/tensor.ts': "import { add } from './ops/add.js';\n",
      'src/ops/add.ts': "import { record } from '../record.js';\n",
      'src/record.ts': "import { Tensor } from './tensor.js';\n",
      'src/other.ts': "import { add } from './ops/add.js';\n",
    });
    expect(checkModuleGraph(pkg)).toContain(
      'packages/core: import cycle: src/tensor.ts → src/ops/add.ts → src/record.ts → src/tensor.ts',
    );
  });

  it('allows type-only imports to point back (they are erased)', () => {
    const pkg = corePackage({
      'src/tensor.ts': "import type { Node } from './autograd/node.js';\n",
      'src/autograd/node.ts': "import type { Tensor } from '../tensor.js';\n",
    });
    expect(checkModuleGraph(pkg)).toEqual([]);
  });

  it('keeps backend/ below everything but the base modules, types included', () => {
    const pkg = corePackage({
      'src/backend/cpu/unary.ts':
        "import type { DType } from '../../dtype.js';\nimport type { Tensor } from '../../tensor.js';\n",
      'src/dtype.ts': '',
      'src/tensor.ts': '',
    });
    expect(checkModuleGraph(pkg)).toEqual([
      'packages/core/src/backend/cpu/unary.ts:2: src/backend/ must not import src/tensor.ts (it may import src/backend/, src/dtype.ts, src/shape.ts, src/errors.ts)',
    ]);
  });

  it('keeps ops and the engine out of tensor.ts', () => {
    const pkg = corePackage({
      'src/tensor.ts': "import { add } from './ops/elementwise.js';\n",
      'src/ops/elementwise.ts': '',
    });
    expect(checkModuleGraph(pkg)).toHaveLength(1);
  });
});

describe('the real workspace', () => {
  it('follows the dependency rules', () => {
    const packages = loadWorkspace(repoRoot);
    expect(packages.map((p) => p.packageJson.name)).toEqual(
      expect.arrayContaining([
        '@descent/core',
        '@descent/data',
        '@descent/nn',
        '@descent/optim',
        '@descent/viz',
        '@descent/onnx',
      ]),
    );
    expect(checkDependencyRules(packages)).toEqual([]);
  });
});
