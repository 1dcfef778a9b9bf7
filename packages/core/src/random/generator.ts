import { ValueError } from '../errors.js';

/**
 * A seeded pseudo-random generator (xoshiro128**, seeded through splitmix32). The same seed gives
 * the same numbers on every machine and JavaScript engine, because it uses only 32-bit integer
 * arithmetic. It does not reproduce PyTorch's Mersenne Twister streams.
 *
 * @example
 * ```ts
 * const g = new Generator(42);
 * const a = randn([3], { generator: g });
 * g.manualSeed(42);
 * const b = randn([3], { generator: g }); // equals a
 * ```
 */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | null = null;
  private seedValue = 0;

  constructor(seed = 0) {
    this.manualSeed(seed);
  }

  /**
   * Resets the generator to the stream of `seed` (a whole number; only its low 32 bits count).
   *
   * @example
   * ```ts
   * new Generator().manualSeed(7).random(); // the same number every time
   * ```
   */
  manualSeed(seed: number): this {
    if (!Number.isInteger(seed)) {
      throw new ValueError(`manualSeed: seed must be a whole number, got ${seed}`);
    }
    this.seedValue = seed;
    let state = seed >>> 0;
    const next = (): number => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    this.spareNormal = null;
    return this;
  }

  /**
   * The seed this generator was last seeded with.
   *
   * @example
   * ```ts
   * new Generator(3).initialSeed(); // 3
   * ```
   */
  initialSeed(): number {
    return this.seedValue;
  }

  /**
   * The next 32 random bits as an unsigned integer.
   *
   * @example
   * ```ts
   * new Generator(1).nextUint32(); // an integer in [0, 2**32)
   * ```
   */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /**
   * A uniform double in [0, 1) with 53 random bits.
   *
   * @example
   * ```ts
   * new Generator(1).random(); // 0 <= x < 1
   * ```
   */
  random(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  /**
   * A standard normal sample (Box–Muller; the second value of each pair is kept for the next call).
   *
   * @example
   * ```ts
   * new Generator(1).normal(); // mean 0, standard deviation 1
   * ```
   */
  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }

  /**
   * A uniform whole number in [low, high).
   *
   * @example
   * ```ts
   * new Generator(1).integer(0, 10); // 0..9
   * ```
   */
  integer(low: number, high: number): number {
    return low + Math.floor(this.random() * (high - low));
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The generator used when an op is not given one. */
export const defaultGenerator = new Generator(0);

/**
 * Seeds the default generator, so that every random op after it is reproducible.
 *
 * @example
 * ```ts
 * manualSeed(0);
 * const a = rand([2]);
 * manualSeed(0);
 * rand([2]); // equals a
 * ```
 */
export function manualSeed(seed: number): Generator {
  return defaultGenerator.manualSeed(seed);
}
