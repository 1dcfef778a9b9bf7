/**
 * Your own data: upload a CSV of points, download the current points, add a point by its
 * coordinates or by clicking on the picture, remove one by clicking on it. A file that cannot be
 * used is refused whole, with the reason, and nothing is loaded.
 */
import { parseCsv } from '@descent/data';
import type { DataPoint } from '../state/param.js';
import { MAX_POINTS, type State } from '../state/schema.js';
import type { Store } from '../state/store.js';
import { byId, onFileChosen } from './dom.js';
import type { Notices } from './notices.js';
import type { PictureData } from './picture.js';

/** An error's message as a sentence for the page, without the library function's name. */
function reason(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).replace(/^parseCsv: /, '');
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** Bigger uploads are refused before they are read: 2,000 points need far less. */
export const MAX_CSV_BYTES = 1024 * 1024;

/**
 * Reads the text of a CSV of points (columns x₁, x₂, label; a header line is optional) into
 * points for the state, or throws an error that says what is wrong and where. Class labels may
 * be 0–9, or −1 and 1 (TensorFlow Playground's), which become classes 0 and 1.
 *
 * @example
 * ```ts
 * pointsFromCsv('x1,x2,label\n1,2,1\n-1,0,-1\n', 'classification');
 * // [{ x1: 1, x2: 2, label: 1 }, { x1: -1, x2: 0, label: 0 }]
 * ```
 */
export function pointsFromCsv(text: string, task: State['problem']): DataPoint[] {
  const table = parseCsv(text, {
    columns: 3,
    header: 'auto',
    maxBytes: MAX_CSV_BYTES,
    maxRows: MAX_POINTS,
    dtype: 'float64',
  });
  const rows = table.data.toArray() as number[][];
  let labels = rows.map((row) => row[2] as number);
  if (task === 'classification') {
    const signed = labels.every((label) => label === -1 || label === 1);
    if (signed) labels = labels.map((label) => (label === 1 ? 1 : 0));
    const bad = labels.findIndex((label) => !Number.isInteger(label) || label < 0 || label > 9);
    if (bad >= 0) {
      throw new Error(
        `Row ${bad + 1}: the label ${rows[bad]?.[2]} is not a class; classes are whole numbers from 0 to 9, or −1 and 1.`,
      );
    }
    if (new Set(labels).size < 2) {
      throw new Error('Classification needs points of at least two classes.');
    }
  }
  return rows.map((row, i) => ({
    x1: row[0] as number,
    x2: row[1] as number,
    label: labels[i] as number,
  }));
}

/**
 * The points as CSV text with a header, the inverse of {@link pointsFromCsv}.
 *
 * @example
 * ```ts
 * pointsToCsv([{ x1: 1, x2: 2, label: 1 }]); // 'x1,x2,label\n1,2,1\n'
 * ```
 */
export function pointsToCsv(points: readonly DataPoint[]): string {
  return `x1,x2,label\n${points.map((p) => `${p.x1},${p.x2},${p.label}`).join('\n')}\n`;
}

function pointsOf(data: PictureData | null): DataPoint[] {
  if (data === null) return [];
  return Array.from(data.labels, (label, i) => ({
    x1: data.points[2 * i] as number,
    x2: data.points[2 * i + 1] as number,
    label,
  }));
}

/**
 * Saves `content` as a file the browser downloads.
 *
 * @example
 * ```ts
 * download('data.csv', 'text/csv', text);
 * ```
 */
export function download(name: string, type: string, content: BlobPart): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Wires the own-data controls; returns the handler for clicks on the picture.
 *
 * @example
 * ```ts
 * const onPictureClick = mountOwnData(store, notices, () => picture.points);
 * ```
 */
export function mountOwnData(
  store: Store,
  notices: Notices,
  current: () => PictureData | null,
): (x1: number, x2: number, hit: number | null) => void {
  const customKey = () => (store.state.problem === 'classification' ? 'dataset' : 'regDataset');
  const usePoints = (points: DataPoint[]) =>
    store.update({ points, [customKey()]: 'custom' } as Partial<State>);
  const basePoints = (): DataPoint[] =>
    store.state[customKey()] === 'custom' ? [...store.state.points] : pointsOf(current());
  const labelField = byId<HTMLInputElement>('add-label');

  const add = (x1: number, x2: number, label: number) => {
    const points = basePoints();
    if (points.length >= MAX_POINTS) {
      notices.show(`Your data can have at most ${MAX_POINTS} points.`, 'alert');
      return;
    }
    if (
      store.state.problem === 'classification' &&
      !(Number.isInteger(label) && label >= 0 && label <= 9)
    ) {
      notices.show('A class is a whole number from 0 to 9 (set it in “label”).', 'alert');
      return;
    }
    if (![x1, x2, label].every(Number.isFinite)) {
      notices.show('A point needs finite numbers for x₁, x₂ and its label.', 'alert');
      return;
    }
    usePoints([...points, { x1, x2, label }]);
  };

  byId('add-point').addEventListener('click', () => {
    const value = (id: string) => Number(byId<HTMLInputElement>(id).value);
    add(value('add-x1'), value('add-x2'), value('add-label'));
  });

  onFileChosen(byId<HTMLInputElement>('csv-upload'), async (file) => {
    if (file.size > MAX_CSV_BYTES) {
      notices.show(
        `“${file.name}” is ${(file.size / 1024 / 1024).toFixed(1)} MB; a CSV of points may be at most 1 MB (${MAX_POINTS} points). Nothing was loaded.`,
        'alert',
      );
      return;
    }
    try {
      const points = pointsFromCsv(await file.text(), store.state.problem);
      usePoints(points);
      notices.show(`Loaded ${points.length} points from “${file.name}”.`);
    } catch (error) {
      notices.show(`Could not load “${file.name}”: ${reason(error)} Nothing was loaded.`, 'alert');
    }
  });

  byId('csv-download').addEventListener('click', () => {
    download('descent-playground-data.csv', 'text/csv', pointsToCsv(basePoints()));
  });

  return (x1, x2, hit) => {
    if (hit !== null) {
      const points = basePoints();
      points.splice(hit, 1);
      usePoints(points);
      return;
    }
    const round = (v: number) => Math.round(v * 100) / 100;
    add(round(x1), round(x2), Number(labelField.value));
  };
}
