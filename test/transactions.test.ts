/**
 * Transactions: db.update(fn) commits everything fn did or, if fn throws,
 * nothing; db.view(fn) is read-only; misuse (async callbacks, nesting, stale
 * handles, direct DB calls inside) is a TransactionError. Time stands still
 * inside a transaction. The property tests check rollback restores the exact
 * dataset (values, expiries, keys that existed or not) after any sequence.
 */
import fc from 'fast-check';
import { afterEach, expect, it, vi } from 'vitest';
import type { DB } from '../src/db.js';
import { CommandError } from '../src/errors/command-error.js';
import { ReplyError } from '../src/errors/reply-error.js';
import { TransactionError } from '../src/errors/transaction-error.js';
import { CONTROLLED_CLOCK, CONTROLLED_START, collectionCommandArb, collectionWriteArb, commandArb } from './support/arbitraries.js';
import { describeEngines } from './support/engines.js';

/** The dataset as plain data: every live key with its value bytes (hex) and absolute expiry. */
function snapshot(db: DB): [string, string, string, number][] {
  return [...db.rangeBuffer(null, null)].map((key) => [Buffer.from(key).toString('hex'), db.type(key), valueHex(db, key), db.pexpiretime(key)]);
}

/**
 * A value as hex: a string's bytes; a hash's field=value pairs and a set's
 * members sorted (their orders are the engine's own), with the encoding, which
 * a rollback restores too.
 */
function valueHex(db: DB, key: Uint8Array): string {
  const type = db.type(key);
  if (type === 'string') return hex(db.getBuffer(key)!);
  const items = db.callBuffer(type === 'hash' ? 'HGETALL' : 'SMEMBERS', key) as Uint8Array[];
  const entries: string[] = [];
  if (type === 'set') for (const member of items) entries.push(hex(member));
  else for (let i = 0; i < items.length; i += 2) entries.push(`${hex(items[i])}=${hex(items[i + 1])}`);
  return `${String(db.call('OBJECT', 'ENCODING', key))}: ${entries.sort().join(',')}`;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Runs a command, swallowing error replies (they are part of the random sequences). */
function attempt(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ReplyError)) throw error;
  }
}

class Abort extends Error {}

/** Encoding limits small enough that random sequences convert hashes and sets back and forth between tests. */
const SMALL_LIMITS = { hashMaxListpackEntries: 4, hashMaxListpackValue: 8, setMaxIntsetEntries: 4 };

describeEngines('transactions', (suite) => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('update commits every change and resolves with what fn returned', async () => {
    const { db } = suite;
    db.set('gone', 'x');
    const result = await db.update((tx) => {
      tx.set('a', '1');
      tx.incrby('a', 41);
      tx.del('gone');
      tx.set('t', 'v', 'PXAT', 4102444800000);
      return tx.get('a');
    });
    expect(result).toBe('42');
    expect(snapshot(db)).toEqual([
      [Buffer.from('a').toString('hex'), 'string', Buffer.from('42').toString('hex'), -1],
      [Buffer.from('t').toString('hex'), 'string', Buffer.from('v').toString('hex'), 4102444800000],
    ]);
  });

  it('reads inside a transaction see its own writes', async () => {
    const { db } = suite;
    await db.update((tx) => {
      tx.set('k', 'v');
      expect(tx.get('k')).toBe('v');
      expect(tx.exists('k')).toBe(1);
      tx.del('k');
      expect(tx.get('k')).toBeNull();
      expect(tx.keys('*')).toEqual([]);
    });
  });

  it('if fn throws, every change is undone and update rejects with that error', async () => {
    const { db } = suite;
    db.mset('a', '1', 'b', '2', 'c', '3');
    db.pexpireat('b', 4102444800000);
    const before = snapshot(db);
    const error = new Abort('changed my mind');
    await expect(
      db.update((tx) => {
        tx.set('a', 'changed');
        tx.append('a', '!');
        tx.del('b');
        tx.persist('c');
        tx.expire('c', 100);
        tx.rename('c', 'renamed');
        tx.set('new', 'key');
        tx.incr('counter');
        tx.setrange('pad', 3, 'x');
        tx.copy('a', 'copy');
        throw error;
      }),
    ).rejects.toBe(error);
    expect(snapshot(db)).toEqual(before);
  });

  it('FLUSHALL inside a rolled-back transaction is undone too', async () => {
    const { db } = suite;
    for (let i = 0; i < 300; i++) db.set(`k${i}`, i, 'EX', 1000 + i);
    const before = snapshot(db);
    await expect(
      db.update((tx) => {
        tx.flushall();
        tx.set('k1', 'after flush');
        throw new Abort();
      }),
    ).rejects.toBeInstanceOf(Abort);
    expect(snapshot(db)).toEqual(before);
  });

  it('an uncaught command error rolls back and rejects with that CommandError', async () => {
    const { db } = suite;
    db.set('n', 'not a number');
    await expect(
      db.update((tx) => {
        tx.set('x', '1');
        tx.incr('n');
      }),
    ).rejects.toThrow(new CommandError('ERR value is not an integer or out of range'));
    expect(db.exists('x')).toBe(0);
  });

  it('a command error caught inside fn does not stop the commit', async () => {
    const { db } = suite;
    db.set('n', 'text');
    await db.update((tx) => {
      tx.set('x', '1');
      expect(() => tx.incr('n')).toThrow(CommandError);
      tx.set('y', '2');
    });
    expect(db.mget('x', 'y', 'n')).toEqual(['1', '2', 'text']);
  });

  it('an async callback is refused and its changes are undone', async () => {
    const { db } = suite;
    await expect(
      db.update(((tx: { set(k: string, v: string): unknown }) => {
        tx.set('k', 'v');
        return Promise.resolve(1);
      }) as never),
    ).rejects.toBeInstanceOf(TransactionError);
    expect(db.exists('k')).toBe(0);
    await expect(db.update((async () => 1) as never)).rejects.toBeInstanceOf(TransactionError);
  });

  it('transactions do not nest, and the DB itself cannot be called inside one', async () => {
    const { db } = suite;
    await expect(
      db.update(() => {
        db.get('k');
      }),
    ).rejects.toBeInstanceOf(TransactionError);
    await expect(
      db.update(() => {
        db.view(() => 1);
      }),
    ).rejects.toBeInstanceOf(TransactionError);
    expect(() => db.view(() => db.set('k', 'v'))).toThrow(TransactionError);
    expect(() => db.view(() => db.close())).toThrow(TransactionError);
    // The database is still usable afterwards.
    db.set('k', 'v');
    expect(db.get('k')).toBe('v');
  });

  it('update() inside update() or view() throws at once, so the outer callback fails and its changes are undone', async () => {
    const { db } = suite;
    let nested: unknown = 'not called';
    // A rejected promise here would be lost: the callback cannot await it, the
    // outer transaction would commit, and the unhandled rejection would end
    // the Node process.
    await expect(
      db.update((tx) => {
        tx.set('outer', 'v');
        nested = db.update(() => 1);
      }),
    ).rejects.toThrow(new TransactionError('flashkv: update() was called inside update()/view(); transactions do not nest, so run the commands on the handle the callback received'));
    expect(nested).toBe('not called');
    expect(db.exists('outer')).toBe(0);
    expect(() => db.view(() => db.update(() => 1))).toThrow(TransactionError);
    // The database is still usable afterwards.
    await db.update((tx) => tx.set('k', 'v'));
    expect(db.get('k')).toBe('v');
  });

  it('a handle used after its callback returned throws', async () => {
    const { db } = suite;
    let kept: { get(key: string): unknown } | undefined;
    await db.update((tx) => {
      kept = tx;
    });
    expect(() => kept!.get('k')).toThrow(TransactionError);
    db.view((tx) => {
      kept = tx;
    });
    expect(() => kept!.get('k')).toThrow(TransactionError);
  });

  it('view runs reads and returns synchronously, and refuses writes', () => {
    const { db } = suite;
    db.mset('a', '1', 'b', '2');
    expect(db.view((tx) => tx.mget('a', 'b'))).toEqual(['1', '2']);
    expect(() => db.view((tx) => tx.set('a', 'x'))).toThrow(TransactionError);
    expect(() => db.view((tx) => tx.call('DEL', 'a'))).toThrow("'del' changes data and view() is read-only");
    expect(() => db.view((tx) => tx.incr('a'))).toThrow(TransactionError);
    expect(db.mget('a', 'b')).toEqual(['1', '2']);
  });

  it('time stands still inside a transaction: no key expires between its commands', async () => {
    vi.useFakeTimers({ now: CONTROLLED_START, toFake: ['Date'] });
    const db = suite.open({ activeExpiry: false });
    db.set('k', 'v', 'PX', 10);
    await db.update((tx) => {
      vi.setSystemTime(CONTROLLED_START + 100);
      expect(tx.get('k')).toBe('v');
      expect(tx.pttl('k')).toBe(10);
      // Relative times inside count from the frozen instant.
      tx.set('rel', 'v', 'PX', 50);
      expect(tx.pexpiretime('rel')).toBe(CONTROLLED_START + 50);
    });
    // Once it returns, the clock moves on and both keys are past their time.
    expect(db.get('k')).toBeNull();
    expect(db.get('rel')).toBeNull();
  });

  it('rollback after any command sequence restores the exact dataset', async () => {
    vi.useFakeTimers({ now: CONTROLLED_START, toFake: ['Date'] });
    const db = suite.open({ activeExpiry: false, encoding: SMALL_LIMITS });
    const commands = fc.array(fc.oneof(commandArb(CONTROLLED_CLOCK), collectionWriteArb()), { maxLength: 25 });
    await fc.assert(
      fc.asyncProperty(commands, commands, async (setup, inside) => {
        db.flushall();
        for (const [name, ...args] of setup) attempt(() => db.call(name, ...args));
        const before = snapshot(db);
        await expect(
          db.update((tx) => {
            for (const [name, ...args] of inside) attempt(() => tx.call(name, ...args));
            throw new Abort();
          }),
        ).rejects.toBeInstanceOf(Abort);
        expect(snapshot(db)).toEqual(before);
      }),
      { numRuns: 100 },
    );
  });

  it('a committed transaction leaves the same dataset as running its commands directly', async () => {
    vi.useFakeTimers({ now: CONTROLLED_START, toFake: ['Date'] });
    const inTx = suite.open({ activeExpiry: false, encoding: SMALL_LIMITS });
    const direct = suite.open({ activeExpiry: false, encoding: SMALL_LIMITS });
    // SPOP's draws are left out: the same draw can pick another member in a
    // table a transaction kept from shrinking.
    const commands = fc.array(fc.oneof(commandArb(CONTROLLED_CLOCK), collectionCommandArb()), { maxLength: 25 });
    await fc.assert(
      fc.asyncProperty(commands, commands, async (setup, body) => {
        for (const db of [inTx, direct]) {
          db.flushall();
          for (const [name, ...args] of setup) attempt(() => db.call(name, ...args));
        }
        await inTx.update((tx) => {
          for (const [name, ...args] of body) attempt(() => tx.call(name, ...args));
        });
        for (const [name, ...args] of body) attempt(() => direct.call(name, ...args));
        expect(snapshot(inTx)).toEqual(snapshot(direct));
      }),
      { numRuns: 100 },
    );
  });

  it('update on a closed database rejects, view throws', async () => {
    const db = suite.open();
    db.close();
    await expect(db.update(() => 1)).rejects.toThrow('flashkv: the database is closed');
    expect(() => db.view(() => 1)).toThrow('flashkv: the database is closed');
  });
});
