/**
 * Node-only helpers: write SVG strings to disk and render them to PNG with resvg. Kept out of the
 * main entry so browser bundles never pull in `fs` or a native module.
 *
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import resvg from '@resvg/resvg-js';
import { VizError } from './errors.js';
import { requireOptions } from './options.js';

export { VizError };

/**
 * Options of {@link renderPng} and {@link writePng}.
 *
 * @example
 * ```ts
 * import type { PngOptions } from '@descent/viz/node';
 * const o: PngOptions = { scale: 2, background: 'white' };
 * ```
 */
export interface PngOptions {
  /** Pixel density: 2 renders a 640×400 SVG as 1280×800 (default 1). */
  readonly scale?: number;
  /** Background behind transparent parts (default: keep transparency). */
  readonly background?: string;
  /**
   * Font family used for `sans-serif` and for text without a family (default `'DejaVu Sans'`,
   * Debian's `fonts-dejavu-core`). System fonts are loaded; without any installed font, text is
   * not drawn.
   */
  readonly fontFamily?: string;
  /** Extra font files to load (e.g. when the system has none). */
  readonly fontFiles?: readonly string[];
}

/**
 * Renders an SVG string to PNG bytes with resvg.
 *
 * @throws {@link VizError} for a bad scale or an SVG resvg cannot parse.
 * @example
 * ```ts
 * import { lineChart } from '@descent/viz';
 * import { renderPng } from '@descent/viz/node';
 * const png: Uint8Array = renderPng(lineChart({ series: [{ name: 'loss', y: [3, 2, 1] }] }), { scale: 2 });
 * ```
 */
export function renderPng(svg: string, options: PngOptions = {}): Uint8Array {
  return render('renderPng', svg, options);
}

function render(fn: string, svg: string, options: PngOptions): Uint8Array {
  requireOptions(fn, options, 'PNG settings such as { scale: 2 }');
  const scale = options.scale ?? 1;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0 || scale > 16) {
    throw new VizError(fn, `scale must be a number in (0, 16], got ${String(scale)}`);
  }
  if (typeof svg !== 'string' || !svg.includes('<svg')) {
    throw new VizError(fn, 'expected an SVG document string');
  }
  const family = options.fontFamily ?? 'DejaVu Sans';
  try {
    const r = new resvg.Resvg(svg, {
      fitTo: { mode: 'zoom', value: scale },
      ...(options.background !== undefined ? { background: options.background } : {}),
      font: {
        loadSystemFonts: true,
        fontFiles: options.fontFiles ? [...options.fontFiles] : [],
        defaultFontFamily: family,
        sansSerifFamily: family,
      },
    });
    return new Uint8Array(r.render().asPng());
  } catch (e) {
    throw new VizError(
      fn,
      `resvg could not render the SVG: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/**
 * Writes an SVG string to `path` (UTF-8), creating parent directories.
 *
 * @example
 * ```ts
 * import { histogram } from '@descent/viz';
 * import { writeSvg } from '@descent/viz/node';
 * await writeSvg('out/hist.svg', histogram({ series: [{ name: 'x', values: [1, 2, 2, 3] }] }));
 * ```
 */
export async function writeSvg(path: string, svg: string): Promise<void> {
  checkPath('writeSvg', path);
  if (typeof svg !== 'string' || !svg.includes('<svg')) {
    throw new VizError('writeSvg', 'expected an SVG document string');
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, svg.endsWith('\n') ? svg : `${svg}\n`, 'utf8');
}

/**
 * Renders an SVG string to a PNG file at `path` with resvg, creating parent directories.
 *
 * @example
 * ```ts
 * import { scatter } from '@descent/viz';
 * import { writePng } from '@descent/viz/node';
 * await writePng('out/data.png', scatter({ series: [{ name: 'd', points: [[0, 1], [1, 0]] }] }), { scale: 2 });
 * ```
 */
export async function writePng(path: string, svg: string, options: PngOptions = {}): Promise<void> {
  checkPath('writePng', path);
  const png = render('writePng', svg, options);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, png);
}

/** Throws a {@link VizError} unless `path` is a non-empty string. */
function checkPath(fn: string, path: unknown): void {
  if (typeof path !== 'string' || path === '') {
    throw new VizError(fn, `path must be a file path (a non-empty string), got ${String(path)}`);
  }
}
