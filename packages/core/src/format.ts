import type { Tensor } from './tensor.js';

/** Above this many elements only the first and last `EDGE` entries of each dim are printed. */
const SUMMARY_THRESHOLD = 1000;
const EDGE = 3;
/** PyTorch's default line width: longer rows wrap. */
const LINE_WIDTH = 80;

/**
 * Prints a tensor as PyTorch does: `tensor([[1.0000, 2.5000], …], requiresGrad=true)`. Floats
 * use 4 decimals, whole-valued floats print as `1.`, and values spanning many magnitudes switch
 * to scientific notation, so columns line up.
 */
export function formatTensor(t: Tensor): string {
  const summarize = t.size > SUMMARY_THRESHOLD;
  const data = t.dataSync();
  const values = collectShown(t, data, summarize);
  const formatNumber = chooseFormat(t, values);
  // As PyTorch, only finite values set the column width: `tensor([1., 2., -inf])`.
  const width = values.reduce(
    (w, v) => (Number.isFinite(v) ? Math.max(w, formatNumber(v).length) : w),
    1,
  );
  const cell = (v: number): string => formatNumber(v).padStart(width);
  const indent = 'tensor('.length;
  // An empty tensor of several dims prints its shape, as PyTorch: `tensor([], size=(2, 0))`.
  const empty = t.size === 0 && t.ndim > 1;
  const body = empty ? '[]' : formatDim(t, data, 0, 0, cell, width, indent + 1, summarize);
  const extras: string[] = empty ? [`size=(${t.shape.join(', ')})`] : [];
  if (t.dtype === 'float64' || t.dtype === 'int32') extras.push(`dtype=${t.dtype}`);
  if (t.gradFn) extras.push(`gradFn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) extras.push('requiresGrad=true');
  return `tensor(${body}${extras.map((e) => `, ${e}`).join('')})`;
}

function collectShown(t: Tensor, data: ArrayLike<number>, summarize: boolean): number[] {
  if (!summarize) return Array.from(data);
  const shown: number[] = [];
  const walk = (dim: number, offset: number): void => {
    if (dim === t.ndim) {
      shown.push(data[offset] as number);
      return;
    }
    const extent = t.shape[dim] as number;
    const stride = t.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    for (const i of shownIndices(extent, true)) walk(dim + 1, offset + i * stride);
  };
  walk(0, 0);
  return shown;
}

function shownIndices(extent: number, summarize: boolean): number[] {
  if (!summarize || extent <= 2 * EDGE) return Array.from({ length: extent }, (_, i) => i);
  return [0, 1, 2, extent - 3, extent - 2, extent - 1];
}

function chooseFormat(t: Tensor, values: readonly number[]): (v: number) => string {
  if (t.dtype === 'bool') return (v) => (v ? 'true' : 'false');
  if (t.dtype === 'int32') return (v) => String(v);
  const finite = values.filter((v) => Number.isFinite(v));
  const special = (v: number): string | null =>
    Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : null;
  const magnitudes = finite.map(Math.abs).filter((v) => v > 0);
  const maxAbs = magnitudes.length ? Math.max(...magnitudes) : 0;
  const minAbs = magnitudes.length ? Math.min(...magnitudes) : 0;
  if (finite.every((v) => Number.isInteger(v))) {
    // PyTorch's int mode: whole-valued floats print as `1.` unless they span > 1000× or exceed 1e8.
    const large = maxAbs / Math.max(minAbs, Number.MIN_VALUE) > 1000 || maxAbs > 1e8;
    return (v) =>
      special(v) ??
      (large ? v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2') : `${v.toFixed(0)}.`);
  }
  const scientific =
    maxAbs / Math.max(minAbs, Number.MIN_VALUE) > 1000 ||
    maxAbs > 1e8 ||
    (minAbs > 0 && minAbs < 1e-4);
  if (scientific) return (v) => special(v) ?? v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
  return (v) => special(v) ?? v.toFixed(4);
}

function formatDim(
  t: Tensor,
  data: ArrayLike<number>,
  dim: number,
  offset: number,
  cell: (v: number) => string,
  width: number,
  indent: number,
  summarize: boolean,
): string {
  if (dim === t.ndim) return cell(data[offset] as number);
  const extent = t.shape[dim] as number;
  const stride = t.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
  const indices = shownIndices(extent, summarize);
  const parts: string[] = [];
  const last = dim === t.ndim - 1;
  indices.forEach((i, k) => {
    // PyTorch marks the gap as ' ...' inside a row (so `2.,  ..., 998.`) and '...' between rows.
    if (k > 0 && i !== (indices[k - 1] as number) + 1) parts.push(last ? ' ...' : '...');
    parts.push(
      formatDim(t, data, dim + 1, offset + i * stride, cell, width, indent + 1, summarize),
    );
  });
  if (last) {
    // Wrap rows at PyTorch's line width of 80 characters.
    const perLine = Math.max(1, Math.floor((LINE_WIDTH - (indent - 1)) / (width + 2)));
    const lines: string[] = [];
    for (let i = 0; i < parts.length; i += perLine)
      lines.push(parts.slice(i, i + perLine).join(', '));
    return `[${lines.join(`,\n${' '.repeat(indent)}`)}]`;
  }
  const newlines = '\n'.repeat(t.ndim - dim - 1);
  return `[${parts.join(`,${newlines}${' '.repeat(indent)}`)}]`;
}
