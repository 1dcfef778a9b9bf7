// Python literals for generated source.

/** A float as Python's `repr` writes it: `0.1`, `1.0`, `1e-05`, `1e+16`. */
export function pyFloat(x: number): string {
  if (Object.is(x, -0)) return '-0.0';
  const magnitude = Math.abs(x);
  if (x !== 0 && (magnitude < 1e-4 || magnitude >= 1e16)) {
    return x.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

/** `True` / `False`. */
export function pyBool(value: boolean): string {
  return value ? 'True' : 'False';
}

/**
 * A Python string literal. JSON's escapes (`\"`, `\\`, `\n`, `\uXXXX`) mean the same in
 * Python's double-quoted strings.
 */
export function pyString(value: string): string {
  return JSON.stringify(value);
}

const KEYWORDS = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except ' +
    'finally for from global if import in is lambda nonlocal not or pass raise return try ' +
    'while with yield'
  ).split(' '),
);

/** Whether `name` can be a Python class name (ASCII identifiers only). */
export function isPythonIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !KEYWORDS.has(name);
}
