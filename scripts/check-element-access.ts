/**
 * The storage rule (issue 11, run by check-element-access.test.ts): only `@descent/core`'s
 * `src/backend/` reads or writes tensor elements. Everywhere else a tensor's values sit behind a
 * `DataHandle`, an opaque type with no index signature, so TypeScript already refuses
 * `handle[i]`, `Array.from(handle)` and the like. What remains is getting around the type, which
 * this check finds with the type checker, in every shipped source file outside `backend/`:
 *
 * - a type assertion of a `DataHandle` (`handle as Float32Array`, `handle as unknown as …`);
 * - a `DataHandle` passed where any value is accepted (a parameter typed `any` or `unknown`,
 *   such as `console.log` or `JSON.stringify`), which reads it without saying so;
 * - an import of the TypeScript backend's internals (`backend/cpu/…` other than its `index`, the
 *   backend object itself), whose handles are arrays.
 *
 * Reading values back through `dataSync()`, `toArray()` or `item()` is the explicit API and
 * allowed. The dynamic half of the rule: the op suite also runs on the contract-checking backend,
 * whose handles are not arrays, so code that looked inside one would fail there.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

export interface Violation {
  /** Path relative to the root given. */
  file: string;
  line: number;
  message: string;
}

const HANDLE = 'DataHandle';

/** Whether `type` is, or is a union containing, the opaque handle type. */
function isHandle(type: ts.Type): boolean {
  if (type.isUnion()) return type.types.some(isHandle);
  return type.getSymbol()?.getName() === HANDLE || type.aliasSymbol?.getName() === HANDLE;
}

function acceptsAnything(type: ts.Type): boolean {
  return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
}

/**
 * The violations in the files of `program` that `checked` selects: casts of handles, handles
 * passed as `any`/`unknown`, and imports of `backend/cpu/`.
 */
export function findElementAccess(
  program: ts.Program,
  checked: (fileName: string) => boolean,
  root: string,
): Violation[] {
  const checker = program.getTypeChecker();
  const out: Violation[] = [];
  for (const source of program.getSourceFiles()) {
    if (source.isDeclarationFile || !checked(source.fileName)) continue;
    const report = (node: ts.Node, message: string): void => {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      out.push({ file: relative(root, source.fileName), line: line + 1, message });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) {
        const from = checker.getTypeAtLocation(node.expression);
        const to = checker.getTypeAtLocation(node.type);
        if (isHandle(from) && !isHandle(to)) {
          report(node, `a ${HANDLE} is cast to ${checker.typeToString(to)}`);
        }
      }
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const signature = checker.getResolvedSignature(node);
        (node.arguments ?? []).forEach((arg, i) => {
          if (!signature || !isHandle(checker.getTypeAtLocation(arg))) return;
          const params = signature.getParameters();
          const param = params[Math.min(i, params.length - 1)];
          if (!param) return;
          const type = checker.getTypeOfSymbolAtLocation(param, node);
          const element = checker.isArrayType(type)
            ? (checker.getTypeArguments(type as ts.TypeReference)[0] ?? type)
            : type;
          if (acceptsAnything(element)) {
            report(arg, `a ${HANDLE} is passed where ${checker.typeToString(type)} is accepted`);
          }
        });
      }
      if (
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier) &&
        /(^|\/)backend\/cpu\/(?!index\.js$)/.test(node.moduleSpecifier.text)
      ) {
        report(node, `imports the TypeScript backend's internals (${node.moduleSpecifier.text})`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return out;
}

/** Shipped TypeScript sources of a package: `src/**`, without tests and fixtures. */
function shippedSources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d)) {
      const full = join(d, entry);
      if (statSync(full).isDirectory()) {
        if (entry !== '__fixtures__' && entry !== 'node_modules') walk(full);
      } else if (/\.ts$/.test(entry) && !/\.test\.ts$/.test(entry)) {
        out.push(full);
      }
    }
  };
  walk(dir);
  return out;
}

/**
 * Checks every workspace package of the repo at `root`: one program over their shipped sources
 * (workspace imports resolved to source), the files under `packages/core/src/backend/` exempt.
 */
export function checkWorkspace(root: string): Violation[] {
  const files: string[] = [];
  for (const group of ['packages', 'apps']) {
    let names: string[];
    try {
      names = readdirSync(join(root, group));
    } catch {
      continue;
    }
    for (const name of names) {
      const src = join(root, group, name, 'src');
      try {
        if (statSync(src).isDirectory()) files.push(...shippedSources(src));
      } catch {
        // a package without src/
      }
    }
  }
  const config = ts.readConfigFile(join(root, 'tsconfig.base.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram(files, {
    ...parsed.options,
    noEmit: true,
    customConditions: ['source'],
  });
  const backendDir = join(root, 'packages', 'core', 'src', 'backend') + sep;
  const shipped = new Set(files);
  return findElementAccess(
    program,
    (fileName) => shipped.has(fileName.split('/').join(sep)) && !fileName.startsWith(backendDir),
    root,
  );
}
