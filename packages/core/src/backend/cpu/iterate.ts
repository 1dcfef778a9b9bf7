import type { Shape } from '../../shape.js';

/**
 * Merges adjacent axes that every operand walks contiguously, so that loops run over as few,
 * as long rows as possible: [N,C] + [N,C] becomes one row of N·C.
 */
export function coalesce(
  shape: Shape,
  stridesList: readonly (readonly number[])[],
): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = stridesList.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const extent = shape[d] as number;
    if (extent === 1) continue;
    const last = outShape.length - 1;
    const mergeable =
      last >= 0 &&
      stridesList.every(
        (strides, s) => (outStrides[s] as number[])[last] === (strides[d] as number) * extent,
      );
    if (mergeable) {
      outShape[last] = (outShape[last] as number) * extent;
      stridesList.forEach((strides, s) => {
        (outStrides[s] as number[])[last] = strides[d] as number;
      });
    } else {
      outShape.push(extent);
      stridesList.forEach((strides, s) => {
        (outStrides[s] as number[]).push(strides[d] as number);
      });
    }
  }
  if (outShape.length === 0) {
    outShape.push(1);
    for (const strides of outStrides) strides.push(0);
  }
  return { shape: outShape, strides: outStrides };
}

/**
 * Walks the rows (all axes but the last) of a coalesced iteration space, calling `row` with the
 * row number and each operand's starting offset. Offsets advance incrementally: no division.
 */
export function forEachRow(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  row: (rowIndex: number, offsets: readonly number[]) => void,
): void {
  const nd = shape.length;
  const rows = shape.slice(0, nd - 1).reduce((a, b) => a * b, 1);
  const offsets = strides.map(() => 0);
  const counter = new Array<number>(Math.max(nd - 1, 0)).fill(0);
  for (let r = 0; r < rows; r++) {
    row(r, offsets);
    for (let d = nd - 2; d >= 0; d--) {
      const extent = shape[d] as number;
      counter[d] = (counter[d] as number) + 1;
      for (let s = 0; s < strides.length; s++) {
        offsets[s] = (offsets[s] as number) + ((strides[s] as number[])[d] as number);
      }
      if ((counter[d] as number) < extent) break;
      counter[d] = 0;
      for (let s = 0; s < strides.length; s++) {
        offsets[s] = (offsets[s] as number) - ((strides[s] as number[])[d] as number) * extent;
      }
    }
  }
}
