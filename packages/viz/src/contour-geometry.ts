import { contours } from 'd3-contour';
import { extent } from './data.js';
import type { Grid } from './grid.js';
import { num } from './svg/format.js';

/** One contour level: its threshold and the rings of the region where value ≥ threshold. */
export interface Level {
  readonly value: number;
  /** Rings in grid coordinates (0…nx, 0…ny), as flat [x0, y0, x1, y1, …] arrays. */
  readonly rings: readonly Float64Array[];
}

/**
 * Runs d3-contour's marching squares. `thresholds` is a count (d3 picks nice values, as
 * `contours().thresholds(n)` does) or explicit values.
 */
export function contourLevels(grid: Grid, thresholds: number | readonly number[]): Level[] {
  const gen = contours().size([grid.nx, grid.ny]).smooth(true);
  // d3 takes differences of values, which overflow for values spanning [−1e308, 1e308]: then it
  // works on the values divided by 10 (the rings, in grid coordinates, are the same).
  const range = extent(grid.values);
  const scale = range !== undefined && !Number.isFinite(range[1] - range[0]) ? 10 : 1;
  const values = Array.from(grid.values, (v) => v / scale);
  const polys =
    typeof thresholds === 'number'
      ? gen.thresholds(thresholds)(values)
      : gen.thresholds(thresholds.map((t) => t / scale))(values);
  return polys.map((mp) => ({
    value: mp.value * scale,
    rings: mp.coordinates.flatMap((polygon) =>
      // GeoJSON rings repeat their first point at the end; the path's Z closes them instead.
      polygon.map((ring) =>
        Float64Array.from(ring.slice(0, -1).flatMap((p) => [p[0] as number, p[1] as number])),
      ),
    ),
  }));
}

export type PixelMap = (gx: number, gy: number) => readonly [number, number];

type Pt = readonly [number, number];

/** Perpendicular distance from p to the line through a and b. */
function distance(p: Pt, a: Pt, b: Pt): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  if (len === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  return Math.abs(dy * (p[0] - a[0]) - dx * (p[1] - a[1])) / len;
}

/**
 * Ramer–Douglas–Peucker: drops points closer than `tolerance` pixels to the simplified line.
 * Marching squares emits a point per grid cell; at sub-pixel tolerance most of them add bytes,
 * not shape.
 */
export function simplify(points: readonly Pt[], tolerance: number): Pt[] {
  if (points.length <= 2 || tolerance <= 0) return [...points];
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [a, b] = stack.pop() as [number, number];
    let worst = -1;
    let worstD = tolerance;
    for (let k = a + 1; k < b; k++) {
      const d = distance(points[k] as Pt, points[a] as Pt, points[b] as Pt);
      if (d > worstD) {
        worst = k;
        worstD = d;
      }
    }
    if (worst > 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  return points.filter((_, k) => keep[k] === 1);
}

/**
 * Compact path data: absolute move, then relative lines, in tenths of a pixel. Deltas are taken
 * between rounded positions so rounding errors never accumulate along a long contour.
 */
export function compactPath(points: readonly Pt[], closed: boolean): string {
  if (points.length === 0) return '';
  const q = (v: number): number => Math.round(v * 10);
  const t = (v: number): string => num(v / 10, 1);
  let px = q((points[0] as Pt)[0]);
  let py = q((points[0] as Pt)[1]);
  let d = `M${t(px)},${t(py)}`;
  for (let k = 1; k < points.length; k++) {
    const nx = q((points[k] as Pt)[0]);
    const ny = q((points[k] as Pt)[1]);
    if (nx === px && ny === py) continue;
    const dy = t(ny - py);
    d += `l${t(nx - px)}${dy.startsWith('-') ? '' : ','}${dy}`;
    px = nx;
    py = ny;
  }
  return closed ? `${d}z` : d;
}

function ringPixels(ring: Float64Array, toPx: PixelMap): Pt[] {
  const out: Pt[] = [];
  for (let k = 0; k < ring.length; k += 2) out.push(toPx(ring[k] as number, ring[k + 1] as number));
  return out;
}

/** Simplifies a closed ring: its first point is repeated at the end so both ends stay fixed. */
function simplifyRing(points: readonly Pt[], tolerance: number): Pt[] {
  if (points.length < 4) return [...points];
  return simplify([...points, points[0] as Pt], tolerance).slice(0, -1);
}

/** Path data filling the level's region (use with fill-rule evenodd). */
export function fillPath(level: Level, toPx: PixelMap, tolerance = 0.25): string {
  let d = '';
  for (const ring of level.rings) {
    const pts = simplifyRing(ringPixels(ring, toPx), tolerance);
    if (pts.length >= 3) d += compactPath(pts, true);
  }
  return d;
}

/**
 * Path data of the level's isolines only: ring edges that run along the grid border are where the
 * region was cut by the sampling window, not where the surface crosses the level, so they are left
 * out.
 */
export function linePath(
  level: Level,
  nx: number,
  ny: number,
  toPx: PixelMap,
  tolerance = 0.25,
): string {
  // Points on the grid's outer edge are never real crossings (samples sit at cell centres, half a
  // cell inside), so an edge between two of them traces the window, not the surface.
  const edge = (x: number, y: number): boolean => x === 0 || x === nx || y === 0 || y === ny;
  const onBorder = (ax: number, ay: number, bx: number, by: number): boolean =>
    edge(ax, ay) && edge(bx, by);
  let d = '';
  for (const ring of level.rings) {
    const n = ring.length / 2;
    const at = (k: number): [number, number] => [ring[2 * k] as number, ring[2 * k + 1] as number];
    // Start the walk just after a border edge when there is one, so each isoline is one subpath.
    let start = -1;
    for (let k = 0; k < n; k++) {
      const [ax, ay] = at(k);
      const [bx, by] = at((k + 1) % n);
      if (onBorder(ax, ay, bx, by)) {
        start = (k + 1) % n;
        break;
      }
    }
    if (start < 0) {
      const pts = simplifyRing(ringPixels(ring, toPx), tolerance);
      if (pts.length >= 3) d += compactPath(pts, true);
      continue;
    }
    let run: Pt[] = [];
    const flush = (): void => {
      if (run.length >= 2) d += compactPath(simplify(run, tolerance), false);
      run = [];
    };
    for (let s = 0; s < n; s++) {
      const a = (start + s) % n;
      const [ax, ay] = at(a);
      const [bx, by] = at((a + 1) % n);
      if (onBorder(ax, ay, bx, by)) {
        flush();
        continue;
      }
      if (run.length === 0) run.push(toPx(ax, ay));
      run.push(toPx(bx, by));
    }
    flush();
  }
  return d;
}
