import { el, text } from './element.js';
import { num } from './format.js';
import { fnv1a } from './hash.js';

/** What every chart passes to {@link svgDocument}. */
export interface DocumentSpec {
  /** Short chart kind used in the default id prefix, e.g. `'line'`. */
  readonly kind: string;
  readonly width: number;
  readonly height: number;
  /** Accessible name, also `<title>`. */
  readonly title: string;
  /** Accessible description, also `<desc>`. */
  readonly description: string;
  /** Caller-chosen id prefix; when absent one is derived from a hash of the content. */
  readonly idPrefix?: string | undefined;
  readonly background?: string | undefined;
  readonly fontSize: number;
  /** Builds the body; `id(name)` returns a document-unique id. */
  readonly body: (id: (name: string) => string) => string;
  /** viewBox override (computationGraph lays out in its own coordinates). */
  readonly viewBox?: readonly [number, number, number, number] | undefined;
}

/**
 * Wraps a chart body in a standalone, accessible `<svg>`. Ids are `${prefix}-${name}`; without a
 * caller prefix the prefix is `viz-${kind}-${hash}` where the hash covers the whole document (drawn
 * once with a plain prefix to hash it), so the same input always yields the same string and
 * different charts on one page do not share ids.
 */
export function svgDocument(spec: DocumentSpec): string {
  if (spec.idPrefix !== undefined) return render(spec, spec.idPrefix);
  const draft = render(spec, 'viz');
  return render(spec, `viz-${spec.kind}-${fnv1a(draft)}`);
}

function render(spec: DocumentSpec, prefix: string): string {
  const id = (name: string): string => `${prefix}-${name}`;
  const vb = spec.viewBox ?? [0, 0, spec.width, spec.height];
  const bg =
    spec.background !== undefined && spec.background !== 'none'
      ? el('rect', { x: vb[0], y: vb[1], width: vb[2], height: vb[3], fill: spec.background })
      : '';
  const doc = el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: vb.map((v) => num(v)).join(' '),
      width: spec.width,
      height: spec.height,
      role: 'img',
      'aria-labelledby': `${id('title')} ${id('desc')}`,
      'font-family': 'sans-serif',
      'font-size': spec.fontSize,
    },
    el('title', { id: id('title') }, text(spec.title)),
    el('desc', { id: id('desc') }, text(spec.description)),
    bg,
    spec.body(id),
  );
  return doc;
}
