/**
 * What SCAN and the collection scans (HSCAN, SSCAN, ZSCAN) share: reading
 * `cursor [MATCH pattern] [COUNT count]` (and SCAN's TYPE) with Redis's
 * errors, and the `[next cursor, items]` reply.
 *
 * SCAN's walk is ordered (the keyspace is a radix tree), so its position is
 * "resume after this key": bytes the engine can start from again, kept in
 * {@link ScanCursors}. The table hands out numbers for them; a number it no
 * longer knows restarts the walk, which keeps SCAN's guarantee (everything
 * present throughout is returned) at the cost of repeats, which SCAN allows.
 *
 * A collection's cursor is its engine's own (Op.HScan, Op.SScan): the row
 * passes the number the client sent, and the engine replies the next one,
 * as Redis's dictScan does with its table positions.
 */
import { CommandError } from '../../errors/command-error.js';
import { INVALID_CURSOR, SYNTAX } from '../../errors/messages.js';
import { argText, argToken, asciiLower, FractionArg, fractionRefused, readInt64 } from '../args.js';
import { toBytes, utf8Decode } from '../bytes.js';
import { toInt } from '../integer.js';
import { WrongTypeError } from '../../errors/wrongtype-error.js';
import { As, CallFlags, Op, type Bytes, type Int, type KeyType } from '../engine.js';
import type { Reply } from '../reply.js';
import { bulkOf, type CommandContext } from './row.js';

/** A scan step's arguments. */
export interface ScanArgs {
  /** The cursor the client sent (0 to start). */
  cursor: Int;
  /** How many entries to visit (COUNT, default 10, capped at a million). */
  count: number;
  /** MATCH's glob pattern, or null. */
  match: Uint8Array | null;
  /** TYPE's type name in lower case (SCAN only), or null. */
  type: string | null;
}

/**
 * readScanArgs: `args` are `cursor [MATCH pattern] [COUNT count]`, and
 * `[TYPE type]` when `withType`; options in any order, the last of a kind
 * winning, as in Redis.
 */
export function readScanArgs(args: readonly Bytes[], withType: boolean): ScanArgs {
  const cursor = readCursor(args[0]);
  return { cursor, ...readScanOptions(args, 1, withType) };
}

/**
 * readScanOptions: the options of a scan from `args[start]` on. HSCAN and
 * SSCAN read them apart from the cursor, because Redis reads them only after
 * it looked the key up: a missing key replies an empty scan whatever follows
 * the cursor, and a key of another type is WRONGTYPE before any syntax error.
 */
export function readScanOptions(args: readonly Bytes[], start: number, withType: boolean): Omit<ScanArgs, 'cursor'> {
  const scan: Omit<ScanArgs, 'cursor'> = { count: 10, match: null, type: null };
  for (let i = start; i < args.length; i++) {
    const token = argToken(args[i]);
    const hasNext = i + 1 < args.length;
    if (token === 'COUNT' && hasNext) {
      const value = readInt64(args[++i]);
      if (value < 1) throw new CommandError(SYNTAX);
      scan.count = value > 1000000 ? 1000000 : Number(value);
    } else if (token === 'MATCH' && hasNext) {
      scan.match = toBytes(args[++i]);
    } else if (withType && token === 'TYPE' && hasNext) {
      scan.type = asciiLower(argText(args[++i]));
    } else {
      throw new CommandError(SYNTAX);
    }
  }
  return scan;
}

/**
 * scanReply: `[next cursor, items]`, the cursor 0 when the walk is done
 * (`last` null), else a fresh number that resumes after `last`.
 */
export function scanReply(ctx: CommandContext, last: Uint8Array | null, items: Reply[], as: As): Reply {
  const next = last === null ? 0 : ctx.cursors.save(last);
  return [bulkOf(String(next), as), items];
}

/**
 * scanCollection: HSCAN and SSCAN (`key cursor [MATCH pattern] [COUNT
 * count]`) in Redis's order: the cursor is read first, then the key looked
 * up (counted as a read; a missing key is an empty scan, a key of another
 * type WRONGTYPE), and only then the options. The engine walks from the
 * cursor and replies the next one.
 */
export function scanCollection(ctx: CommandContext, op: Op.HScan | Op.SScan, type: KeyType, args: readonly Bytes[], as: As): Reply {
  const cursor = readCursor(args[1]);
  const found = ctx.engine.type(args[0]);
  ctx.stats.lookup(found !== 'none');
  if (found === 'none') return [bulkOf('0', as), []];
  if (found !== type) throw new WrongTypeError();
  const { count, match } = readScanOptions(args, 2, false);
  const flags = (count << CallFlags.CountShift) | (match === null ? CallFlags.None : CallFlags.HasMatch);
  return ctx.engine.call(op, match === null ? [args[0]] : [args[0], match], as, cursor, flags);
}

/** A scan reply with the cursor as a string in the Buffer variants too: a cursor is a number, not data. */
export function cursorAsString(reply: Reply, as: As): unknown {
  if (as !== As.Bytes || !Array.isArray(reply) || !(reply[0] instanceof Uint8Array)) return reply;
  return [utf8Decode(reply[0]), reply[1]];
}

/**
 * A cursor read as Redis reads it, with C's strtoul: an optional sign and
 * decimal digits, all of it, no leading space, at most 2^64 - 1 in
 * magnitude; a minus sign wraps modulo 2^64 and an empty string is 0. Exact:
 * a number while it is at most 2^53 - 1 (every cursor handed out), a bigint
 * beyond.
 */
export function readCursor(arg: Bytes): Int {
  const text = argText(arg);
  if (text === '') return 0;
  if (!/^[+-]?[0-9]+$/.test(text)) {
    if (arg instanceof FractionArg) throw fractionRefused(arg);
    throw new CommandError(INVALID_CURSOR);
  }
  const negative = text.charCodeAt(0) === 0x2d;
  const digits = negative || text.charCodeAt(0) === 0x2b ? text.slice(1) : text;
  // Number() of a digit string is exact while the value is a safe integer,
  // and no safe integer when it is not.
  const small = Number(digits);
  if (Number.isSafeInteger(small) && (small === 0 || !negative)) return small;
  const magnitude = BigInt(digits);
  if (magnitude > UINT64_MAX) throw new CommandError(INVALID_CURSOR);
  return toInt(negative ? (UINT64_MAX + 1n - magnitude) & UINT64_MAX : magnitude);
}

const UINT64_MAX = 0xffffffffffffffffn;
