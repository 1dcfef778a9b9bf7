import { scaleLinear, scaleLog } from 'd3-scale';
import { clampFinite } from './numeric.js';
import { el, group, text } from './svg/element.js';
import { num, sig } from './svg/format.js';
import { textWidth } from './svg/measure.js';

/** A rectangle in SVG pixels. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Tick {
  readonly value: number;
  readonly label: string;
}

/** A data → pixel mapping with its ticks. */
export interface AxisScale {
  readonly kind: 'linear' | 'log';
  readonly domain: readonly [number, number];
  readonly map: (v: number) => number;
  readonly ticks: readonly Tick[];
}

/** Widens a degenerate domain so a scale can be built from it. */
export function padDomain(
  d: readonly [number, number] | undefined,
  log: boolean,
): [number, number] {
  if (!d) return log ? [1, 10] : [0, 1];
  const [a, b] = d;
  if (a < b) return [a, b];
  if (log) return [a / 10, clampFinite(a * 10)];
  const pad = a === 0 ? 1 : Math.abs(a) * 0.1;
  return [clampFinite(a - pad), clampFinite(a + pad)];
}

export function linearScale(
  domain: readonly [number, number],
  rng: readonly [number, number],
  tickCount: number,
  nice: boolean,
): AxisScale {
  if (!Number.isFinite(domain[1] - domain[0])) return wideLinearScale(domain, rng, tickCount);
  const s = scaleLinear().domain([domain[0], domain[1]]).range([rng[0], rng[1]]);
  if (nice) s.nice(tickCount);
  const fmt = s.tickFormat(tickCount);
  const [d0, d1] = s.domain() as [number, number];
  return {
    kind: 'linear',
    domain: [d0, d1],
    map: (v) => s(v),
    ticks: s.ticks(tickCount).map((value) => ({ value, label: fmt(value) })),
  };
}

/**
 * A linear scale over a domain wider than the largest double ([−1e308, 1e308]): d3 computes
 * `max − min`, which overflows, so the scale and its ticks are built on the domain divided by
 * 10, and the domain is not extended to nice values (that could pass the largest double).
 */
function wideLinearScale(
  domain: readonly [number, number],
  rng: readonly [number, number],
  tickCount: number,
): AxisScale {
  const s = scaleLinear()
    .domain([domain[0] / 10, domain[1] / 10])
    .range([rng[0], rng[1]]);
  const values = s.ticks(tickCount).map((t) => t * 10);
  return {
    kind: 'linear',
    domain: [domain[0], domain[1]],
    map: (v) => s(v / 10),
    ticks: values.map((value) => ({ value, label: sig(value, 3) })),
  };
}

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** `10^k` as plain digits, or as 10 with a superscript exponent. */
export function powerOfTen(k: number, superscript: boolean): string {
  if (!superscript) return k >= 0 ? String(10 ** k) : (10 ** k).toFixed(-k);
  return `10${[...String(k)].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
}

export function logScale(
  domain: readonly [number, number],
  rng: readonly [number, number],
  tickCount: number,
  nice: boolean,
): AxisScale {
  let [d0, d1] = domain;
  const k0 = Math.floor(Math.log10(d0) + 1e-9);
  const k1 = Math.ceil(Math.log10(d1) - 1e-9);
  if (nice) {
    d0 = 10 ** k0;
    d1 = 10 ** Math.max(k1, k0 + 1);
  }
  const s = scaleLog().domain([d0, d1]).range([rng[0], rng[1]]);
  const decades = Math.log10(d1) - Math.log10(d0);
  const ticks: Tick[] = [];
  if (decades >= 1.5) {
    const step = Math.max(1, Math.ceil((k1 - k0 + 1) / Math.max(2, tickCount)));
    const ks: number[] = [];
    for (let k = Math.ceil(Math.log10(d0) - 1e-9); 10 ** k <= d1 * (1 + 1e-9); k++) {
      if ((k - k0) % step === 0) ks.push(k);
    }
    // One notation per axis: plain numbers while they stay short, powers of ten otherwise.
    const sup = ks.some((k) => k > 4 || k < -3);
    for (const k of ks) ticks.push({ value: 10 ** k, label: powerOfTen(k, sup) });
  } else {
    const fmt = s.tickFormat(tickCount, '~g');
    for (const value of s.ticks(tickCount)) {
      const label = fmt(value);
      if (label !== '') ticks.push({ value, label });
    }
    if (ticks.length > tickCount + 2) {
      // d3 returns every integer multiple inside a decade; keep the 1-2-5 ones.
      const keep = ticks.filter((t) =>
        [1, 2, 5].includes(Number(sig(t.value / 10 ** Math.floor(Math.log10(t.value) + 1e-9), 3))),
      );
      ticks.splice(0, ticks.length, ...keep);
    }
  }
  return { kind: 'log', domain: [d0, d1], map: (v) => s(v), ticks };
}

export interface AxesSpec {
  readonly plot: Rect;
  readonly x: AxisScale;
  readonly y: AxisScale;
  readonly xLabel?: string | undefined;
  readonly yLabel?: string | undefined;
  readonly fontSize: number;
  readonly grid: boolean;
  /** Total chart height, to place the x label at the bottom. */
  readonly height: number;
}

const AXIS = '#444';
const GRID = '#e6e6e6';
/** Gap between the y axis line and the right end of its tick labels. */
const Y_TICK_GAP = 7;

/** Grid lines, which go under the data. */
export function renderGrid(a: AxesSpec): string {
  if (!a.grid) return '';
  const { plot } = a;
  const lines: string[] = [];
  for (const t of a.x.ticks) {
    const px = a.x.map(t.value);
    lines.push(el('line', { x1: px, y1: plot.y, x2: px, y2: plot.y + plot.height }));
  }
  for (const t of a.y.ticks) {
    const py = a.y.map(t.value);
    lines.push(el('line', { x1: plot.x, y1: py, x2: plot.x + plot.width, y2: py }));
  }
  return group({ class: 'viz-grid', stroke: GRID, 'stroke-width': 1 }, lines);
}

/** Axis lines, ticks, tick labels and axis labels, which go over the data. */
export function renderAxes(a: AxesSpec): string {
  const { plot, fontSize: fs } = a;
  const bottom = plot.y + plot.height;
  const xTicks = a.x.ticks.map((t) => {
    const px = a.x.map(t.value);
    return el(
      'g',
      { class: 'viz-tick' },
      el('line', { x1: px, y1: bottom, x2: px, y2: bottom + 5, stroke: AXIS }),
      el('text', { x: px, y: bottom + 7 + fs * 0.8, 'text-anchor': 'middle' }, text(t.label)),
    );
  });
  const yTicks = a.y.ticks.map((t) => {
    const py = a.y.map(t.value);
    return el(
      'g',
      { class: 'viz-tick' },
      el('line', { x1: plot.x - 5, y1: py, x2: plot.x, y2: py, stroke: AXIS }),
      el(
        'text',
        { x: plot.x - Y_TICK_GAP, y: py + fs * 0.35, 'text-anchor': 'end' },
        text(t.label),
      ),
    );
  });
  const parts = [
    el('path', {
      class: 'viz-axis-line',
      d: `M${plot.x},${plot.y}V${bottom}H${plot.x + plot.width}`,
      fill: 'none',
      stroke: AXIS,
    }),
    group({ class: 'viz-x-axis', fill: '#333' }, xTicks),
    group({ class: 'viz-y-axis', fill: '#333' }, yTicks),
  ];
  if (a.xLabel) {
    parts.push(
      el(
        'text',
        {
          class: 'viz-x-label',
          x: plot.x + plot.width / 2,
          y: bottom + 7 + fs * 0.8 + fs * 1.6,
          'text-anchor': 'middle',
          fill: '#222',
        },
        text(a.xLabel),
      ),
    );
  }
  if (a.yLabel) {
    // The rotated label's baseline sits fs·1.1 from the left edge, or further left when the widest
    // tick label reaches that far, so that its descenders (about 0.25 em) stay 4px clear of it.
    const ticksLeft = plot.x - Y_TICK_GAP - tickLabelWidth(a.y.ticks, fs);
    const lx = Math.min(fs * 1.1, ticksLeft - fs * 0.25 - 4);
    const ly = plot.y + plot.height / 2;
    parts.push(
      el(
        'text',
        {
          class: 'viz-y-label',
          x: lx,
          y: ly,
          transform: `rotate(-90 ${num(lx)} ${num(ly)})`,
          'text-anchor': 'middle',
          fill: '#222',
        },
        text(a.yLabel),
      ),
    );
  }
  return group({ class: 'viz-axes' }, parts);
}

/** Width needed by the widest y tick label. */
export function tickLabelWidth(ticks: readonly Tick[], fontSize: number): number {
  return ticks.reduce((w, t) => Math.max(w, textWidth(t.label, fontSize)), 0);
}
