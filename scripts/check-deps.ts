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

/** Test-only files: never shipped (excluded from the build by tsconfig.build.json). */
export function isTestFile(path: string): boolean {
  return /\.test\.[cm]?tsx?$/.test(path) || /(^|\/)__fixtures__\//.test(path);
}

/** Returns human-readable violations; an empty array means the tree follows the rules. */
export function checkDependencyRules(packages: WorkspacePackage[]): string[] {
  const errors: string[] = [];
  for (const pkg of packages) {
    const name = pkg.packageJson.name ?? pkg.dir;
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
