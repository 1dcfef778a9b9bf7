import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeSvg } from '@descent/viz/node';

/** Where the examples write their pictures (git-ignored); npm scripts run from the repo root. */
export const OUT_DIR = join(process.cwd(), 'examples', 'out');

/** Writes `svg` to `examples/out/<name>.svg` and returns the path. */
export async function savePicture(name: string, svg: string): Promise<string> {
  mkdirSync(OUT_DIR, { recursive: true });
  const path = join(OUT_DIR, `${name}.svg`);
  await writeSvg(path, svg);
  return path;
}

/** Writes each picture to `examples/out/<name>.svg` and prints where it went. */
export async function savePictures(pictures: Record<string, string>): Promise<void> {
  for (const [name, svg] of Object.entries(pictures)) {
    console.log(`picture: ${await savePicture(name, svg)}`);
  }
}
