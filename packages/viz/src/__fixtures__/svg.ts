// Helpers shared by the tests: strict XML parsing and small readers for what the charts draw.
import { DOMParser, type Element } from '@xmldom/xmldom';
import { expect } from 'vitest';
import { textWidth } from '../svg/measure.js';
import type { TensorLike } from '../tensor-like.js';

/** Parses an SVG string, failing on any XML warning or error. */
export function parse(svg: string): Element {
  const doc = new DOMParser({
    onError: (level, message) => {
      throw new Error(`XML ${level}: ${message}`);
    },
  }).parseFromString(svg, 'image/svg+xml');
  const root = doc.documentElement;
  if (!root) throw new Error('no root element');
  return root;
}

export function all(root: Element, tag: string): Element[] {
  return Array.from(root.getElementsByTagName(tag));
}

export function byClass(root: Element, cls: string): Element[] {
  const out: Element[] = [];
  const walk = (e: Element): void => {
    if ((e.getAttribute('class') ?? '').split(/\s+/).includes(cls)) out.push(e);
    for (const c of Array.from(e.childNodes)) if (c.nodeType === 1) walk(c as unknown as Element);
  };
  walk(root);
  return out;
}

export function attr(e: Element | undefined, name: string): string {
  if (!e) throw new Error(`no element to read ${name} from`);
  const v = e.getAttribute(name);
  if (v === null) throw new Error(`missing attribute ${name}`);
  return v;
}

export function num(e: Element | undefined, name: string): number {
  return Number(attr(e, name));
}

export function texts(root: Element): string[] {
  return all(root, 'text').map((t) => t.textContent ?? '');
}

/** Checks the accessible skeleton every chart must have and that no NaN leaked. */
export function expectWellFormed(svg: string): Element {
  expect(svg).not.toContain('NaN');
  expect(svg).not.toContain('Infinity');
  expect(svg).not.toContain('undefined');
  const root = parse(svg);
  expect(root.tagName).toBe('svg');
  expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
  expect(root.getAttribute('role')).toBe('img');
  expect(root.getAttribute('viewBox')).toMatch(/^-?[\d.]+ -?[\d.]+ [\d.]+ [\d.]+$/);
  expect(Number(root.getAttribute('width'))).toBeGreaterThan(0);
  expect(Number(root.getAttribute('height'))).toBeGreaterThan(0);
  const title = all(root, 'title')[0];
  const desc = all(root, 'desc')[0];
  expect(title?.textContent).toBeTruthy();
  expect(desc?.textContent).toBeTruthy();
  const ids = new Set(
    all(root, '*')
      .map((e) => e.getAttribute('id'))
      .filter(Boolean),
  );
  for (const ref of (root.getAttribute('aria-labelledby') ?? '').split(' '))
    expect(ids.has(ref)).toBe(true);
  // Every url(#id) reference must resolve.
  for (const m of svg.matchAll(/url\(#([^)]+)\)/g)) expect(ids.has(m[1] as string)).toBe(true);
  // Ids must be unique.
  const idList = all(root, '*')
    .map((e) => e.getAttribute('id'))
    .filter(Boolean);
  expect(new Set(idList).size).toBe(idList.length);
  return root;
}

/** The plot rectangle of a chart with a clipped plot: the rect of its first clip path. */
export function plotRect(svg: string): { x: number; y: number; w: number; h: number } {
  const rect = all(parse(svg), 'clipPath')[0]?.getElementsByTagName('rect')[0];
  return { x: num(rect, 'x'), y: num(rect, 'y'), w: num(rect, 'width'), h: num(rect, 'height') };
}

/**
 * Checks that the rotated y-axis label ends, its descenders (about 0.25 em) included, left of the
 * widest y tick label, and (unless `onCanvas` is false) that its ascenders stay on the canvas.
 */
export function expectYLabelLeftOfTicks(svg: string, { onCanvas = true } = {}): void {
  const root = parse(svg);
  const fs = Number(root.getAttribute('font-size'));
  const lx = num(byClass(root, 'viz-y-label')[0], 'x');
  const ticks = all(byClass(root, 'viz-y-axis')[0] as Element, 'text');
  expect(ticks.length).toBeGreaterThan(0);
  const ticksLeft = Math.min(...ticks.map((t) => num(t, 'x') - textWidth(t.textContent ?? '', fs)));
  expect(lx + 0.25 * fs).toBeLessThan(ticksLeft);
  if (onCanvas) expect(lx - 0.8 * fs).toBeGreaterThanOrEqual(0);
}

/** Absolute points of SVG path data (M/L/H/V/C/Z, absolute or relative; C keeps end points). */
export function pathPoints(d: string): [number, number][][] {
  const tokens = d.match(/[MmLlHhVvCcZz]|-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/g) ?? [];
  const subpaths: [number, number][][] = [];
  let cur: [number, number][] = [];
  let x = 0;
  let y = 0;
  let cmd = '';
  let i = 0;
  const next = (): number => Number(tokens[i++]);
  while (i < tokens.length) {
    const t = tokens[i] as string;
    if (/[A-Za-z]/.test(t)) {
      cmd = t;
      i++;
      if (cmd === 'Z' || cmd === 'z') {
        if (cur.length > 0) subpaths.push(cur);
        cur = [];
      }
      continue;
    }
    switch (cmd) {
      case 'M':
      case 'm':
        if (cur.length > 0) subpaths.push(cur);
        cur = [];
        x = cmd === 'M' ? next() : x + next();
        y = cmd === 'M' ? next() : y + next();
        cmd = cmd === 'M' ? 'L' : 'l';
        break;
      case 'L':
        x = next();
        y = next();
        break;
      case 'l':
        x += next();
        y += next();
        break;
      case 'H':
        x = next();
        break;
      case 'h':
        x += next();
        break;
      case 'V':
        y = next();
        break;
      case 'v':
        y += next();
        break;
      case 'C':
        next();
        next();
        next();
        next();
        x = next();
        y = next();
        break;
      default:
        throw new Error(`pathPoints: unsupported command ${cmd}`);
    }
    cur.push([x, y]);
  }
  if (cur.length > 0) subpaths.push(cur);
  return subpaths;
}

export function bbox(points: [number, number][]): {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  w: number;
  h: number;
} {
  // Loops, not Math.min(...xs): a spread of a big array overflows the stack.
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [x, y] of points) {
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  return { x0, x1, y0, y1, w: x1 - x0, h: y1 - y0 };
}

/** A fake tensor for tests. */
export function tensor(
  data: number[],
  shape: number[] = [data.length],
  gradFn: TensorLike['gradFn'] = null,
  grad: number[] | null = null,
): TensorLike {
  return {
    shape,
    dtype: 'float32',
    size: data.length,
    requiresGrad: true,
    data: Float32Array.from(data),
    gradFn,
    grad: grad ? tensor(grad, shape) : null,
  };
}
