/**
 * docs/lessons.md shows every tour experiment: each has its section (found by the command that
 * runs it), and every picture the page shows is a file in the repository. The MNIST section is
 * one full run (minutes, so not repeated here): its numbers are committed beside the page, and
 * the page's pictures and tables must be what those numbers give with today's code.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { experiments } from './experiments.js';
import { accuracyAt, formatAccuracy } from './mnist/summary.js';
import * as mnist from './mnist-batchnorm.js';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs');
const page = readFileSync(join(docs, 'lessons.md'), 'utf8');

describe('the lessons page', () => {
  it.each(Object.keys(experiments))('has a section for `npm run tour -- %s`', (name) => {
    expect(page).toContain(`npm run tour -- ${name}`);
  });

  it('shows only pictures that exist, and the MNIST ones as SVG with a PNG beside them', () => {
    const pictures = [...page.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1] as string);
    expect(pictures.length).toBeGreaterThanOrEqual(Object.keys(experiments).length);
    for (const p of pictures) expect(existsSync(join(docs, p)), p).toBe(true);
    const mnist = pictures.filter((p) => p.startsWith('lessons/mnist-'));
    expect(mnist.length).toBeGreaterThanOrEqual(4);
    for (const p of mnist)
      expect(existsSync(join(docs, p.replace(/\.svg$/, '.png'))), p).toBe(true);
  });

  describe('the MNIST run', () => {
    const result = JSON.parse(
      readFileSync(join(docs, 'lessons', mnist.RESULT_FILE), 'utf8'),
    ) as mnist.MnistResult;

    it('is the full experiment: 3 learning rates, 3 seeds, 1,500 steps on all the digits', () => {
      expect(result.learningRates).toEqual([0.1, 1, 10]);
      expect(result.seeds).toEqual([0, 1, 2]);
      expect(result.steps).toBe(1500);
      expect(result.runs).toHaveLength(18);
      expect(result.inference.digits).toBe(10_000);
    });

    it.each(Object.entries(mnist.pictures(result)))(
      'lessons/%s.svg is what the committed numbers draw now (else `npm run tour -- mnist-batchnorm --redraw`)',
      (name, svg) => {
        expect(readFileSync(join(docs, 'lessons', `${name}.svg`), 'utf8')).toBe(`${svg}\n`);
      },
    );

    it('quotes the committed accuracies at step 1,000 and the last step, and at inference', () => {
      for (const curve of result.curves) {
        for (const step of [1000, result.steps]) {
          expect(page).toContain(formatAccuracy(accuracyAt(curve, step)));
        }
      }
      const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;
      expect(page).toContain(
        `one digit at a time (moving averages) | ${pct(result.inference.evalOneAtATime)}`,
      );
      for (const t of result.inference.trainMode) {
        expect(page).toContain(`statistics of batches of ${t.batchSize} | ${pct(t.accuracy)}`);
      }
      expect(page).toContain(`took **${result.seconds.toFixed(0)} s**`);
    });
  });
});
