/** Test helpers: run an exported model in ONNX Runtime and compare with descent. */
import { Generator, noGrad, randn, type Tensor } from '@descent/core';
import type { Module } from '@descent/nn';
import * as ort from 'onnxruntime-node';

/** |onnx − descent| ≤ ATOL + RTOL·|descent|, float32. */
export const ATOL = 1e-5;
export const RTOL = 1e-5;

/** A session that runs exactly the written graph (no graph optimizations). */
export function session(bytes: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'disabled' });
}

export function flat(t: Tensor): number[] {
  if (t.ndim === 0) return [t.item()];
  return (t.toArray() as unknown[]).flat(Number.POSITIVE_INFINITY) as number[];
}

/** Runs one float32 input through the session's first input/output. */
export async function runOrt(
  s: ort.InferenceSession,
  x: Tensor,
): Promise<{ dims: number[]; data: number[] }> {
  const feed = {
    [s.inputNames[0] as string]: new ort.Tensor('float32', Float32Array.from(flat(x)), x.shape),
  };
  const result = await s.run(feed);
  const out = result[s.outputNames[0] as string] as ort.Tensor;
  return { dims: [...out.dims], data: Array.from(out.data as Float32Array) };
}

/** Random float32 input of `batch` rows. */
export function sample(
  batch: number,
  shape: readonly number[],
  scale: number,
  seed: number,
): Tensor {
  return randn([batch, ...shape], { generator: new Generator(seed) }).mul(scale);
}

/** The model's evaluation-mode output, with the model's modes restored afterwards. */
export function evalOutput(model: Module, x: Tensor): Tensor {
  const modes = model.modules().map((m) => [m, m.training] as const);
  try {
    return noGrad(() => (model.eval().forward as (input: Tensor) => Tensor)(x));
  } finally {
    for (const [m, training] of modes) m.train(training);
  }
}

/** The largest |got − want| / (ATOL + RTOL·|want|): at most 1 means within tolerance. */
export function worstRatio(got: readonly number[], want: readonly number[]): number {
  let worst = 0;
  want.forEach((w, i) => {
    const g = got[i] as number;
    const ratio =
      Number.isNaN(w) && Number.isNaN(g) ? 0 : Math.abs(g - w) / (ATOL + RTOL * Math.abs(w));
    worst = Math.max(worst, Number.isNaN(ratio) ? Number.POSITIVE_INFINITY : ratio);
  });
  return worst;
}
