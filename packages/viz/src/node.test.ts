import { mkdtempSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VizError } from './errors.js';
import { lineChart } from './index.js';
import { renderPng, writePng, writeSvg } from './node.js';

const svg = lineChart({
  series: [{ name: 'loss', y: [3, 2, 1] }],
  width: 200,
  height: 120,
  title: 'Loss',
});

function pngSize(png: Uint8Array): [number, number] {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return [v.getUint32(16), v.getUint32(20)];
}

describe('node helpers', () => {
  it('writes SVG files, creating directories', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'viz-'));
    const path = join(dir, 'nested', 'a.svg');
    await writeSvg(path, svg);
    expect(await readFile(path, 'utf8')).toBe(`${svg}\n`);
  });

  it('renders PNGs with resvg at the requested scale', async () => {
    const png = renderPng(svg, { scale: 2 });
    expect(Array.from(png.subarray(0, 8))).toEqual([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
    ]);
    expect(pngSize(png)).toEqual([400, 240]);
    const dir = mkdtempSync(join(tmpdir(), 'viz-'));
    await writePng(join(dir, 'b.png'), svg);
    expect(pngSize(new Uint8Array(readFileSync(join(dir, 'b.png'))))).toEqual([200, 120]);
  });

  it('rejects bad input with a VizError', async () => {
    expect(() => renderPng(svg, { scale: 0 })).toThrow(VizError);
    expect(() => renderPng('<svg', {})).toThrow(/resvg could not render/);
    await expect(writeSvg('/tmp/x.svg', 'not svg')).rejects.toThrow(VizError);
  });

  it('keeps fs and resvg out of the browser entry', () => {
    const src = dirname(fileURLToPath(import.meta.url));
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(file, 'utf8');
      for (const m of code.matchAll(/from '([^']+)'/g)) {
        const spec = m[1] as string;
        expect(
          spec.startsWith('node:') || spec.includes('resvg') || spec === 'fs' || spec === 'path',
        ).toBe(false);
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      }
    };
    visit(join(src, 'index.ts'));
    expect(seen.size).toBeGreaterThan(10);
    expect([...seen].some((f) => f.endsWith('node.ts'))).toBe(false);
  });
});
