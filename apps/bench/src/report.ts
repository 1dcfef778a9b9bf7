import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Framework } from './framework.js';
import type { Stats } from './harness.js';
import type { MemoryResult } from './memory.js';
import type { AllocResult } from './optimizer-alloc.js';

export interface FrameworkResult extends Stats {
  /** The loss returned by the first step (identical init on every side: these should agree). */
  firstLoss?: number;
}

export interface CaseResult {
  id: string;
  label: string;
  /** Floating-point operations per iteration, when meaningful (matmul). */
  flops?: number;
  results: Partial<Record<Framework, FrameworkResult>>;
  /** tfjs median ÷ descent median: how many times faster descent is. */
  speedup: Partial<Record<'tfjs-cpu' | 'tfjs-wasm', number>>;
  /** descent median ÷ hand-written median (paired): how many times slower than no framework. */
  overHand?: number;
  /** Required speedup over tfjs-cpu, if this case has a target. */
  target?: number;
  /** Largest allowed descent ÷ hand-written ratio, if this case has one. */
  handTarget?: number;
  pass?: boolean;
  notes: string[];
}

export interface Report {
  date: string;
  node: string;
  platform: string;
  cpus: string;
  loadAverage: { start: number[]; end: number[] };
  versions: Record<string, string>;
  options: Record<string, unknown>;
  cases: CaseResult[];
  optimizerAlloc?: AllocResult;
  memory?: MemoryResult[];
}

function fmtMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  if (ms >= 0.1) return `${ms.toFixed(3)} ms`;
  return `${(ms * 1000).toFixed(1)} µs`;
}

function fmtCell(r: FrameworkResult | undefined, flops: number | undefined): string {
  if (!r) return '—';
  const time = fmtMs(r.median);
  if (!flops) return time;
  return `${time} ${(flops / (r.median * 1e6)).toFixed(2)}GF/s`;
}

const fmtRatio = (x: number | undefined): string =>
  x === undefined || !Number.isFinite(x) ? '—' : `${x.toFixed(2)}×`;

/**
 * The fixed-width table of medians, speedups (tfjs ÷ descent), the ratio to the hand-written
 * step (descent ÷ hand, lower is better), targets and PASS/MISS.
 */
export function formatTable(report: Report): string {
  const head = [
    'case',
    'descent',
    'tfjs-cpu',
    'tfjs-wasm',
    'hand-written',
    'vs cpu',
    'vs wasm',
    'vs hand',
    'target',
    '',
  ];
  const rows = report.cases.map((c) => [
    c.label,
    fmtCell(c.results.descent, c.flops),
    fmtCell(c.results['tfjs-cpu'], c.flops),
    fmtCell(c.results['tfjs-wasm'], c.flops),
    fmtCell(c.results['hand-written'], c.flops),
    fmtRatio(c.speedup['tfjs-cpu']),
    fmtRatio(c.speedup['tfjs-wasm']),
    fmtRatio(c.overHand),
    [c.target ? `≥${c.target}× cpu` : '', c.handTarget ? `≤${c.handTarget}× hand` : '']
      .filter(Boolean)
      .join(', '),
    c.pass === undefined ? '' : c.pass ? 'PASS' : 'MISS',
  ]);
  const widths = head.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => (r[i] as string).length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) =>
        i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number),
      )
      .join('  ')
      .trimEnd();
  const out = [line(head), line(widths.map((w) => '-'.repeat(w)))];
  for (const r of rows) out.push(line(r));
  return out.join('\n');
}

export function formatAlloc(a: AllocResult): string {
  return (
    `optimizer allocation (${a.optimizer}, ${a.steps} steps on 256×256): ` +
    `young heap ${a.youngBytesPerStep.toFixed(1)} B/step, ArrayBuffers +${a.arrayBufferBytes} B, ` +
    `retained after GC ${a.retainedHeapBytes} B, GCs during loop ${a.gcDuringLoop}, ` +
    `same storage ${a.sameStorage ? 'yes' : 'NO'} → ${a.pass ? 'PASS' : 'MISS'}`
  );
}

/** Writes the report to `<repo>/bench-results/bench-<date>.json` (a git-ignored folder). */
export function writeReport(report: Report, root: string): string {
  const dir = join(root, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const stamp = report.date.replace(/[:.]/g, '-');
  const file = join(dir, `bench-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
