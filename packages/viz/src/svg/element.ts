import { escapeXml } from './escape.js';
import { num } from './format.js';

/** Attribute values; `undefined`/`null`/`false` attributes are left out. */
export type Attrs = Readonly<Record<string, string | number | boolean | undefined | null>>;

function attrs(a: Attrs | undefined): string {
  if (!a) return '';
  let out = '';
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined || v === null || v === false) continue;
    const value = v === true ? k : typeof v === 'number' ? num(v) : escapeXml(v);
    out += ` ${k}="${value}"`;
  }
  return out;
}

/**
 * Builds one element. `children` are already-serialized markup; use {@link text} for character
 * data so it gets escaped.
 */
export function el(tag: string, a?: Attrs, ...children: readonly string[]): string {
  return element(tag, a, children);
}

/**
 * {@link el} with the children as one array: for any number of children (a spread argument list
 * overflows the stack at about 100,000).
 */
export function element(tag: string, a: Attrs | undefined, children: readonly string[]): string {
  const body = children.join('');
  return body === '' ? `<${tag}${attrs(a)}/>` : `<${tag}${attrs(a)}>${body}</${tag}>`;
}

/** Escaped character data. */
export function text(content: string): string {
  return escapeXml(content);
}

/** A `<g>` that is omitted when empty. */
export function group(a: Attrs | undefined, children: readonly string[]): string {
  return children.length === 0 ? '' : element('g', a, children);
}
