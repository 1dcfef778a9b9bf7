import type { TypedArray } from '../../dtype.js';

/** Below this many multiply-adds (about 12³) a direct loop beats packing (the playground's tiny nets). */
const SMALL_WORK = 12 * 12 * 12;
/**
 * Register tile: MR rows of A times NR columns of B. 3×4 keeps its 12 accumulators and the 4
 * values of B in the 16 registers x64 gives a scalar JIT; 4×4 spills and runs ~30% slower.
 */
const MR = 3;
const NR = 4;
/**
 * Cache blocks: a KC×MC block of packed A (float64, 192 KB) stays in L2 while one KC×NR sliver
 * of packed B (8 KB) sits in L1 and sweeps it; a KC×NC panel of B is packed once per (jc, pc).
 */
const KC = 256;
const MC = 96;
const NC = 1024;

/** Packing buffers, kept between calls (allocating a megabyte per product cost more than small products). */
let packedA = new Float64Array(0);
let packedB = new Float64Array(0);
const edge = new Float64Array(MR * NR);

/**
 * Batched matrix product with transposes folded into the reads, never copied. Big products pack
 * panels of A and B into float64 scratch and run a 3×4 register-tiled micro-kernel, the
 * structure of BLAS's GEMM written for a JIT without SIMD.
 */
export function matmul(
  a: TypedArray,
  b: TypedArray,
  out: TypedArray,
  batch: number,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
  aBatchStride: number,
  bBatchStride: number,
): void {
  // Element (i, p) of op(A) sits at i·aRow + p·aCol; (p, j) of op(B) at p·bRow + j·bCol.
  const aRow = transA ? 1 : k;
  const aCol = transA ? m : 1;
  const bRow = transB ? 1 : n;
  const bCol = transB ? k : 1;
  if (k === 0 || m * n * k <= SMALL_WORK) {
    for (let s = 0; s < batch; s++) {
      smallMatmul(
        a,
        s * aBatchStride,
        aRow,
        aCol,
        b,
        s * bBatchStride,
        bRow,
        bCol,
        out,
        s * m * n,
        m,
        k,
        n,
      );
    }
    return;
  }
  const kc = Math.min(KC, k);
  const needA = roundUp(Math.min(MC, m), MR) * kc;
  const needB = roundUp(Math.min(NC, n), NR) * kc;
  if (packedA.length < needA) packedA = new Float64Array(needA);
  if (packedB.length < needB) packedB = new Float64Array(needB);
  for (let s = 0; s < batch; s++) {
    blockedMatmul(
      a,
      s * aBatchStride,
      aRow,
      aCol,
      b,
      s * bBatchStride,
      bRow,
      bCol,
      out,
      s * m * n,
      m,
      k,
      n,
      packedA,
      packedB,
    );
  }
}

function roundUp(x: number, step: number): number {
  return Math.ceil(x / step) * step;
}

function smallMatmul(
  a: TypedArray,
  aOff: number,
  aRow: number,
  aCol: number,
  b: TypedArray,
  bOff: number,
  bRow: number,
  bCol: number,
  out: TypedArray,
  cOff: number,
  m: number,
  k: number,
  n: number,
): void {
  // Four columns at a time share each load of A; the loops stay short for tiny shapes.
  const n4 = n - (n % 4);
  for (let i = 0; i < m; i++) {
    const aBase = aOff + i * aRow;
    const c = cOff + i * n;
    for (let j = 0; j < n4; j += 4) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let ai = aBase;
      let bi = bOff + j * bCol;
      for (let p = 0; p < k; p++, ai += aCol, bi += bRow) {
        const x = a[ai] as number;
        s0 += x * (b[bi] as number);
        s1 += x * (b[bi + bCol] as number);
        s2 += x * (b[bi + 2 * bCol] as number);
        s3 += x * (b[bi + 3 * bCol] as number);
      }
      out[c + j] = s0;
      out[c + j + 1] = s1;
      out[c + j + 2] = s2;
      out[c + j + 3] = s3;
    }
    for (let j = n4; j < n; j++) {
      let sum = 0;
      let ai = aBase;
      let bi = bOff + j * bCol;
      for (let p = 0; p < k; p++, ai += aCol, bi += bRow)
        sum += (a[ai] as number) * (b[bi] as number);
      out[c + j] = sum;
    }
  }
}

function blockedMatmul(
  a: TypedArray,
  aOff: number,
  aRow: number,
  aCol: number,
  b: TypedArray,
  bOff: number,
  bRow: number,
  bCol: number,
  out: TypedArray,
  cOff: number,
  m: number,
  k: number,
  n: number,
  pa: Float64Array,
  pb: Float64Array,
): void {
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      // The first depth block stores, later ones accumulate: no separate zeroing pass.
      const accumulate = pc > 0;
      packPanels(b, bOff + pc * bRow + jc * bCol, bCol, bRow, nc, kc, pb, NR);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packPanels(a, aOff + ic * aRow + pc * aCol, aRow, aCol, mc, kc, pa, MR);
        // jr outside ir: one sliver of B stays in L1 while the packed block of A streams by.
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = Math.min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            microKernel(
              pa,
              ir * kc,
              pb,
              jr * kc,
              kc,
              out,
              cOff + (ic + ir) * n + jc + jr,
              n,
              Math.min(MR, mc - ir),
              cols,
              accumulate,
            );
          }
        }
      }
    }
  }
}

/**
 * Packs `rows` lines (each `depth` long) into panels of `width` lines, interleaved along the
 * depth: panel[p·width + r]. Missing lines of the last panel are zero so the micro-kernel needs
 * no edge case in its loop.
 */
function packPanels(
  src: TypedArray,
  offset: number,
  lineStride: number,
  depthStride: number,
  rows: number,
  depth: number,
  packed: Float64Array,
  width: number,
): void {
  for (let r0 = 0; r0 < rows; r0 += width) {
    const base = r0 * depth;
    for (let r = 0; r < width; r++) {
      if (r0 + r < rows) {
        let s = offset + (r0 + r) * lineStride;
        for (let p = 0, t = base + r; p < depth; p++, t += width, s += depthStride)
          packed[t] = src[s] as number;
      } else {
        for (let p = 0, t = base + r; p < depth; p++, t += width) packed[t] = 0;
      }
    }
  }
}

/** One MR×NR (3×4) tile of C from a packed sliver of A and one of B; `rows`/`cols` clip edges. */
function microKernel(
  pa: Float64Array,
  aBase: number,
  pb: Float64Array,
  bBase: number,
  depth: number,
  out: TypedArray,
  c: number,
  ldc: number,
  rows: number,
  cols: number,
  accumulate: boolean,
): void {
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c03 = 0,
    c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0,
    c20 = 0,
    c21 = 0,
    c22 = 0,
    c23 = 0;
  // Literal steps (3 and 4, not MR and NR): module constants are not folded into the loop.
  const end = bBase + depth * 4;
  for (let ai = aBase, bi = bBase; bi < end; ai += 3, bi += 4) {
    const b0 = pb[bi] as number,
      b1 = pb[bi + 1] as number,
      b2 = pb[bi + 2] as number,
      b3 = pb[bi + 3] as number;
    let x = pa[ai] as number;
    c00 += x * b0;
    c01 += x * b1;
    c02 += x * b2;
    c03 += x * b3;
    x = pa[ai + 1] as number;
    c10 += x * b0;
    c11 += x * b1;
    c12 += x * b2;
    c13 += x * b3;
    x = pa[ai + 2] as number;
    c20 += x * b0;
    c21 += x * b1;
    c22 += x * b2;
    c23 += x * b3;
  }
  if (rows === MR && cols === NR) {
    if (accumulate) {
      out[c] = (out[c] as number) + c00;
      out[c + 1] = (out[c + 1] as number) + c01;
      out[c + 2] = (out[c + 2] as number) + c02;
      out[c + 3] = (out[c + 3] as number) + c03;
      c += ldc;
      out[c] = (out[c] as number) + c10;
      out[c + 1] = (out[c + 1] as number) + c11;
      out[c + 2] = (out[c + 2] as number) + c12;
      out[c + 3] = (out[c + 3] as number) + c13;
      c += ldc;
      out[c] = (out[c] as number) + c20;
      out[c + 1] = (out[c + 1] as number) + c21;
      out[c + 2] = (out[c + 2] as number) + c22;
      out[c + 3] = (out[c + 3] as number) + c23;
    } else {
      out[c] = c00;
      out[c + 1] = c01;
      out[c + 2] = c02;
      out[c + 3] = c03;
      c += ldc;
      out[c] = c10;
      out[c + 1] = c11;
      out[c + 2] = c12;
      out[c + 3] = c13;
      c += ldc;
      out[c] = c20;
      out[c + 1] = c21;
      out[c + 2] = c22;
      out[c + 3] = c23;
    }
    return;
  }
  edge[0] = c00;
  edge[1] = c01;
  edge[2] = c02;
  edge[3] = c03;
  edge[4] = c10;
  edge[5] = c11;
  edge[6] = c12;
  edge[7] = c13;
  edge[8] = c20;
  edge[9] = c21;
  edge[10] = c22;
  edge[11] = c23;
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) {
      const at = c + r * ldc + q;
      const v = edge[r * NR + q] as number;
      out[at] = accumulate ? (out[at] as number) + v : v;
    }
  }
}
