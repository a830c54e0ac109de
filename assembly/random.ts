// random: the one generator every random choice in the core draws from
// (RANDOMKEY, SPOP, SRANDMEMBER, HRANDFIELD), seedable so a run can be
// repeated (Engine.seed).
//
// xoshiro128**: 128 bits of state, period 2^128 - 1, and it passes the
// statistical batteries that matter for sampling; four u32 words suit a
// wasm32 core. The seed is spread over the state with splitmix32 steps, so
// nearby seeds give unrelated streams.

let s0: u32 = 0;
let s1: u32 = 0;
let s2: u32 = 0;
let s3: u32 = 0;

function splitmix(x: u32): u32 {
  x += 0x9e3779b9;
  x = (x ^ (x >>> 16)) * 0x85ebca6b;
  x = (x ^ (x >>> 13)) * 0xc2b2ae35;
  return x ^ (x >>> 16);
}

/** randomSeed: restarts the stream from `seed`. */
export function randomSeed(seed: u32): void {
  s0 = splitmix(seed);
  s1 = splitmix(s0);
  s2 = splitmix(s1);
  s3 = splitmix(s2);
  if ((s0 | s1 | s2 | s3) == 0) s0 = 1;
}

/** randomNext: 32 random bits. */
export function randomNext(): u32 {
  const result = rotl<u32>(s1 * 5, 7) * 9;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl<u32>(s3, 11);
  return result;
}

/** randomBelow: a uniform draw from [0, n), n >= 1, without modulo bias (rejection). */
export function randomBelow(n: u64): u64 {
  if (n <= 0x100000000) {
    const bound = <u32>(n - 1);
    if (bound == 0) return 0;
    // Reject the top partial range so every residue is equally likely.
    const limit: u64 = 0x100000000 - (0x100000000 % n);
    while (true) {
      const r = <u64>randomNext();
      if (r < limit) return r % n;
    }
  }
  while (true) {
    const r = (<u64>randomNext() << 32) | <u64>randomNext();
    const limit: u64 = 0xffffffffffffffff - (0xffffffffffffffff % n);
    if (r < limit) return r % n;
  }
}

randomSeed(0x5eed);
