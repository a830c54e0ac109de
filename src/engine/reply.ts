/**
 * The reply model: what each command answers, in RESP3's types, and the one
 * writer that renders a reply as RESP2 or RESP3.
 *
 * A command's reply is a plain JS value (see {@link Reply}): cheap to make on
 * the embedded API's hot path, and the shape ioredis users expect from
 * `call()`. In `As.Bytes` mode the value already tells the RESP2 types apart:
 * a string is a status (`+OK`), a Uint8Array a bulk string, a number or
 * bigint an integer, null a nil, an array an array. What a JS value cannot
 * say — that INFO's text is verbatim, that a score is a double, that
 * HGETALL's flat list is a map, that a nil stands for a missing array — the
 * command's row says once, as a {@link ReplyKind}. {@link writeReply} reads
 * both, so RESP2 and RESP3 clients get Redis's bytes from the same reply.
 *
 * RESP3 renders a kind as its own type; RESP2 falls back as Redis does:
 *
 *   kind        RESP3                          RESP2
 *   double      ,1.5                           $3 1.5
 *   bignum      (12345678901234567890          $20 ...
 *   boolean     #t / #f                        :1 / :0
 *   verbatim    =<n+4> txt:<text>              $<n> <text>
 *   map         %<pairs> key value ...         *<2 pairs> key value ...
 *   pairs       *<pairs> of *2 [a, b]          *<2 pairs> a b ... (flat)
 *   set         ~<n>                           *<n>
 *   push        ><n>                           *<n>
 *   nil         _                              $-1, or *-1 where an aggregate belongs
 */
import { isAscii, utf8Encode } from './bytes.js';
import { RespWriter } from './resp.js';

/** A command's reply, in ioredis's shapes: see the module comment of commands.ts. */
export type Reply = null | string | Uint8Array | number | bigint | Reply[];

/**
 * Scalar reply kinds. `status`, `bulk` and `integer` are told apart by the
 * value (so SET's `+OK` and SET GET's old value share one row); the others
 * change how a bulk string, or a number, is framed in RESP3.
 */
export type ScalarKind = 'status' | 'bulk' | 'integer' | 'double' | 'bignum' | 'boolean' | 'verbatim';

/** What a command replies, by RESP3 type; any position may also be nil. */
export type ReplyKind =
  | ScalarKind
  /** One of several scalars: the value picks (bytes take the first of double, bignum, verbatim, bulk listed). */
  | { readonly oneOf: readonly ScalarKind[] }
  | { readonly array: ReplyKind }
  | { readonly set: ReplyKind }
  | { readonly push: ReplyKind }
  /** A flat list of alternating keys and values. */
  | { readonly map: readonly [ReplyKind, ReplyKind] }
  /** A flat list of alternating firsts and seconds, nested in pairs for RESP3 (ZRANGE WITHSCORES). */
  | { readonly pairs: readonly [ReplyKind, ReplyKind] }
  /** A fixed-length array, one kind per position (SCAN's cursor and keys). */
  | { readonly tuple: readonly ReplyKind[] };

/** The RESP versions a client may speak (HELLO 2 or HELLO 3). */
export type Protocol = 2 | 3;

const CHAR = {
  status: 0x2b, // +
  error: 0x2d, // -
  integer: 0x3a, // :
  bulk: 0x24, // $
  array: 0x2a, // *
  null: 0x5f, // _
  double: 0x2c, // ,
  bignum: 0x28, // (
  boolean: 0x23, // #
  verbatim: 0x3d, // =
  map: 0x25, // %
  set: 0x7e, // ~
  push: 0x3e, // >
} as const;

const VERBATIM_TEXT = utf8Encode('txt:');

/**
 * writeReply: appends `reply` (a reply made in `As.Bytes` mode) to `out` as
 * `protocol` frames it, reading RESP3 types from `kind`.
 *
 * @throws TypeError when the value does not fit the kind (a bug in a row).
 */
export function writeReply(out: RespWriter, reply: Reply, kind: ReplyKind, protocol: Protocol): void {
  if (reply === null) return writeNil(out, kind, protocol);
  if (Array.isArray(reply)) return writeAggregate(out, reply, kind, protocol);
  if (typeof kind !== 'string') {
    if (!('oneOf' in kind)) throw misfit(reply, kind);
    return writeScalar(out, reply, pickScalar(reply, kind.oneOf), protocol);
  }
  writeScalar(out, reply, kind, protocol);
}

/** writeError: appends an error reply (`-ERR ...`); the same in RESP2 and RESP3. */
export function writeError(out: RespWriter, message: string): void {
  out.line(CHAR.error, lineText(message));
}

function writeNil(out: RespWriter, kind: ReplyKind, protocol: Protocol): void {
  if (protocol === 3) return out.line(CHAR.null, '');
  out.header(typeof kind === 'object' && !('oneOf' in kind) ? CHAR.array : CHAR.bulk, -1);
}

function writeScalar(out: RespWriter, reply: string | Uint8Array | number | bigint, kind: ScalarKind, protocol: Protocol): void {
  if (typeof reply === 'string') return out.line(CHAR.status, lineText(reply));
  if (typeof reply === 'number' || typeof reply === 'bigint') {
    if (kind === 'boolean') return protocol === 3 ? out.line(CHAR.boolean, reply ? 't' : 'f') : out.header(CHAR.integer, reply ? 1 : 0);
    return out.header(CHAR.integer, reply);
  }
  if (protocol === 3) {
    if (kind === 'double') return out.line(CHAR.double, reply);
    if (kind === 'bignum') return out.line(CHAR.bignum, reply);
    if (kind === 'verbatim') {
      out.header(CHAR.verbatim, reply.length + VERBATIM_TEXT.length);
      out.body(verbatimBody(reply));
      return;
    }
  }
  out.bulk(reply);
}

function writeAggregate(out: RespWriter, items: Reply[], kind: ReplyKind, protocol: Protocol): void {
  if (typeof kind === 'string' || 'oneOf' in kind) throw misfit(items, kind);
  if ('array' in kind) return writeItems(out, CHAR.array, items, kind.array, protocol);
  if ('set' in kind) return writeItems(out, protocol === 3 ? CHAR.set : CHAR.array, items, kind.set, protocol);
  if ('push' in kind) return writeItems(out, protocol === 3 ? CHAR.push : CHAR.array, items, kind.push, protocol);
  if ('tuple' in kind) {
    if (items.length !== kind.tuple.length) throw misfit(items, kind);
    out.header(CHAR.array, items.length);
    for (let i = 0; i < items.length; i++) writeReply(out, items[i], kind.tuple[i], protocol);
    return;
  }
  const [first, second] = 'map' in kind ? kind.map : kind.pairs;
  if (items.length % 2 !== 0) throw misfit(items, kind);
  if (protocol === 2) out.header(CHAR.array, items.length);
  else out.header('map' in kind ? CHAR.map : CHAR.array, items.length / 2);
  const nested = protocol === 3 && 'pairs' in kind;
  for (let i = 0; i < items.length; i += 2) {
    if (nested) out.header(CHAR.array, 2);
    writeReply(out, items[i], first, protocol);
    writeReply(out, items[i + 1], second, protocol);
  }
}

function writeItems(out: RespWriter, type: number, items: Reply[], kind: ReplyKind, protocol: Protocol): void {
  out.header(type, items.length);
  for (const item of items) writeReply(out, item, kind, protocol);
}

/** The scalar kind a value takes among `kinds`: bytes prefer a RESP3 type of their own, numbers boolean or integer. */
function pickScalar(reply: string | Uint8Array | number | bigint, kinds: readonly ScalarKind[]): ScalarKind {
  if (reply instanceof Uint8Array) return kinds.find((kind) => kind === 'double' || kind === 'bignum' || kind === 'verbatim') ?? 'bulk';
  if (typeof reply === 'string') return 'status';
  return kinds.includes('boolean') && !kinds.includes('integer') ? 'boolean' : 'integer';
}

/** A verbatim string's payload: its format, `txt:`, then the text. */
function verbatimBody(text: Uint8Array): Uint8Array {
  const body = new Uint8Array(VERBATIM_TEXT.length + text.length);
  body.set(VERBATIM_TEXT);
  body.set(text, VERBATIM_TEXT.length);
  return body;
}

/** A status or error line's bytes: ASCII as it is, anything else as UTF-8 (the line() contract takes a byte string or bytes). */
function lineText(text: string): string | Uint8Array {
  return isAscii(text) ? text : utf8Encode(text);
}

function misfit(reply: Reply, kind: ReplyKind): TypeError {
  return new TypeError(`flashkv: a reply of ${Array.isArray(reply) ? 'an array' : typeof reply} does not fit the reply kind ${JSON.stringify(kind)}`);
}
