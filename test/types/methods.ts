/**
 * Compile-time checks of the method types derived from the command rows:
 * each line must type-check (or, under @ts-expect-error, must not). Checked
 * by test/types.test.ts with tsc; never run.
 */
import { open, type Cursor } from '../../src/index.js';

const db = open();

const got: string | null = db.get('k');
const gotBytes: Uint8Array | null = db.getBuffer('k');
const set: 'OK' | string | null = db.set('k', 'v', 'EX', 10);
const counted: number | bigint = db.incr('n');
const many: (string | null)[] = db.mget(['a', 'b'], 'c');
const manyBytes: (Uint8Array | null)[] = db.mgetBuffer('a');
const flagged: 0 | 1 = db.msetnx({ a: '1' });
const written: 'OK' = db.mset(new Map([['a', 1]]));
const [cursor, keys]: [Cursor, string[]] = db.scan(0, 'MATCH', 'a*');
const [bufferCursor, bufferKeys]: [Cursor, Uint8Array[]] = db.scanBuffer(cursor);
const usage: number | null = db.memory('USAGE', 'k');
const help: string[] = db.memory('HELP');
const pong: string = db.ping();
const flushed: 'OK' = db.flushdb();
const info: string = db.info('memory', 'keyspace');

const added: number = db.hset('h', { f: 'v', n: 1 });
const addedFromMap: number = db.hset('h', new Map([['f', 'v']]));
const addedPairs: number = db.hset('h', 'f', 'v', 'g', 2);
const field: string | null = db.hget('h', 'f');
const fieldBytes: Uint8Array | null = db.hgetBuffer('h', 'f');
const hash: Record<string, string> = db.hgetall('h');
const hashBytes: Record<string, Uint8Array> = db.hgetallBuffer('h');
const fields: (string | null)[] = db.hmget('h', 'f', ['g']);
const hmsetOk: 'OK' = db.hmset('h', { f: 'v' });
const oneField: string | null = db.hrandfield('h');
const someFields: string[] = db.hrandfield('h', -5, 'WITHVALUES');
const someFieldBytes: Uint8Array[] = db.hrandfieldBuffer('h', 2);
const oneFieldBytes: Uint8Array | null = db.hrandfieldBuffer('h');
const [hashCursor, hashItems]: [Cursor, string[]] = db.hscan('h', 0, 'MATCH', 'f*', 'COUNT', 10);
const floated: string = db.hincrbyfloat('h', 'n', 1.5);
const hashed: number | bigint = db.hincrby('h', 'n', 2);
const members: string[] = db.smembers('s');
const memberBytes: Uint8Array[] = db.smembersBuffer('s');
const popped: string | null = db.spop('s');
const poppedMany: string[] = db.spop('s', 3);
const poppedBytes: Uint8Array[] = db.spopBuffer('s', 3);
const drawn: string | null = db.srandmember('s');
const drawnMany: string[] = db.srandmember('s', -3);
const flags: (0 | 1)[] = db.smismember('s', 'a', 'b');
const union: Uint8Array[] = db.sunionBuffer('a', ['b']);
const stored: number = db.sinterstore('d', 'a', 'b');
const card: number = db.sintercard(2, 'a', 'b', 'LIMIT', 10);
const [setCursor, setItems]: [Cursor, Uint8Array[]] = db.sscanBuffer('s', 0);
const encoding: string | null = db.object('ENCODING', 'h');

void db.update((tx) => {
  tx.hset('h', { f: 'v' });
  const inTxHash: Record<string, string> = tx.hgetall('h');
  void inTxHash;
  const inTx: string | null = tx.get('k');
  tx.set('k', inTx ?? 'v');
});

// @ts-expect-error a key is one value, not a list
db.get(['k']);
// @ts-expect-error GET takes one key
db.get('a', 'b');
// @ts-expect-error no Buffer variant: INCR replies with an integer
db.incrBuffer('n');
// @ts-expect-error a hash field is one value
db.hget('h', ['f']);
// @ts-expect-error no Buffer variant: HLEN replies with an integer
db.hlenBuffer('h');
// @ts-expect-error a count's list is not one member
const wrongShape: string | null = db.spop('s', 2);
// @ts-expect-error not a command
db.nosuchcommand();
// @ts-expect-error FLUSHDB's mode is ASYNC or SYNC
db.flushdb('LATER');

export { added, addedFromMap, addedPairs, field, fieldBytes, hash, hashBytes, fields, hmsetOk, oneField, someFields, someFieldBytes, oneFieldBytes, hashCursor, hashItems, floated, hashed };
export { members, memberBytes, popped, poppedMany, poppedBytes, drawn, drawnMany, flags, union, stored, card, setCursor, setItems, encoding, wrongShape };
export { got, gotBytes, set, counted, many, manyBytes, flagged, written, keys, bufferCursor, bufferKeys, usage, help, pong, flushed, info };
