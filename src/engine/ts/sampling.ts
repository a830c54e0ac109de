/**
 * How HRANDFIELD, SRANDMEMBER and SPOP choose distinct elements: the cases of
 * Redis's hrandfieldWithCountCommand and srandmemberWithCountCommand (t_hash.c,
 * t_set.c), over the positions of a {@link Population}, drawing from the
 * engine's seeded generator.
 *
 * The callers handle the cases that need no sampling (a count of 0; a
 * negative count, which draws with repeats; a count of at least the size,
 * which returns everything). What is left is a uniformly random subset of
 * `count` elements, 0 < count < size, which Redis builds in one of two ways,
 * kept here because each is the cheap one for its range:
 *
 * - CASE 3, count * 3 > size: copy every element, then remove random ones
 *   until `count` are left (drawing `count` distinct elements at random
 *   would mostly draw elements already drawn);
 * - CASE 4, otherwise: draw random elements until `count` distinct ones
 *   came up (at most a third of the population is ever taken, so each draw
 *   is new with probability > 2/3).
 *
 * Both give every subset of `count` elements the same probability. A small
 * hash (listpack) takes {@link orderedSample} in CASE 4 instead, as Redis's
 * lpRandomPairsUnique does, so its picks come in the hash's order.
 */
import { OutOfMemoryError } from '../../errors/oom-error.js';
import type { Random } from './random.js';

/**
 * The most items a draw with repeats may reply: V8 stops the whole process,
 * uncatchably, when an array grows past about 2^27 elements, so a larger
 * reply (SRANDMEMBER s -9223372036854775807) is refused up front as out of
 * memory, as the wasm engine refuses a reply it cannot hold.
 */
const MAX_REPLY_ITEMS = 2 ** 26;

/** Refuses a reply of `items` items before it is built, when it is more than an array can hold. */
export function checkReplyItems(items: number): void {
  if (items > MAX_REPLY_ITEMS) throw new OutOfMemoryError(`a reply of ${items} items is more than the TS engine can build`);
}

/** Elements that can be drawn by position: a collection's slots or indexes. */
export interface Population {
  /** How many elements. */
  readonly size: number;
  /** A uniformly chosen element's position; the population is not empty. */
  randomPosition(random: Random): number;
  /** Every element's position, in the collection's order (a fresh array). */
  positions(): number[];
}

/** The factor between Redis's CASE 3 and CASE 4 (SRANDMEMBER_SUB_STRATEGY_MUL, and HRANDFIELD's). */
const SUB_STRATEGY_MUL = 3;

/** `count` distinct positions (0 < count < size), uniformly, by CASE 3 or CASE 4 (module comment). */
export function sample(population: Population, random: Random, count: number): number[] {
  if (count * SUB_STRATEGY_MUL > population.size) {
    const positions = population.positions();
    let left = positions.length;
    while (left > count) {
      const i = random.below(left);
      positions[i] = positions[--left];
    }
    positions.length = count;
    return positions;
  }
  const picked = new Set<number>();
  while (picked.size < count) picked.add(population.randomPosition(random));
  return [...picked];
}

/**
 * `count` distinct positions (0 < count < size), uniformly, in the
 * population's order: selection sampling (Knuth's Algorithm S), which takes
 * each element with probability (still needed) / (still left).
 */
export function orderedSample(population: Population, random: Random, count: number): number[] {
  const positions = population.positions();
  const out: number[] = [];
  let needed = count;
  for (let i = 0; i < positions.length && needed > 0; i++) {
    if (random.below(positions.length - i) < needed) {
      out.push(positions[i]);
      needed--;
    }
  }
  return out;
}
