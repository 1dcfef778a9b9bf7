import { line } from 'd3-shape';
import type { Rect } from './axes.js';

type Pt = readonly [number, number];

/**
 * Liang–Barsky: the part of segment a→b inside `r`, or null. Clipping in floating point before
 * formatting keeps far-away points (a diverging optimizer's 1e30) out of the SVG while the visible
 * part keeps its true direction.
 */
export function clipSegment(a: Pt, b: Pt, r: Rect): [Pt, Pt] | null {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  let t0 = 0;
  let t1 = 1;
  const checks: [number, number][] = [
    [-dx, a[0] - r.x],
    [dx, r.x + r.width - a[0]],
    [-dy, a[1] - r.y],
    [dy, r.y + r.height - a[1]],
  ];
  for (const [p, q] of checks) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const t = q / p;
    if (p < 0) {
      if (t > t1) return null;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return null;
      if (t < t1) t1 = t;
    }
  }
  if (!Number.isFinite(t0) || !Number.isFinite(t1)) return null;
  const at = (t: number): Pt => (t === 0 ? a : t === 1 ? b : [a[0] + t * dx, a[1] + t * dy]);
  return [at(t0), at(t1)];
}

export function inside(p: Pt, r: Rect): boolean {
  return p[0] >= r.x && p[0] <= r.x + r.width && p[1] >= r.y && p[1] <= r.y + r.height;
}

/**
 * Splits a pixel polyline into drawable runs: non-finite points break it (gaps), and each segment
 * is clipped to `bounds`.
 */
export function polylineRuns(px: ArrayLike<number>, py: ArrayLike<number>, bounds: Rect): Pt[][] {
  const runs: Pt[][] = [];
  let current: Pt[] | null = null;
  const n = px.length;
  const finite = (i: number): boolean =>
    Number.isFinite(px[i] as number) && Number.isFinite(py[i] as number);
  for (let i = 0; i < n; i++) {
    if (!finite(i)) {
      current = null;
      continue;
    }
    const p: Pt = [px[i] as number, py[i] as number];
    const prevOk = i > 0 && finite(i - 1);
    if (!prevOk) {
      // A run starts; a lone point inside the bounds is still drawn (as a dot).
      current = null;
      if (inside(p, bounds) && (i + 1 >= n || !finite(i + 1))) runs.push([p]);
      continue;
    }
    const q: Pt = [px[i - 1] as number, py[i - 1] as number];
    const seg = clipSegment(q, p, bounds);
    if (!seg) {
      current = null;
      continue;
    }
    if (current === null || seg[0] !== q) {
      current = [seg[0]];
      runs.push(current);
    }
    current.push(seg[1]);
    if (seg[1] !== p) current = null;
  }
  return runs;
}

const pathLine = line<Pt | null>()
  .defined((p) => p !== null)
  .x((p) => (p as Pt)[0])
  .y((p) => (p as Pt)[1])
  .digits(2);

/** SVG path data for runs (d3-shape's line with gaps). */
export function runsPath(runs: readonly Pt[][]): string {
  const data: (Pt | null)[] = [];
  for (const run of runs) {
    if (data.length > 0) data.push(null);
    for (const p of run) data.push(p);
  }
  return pathLine(data) ?? '';
}

/**
 * Thins a pixel polyline to what its pixel columns can show: within each run of points that fall
 * in one column (`floor(px)`), only the first, the lowest, the highest and the last are kept, in
 * their order (M4 aggregation: the drawn line covers the same pixels as the full one). NaN
 * points are gaps and are all kept. Returns the input unchanged unless the finite x values never
 * decrease, as in a loss curve.
 */
export function decimate(
  px: Float64Array,
  py: Float64Array,
): { px: Float64Array; py: Float64Array } {
  const n = px.length;
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const x = px[i] as number;
    if (Number.isNaN(x) || Number.isNaN(py[i] as number)) continue;
    if (x < previous) return { px, py };
    previous = x;
  }
  const keep = new Uint8Array(n);
  let start = -1; // first index of the current column's run
  let low = -1;
  let high = -1;
  let column = Number.NaN;
  const flush = (end: number): void => {
    if (start < 0) return;
    keep[start] = 1;
    keep[low] = 1;
    keep[high] = 1;
    keep[end] = 1;
    start = -1;
  };
  for (let i = 0; i < n; i++) {
    const x = px[i] as number;
    const y = py[i] as number;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      flush(i - 1);
      keep[i] = 1;
      column = Number.NaN;
      continue;
    }
    const c = Math.floor(x);
    if (c !== column) {
      flush(i - 1);
      start = i;
      low = i;
      high = i;
      column = c;
      continue;
    }
    if (y < (py[low] as number)) low = i;
    if (y > (py[high] as number)) high = i;
  }
  flush(n - 1);
  let count = 0;
  for (let i = 0; i < n; i++) count += keep[i] as number;
  const outX = new Float64Array(count);
  const outY = new Float64Array(count);
  for (let i = 0, k = 0; i < n; i++) {
    if (keep[i] === 0) continue;
    outX[k] = px[i] as number;
    outY[k] = py[i] as number;
    k++;
  }
  return { px: outX, py: outY };
}
