import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import { type Tensor, tensor } from '@descent/core';
import { makeSgd } from './framework.js';
import { collectGarbage } from './harness.js';
import { Rng } from './random.js';

export interface AllocResult {
  optimizer: string;
  steps: number;
  /**
   * Young-generation bytes allocated per step (new-space growth over the loop, which no GC
   * interrupted), minus the same loop calling an empty function. Objects are at least 12 bytes:
   * below that, nothing was allocated.
   */
  youngBytesPerStep: number;
  /** Growth of memory held by ArrayBuffers (typed-array storage lives there, off the JS heap). */
  arrayBufferBytes: number;
  /** JS-heap growth that survives a full GC after the loop. */
  retainedHeapBytes: number;
  /** Garbage collections that ran during the loop (0 when nothing is allocated). */
  gcDuringLoop: number;
  /** The parameter, its gradient and the momentum buffer kept their storage and handles. */
  sameStorage: boolean;
  pass: boolean;
}

/**
 * Steps SGD with momentum 1,000 times on a 256×256 parameter whose gradient stays fixed and
 * checks that a step after the first allocates nothing: no growth of the heap or of ArrayBuffer
 * memory, no GC during the loop, and the same storage before and after.
 */
export async function optimizerAlloc(steps = 1000): Promise<AllocResult> {
  const rng = new Rng(99);
  const p = tensor(rng.uniform(256 * 256, -1, 1), { shape: [256, 256], requiresGrad: true });
  const g = tensor(rng.uniform(256 * 256, -1e-3, 1e-3), { shape: [256, 256] });
  p.grad = g;
  const opt = makeSgd([p], 0.01, 0.9);
  opt.step(); // the first step may allocate the momentum buffer
  opt.step();
  const data = p.storage.handle;
  const grad = p.grad as Tensor;
  const gradData = grad.storage.handle;
  const stateData = opt.buffers().map((b) => b?.storage.handle);
  let gcs = 0;
  const observer = new PerformanceObserver((list) => {
    gcs += list.getEntries().length;
  });
  const loop = (fn: () => void): number => {
    collectGarbage();
    const before = youngBytes();
    for (let i = 0; i < steps; i++) fn();
    return (youngBytes() - before) / steps;
  };
  const empty = (): void => {};
  loop(empty);
  const baseline = loop(empty);
  collectGarbage();
  await new Promise((r) => setTimeout(r, 20));
  observer.observe({ entryTypes: ['gc'] });
  const buffersBefore = process.memoryUsage().arrayBuffers;
  const heapBefore = process.memoryUsage().heapUsed;
  const young = youngBytes();
  for (let i = 0; i < steps; i++) opt.step();
  const perStep = (youngBytes() - young) / steps;
  const arrayBufferBytes = process.memoryUsage().arrayBuffers - buffersBefore;
  await new Promise((r) => setTimeout(r, 20));
  observer.disconnect();
  collectGarbage();
  const retained = process.memoryUsage().heapUsed - heapBefore;
  const sameStorage =
    p.storage.handle === data &&
    p.grad === grad &&
    grad.storage.handle === gradData &&
    opt.buffers().every((b, i) => b?.storage.handle === stateData[i]);
  const youngBytesPerStep = Math.max(0, perStep - baseline);
  return {
    optimizer: `${opt.kind}, momentum 0.9`,
    steps,
    youngBytesPerStep,
    arrayBufferBytes,
    retainedHeapBytes: retained,
    gcDuringLoop: gcs,
    sameStorage,
    pass: sameStorage && arrayBufferBytes <= 0 && gcs === 0 && youngBytesPerStep < 12,
  };
}

/** Bytes in use in the young generation (where short-lived allocations land first). */
function youngBytes(): number {
  let used = 0;
  for (const space of v8.getHeapSpaceStatistics()) {
    if (space.space_name === 'new_space' || space.space_name === 'new_large_object_space') {
      used += space.space_used_size;
    }
  }
  return used;
}
