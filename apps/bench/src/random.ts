/**
 * A small seeded generator (mulberry32 + Box–Muller) so both frameworks start from exactly the
 * same float32 values, independent of either framework's own RNG.
 */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  uniform(size: number, low: number, high: number): Float32Array {
    const out = new Float32Array(size);
    for (let i = 0; i < size; i++) out[i] = low + (high - low) * this.next();
    return out;
  }
  normal(size: number): Float32Array {
    const out = new Float32Array(size);
    for (let i = 0; i < size; i++) {
      const u = 1 - this.next();
      out[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
    }
    return out;
  }
  ints(size: number, high: number): Int32Array {
    const out = new Int32Array(size);
    for (let i = 0; i < size; i++) out[i] = Math.floor(this.next() * high);
    return out;
  }
}

/** PyTorch's default Linear init: weight and bias ~ U(−1/√in, 1/√in); weight is [out, in]. */
export function linearInit(rng: Rng, inFeatures: number, outFeatures: number) {
  const bound = 1 / Math.sqrt(inFeatures);
  return {
    weight: rng.uniform(outFeatures * inFeatures, -bound, bound),
    bias: rng.uniform(outFeatures, -bound, bound),
  };
}
