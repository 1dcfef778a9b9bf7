/**
 * Exports integrity: every file a package.json points at (`exports` targets at any depth,
 * `main`, `module`, `types`/`typings`, `bin`) must exist in the packed tarball, and each
 * conditions object must list `types` first and `default` last (TypeScript and Node pick
 * the first matching condition, so a misplaced one is silently ignored).
 */

type ExportsValue = string | null | ExportsValue[] | { [condition: string]: ExportsValue };

export interface PackedPackageJson {
  name?: string;
  main?: string;
  module?: string;
  types?: string;
  typings?: string;
  bin?: string | Record<string, string>;
  exports?: ExportsValue;
}

function normalize(target: string): string {
  return target.replace(/^\.\//, '');
}

function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.+');
  return new RegExp(`^${escaped}$`);
}

/** Walks an `exports` value; returns `[where, target]` pairs and condition-order problems. */
function walkExports(
  value: ExportsValue,
  where: string,
  targets: Array<[string, string]>,
  problems: string[],
): void {
  if (value === null) return;
  if (typeof value === 'string') {
    targets.push([where, value]);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      walkExports(v, `${where}[${i}]`, targets, problems);
    });
    return;
  }
  const keys = Object.keys(value);
  const isConditions = keys.length > 0 && !keys[0]?.startsWith('.');
  if (isConditions) {
    if (keys.includes('types') && keys[0] !== 'types') {
      problems.push(`${where}: "types" must be the first condition (found ${keys.join(', ')})`);
    }
    if (keys.includes('default') && keys[keys.length - 1] !== 'default') {
      problems.push(`${where}: "default" must be the last condition (found ${keys.join(', ')})`);
    }
  }
  for (const key of keys) {
    const step = key.startsWith('.') ? `["${key}"]` : `.${key}`;
    walkExports(value[key] as ExportsValue, `${where}${step}`, targets, problems);
  }
}

/**
 * Returns the problems found (empty when fine). `files` lists the tarball's files relative
 * to the package root (`dist/index.js`, `package.json`, ...).
 */
export function checkExportsIntegrity(pkg: PackedPackageJson, files: Iterable<string>): string[] {
  const present = new Set([...files].map(normalize));
  const targets: Array<[string, string]> = [];
  const problems: string[] = [];
  for (const field of ['main', 'module', 'types', 'typings'] as const) {
    const v = pkg[field];
    if (typeof v === 'string') targets.push([field, v]);
  }
  if (typeof pkg.bin === 'string') targets.push(['bin', pkg.bin]);
  else if (pkg.bin) for (const [k, v] of Object.entries(pkg.bin)) targets.push([`bin.${k}`, v]);
  if (pkg.exports !== undefined) walkExports(pkg.exports, 'exports', targets, problems);
  if (targets.length === 0) problems.push('package.json names no entry point at all');

  for (const [where, target] of targets) {
    if (!target.startsWith('./') && where.startsWith('exports')) {
      problems.push(`${where}: target "${target}" must start with "./"`);
      continue;
    }
    const path = normalize(target);
    const found = path.includes('*')
      ? [...present].some((f) => patternToRegExp(path).test(f))
      : present.has(path);
    if (!found) problems.push(`${where}: "${target}" is not in the tarball`);
  }
  return problems;
}
