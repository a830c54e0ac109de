/**
 * Size limits: Redis refuses strings over 512 MiB (proto-max-bulk-len); both
 * engines refuse them with Redis's error before storing anything, and the
 * dataset is intact afterwards.
 */
import { expect, it } from 'vitest';
import { CommandError } from '../src/errors/command-error.js';
import { expectStep, runOnRedis, type Step } from './support/cases.js';
import { describeEngines } from './support/engines.js';
import { describeRedis } from './support/redis-server.js';

const TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";

describeEngines('string size limits', (suite) => {
  it('a value one byte over 512 MiB is refused by SET, APPEND and MSET, and nothing is lost', () => {
    const db = suite.db;
    db.set('keep', 'v');
    const oversized = new Uint8Array(512 * 1024 * 1024 + 1);
    for (const write of [() => db.set('big', oversized), () => db.append('big', oversized), () => db.mset('a', '1', 'big', oversized)]) {
      expect(write).toThrow(CommandError);
      expect(write).toThrow(TOO_LONG);
    }
    expect(db.get('keep')).toBe('v');
    expect(db.exists('big', 'a')).toBe(0);
    expect(db.dbsize()).toBe(1);
  }, 60_000);

  it('SETRANGE reaches exactly 512 MiB, past the longest JS string, and the value works like any other', () => {
    // A database of its own, closed after the test: the Wasm engine's linear
    // memory does not shrink, so the 512 MiB go back only with the engine.
    const db = suite.open({ activeExpiry: false });
    LARGEST.forEach((step, i) => expectStep(runCommand(db, step[0]), step, i));
  }, 60_000);

  it('a value past the longest JS string read as a string is a clear RangeError; as bytes it reads, and nothing changes', () => {
    const db = suite.open({ activeExpiry: false });
    db.setrange('big', 536870911, 'x');
    const tooLong = 'flashkv: the reply holds a value longer than the longest JS string (2^29 - 24 characters); read it as bytes (getBuffer, callBuffer)';
    for (const read of [() => db.get('big'), () => db.call('GET', 'big'), () => db.mget('big'), () => db.getrange('big', 0, -1)]) {
      expect(read).toThrow(new RangeError(tooLong));
    }
    const bytes = db.getBuffer('big');
    expect(bytes?.length).toBe(536870912);
    expect(bytes?.[536870911]).toBe(0x78);
    expect(db.strlen('big')).toBe(536870912);
  }, 60_000);
});

/**
 * A string of exactly 512 MiB (2^29 bytes, 24 more than V8's longest string)
 * made by SETRANGE, then copied, read, edited (the copy keeps its bytes),
 * refused growth and arithmetic, and deleted; redis-server 7.0.15 replies as
 * listed.
 */
const LARGEST: readonly Step[] = [
  [['SETRANGE', 'big', '536870911', 'x'], 536870912],
  [['STRLEN', 'big'], 536870912],
  [['GETRANGE', 'big', '-3', '-1'], '\0\0x'],
  [['COPY', 'big', 'copy'], 1],
  [['SETRANGE', 'big', '536870910', 'yz'], 536870912],
  [['GETRANGE', 'big', '536870909', '536870999'], '\0yz'],
  [['GETRANGE', 'copy', '-2', '-1'], '\0x'],
  [['APPEND', 'big', 'w'], { error: TOO_LONG }],
  [['SETRANGE', 'big', '536870911', 'zz'], { error: TOO_LONG }],
  [['INCR', 'big'], { error: 'ERR value is not an integer or out of range' }],
  [['INCRBYFLOAT', 'big', '1'], { error: 'ERR value is not a valid float' }],
  [['DEL', 'big', 'copy'], 2],
];

function runCommand(db: import('../src/db.js').DB, cmd: Step[0]): unknown {
  const [name, ...args] = cmd as string[];
  try {
    return db.call(name, ...args);
  } catch (error) {
    if (error instanceof CommandError) return { error: error.message };
    throw error;
  }
}

describeRedis('string size limits (redis-server, the reference)', (redis) => {
  it('SETRANGE reaches exactly 512 MiB, past the longest JS string, and the value works like any other', async () => {
    try {
      for (const [i, step] of LARGEST.entries()) expectStep(await runOnRedis(redis.client, step[0]), step, i);
    } finally {
      await redis.client.call('FLUSHALL');
    }
  }, 60_000);
});
