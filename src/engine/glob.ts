/**
 * Glob matching with Redis's `stringmatchlen` semantics (util.c), for KEYS
 * and SCAN MATCH.
 *
 * The pattern must match the whole subject, byte by byte (case-sensitive):
 *
 *   *        any run of bytes, including none
 *   ?        exactly one byte
 *   [abc]    one byte of the set; [^abc] one byte not in it
 *   [a-z]    a range; a reversed range [z-a] is the same range
 *   \x       the byte x itself, outside or inside a set
 *
 * Redis's quirks are kept, because a pattern must select the same keys here
 * as in redis-server (checked against KEYS on 7.0.15, see the unit test):
 *
 * - Range ends compare as C `char`, which is signed on x86-64: a byte >= 0x80
 *   is negative, so [a-\xff] means [\xff-a], i.e. 0x00..0x61 and 0xff.
 * - An unterminated set ("[abc") takes the rest of the pattern as its members;
 *   "[a-]" is the range a..']' and leaves the set open.
 * - A trailing lone backslash matches a backslash.
 * - Recursion (one level per '*' group) stops at depth 1000, where the
 *   pattern no longer matches anything.
 * - Once the rest of a pattern after a '*' failed at every position, no
 *   earlier '*' can help, so the search stops (Redis's `skipLongerMatches`,
 *   which bounds the work at O(pattern * subject)).
 *
 * Patterns and subjects are byte strings (see bytes.ts): one char per byte.
 */
import { bytesToByteString } from './bytes.js';

const STAR = 0x2a;
const QUESTION = 0x3f;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const CARET = 0x5e;
const DASH = 0x2d;
const BACKSLASH = 0x5c;

/** Recursion depth at which Redis gives up on a pattern (no match). */
const MAX_NESTING = 1000;

/** A byte as the signed C `char` Redis compares range ends with. */
function signedChar(byte: number): number {
  return (byte << 24) >> 24;
}

/** Shared state of one match: Redis's `skipLongerMatches` flag. */
interface MatchState {
  skipLongerMatches: boolean;
}

/**
 * One call of `stringmatchlen_impl`: does pattern[p..] match subject[s..]?
 * Reading pattern[p] past its end yields NaN, which, like C's terminating NUL,
 * equals no byte we look for.
 */
function matchFrom(pattern: string, p: number, subject: string, s: number, state: MatchState, nesting: number): boolean {
  if (nesting > MAX_NESTING) return false;
  const patternEnd = pattern.length;
  const subjectEnd = subject.length;

  while (p < patternEnd && s < subjectEnd) {
    const code = pattern.charCodeAt(p);
    if (code === STAR) {
      while (p + 1 < patternEnd && pattern.charCodeAt(p + 1) === STAR) p++;
      if (p + 1 === patternEnd) return true;
      for (; s < subjectEnd; s++) {
        if (matchFrom(pattern, p + 1, subject, s, state, nesting + 1)) return true;
        if (state.skipLongerMatches) return false;
      }
      state.skipLongerMatches = true;
      return false;
    } else if (code === QUESTION) {
      s++;
    } else if (code === OPEN) {
      p++;
      const negate = pattern.charCodeAt(p) === CARET;
      if (negate) p++;
      const byte = subject.charCodeAt(s);
      let match = false;
      for (;;) {
        const member = pattern.charCodeAt(p);
        if (member === BACKSLASH && patternEnd - p >= 2) {
          p++;
          if (pattern.charCodeAt(p) === byte) match = true;
        } else if (member === CLOSE) {
          break;
        } else if (p === patternEnd) {
          // Unterminated set: step back so the advance below ends the pattern.
          p--;
          break;
        } else if (patternEnd - p >= 3 && pattern.charCodeAt(p + 1) === DASH) {
          let low = signedChar(member);
          let high = signedChar(pattern.charCodeAt(p + 2));
          if (low > high) [low, high] = [high, low];
          const c = signedChar(byte);
          if (c >= low && c <= high) match = true;
          p += 2;
        } else if (member === byte) {
          match = true;
        }
        p++;
      }
      if (negate) match = !match;
      if (!match) return false;
      s++;
    } else {
      // A backslash escapes the next byte; a trailing one is itself.
      if (code === BACKSLASH && patternEnd - p >= 2) p++;
      if (pattern.charCodeAt(p) !== subject.charCodeAt(s)) return false;
      s++;
    }
    p++;
    if (s === subjectEnd) {
      while (p < patternEnd && pattern.charCodeAt(p) === STAR) p++;
      break;
    }
  }
  return p === patternEnd && s === subjectEnd;
}

/**
 * globMatch: whether byte string `subject` matches byte string `pattern` the
 * way Redis's KEYS and SCAN MATCH decide it.
 */
export function globMatch(pattern: string, subject: string): boolean {
  return matchFrom(pattern, 0, subject, 0, { skipLongerMatches: false }, 0);
}

/** globMatchBytes: {@link globMatch} on raw bytes. */
export function globMatchBytes(pattern: Uint8Array, subject: Uint8Array): boolean {
  return globMatch(bytesToByteString(pattern), bytesToByteString(subject));
}

/**
 * literalPrefix: the bytes every match of `pattern` starts with: the pattern
 * up to its first '*', '?' or '[', with backslash escapes resolved. An
 * ordered scan can seek to this prefix and stop once keys no longer start
 * with it. `exact` is true when the whole pattern is literal, so the only
 * match is the prefix itself.
 */
export function literalPrefix(pattern: string): { prefix: string; exact: boolean } {
  let prefix = '';
  for (let p = 0; p < pattern.length; p++) {
    const code = pattern.charCodeAt(p);
    if (code === STAR || code === QUESTION || code === OPEN) return { prefix, exact: false };
    if (code === BACKSLASH && p + 1 < pattern.length) p++;
    prefix += pattern[p];
  }
  return { prefix, exact: true };
}
