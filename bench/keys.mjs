// Which keys a benchmark touches, and in what order: sequential, uniform
// random or zipfian. Every stream is a precomputed Int32Array of key indices
// from a fixed seed, so each subject of a scenario sees exactly the same
// sequence and the measured loop only reads an array.

/**
 * A seeded generator of doubles in [0, 1): Marsaglia's xorshift32. Weak for
 * statistics, plenty for picking keys, and the same sequence on every run.
 */
export function seededRandom(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** 0 .. n-1 in a random order (Fisher-Yates). */
export function shuffledIndices(n, random) {
  const indices = new Int32Array(n);
  for (let i = 0; i < n; i++) indices[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = indices[i];
    indices[i] = indices[j];
    indices[j] = swap;
  }
  return indices;
}

/**
 * Ranks 1..n drawn with P(k) proportional to k^-s, by rejection-inversion
 * (Hörmann and Derflinger, "Rejection-inversion to generate variates from
 * monotone discrete distributions", 1996): exact, O(1) per draw and no table,
 * which matters at 10M keys. Draws x from the continuous density x^-s over
 * [0.5, n + 0.5] by inverting its integral H, rounds it to k, and accepts
 * unless x fell in the part of k's cell that lies above the step k^-s. Needs
 * s != 1 (H has a different form at 1); the benchmarks use 0.99.
 */
export function zipfSampler(n, s, random) {
  if (!(s > 0) || s === 1) throw new RangeError(`zipfSampler: s must be > 0 and != 1, got ${s}`);
  const oneMinusS = 1 - s;
  const h = (x) => Math.pow(x, -s);
  const integral = (x) => (Math.pow(x, oneMinusS) - 1) / oneMinusS;
  const inverseIntegral = (y) => Math.pow(1 + oneMinusS * y, 1 / oneMinusS);
  const low = integral(1.5) - 1;
  const high = integral(n + 0.5);
  // Below this distance from the rounded rank, x is accepted without evaluating H.
  const squeeze = 2 - inverseIntegral(integral(2.5) - h(2));
  return () => {
    for (;;) {
      const u = high + random() * (low - high);
      const x = inverseIntegral(u);
      const k = Math.min(n, Math.max(1, Math.floor(x + 0.5)));
      if (k - x <= squeeze || u >= integral(k + 0.5) - h(k)) return k;
    }
  };
}

/**
 * `length` key indices in [0, n) in the given order:
 * - 'sequential': 0, 1, 2, ... wrapping at n (insertion order, the radix
 *   tree's and the caches' best case);
 * - 'uniform': each index equally likely;
 * - 'zipf': zipfian with s = 0.99 over ranks, the ranks mapped to indices
 *   through a shuffle so the hot keys are not neighbours in insertion order
 *   (and so not neighbours in the radix tree or in memory).
 */
export function keyStream(order, n, length, seed) {
  const random = seededRandom(seed);
  const stream = new Int32Array(length);
  if (order === 'sequential') {
    for (let p = 0; p < length; p++) stream[p] = p % n;
  } else if (order === 'uniform') {
    for (let p = 0; p < length; p++) stream[p] = Math.floor(random() * n);
  } else if (order === 'zipf') {
    const indexOfRank = shuffledIndices(n, random);
    const rank = zipfSampler(n, 0.99, random);
    for (let p = 0; p < length; p++) stream[p] = indexOfRank[rank() - 1];
  } else {
    throw new RangeError(`keyStream: unknown order ${order}`);
  }
  return stream;
}

/** The order keys are first inserted in: ascending for 'sequential', shuffled otherwise. */
export function loadOrder(order, n, seed) {
  return order === 'sequential' ? keyStream('sequential', n, n, seed) : shuffledIndices(n, seededRandom(seed));
}

/** One flag per stream position, 1 with probability `writeShare`: which ops of a mix are writes. */
export function writeFlags(length, writeShare, seed) {
  const random = seededRandom(seed);
  const flags = new Uint8Array(length);
  for (let p = 0; p < length; p++) flags[p] = random() < writeShare ? 1 : 0;
  return flags;
}
