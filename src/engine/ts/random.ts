/**
 * The pure-TS engine's generator for random choices (RANDOMKEY, SPOP,
 * SRANDMEMBER, HRANDFIELD): xoshiro128**, seeded through splitmix32, the
 * same algorithm and seeding as the wasm core's (assembly/random.ts), so a
 * seed means the same stream in both.
 */
export class Random {
  #s0 = 0;
  #s1 = 0;
  #s2 = 0;
  #s3 = 0;

  constructor(seed = 0x5eed) {
    this.seed(seed);
  }

  /** Restarts the stream from `seed` (taken as a u32). */
  seed(seed: number): void {
    this.#s0 = splitmix(seed >>> 0);
    this.#s1 = splitmix(this.#s0);
    this.#s2 = splitmix(this.#s1);
    this.#s3 = splitmix(this.#s2);
    if ((this.#s0 | this.#s1 | this.#s2 | this.#s3) === 0) this.#s0 = 1;
  }

  /** 32 random bits, as an unsigned number. */
  next(): number {
    const s1 = this.#s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.#s2 ^= this.#s0;
    this.#s3 ^= this.#s1;
    this.#s1 ^= this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = rotl(this.#s3, 11);
    return result;
  }

  /** A uniform draw from [0, n) for 1 <= n <= 2^32, without modulo bias. */
  below(n: number): number {
    if (n <= 1) return 0;
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const r = this.next();
      if (r < limit) return r % n;
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function splitmix(x: number): number {
  x = (x + 0x9e3779b9) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}
