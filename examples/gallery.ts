/**
 * The gallery: every picture `@descent/viz` draws, from the examples' real runs (descent's own
 * tensors, optimizers and datasets). `npm run gallery` (make-gallery.ts) writes them as SVG and
 * PNG to packages/viz/gallery/ (git-ignored); `npm run gallery -- --docs` also refreshes the
 * README pictures in packages/viz/docs/, which gallery.test.ts holds to these runs.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Generator, tensor } from '@descent/core';
import { moons } from '@descent/data';
import { computationGraph, heatmap, networkDiagram, scatter } from '@descent/viz';
import { writePng, writeSvg } from '@descent/viz/node';
import * as batchNorm from './batch-norm.js';
import * as classifier from './classifier.js';
import * as featureScaling from './feature-scaling.js';
import * as learningRates from './learning-rates.js';
import * as stochastic from './stochastic.js';

/** The pictures the READMEs show, kept in packages/viz/docs/. */
export const DOC_PICTURES = [
  'feature-scaling-unscaled',
  'feature-scaling-scaled',
  'learning-rates',
  'sgd-vs-gd',
  'batchnorm-histogram',
  'decision-boundary',
  'network-diagram',
  'computation-graph',
] as const;

/** A README picture must stay small. */
export const MAX_DOC_BYTES = 60 * 1024;

/** micrograd's expression L = (a·b + c)·f, computed and differentiated by descent. */
function micrograd(): string {
  const leaf = (v: number) => tensor(v, { dtype: 'float64', requiresGrad: true });
  const [a, b, c, f] = [leaf(2), leaf(-3), leaf(10), leaf(-2)];
  const e = a.mul(b);
  const d = e.add(c);
  const L = d.mul(f);
  for (const t of [e, d, L]) t.retainGrad();
  L.backward(undefined, { retainGraph: true });
  return computationGraph(L, {
    title: 'L = (a·b + c)·f',
    labels: new Map([
      [a, 'a'],
      [b, 'b'],
      [c, 'c'],
      [e, 'e'],
      [d, 'd'],
      [f, 'f'],
      [L, 'L'],
    ]),
  });
}

/**
 * Every gallery picture by name: the examples' own pictures, micrograd's expression, and one of
 * each remaining chart type drawn from the same runs and datasets.
 *
 * @example
 * ```ts
 * const svgs = pictures();
 * svgs['decision-boundary']; // '<svg …'
 * ```
 */
export function pictures(): Record<string, string> {
  const scaling = featureScaling.run();
  const { x, y } = moons({ samples: 200, noise: 0.1, generator: new Generator(1) });
  const labels = y.toArray() as number[];
  const points = x.toArray() as [number, number][];
  const { unscaled } = scaling.problems;
  return {
    ...learningRates.pictures(),
    ...featureScaling.pictures(scaling),
    ...stochastic.pictures(),
    ...batchNorm.pictures(),
    ...classifier.pictures(),
    'computation-graph': micrograd(),
    heatmap: heatmap(
      {
        f: unscaled.loss,
        x: [0, 2 * unscaled.best[0]],
        y: [0, 2 * unscaled.best[1]],
        resolution: [100, 40],
      },
      {
        title: 'Unscaled Pokémon loss as a heatmap',
        colorScheme: 'magma',
        xLabel: 'w1',
        yLabel: 'w2',
      },
    ),
    scatter: scatter({
      title: 'Two moons',
      series: [0, 1].map((k) => ({
        name: `class ${k}`,
        points: points.filter((_, i) => labels[i] === k),
      })),
      xLabel: 'x1',
      yLabel: 'x2',
    }),
    'network-diagram-wide': networkDiagram({
      title: 'MNIST-sized layers',
      layers: [784, 32, 10],
      labels: ['pixels', 'hidden', 'digits'],
    }),
  };
}

/**
 * Writes every picture to packages/viz/gallery/ (SVG and PNG), and with `docs` the README ones to
 * packages/viz/docs/, refusing any of those over {@link MAX_DOC_BYTES}.
 *
 * @example
 * ```ts
 * await writeGallery({ docs: true });
 * ```
 */
export async function writeGallery({ docs = false } = {}): Promise<void> {
  const root = process.cwd();
  const outDir = join(root, 'packages', 'viz', 'gallery');
  const docsDir = join(root, 'packages', 'viz', 'docs');
  mkdirSync(outDir, { recursive: true });
  for (const [name, svg] of Object.entries(pictures())) {
    await writeSvg(join(outDir, `${name}.svg`), svg);
    await writePng(join(outDir, `${name}.png`), svg, { scale: 2 });
    const doc = (DOC_PICTURES as readonly string[]).includes(name);
    const bytes = Buffer.byteLength(svg);
    if (docs && doc) {
      if (bytes >= MAX_DOC_BYTES) {
        throw new Error(
          `${name}.svg is ${bytes} bytes; README pictures must stay under ${MAX_DOC_BYTES}`,
        );
      }
      await writeSvg(join(docsDir, `${name}.svg`), svg);
    }
    console.log(
      `${name.padEnd(28)} ${(bytes / 1024).toFixed(1).padStart(6)} KB${docs && doc ? '  (docs)' : ''}`,
    );
  }
}
