import type { Rect } from './axes.js';
import { num } from './svg/format.js';

type Pt = readonly [number, number];

/**
 * Splits a band (a lower and an upper edge over the same x values, in pixels) into polygons, one
 * per run of points where x and both edges are finite: the upper edge left to right, then the
 * lower edge back. Each polygon is clipped to `bounds`, so a far-away value (1e30) never reaches
 * the SVG and the visible part keeps its true edges.
 */
export function bandPolygons(
  px: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  bounds: Rect,
): Pt[][] {
  const polygons: Pt[][] = [];
  let run: number[] = [];
  const flush = (): void => {
    // A single point has no width to fill.
    if (run.length >= 2) {
      const ring: Pt[] = [
        ...run.map((i): Pt => [px[i] as number, upper[i] as number]),
        ...run.reverse().map((i): Pt => [px[i] as number, lower[i] as number]),
      ];
      const clipped = clipPolygon(ring, bounds);
      if (clipped.length >= 3) polygons.push(clipped);
    }
    run = [];
  };
  for (let i = 0; i < px.length; i++) {
    const ok = [px[i], lower[i], upper[i]].every((v) => Number.isFinite(v as number));
    if (ok) run.push(i);
    else flush();
  }
  flush();
  return polygons;
}

/** Sutherland–Hodgman: `ring` clipped to the rectangle, one edge of it at a time. */
function clipPolygon(ring: readonly Pt[], r: Rect): Pt[] {
  const edges: [(p: Pt) => boolean, (a: Pt, b: Pt) => Pt][] = [
    [(p) => p[0] >= r.x, (a, b) => atX(a, b, r.x)],
    [(p) => p[0] <= r.x + r.width, (a, b) => atX(a, b, r.x + r.width)],
    [(p) => p[1] >= r.y, (a, b) => atY(a, b, r.y)],
    [(p) => p[1] <= r.y + r.height, (a, b) => atY(a, b, r.y + r.height)],
  ];
  let out: Pt[] = [...ring];
  for (const [keep, cross] of edges) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const a = input[(i + input.length - 1) % input.length] as Pt;
      const b = input[i] as Pt;
      if (keep(b)) {
        if (!keep(a)) out.push(cross(a, b));
        out.push(b);
      } else if (keep(a)) {
        out.push(cross(a, b));
      }
    }
  }
  return out;
}

function atX(a: Pt, b: Pt, x: number): Pt {
  return [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
}

function atY(a: Pt, b: Pt, y: number): Pt {
  return [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];
}

/** SVG path data for closed polygons, coordinates rounded to 2 decimals. */
export function polygonsPath(polygons: readonly (readonly Pt[])[]): string {
  return polygons
    .map((ring) => `M${ring.map((p) => `${num(p[0])},${num(p[1])}`).join('L')}Z`)
    .join('');
}
