import type { TypedArray } from '../../dtype.js';

/** Below this many multiply-adds a plain triple loop beats packing (the playground's tiny nets). */
const SMALL_WORK = 48 * 48 * 48;
/** Panel sizes: a KC×NC block of B (packed, float64) stays in L2; 4×4 tiles stay in registers. */
const KC = 256;
const NC = 512;
const MC = 64;

/**
 * Batched matrix product with transposes folded into the reads, never copied. Big products pack
 * panels of A and B into float64 scratch and run a 4×4 register-tiled micro-kernel, the
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
  const small = m * n * k <= SMALL_WORK;
  const scratch = small
    ? null
    : { a: new Float64Array(MC * KC), b: new Float64Array(KC * (NC + 3)) };
  for (let s = 0; s < batch; s++) {
    const aOff = s * aBatchStride;
    const bOff = s * bBatchStride;
    const cOff = s * m * n;
    if (scratch === null) smallMatmul(a, aOff, aRow, aCol, b, bOff, bRow, bCol, out, cOff, m, k, n);
    else
      blockedMatmul(
        a,
        aOff,
        aRow,
        aCol,
        b,
        bOff,
        bRow,
        bCol,
        out,
        cOff,
        m,
        k,
        n,
        scratch.a,
        scratch.b,
      );
  }
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
  for (let i = 0; i < m; i++) {
    const aBase = aOff + i * aRow;
    for (let j = 0; j < n; j++) {
      let sum = 0;
      let ai = aBase;
      let bi = bOff + j * bCol;
      for (let p = 0; p < k; p++, ai += aCol, bi += bRow)
        sum += (a[ai] as number) * (b[bi] as number);
      out[cOff + i * n + j] = sum;
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
  packedA: Float64Array,
  packedB: Float64Array,
): void {
  out.fill(0, cOff, cOff + m * n);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packPanels(b, bOff + pc * bRow + jc * bCol, bCol, bRow, nc, kc, packedB);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packPanels(a, aOff + ic * aRow + pc * aCol, aRow, aCol, mc, kc, packedA);
        for (let ir = 0; ir < mc; ir += 4) {
          for (let jr = 0; jr < nc; jr += 4) {
            microKernel(
              packedA,
              ir * kc,
              packedB,
              jr * kc,
              kc,
              out,
              cOff + (ic + ir) * n + jc + jr,
              n,
              Math.min(4, mc - ir),
              Math.min(4, nc - jr),
            );
          }
        }
      }
    }
  }
}

/**
 * Packs `rows` lines (each `depth` long) into panels of 4 lines, interleaved along the depth:
 * panel[p·4 + r]. Missing lines of the last panel are zero so the micro-kernel needs no edge case.
 */
function packPanels(
  src: TypedArray,
  offset: number,
  lineStride: number,
  depthStride: number,
  rows: number,
  depth: number,
  packed: Float64Array,
): void {
  for (let r0 = 0; r0 < rows; r0 += 4) {
    const base = r0 * depth;
    for (let r = 0; r < 4; r++) {
      if (r0 + r < rows) {
        let s = offset + (r0 + r) * lineStride;
        for (let p = 0, t = base + r; p < depth; p++, t += 4, s += depthStride)
          packed[t] = src[s] as number;
      } else {
        for (let p = 0, t = base + r; p < depth; p++, t += 4) packed[t] = 0;
      }
    }
  }
}

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
): void {
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c03 = 0,
    c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0;
  let c20 = 0,
    c21 = 0,
    c22 = 0,
    c23 = 0,
    c30 = 0,
    c31 = 0,
    c32 = 0,
    c33 = 0;
  for (let p = 0, ai = aBase, bi = bBase; p < depth; p++, ai += 4, bi += 4) {
    const a0 = pa[ai] as number,
      a1 = pa[ai + 1] as number,
      a2 = pa[ai + 2] as number,
      a3 = pa[ai + 3] as number;
    const b0 = pb[bi] as number,
      b1 = pb[bi + 1] as number,
      b2 = pb[bi + 2] as number,
      b3 = pb[bi + 3] as number;
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c22 += a2 * b2;
    c23 += a2 * b3;
    c30 += a3 * b0;
    c31 += a3 * b1;
    c32 += a3 * b2;
    c33 += a3 * b3;
  }
  if (rows === 4 && cols === 4) {
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
    c += ldc;
    out[c] = (out[c] as number) + c30;
    out[c + 1] = (out[c + 1] as number) + c31;
    out[c + 2] = (out[c + 2] as number) + c32;
    out[c + 3] = (out[c + 3] as number) + c33;
    return;
  }
  const tile = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++)
      out[c + r * ldc + q] = (out[c + r * ldc + q] as number) + (tile[r * 4 + q] as number);
  }
}
