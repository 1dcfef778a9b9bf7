/**
 * The README pictures in packages/viz/docs/ are the examples' real runs: each one is drawn by
 * gallery.ts from an experiment trained with descent, and the committed file is what that run
 * draws today, byte for byte (viz's output is deterministic).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DOC_PICTURES, MAX_DOC_BYTES, pictures } from './gallery.js';

const docsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'packages', 'viz', 'docs');

describe('the gallery', () => {
  const drawn = pictures();

  it('draws every README picture, and every picture in docs/ is one of them', () => {
    const committed = readdirSync(docsDir)
      .filter((f) => f.endsWith('.svg'))
      .map((f) => f.replace(/\.svg$/, ''))
      .sort();
    expect(committed).toEqual([...DOC_PICTURES].sort());
    for (const name of DOC_PICTURES) expect(drawn[name]).toMatch(/^<svg /);
  });

  it.each(DOC_PICTURES)(
    'docs/%s.svg is what the examples draw now (else run `npm run gallery -- --docs`)',
    (name) => {
      const svg = drawn[name] as string;
      expect(Buffer.byteLength(svg)).toBeLessThan(MAX_DOC_BYTES);
      // writeSvg ends the file with a newline.
      expect(readFileSync(join(docsDir, `${name}.svg`), 'utf8')).toBe(`${svg}\n`);
    },
  );

  it('draws one picture of each chart type besides', () => {
    for (const name of [
      'heatmap',
      'scatter',
      'network-diagram-wide',
      'classifier-graph',
      'sgd-epochs',
      'batch-norm-loss',
    ]) {
      expect(drawn[name]).toMatch(/^<svg /);
    }
  });
}, 120_000);
