/**
 * Building DOM elements. Text is always set as text, never parsed as markup.
 */

type Attributes = Record<string, string | number | boolean | undefined>;
type Child = Node | string | null | undefined | false;

/**
 * Creates an element with attributes (a `false`/`undefined` attribute is left out) and children
 * (strings become text nodes).
 *
 * @example
 * ```ts
 * h('button', { type: 'button', 'aria-pressed': false }, 'Play');
 * ```
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/**
 * The element with this id, which the page's HTML must have.
 *
 * @example
 * ```ts
 * const panel = byId('output');
 * ```
 */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`The page has no element #${id}`);
  return element as T;
}

/**
 * Replaces an element's content with an SVG document string drawn by `@descent/viz`, parsed as
 * SVG (not HTML) so it can hold nothing but SVG.
 *
 * @example
 * ```ts
 * showSvg(chart, lineChart({ series }));
 * ```
 */
export function showSvg(container: Element, svg: string): SVGSVGElement {
  const parsed = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const root = parsed.documentElement;
  if (root.nodeName !== 'svg') throw new Error('viz returned something that is not an SVG');
  const node = document.importNode(root, true) as unknown as SVGSVGElement;
  container.replaceChildren(node);
  return node;
}

/**
 * Calls `use` with each file chosen in a file input, then empties the input so choosing the same
 * file again is noticed.
 *
 * @example
 * ```ts
 * onFileChosen(byId('csv-upload'), async (file) => load(await file.text()));
 * ```
 */
export function onFileChosen(input: HTMLInputElement, use: (file: File) => Promise<void>): void {
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    input.value = '';
    if (file !== undefined) void use(file);
  });
}

/**
 * Formats a number for the page: a few significant digits, '–' for a missing value.
 *
 * @example
 * ```ts
 * formatNumber(0.123456); // '0.123'
 * ```
 */
export function formatNumber(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) return value.toExponential(digits - 1);
  return String(Number(value.toPrecision(digits)));
}
