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

void db.update((tx) => {
  const inTx: string | null = tx.get('k');
  tx.set('k', inTx ?? 'v');
});

// @ts-expect-error a key is one value, not a list
db.get(['k']);
// @ts-expect-error GET takes one key
db.get('a', 'b');
// @ts-expect-error no Buffer variant: INCR replies with an integer
db.incrBuffer('n');
// @ts-expect-error not a command
db.nosuchcommand();
// @ts-expect-error FLUSHDB's mode is ASYNC or SYNC
db.flushdb('LATER');

export { got, gotBytes, set, counted, many, manyBytes, flagged, written, keys, bufferCursor, bufferKeys, usage, help, pong, flushed, info };
