import { describe, expect, it } from 'vitest';
import { VizError } from '../errors.js';
import { svgDocument } from './document.js';
import { el, text } from './element.js';
import { escapeXml } from './escape.js';
import { num, sig } from './format.js';
import { textWidth, truncate } from './measure.js';

describe('svg helpers', () => {
  it('escapes markup and drops characters XML cannot hold', () => {
    expect(escapeXml(`<a & "b" 'c'>`)).toBe('&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;');
    expect(escapeXml('x\u0000y\u0007z')).toBe('xyz');
    expect(text('1 < 2')).toBe('1 &lt; 2');
  });

  it('formats coordinates without trailing zeros or negative zero', () => {
    expect(num(1.005, 2)).toBe('1');
    expect(num(12.5)).toBe('12.5');
    expect(num(-0.0001)).toBe('0');
    expect(num(3)).toBe('3');
    expect(num(-2.345, 1)).toBe('-2.3');
  });

  it('throws instead of writing NaN or Infinity', () => {
    expect(() => num(Number.NaN)).toThrow(VizError);
    expect(() => num(Number.POSITIVE_INFINITY)).toThrow(/non-finite/);
    expect(() => el('circle', { cx: Number.NaN })).toThrow(VizError);
  });

  it('formats values to significant digits, numpy-style for special values', () => {
    expect(sig(Math.PI)).toBe('3.142');
    expect(sig(-6)).toBe('-6');
    expect(sig(1234567)).toBe('1.235e6');
    expect(sig(0.00001234)).toBe('1.234e-5');
    expect(sig(0.5)).toBe('0.5');
    expect(sig(Number.NaN)).toBe('nan');
    expect(sig(Number.NEGATIVE_INFINITY)).toBe('-inf');
  });

  it('builds elements, leaving out absent attributes', () => {
    expect(el('rect', { x: 1, y: undefined, fill: 'a"b', hidden: false })).toBe(
      '<rect x="1" fill="a&quot;b"/>',
    );
    expect(el('g', {}, '<x/>')).toBe('<g><x/></g>');
  });

  it('measures and truncates text', () => {
    expect(textWidth('WWW', 10)).toBeGreaterThan(textWidth('iii', 10));
    const t = truncate('a very long legend entry indeed', 12, 60);
    expect(t.endsWith('…')).toBe(true);
    expect(textWidth(t, 12)).toBeLessThanOrEqual(60);
  });

  it('derives ids from the content, or uses the caller prefix', () => {
    const doc = (body: string, idPrefix?: string) =>
      svgDocument({
        kind: 't',
        width: 10,
        height: 10,
        title: 'T',
        description: 'D',
        idPrefix,
        fontSize: 12,
        body: (id) => el('clipPath', { id: id('clip') }, body),
      });
    const a = doc('<rect/>');
    expect(a).toBe(doc('<rect/>'));
    const idA = /id="(viz-t-[0-9a-f]{8})-clip"/.exec(a)?.[1];
    const idB = /id="(viz-t-[0-9a-f]{8})-clip"/.exec(doc('<circle/>'))?.[1];
    expect(idA).toBeDefined();
    expect(idA).not.toBe(idB);
    expect(doc('<rect/>', 'fig1')).toContain('id="fig1-clip"');
    expect(a).not.toContain('\u0001');
  });
});
