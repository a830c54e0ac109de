// glob: Redis's glob-style pattern matching (KEYS, SCAN MATCH), running next
// to the keys so a scan never copies a key out just to reject it.
//
// SEMANTICS (Redis 7 util.c stringmatchlen, case-sensitive):
//
//   *       any run of bytes, including none
//   ?       any one byte
//   [abc]   one byte from the set; [^abc] one byte not in it
//   [a-z]   a range (ends swapped when reversed); \x inside a set is literal
//   \x      the byte x literally
//
// An unterminated "[" matches as if the set ended with the pattern. Bytes
// compare as C's signed char does on x86, which only matters for ranges
// with bytes >= 0x80. Recursion on "*" is capped at GLOB_MAX_NESTING levels,
// as in Redis, so a hostile pattern fails to match instead of exhausting the
// stack; once the rest of the pattern failed to match anywhere after a "*",
// earlier stars do not retry longer matches (the result is the same, the
// work linear in the number of stars).
//
// globLiteralPrefix gives the bytes every match must start with, so a scan
// can seek to them in the tree instead of visiting every key.

// @ts-ignore: decorator
@inline const GLOB_MAX_NESTING: i32 = 1000;

let globGiveUp: bool = false;

// @ts-ignore: decorator
@inline function sbyte(p: usize): i32 {
  return <i32>load<i8>(p);
}

function globMatchFrom(pat: usize, patLen: i32, str: usize, strLen: i32, nesting: i32): bool {
  if (nesting > GLOB_MAX_NESTING) return false;
  while (patLen > 0 && strLen > 0) {
    const c = sbyte(pat);
    if (c == 0x2a) {
      while (patLen > 1 && sbyte(pat + 1) == 0x2a) { pat++; patLen--; }
      if (patLen == 1) return true;
      while (strLen > 0) {
        if (globMatchFrom(pat + 1, patLen - 1, str, strLen, nesting + 1)) return true;
        if (globGiveUp) return false;
        str++;
        strLen--;
      }
      globGiveUp = true;
      return false;
    } else if (c == 0x3f) {
      str++;
      strLen--;
    } else if (c == 0x5b) {
      pat++;
      patLen--;
      const not = patLen > 0 && sbyte(pat) == 0x5e;
      if (not) { pat++; patLen--; }
      let match = false;
      const s = sbyte(str);
      while (true) {
        if (patLen >= 2 && sbyte(pat) == 0x5c) {
          pat++;
          patLen--;
          if (sbyte(pat) == s) match = true;
        } else if (patLen == 0) {
          pat--;
          patLen++;
          break;
        } else if (sbyte(pat) == 0x5d) {
          break;
        } else if (patLen >= 3 && sbyte(pat + 1) == 0x2d) {
          let lo = sbyte(pat);
          let hi = sbyte(pat + 2);
          if (lo > hi) { const t = lo; lo = hi; hi = t; }
          pat += 2;
          patLen -= 2;
          if (s >= lo && s <= hi) match = true;
        } else if (sbyte(pat) == s) {
          match = true;
        }
        pat++;
        patLen--;
      }
      if (not) match = !match;
      if (!match) return false;
      str++;
      strLen--;
    } else {
      if (c == 0x5c && patLen >= 2) { pat++; patLen--; }
      if (sbyte(pat) != sbyte(str)) return false;
      str++;
      strLen--;
    }
    pat++;
    patLen--;
    if (strLen == 0) {
      while (patLen > 0 && sbyte(pat) == 0x2a) { pat++; patLen--; }
      break;
    }
  }
  return patLen == 0 && strLen == 0;
}

/** globMatch: whether str[0..strLen) matches the pattern pat[0..patLen). */
export function globMatch(pat: usize, patLen: u32, str: usize, strLen: u32): bool {
  globGiveUp = false;
  return globMatchFrom(pat, <i32>patLen, str, <i32>strLen, 0);
}

/**
 * globFiltersNothing: whether a SCAN with this MATCH pattern keeps
 * everything without matching: Redis's scanGenericCommand skips the filter
 * for a lone "*", so it returns even an empty element, which "*" does not
 * match (nor does any pattern but the empty one).
 */
export function globFiltersNothing(pat: usize, patLen: u32): bool {
  return patLen == 1 && load<u8>(pat) == 0x2a;
}

/**
 * globLiteralPrefix: writes to `out` the bytes every match of the pattern
 * starts with (escapes resolved) and returns their count. `out` needs
 * patLen bytes.
 */
export function globLiteralPrefix(pat: usize, patLen: u32, out: usize): u32 {
  let n: u32 = 0;
  let i: u32 = 0;
  while (i < patLen) {
    const c = load<u8>(pat + i);
    if (c == 0x2a || c == 0x3f || c == 0x5b) break;
    if (c == 0x5c && i + 1 < patLen) i++;
    store<u8>(out + n, load<u8>(pat + i));
    n++;
    i++;
  }
  return n;
}
