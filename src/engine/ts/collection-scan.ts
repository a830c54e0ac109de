/**
 * The parts of HSCAN and SSCAN that do not depend on the type: reading the
 * MATCH pattern and COUNT from the call (abi.ts Op.HScan), filtering an
 * element, and writing the cursor. How a cursor resumes is the table's
 * business (scan-map.ts, SCAN CURSORS); a compact encoding (listpack,
 * intset) is returned whole with cursor 0, whatever the cursor and COUNT,
 * as Redis does.
 */
import { As, CallFlags, type Bulk, type Bytes } from '../engine.js';
import { toByteString, utf8Encode } from '../bytes.js';
import { globMatch } from '../glob.js';
import { keyToByteString } from './encoding.js';

/**
 * The MATCH pattern as a byte string (the last argument, when flags has
 * HasMatch), or null to match everything. A lone '*' matches everything
 * without being matched, as in Redis's scanGenericCommand, which is why it
 * also takes the empty element that stringmatchlen("*", "") refuses.
 */
export function scanPattern(args: readonly Bytes[], flags: number): string | null {
  if ((flags & CallFlags.HasMatch) === 0) return null;
  const pattern = toByteString(args[args.length - 1]);
  return pattern === '*' ? null : pattern;
}

/** COUNT, from the bits of `flags` above CallFlags.CountShift (read by division: COUNT may pass 2^23). */
export function scanCount(flags: number): number {
  return Math.max(1, Math.floor(flags / (1 << CallFlags.CountShift)));
}

/** Whether an element in key form passes the pattern (null passes everything). */
export function scanMatches(pattern: string | null, element: string): boolean {
  return pattern === null || globMatch(pattern, keyToByteString(element));
}

/** A cursor as the decimal bulk string the reply carries. */
export function cursorReply(cursor: number, as: As): Bulk {
  return as === As.String ? String(cursor) : utf8Encode(String(cursor));
}
