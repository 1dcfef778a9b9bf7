import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writePng, writeSvg } from '@descent/viz/node';

/** Where the examples write their pictures (git-ignored); npm scripts run from the repo root. */
export const OUT_DIR = join(process.cwd(), 'examples', 'out');

/** Where the lessons page (docs/lessons.md) keeps the pictures of the long runs. */
export const LESSONS_DIR = join(process.cwd(), 'docs', 'lessons');

/** Where and how {@link savePictures} writes. */
export interface SaveOptions {
  /** Default {@link OUT_DIR}. */
  dir?: string;
  /** Also write `<name>.png` at twice the size (default false). */
  png?: boolean;
}

/** Writes `svg` to `<dir>/<name>.svg` (and `.png` with `png`) and returns the SVG's path. */
export async function savePicture(
  name: string,
  svg: string,
  { dir = OUT_DIR, png = false }: SaveOptions = {},
): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.svg`);
  await writeSvg(path, svg);
  if (png) await writePng(join(dir, `${name}.png`), svg, { scale: 2 });
  return path;
}

/** Writes each picture with {@link savePicture} and prints where it went. */
export async function savePictures(
  pictures: Record<string, string>,
  options: SaveOptions = {},
): Promise<void> {
  for (const [name, svg] of Object.entries(pictures)) {
    console.log(
      `picture: ${await savePicture(name, svg, options)}${options.png ? ' (and .png)' : ''}`,
    );
  }
}
