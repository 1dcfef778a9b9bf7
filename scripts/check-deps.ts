/**
 * Dependency-direction rules between the descent packages (run by check-deps.test.ts):
 *
 * - `@descent/core` imports no other descent package.
 * - `@descent/nn`, `@descent/optim` and `@descent/data` import only `@descent/core`.
 * - `@descent/onnx` imports only `@descent/core` and `@descent/nn`.
 * - `@descent/viz` imports only `@descent/core`, and in its shipped source only with
 *   `import type` / `export type` (so installing viz never pulls in core at run time).
 *   Its tests may import core at run time (core is a devDependency there).
 * - Every descent package a file imports must be declared in that package's package.json:
 *   `dependencies` (or `peerDependencies`) for shipped source, also `devDependencies` for tests.
 * - A package.json must not declare a descent package the rules forbid it to import.
 *
 * And inside each package, between its own modules (issue 11):
 *
 * - No import cycles among the imports that run (`import type` is erased, so only those are
 *   allowed to point both ways: a Tensor names the Node that made it and the Node its tensors).
 *   Correctness must not depend on the order modules happen to be evaluated in.
 * - Layers (see LAYERS): `@descent/core`'s `backend/` imports nothing outside `backend/` but the
 *   base modules (dtype, shape, errors), and `tensor.ts` imports no op and not the engine.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface PackageJsonLike {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export interface WorkspacePackage {
  /** Directory relative to the repo root, e.g. `packages/nn`. */
  dir: string;
  packageJson: PackageJsonLike;
  /** Source files under `src/`, path (relative to the package dir) → contents. */
  files: Record<string, string>;
}

export interface DescentImport {
  specifier: string;
  /** The imported descent package name, e.g. `@descent/core` for `@descent/core/foo`. */
  packageName: string;
  typeOnly: boolean;
  line: number;
}

/** Which descent packages each descent package may import, and whether only as types. */
export const RULES: Record<string, { allowed: string[]; typeOnly: boolean }> = {
  '@descent/core': { allowed: [], typeOnly: false },
  '@descent/data': { allowed: ['@descent/core'], typeOnly: false },
  '@descent/nn': { allowed: ['@descent/core'], typeOnly: false },
  '@descent/optim': { allowed: ['@descent/core'], typeOnly: false },
  '@descent/onnx': { allowed: ['@descent/core', '@descent/nn'], typeOnly: false },
  '@descent/viz': { allowed: ['@descent/core'], typeOnly: true },
};

const SCOPE = '@descent/';

// import x from '…' | import type … from '…' | export … from '…' | import '…'
const STATIC_RE =
  /^[ \t]*(import|export)(\s+type\b)?(?:[\s\w*{},$]*?\bfrom\s*)?\s*['"](@descent\/[^'"]+)['"]/gm;
// import('…') | require('…') | vi.mock('…') etc.: runtime uses wherever they appear
const DYNAMIC_RE =
  /\b(?:import|require|mock|doMock|importActual)\s*\(\s*['"](@descent\/[^'"]+)['"]/g;

function packageNameOf(specifier: string): string {
  const [scope, name] = specifier.split('/');
  return `${scope}/${name}`;
}

function lineOf(source: string, index: number): number {
  return source.slice(0, index).split('\n').length;
}

/** Strips block and line comments (keeps line numbers), so commented-out imports don't count. */
function stripComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, (_m, p1: string) => p1);
}

/** Every `@descent/*` import, re-export, dynamic import or require in a TypeScript source. */
export function findDescentImports(source: string): DescentImport[] {
  const code = stripComments(source);
  const out: DescentImport[] = [];
  for (const m of code.matchAll(STATIC_RE)) {
    const specifier = m[3] as string;
    out.push({
      specifier,
      packageName: packageNameOf(specifier),
      typeOnly: Boolean(m[2]),
      line: lineOf(code, m.index ?? 0),
    });
  }
  for (const m of code.matchAll(DYNAMIC_RE)) {
    const specifier = m[1] as string;
    const start = m.index ?? 0;
    const before = code.slice(Math.max(0, start - 10), start);
    const after = code.slice(start + m[0].length);
    // `typeof import('x')` and `import('x').Name` (a type query) erase at compile time.
    const typeQuery =
      m[0].startsWith('import') &&
      (/\btypeof\s*$/.test(before) ||
        /^\s*\)\s*\.\s*(?!then\b|catch\b|finally\b)[A-Za-z_$]/.test(after));
    out.push({
      specifier,
      packageName: packageNameOf(specifier),
      typeOnly: typeQuery,
      line: lineOf(code, m.index ?? 0),
    });
  }
  return out;
}

/** One relative import (or re-export) of a module, resolved to a path inside the package. */
export interface LocalImport {
  /** Package-relative path of the imported module, e.g. `src/ops/cast.ts`. */
  target: string;
  /** `import type` / `export type`: erased at compile time, so it never runs. */
  typeOnly: boolean;
  line: number;
}

// import … from './x.js' | import type … from '../y.js' | export … from './z.js' | import './w.js'
const LOCAL_RE =
  /^[ \t]*(import|export)(\s+type\b)?(?:[\s\w*{},$]*?\bfrom\s*)?\s*['"](\.{1,2}\/[^'"]+)['"]/gm;

/** Joins a relative specifier to the importing file's folder (POSIX paths, `.js` → `.ts`). */
function resolveLocal(from: string, specifier: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const piece of specifier.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.') parts.push(piece);
  }
  return parts.join('/').replace(/\.js$/, '.ts');
}

/** Every relative import of `file` (package-relative path) in `source`. */
export function findLocalImports(file: string, source: string): LocalImport[] {
  const code = stripComments(source);
  const out: LocalImport[] = [];
  for (const m of code.matchAll(LOCAL_RE)) {
    out.push({
      target: resolveLocal(file, m[3] as string),
      typeOnly: Boolean(m[2]),
      line: lineOf(code, m.index ?? 0),
    });
  }
  return out;
}

/** Which modules of a package may import which (by path prefix); value and type imports alike. */
export const LAYERS: Record<string, { files: string; mayImport: string[] }[]> = {
  '@descent/core': [
    {
      files: 'src/backend/',
      mayImport: ['src/backend/', 'src/dtype.ts', 'src/shape.ts', 'src/errors.ts'],
    },
    {
      files: 'src/tensor.ts',
      mayImport: [
        'src/dtype.ts',
        'src/shape.ts',
        'src/errors.ts',
        'src/storage.ts',
        'src/autograd/node.ts',
      ],
    },
    {
      files: 'src/storage.ts',
      mayImport: ['src/backend/', 'src/dtype.ts'],
    },
  ],
};

/**
 * Cycles among a package's runtime imports (Tarjan's strongly connected components), each as
 * its modules in order, shipped sources only.
 */
export function findImportCycles(pkg: WorkspacePackage): string[][] {
  const graph = new Map<string, string[]>();
  for (const [file, source] of Object.entries(pkg.files)) {
    if (isTestFile(file)) continue;
    graph.set(
      file,
      findLocalImports(file, source)
        .filter((imp) => !imp.typeOnly)
        .map((imp) => imp.target),
    );
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let next = 0;
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = (graph.get(v) ?? []).includes(v);
      if (component.length > 1 || selfLoop) cycles.push(component.reverse());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return cycles;
}

/** Violations of the import cycles and layer rules inside one package. */
export function checkModuleGraph(pkg: WorkspacePackage): string[] {
  const name = pkg.packageJson.name ?? pkg.dir;
  const errors = findImportCycles(pkg).map(
    (cycle) => `${pkg.dir}: import cycle: ${[...cycle, cycle[0]].join(' → ')}`,
  );
  for (const layer of LAYERS[name] ?? []) {
    for (const [file, source] of Object.entries(pkg.files)) {
      if (isTestFile(file) || !file.startsWith(layer.files)) continue;
      for (const imp of findLocalImports(file, source)) {
        if (!layer.mayImport.some((allowed) => imp.target.startsWith(allowed))) {
          errors.push(
            `${pkg.dir}/${file}:${imp.line}: ${layer.files} must not import ${imp.target} ` +
              `(it may import ${layer.mayImport.join(', ')})`,
          );
        }
      }
    }
  }
  return errors;
}

/** Test-only files: never shipped (excluded from the build by tsconfig.build.json). */
export function isTestFile(path: string): boolean {
  return /\.test\.[cm]?tsx?$/.test(path) || /(^|\/)__fixtures__\//.test(path);
}

/** Returns human-readable violations; an empty array means the tree follows the rules. */
export function checkDependencyRules(packages: WorkspacePackage[]): string[] {
  const errors: string[] = [];
  for (const pkg of packages) {
    const name = pkg.packageJson.name ?? pkg.dir;
    errors.push(...checkModuleGraph(pkg));
    const rule = RULES[name];
    if (!rule) {
      if (name.startsWith(SCOPE) && !pkg.dir.startsWith('apps/')) {
        errors.push(`${pkg.dir}: ${name} has no dependency rule in scripts/check-deps.ts`);
      }
      continue;
    }
    const pj = pkg.packageJson;
    const runtimeDeclared = new Set([
      ...Object.keys(pj.dependencies ?? {}),
      ...Object.keys(pj.peerDependencies ?? {}),
      ...Object.keys(pj.optionalDependencies ?? {}),
    ]);
    const anyDeclared = new Set([...runtimeDeclared, ...Object.keys(pj.devDependencies ?? {})]);

    for (const dep of anyDeclared) {
      if (dep.startsWith(SCOPE) && !rule.allowed.includes(dep)) {
        errors.push(`${pkg.dir}/package.json: ${name} must not depend on ${dep}`);
      }
    }
    if (rule.typeOnly) {
      for (const dep of Object.keys(pj.dependencies ?? {})) {
        if (dep.startsWith(SCOPE)) {
          errors.push(
            `${pkg.dir}/package.json: ${name} uses ${dep} for types only; declare it as an ` +
              'optional peerDependency (+ devDependency), not in dependencies',
          );
        }
      }
    }

    for (const [file, source] of Object.entries(pkg.files)) {
      const test = isTestFile(file);
      for (const imp of findDescentImports(source)) {
        const where = `${pkg.dir}/${file}:${imp.line}`;
        if (imp.packageName === name) {
          errors.push(`${where}: ${name} imports itself by package name ('${imp.specifier}')`);
          continue;
        }
        if (!rule.allowed.includes(imp.packageName)) {
          errors.push(`${where}: ${name} must not import ${imp.packageName}`);
          continue;
        }
        if (rule.typeOnly && !imp.typeOnly && !test) {
          errors.push(
            `${where}: ${name} may import ${imp.packageName} only with \`import type\` ` +
              `(found a runtime import of '${imp.specifier}')`,
          );
        }
        const declared = test ? anyDeclared : runtimeDeclared;
        if (!declared.has(imp.packageName)) {
          errors.push(
            `${where}: imports ${imp.packageName} but ${pkg.dir}/package.json does not declare it` +
              (test ? '' : ' in dependencies or peerDependencies'),
          );
        }
      }
    }
  }
  return errors;
}

function listSourceFiles(dir: string, base = dir): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...listSourceFiles(full, base));
    else if (/\.[cm]?tsx?$/.test(entry)) out.push(relative(base, full));
  }
  return out;
}

/** Reads `packages/*` and `apps/*` (package.json + src/ sources) from a repo on disk. */
export function loadWorkspace(root: string): WorkspacePackage[] {
  const packages: WorkspacePackage[] = [];
  for (const group of ['packages', 'apps']) {
    let dirs: string[];
    try {
      dirs = readdirSync(join(root, group)).sort();
    } catch {
      continue;
    }
    for (const d of dirs) {
      const pkgDir = join(root, group, d);
      let packageJson: PackageJsonLike;
      try {
        packageJson = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
      } catch {
        continue;
      }
      const files: Record<string, string> = {};
      for (const f of listSourceFiles(join(pkgDir, 'src'))) {
        files[`src/${f}`] = readFileSync(join(pkgDir, 'src', f), 'utf8');
      }
      packages.push({ dir: `${group}/${d}`, packageJson, files });
    }
  }
  return packages;
}
