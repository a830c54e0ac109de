/**
 * A canonical dump of an engine's live dataset, for comparing two engines:
 * every live key in byte order with its type, value bytes and absolute expiry,
 * all as plain data so `toEqual` shows a readable diff.
 *
 * Built only from the Engine contract (scanKeys, type, get, call,
 * expireTime), so it reads both engines the same way. A hash's value is its
 * field=value pairs sorted, a set's its members sorted, as their orders are
 * each engine's own. The engine's `now` decides what is live; set it before
 * dumping.
 */
import { As, Op, type Engine, type Int, type KeyType } from '../../src/engine/engine.js';

/** One key of a dump. Bytes are shown as text when they are printable ASCII, else as hex. */
export interface DumpEntry {
  key: string;
  type: KeyType;
  value: string;
  /** Absolute expiry in ms (exact: a bigint beyond 2^53 - 1), or -1 for none. */
  expireAt: Int;
}

/** Bytes as readable text: printable ASCII as is, anything else as `hex:...`. */
export function showBytes(bytes: Uint8Array): string {
  const printable = bytes.every((byte) => byte >= 0x20 && byte < 0x7f) && !(bytes.length >= 4 && bytes[0] === 0x68 && bytes[1] === 0x65 && bytes[2] === 0x78 && bytes[3] === 0x3a);
  return printable ? Buffer.from(bytes).toString('latin1') : `hex:${Buffer.from(bytes).toString('hex')}`;
}

/** Every live key of `engine` with its type, value and expiry, in byte order of keys. */
export function dump(engine: Engine): DumpEntry[] {
  const entries: DumpEntry[] = [];
  let from: Uint8Array | null = null;
  let inclusive = true;
  for (;;) {
    const batch = engine.scanKeys({ from, inclusive, limit: 256, end: null, prefix: null, match: null, type: null });
    for (const key of batch.keys) entries.push(entry(engine, key));
    if (batch.last === null) return entries;
    from = batch.last;
    inclusive = false;
  }
}

function entry(engine: Engine, key: Uint8Array): DumpEntry {
  const type = engine.type(key);
  if (type === 'none') throw new Error(`scanKeys returned ${showBytes(key)}, which TYPE says does not exist`);
  if (type === 'hash' || type === 'set') return { key: showBytes(key), type, value: collectionText(engine, type, key), expireAt: engine.expireTime(key) };
  if (type !== 'string') throw new Error(`dump: no canonical form for type ${type} yet`);
  const value = engine.get(key, As.Bytes);
  if (!(value instanceof Uint8Array)) throw new Error(`GET ${showBytes(key)} returned ${String(value)} for a live string key`);
  return { key: showBytes(key), type, value: showBytes(value), expireAt: engine.expireTime(key) };
}

/** A hash's sorted field=value pairs or a set's sorted members, as one line. */
function collectionText(engine: Engine, type: 'hash' | 'set', key: Uint8Array): string {
  const items = engine.call(type === 'hash' ? Op.HGetAll : Op.SMembers, [key], As.Bytes) as Uint8Array[];
  const entries: string[] = [];
  if (type === 'set') for (const member of items) entries.push(showBytes(member));
  else for (let i = 0; i < items.length; i += 2) entries.push(`${showBytes(items[i])}=${showBytes(items[i + 1])}`);
  return entries.sort().join(' ');
}
