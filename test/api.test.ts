/**
 * The public API: binary-safe keys and values, the *Buffer methods and
 * db.callBuffer, argument conversions (numbers, bigints, mset objects), the
 * ordered iterators db.scanPrefix and db.range, and close().
 */
import { expect, it } from 'vitest';
import { BIN_KEY, BIN_VALUE, BINARY } from './cases/binary.js';
import { defineCases } from './support/cases.js';
import { describeEngines } from './support/engines.js';

const enc = new TextEncoder();
const bytes = (...values: number[]) => new Uint8Array(values);

defineCases(...BINARY);

describeEngines('the DB API', (suite) => {
  it('getBuffer returns a fresh Uint8Array the caller owns', () => {
    const { db } = suite;
    db.set(BIN_KEY, BIN_VALUE);
    const first = db.getBuffer(BIN_KEY)!;
    expect(first).toBeInstanceOf(Uint8Array);
    expect([...first]).toEqual([...BIN_VALUE]);
    first.fill(0x41);
    expect([...db.getBuffer(BIN_KEY)!]).toEqual([...BIN_VALUE]);
    expect(db.getBuffer('missing')).toBeNull();
  });

  it('get decodes bytes as UTF-8, replacing invalid sequences', () => {
    const { db } = suite;
    db.set('k', bytes(0x68, 0xc3, 0xa9, 0xff));
    expect(db.get('k')).toBe('hé\ufffd');
  });

  it('mgetBuffer, getdelBuffer, getrangeBuffer and keysBuffer return bytes', () => {
    const { db } = suite;
    db.set(BIN_KEY, BIN_VALUE);
    expect(db.mgetBuffer(BIN_KEY, 'nope').map((v) => (v === null ? null : [...v]))).toEqual([[...BIN_VALUE], null]);
    expect([...db.getrangeBuffer(BIN_KEY, 1, 2)]).toEqual([0x00, 0xfe]);
    expect(db.keysBuffer('*').map((k) => [...k])).toEqual([[...BIN_KEY]]);
    const [cursor, keys] = db.scanBuffer(0, 'COUNT', 10);
    expect(cursor).toBe('0');
    expect(keys.map((k) => [...k])).toEqual([[...BIN_KEY]]);
    expect([...db.getdelBuffer(BIN_KEY)!]).toEqual([...BIN_VALUE]);
    expect(db.exists(BIN_KEY)).toBe(0);
  });

  it('callBuffer returns bulk replies as bytes and status replies as strings', () => {
    const { db } = suite;
    expect(db.callBuffer('SET', 'k', 'v')).toBe('OK');
    expect(db.callBuffer('GET', 'k')).toEqual(enc.encode('v'));
    expect(db.callBuffer('SET', 'k', 'OK', 'GET')).toEqual(enc.encode('v'));
    expect(db.callBuffer('GET', 'k')).toEqual(enc.encode('OK'));
    expect(db.callBuffer('TYPE', 'k')).toBe('string');
  });

  it('numbers and bigints are written in decimal', () => {
    const { db } = suite;
    db.set('n', 42);
    db.set('b', 12345678901234567890n);
    db.set('f', 1.5);
    expect(db.mget('n', 'b', 'f')).toEqual(['42', '12345678901234567890', '1.5']);
    expect(db.call('INCRBY', 'n', 8)).toBe(50);
  });

  it('mset takes pairs or an object, and mget takes arrays', () => {
    const { db } = suite;
    expect(db.mset('a', 1, 'b', 2)).toBe('OK');
    expect(db.mset({ c: 3, d: 'four' })).toBe('OK');
    expect(db.msetnx({ e: 5 })).toBe(1);
    expect(db.mget(['a', 'b'], 'c', ['d', 'e'])).toEqual(['1', '2', '3', 'four', '5']);
    expect(db.del(['a', 'b'], 'c')).toBe(3);
  });

  it('the typed methods reply as ioredis does', () => {
    const { db } = suite;
    expect(db.set('k', 'v')).toBe('OK');
    expect(db.set('k', 'w', 'NX')).toBeNull();
    expect(db.set('k', 'w', 'GET')).toBe('v');
    expect(db.getset('k', 'x')).toBe('w');
    expect(db.setnx('k', 'y')).toBe(0);
    expect(db.append('k', 'yz')).toBe(3);
    expect(db.strlen('k')).toBe(3);
    expect(db.getrange('k', 0, 0)).toBe('x');
    expect(db.setrange('k', 1, 'Y')).toBe(3);
    expect(db.getex('k', 'PX', 100000)).toBe('xYz');
    expect(db.persist('k')).toBe(1);
    expect(db.setex('s', 100, 'v')).toBe('OK');
    expect(db.psetex('p', 100000, 'v')).toBe('OK');
    expect(db.ttl('s')).toBe(100);
    expect(db.expire('s', 200, 'GT')).toBe(1);
    expect(db.pexpire('p', 50000, 'LT')).toBe(1);
    expect(db.expireat('k', 4102444800)).toBe(1);
    expect(db.pexpireat('k', 4102444800000, 'XX')).toBe(1);
    expect(db.expiretime('k')).toBe(4102444800);
    expect(db.type('k')).toBe('string');
    expect(db.type('nope')).toBe('none');
    expect(db.copy('k', 'k2')).toBe(1);
    expect(db.rename('k2', 'k3')).toBe('OK');
    expect(db.renamenx('k3', 'k')).toBe(0);
    expect(db.unlink('k3')).toBe(1);
    expect(db.exists('k', 'k', 's')).toBe(3);
    expect(db.keys('*').sort()).toEqual(['k', 'p', 's']);
    expect(db.dbsize()).toBe(3);
    expect(['k', 'p', 's']).toContain(db.randomkey());
    expect(db.getdel('p')).toBe('v');
    expect(db.flushdb('ASYNC')).toBe('OK');
    expect(db.flushall()).toBe('OK');
    expect(db.randomkey()).toBeNull();
  });

  it('scanPrefix yields the keys with a prefix in byte order, lazily', () => {
    const { db } = suite;
    for (const key of ['user:2', 'user:10', 'user:1', 'users', 'user', 'usea', 'admin:1', 'user:\u00e9', 'user:\u0000']) db.set(key, 'v');
    expect([...db.scanPrefix('user:')]).toEqual(['user:\u0000', 'user:1', 'user:10', 'user:2', 'user:\u00e9']);
    expect([...db.scanPrefix('nobody')]).toEqual([]);
    expect([...db.scanPrefix('')]).toEqual(['admin:1', 'usea', 'user', 'user:\u0000', 'user:1', 'user:10', 'user:2', 'user:\u00e9', 'users']);
    const iterator = db.scanPrefix('user:', { batch: 1 });
    expect(iterator.next()).toEqual({ value: 'user:\u0000', done: false });
    expect(iterator.next()).toEqual({ value: 'user:1', done: false });
  });

  it('scanPrefix with a small batch sees every key present throughout, despite writes while iterating', () => {
    const { db } = suite;
    const stable = Array.from({ length: 50 }, (_, i) => `p:${String(i).padStart(2, '0')}`);
    for (const key of stable) db.set(key, 'v');
    const seen: string[] = [];
    let n = 0;
    for (const key of db.scanPrefix('p:', { batch: 3 })) {
      seen.push(key);
      db.set(`p:${String(n++).padStart(2, '0')}x`, 'new');
      db.set(`q:${n}`, 'other');
    }
    for (const key of stable) expect(seen.filter((s) => s === key), key).toHaveLength(1);
    expect(seen.every((key) => key.startsWith('p:'))).toBe(true);
    expect([...seen].sort(compareBytes)).toEqual(seen);
  });

  it('scanPrefixBuffer and rangeBuffer yield bytes, ordered bytewise', () => {
    const { db } = suite;
    const keys = [bytes(0x70, 0x00), bytes(0x70, 0xff), bytes(0x70, 0x7f), bytes(0x70, 0x80, 0x00), bytes(0x71)];
    for (const key of keys) db.set(key, 'v');
    expect([...db.scanPrefixBuffer(bytes(0x70))].map((k) => [...k])).toEqual([[0x70, 0x00], [0x70, 0x7f], [0x70, 0x80, 0x00], [0x70, 0xff]]);
    expect([...db.rangeBuffer(bytes(0x70, 0x7f), bytes(0x70, 0xff))].map((k) => [...k])).toEqual([[0x70, 0x7f], [0x70, 0x80, 0x00]]);
  });

  it('range yields start <= key < end in byte order, either side open', () => {
    const { db } = suite;
    for (const key of ['a', 'b', 'ba', 'bb', 'c', 'd']) db.set(key, 'v');
    expect([...db.range('b', 'c')]).toEqual(['b', 'ba', 'bb']);
    expect([...db.range(null, 'b')]).toEqual(['a']);
    expect([...db.range('bb', null)]).toEqual(['bb', 'c', 'd']);
    expect([...db.range(null, null, { batch: 2 })]).toEqual(['a', 'b', 'ba', 'bb', 'c', 'd']);
    expect([...db.range('c', 'c')]).toEqual([]);
    expect([...db.range('d', 'a')]).toEqual([]);
    expect([...db.range('aa', 'bab')]).toEqual(['b', 'ba']);
  });

  it('range and scanPrefix skip expired keys', () => {
    const { db } = suite;
    db.set('a', 'v');
    db.set('b', 'v', 'PXAT', 1);
    db.set('c', 'v');
    db.set('bx', 'v');
    db.pexpireat('bx', 2);
    expect([...db.range(null, null)]).toEqual(['a', 'c']);
    expect([...db.scanPrefix('b')]).toEqual([]);
  });

  it('iterators are lazy: nothing is read before the first next()', () => {
    const { db } = suite;
    const iterator = db.range(null, null, { batch: 1 });
    db.set('late', 'v');
    expect([...iterator]).toEqual(['late']);
  });

  it('a closed database refuses every call', () => {
    const db = suite.open();
    db.set('k', 'v');
    db.close();
    db.close();
    expect(() => db.get('k')).toThrow('flashkv: the database is closed');
    expect(() => db.call('GET', 'k')).toThrow('flashkv: the database is closed');
    expect(() => db.set('k', 'v')).toThrow('flashkv: the database is closed');
    expect(() => [...db.scanPrefix('')]).toThrow('flashkv: the database is closed');
  });

  it('two databases on the same engine are independent', () => {
    const a = suite.open();
    const b = suite.open();
    a.set('k', 'a');
    b.set('k', 'b');
    expect([a.get('k'), b.get('k')]).toEqual(['a', 'b']);
    a.flushall();
    expect(b.get('k')).toBe('b');
  });

  it('large values and many keys round-trip', () => {
    const { db } = suite;
    const big = new Uint8Array(1 << 20).map((_, i) => (i * 31) & 0xff);
    db.set('big', big);
    expect(db.strlen('big')).toBe(1 << 20);
    expect(Buffer.from(db.getBuffer('big')!).equals(Buffer.from(big))).toBe(true);
    for (let i = 0; i < 20_000; i++) db.set(`k:${i}`, i);
    expect(db.dbsize()).toBe(20_001);
    expect(db.get('k:12345')).toBe('12345');
    expect([...db.scanPrefix('k:1999')]).toEqual(['k:1999', 'k:19990', 'k:19991', 'k:19992', 'k:19993', 'k:19994', 'k:19995', 'k:19996', 'k:19997', 'k:19998', 'k:19999']);
  });
});

/** Orders JS strings by their UTF-8 bytes, as flashkv orders keys. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

describeEngines('the DB API and the command table', (suite) => {
  it('has a method named after every command in the table, on the DB and on a transaction handle', async () => {
    const { COMMANDS } = await import('../src/engine/commands.js');
    const missing = COMMANDS.map((command) => command.name).filter((name) => typeof (suite.db as unknown as Record<string, unknown>)[name] !== 'function');
    expect(missing).toEqual([]);
    const inTx = await suite.db.update((tx) => COMMANDS.map((command) => command.name).filter((name) => typeof (tx as unknown as Record<string, unknown>)[name] !== 'function'));
    expect(inTx).toEqual([]);
  });
});

describeEngines('arguments of the wrong JS type', (suite) => {
  it('undefined, null and objects are a TypeError naming the command, and nothing is stored', () => {
    const db = suite.db as unknown as Record<string, (...args: unknown[]) => unknown>;
    expect(() => db.set('k', undefined)).toThrow(new TypeError("flashkv: argument 2 of 'set' must be a string, Uint8Array, number or bigint, not undefined"));
    expect(() => db.set('k', {})).toThrow(new TypeError("flashkv: argument 2 of 'set' must be a string, Uint8Array, number or bigint, not an object ([object Object])"));
    expect(() => db.set('k', 'v', 'EX', null)).toThrow(new TypeError("flashkv: argument 4 of 'set' must be a string, Uint8Array, number or bigint, not null"));
    expect(() => db.get(null)).toThrow(new TypeError("flashkv: argument 1 of 'get' must be a string, Uint8Array, number or bigint, not null"));
    expect(() => db.incr(undefined)).toThrow(new TypeError("flashkv: argument 1 of 'incr' must be a string, Uint8Array, number or bigint, not undefined"));
    expect(() => db.del('a', undefined)).toThrow(new TypeError("flashkv: argument 2 of 'del' must be a string, Uint8Array, number or bigint, not undefined"));
    expect(suite.db.dbsize()).toBe(0);
  });

  it('numbers and bigints are written in decimal, as ioredis does', () => {
    expect(suite.db.call('SET', 5, 2n ** 70n)).toBe('OK');
    expect(suite.db.get('5')).toBe('1180591620717411303424');
    expect(suite.db.set('f', 1.5)).toBe('OK');
    expect(suite.db.get('f')).toBe('1.5');
  });

  it('a number that may have been rounded (an integer beyond 2^53 - 1) or is not finite is a TypeError naming the command and the argument', () => {
    const { db } = suite;
    const unsafe = (command: string, position: number, shown: string) =>
      new TypeError(`flashkv: argument ${position} of '${command}' is ${shown}, an integer beyond Number.MAX_SAFE_INTEGER (2^53 - 1), so it may already be rounded; pass a bigint or a string`);
    const infinite = (command: string, position: number, shown: string) => new TypeError(`flashkv: argument ${position} of '${command}' is ${shown}; a number argument must be finite`);
    expect(() => db.incrby('k', 2 ** 60)).toThrow(unsafe('incrby', 2, '1152921504606847000'));
    expect(() => db.decrby('k', -(2 ** 53))).toThrow(unsafe('decrby', 2, '-9007199254740992'));
    expect(() => db.set('k', 1e21)).toThrow(unsafe('set', 2, '1e+21'));
    expect(() => db.set('k', 'v', 'PX', 2 ** 53)).toThrow(unsafe('set', 4, '9007199254740992'));
    expect(() => db.expire('k', 1e300)).toThrow(unsafe('expire', 2, '1e+300'));
    expect(() => db.getrange('k', 0, 2 ** 64)).toThrow(unsafe('getrange', 3, '18446744073709552000'));
    expect(() => db.scan(0, 'COUNT', 1e20)).toThrow(unsafe('scan', 3, '100000000000000000000'));
    expect(() => db.call('MSET', 'a', 1, 'b', 2 ** 60)).toThrow(unsafe('MSET', 4, '1152921504606847000'));
    expect(() => db.set('k', NaN)).toThrow(infinite('set', 2, 'NaN'));
    expect(() => db.setex('k', Infinity, 'v')).toThrow(infinite('setex', 2, 'Infinity'));
    expect(() => db.incrbyfloat('k', -Infinity)).toThrow(infinite('incrbyfloat', 2, '-Infinity'));
    expect(db.dbsize()).toBe(0);
  });

  it('a fraction where Redis expects an integer is a TypeError naming the command and the argument', () => {
    const { db } = suite;
    db.set('k', '1');
    const fraction = (command: string, position: number, shown: string) => new TypeError(`flashkv: argument ${position} of '${command}' must be an integer, not ${shown}`);
    expect(() => db.incrby('k', 1.5)).toThrow(fraction('incrby', 2, '1.5'));
    expect(() => db.decrby('k', 1e-7)).toThrow(fraction('decrby', 2, '1e-7'));
    expect(() => db.set('k', 'v', 'EX', 0.5)).toThrow(fraction('set', 4, '0.5'));
    expect(() => db.getex('k', 'PXAT', 1.25)).toThrow(fraction('getex', 3, '1.25'));
    expect(() => db.setex('k', 1.5, 'v')).toThrow(fraction('setex', 2, '1.5'));
    expect(() => db.expire('k', 2.5)).toThrow(fraction('expire', 2, '2.5'));
    expect(() => db.pexpireat('k', 0.5, 'NX')).toThrow(fraction('pexpireat', 2, '0.5'));
    expect(() => db.setrange('k', 0.5, 'x')).toThrow(fraction('setrange', 2, '0.5'));
    expect(() => db.getrange('k', 0, -1.5)).toThrow(fraction('getrange', 3, '-1.5'));
    expect(() => db.scan(0.5)).toThrow(fraction('scan', 1, '0.5'));
    expect(() => db.scan(0, ['COUNT', 2.5])).toThrow(fraction('scan', 3, '2.5'));
    expect(() => db.copy('k', 'j', 'DB', 0.5)).toThrow(fraction('copy', 4, '0.5'));
    expect(() => db.memory('USAGE', 'k', 'SAMPLES', 1.5)).toThrow(fraction('memory', 4, '1.5'));
    // Redis's own order of checks stays: the options are read before the number.
    expect(() => db.set('k', 'v', 'EX', 0.5, 'NX', 'XX')).toThrow('ERR syntax error');
    expect(() => db.expire('k', 2.5, 'FOO')).toThrow('ERR Unsupported option FOO');
    expect([db.get('k'), db.ttl('k'), db.exists('j')]).toEqual(['1', -1, 0]);
  });

  it('exact numbers and bigints are written in decimal, fractions too where Redis takes a value or a float', () => {
    const { db } = suite;
    expect(db.incrby('n', 2 ** 53 - 1)).toBe(2 ** 53 - 1);
    expect(db.incrby('b', 2n ** 60n)).toBe(2n ** 60n);
    expect(db.set('f', 0.1)).toBe('OK');
    expect(db.incrbyfloat('f', 1.5)).toBe('1.6');
    expect(db.set('tiny', 1e-7)).toBe('OK');
    expect(db.get('tiny')).toBe('1e-7');
    expect(db.set('zero', -0)).toBe('OK');
    expect(db.get('zero')).toBe('0');
    expect(db.append('f', 0.5)).toBe(6);
    expect(db.get('f')).toBe('1.60.5');
    const echoed = db.callBuffer('ECHO', 2.5);
    expect(echoed).toEqual(enc.encode('2.5'));
    expect(Object.getPrototypeOf(echoed)).toBe(Uint8Array.prototype);
  });
});

describeEngines('arrays, objects and Maps in variadic arguments, as ioredis takes them', (suite) => {
  it('mset and msetnx flatten an array of pairs rather than writing its indexes as keys', () => {
    const { db } = suite;
    expect(db.mset(['a', '1', 'b', '2'])).toBe('OK');
    expect(db.keys('*').sort()).toEqual(['a', 'b']);
    expect(db.msetnx(['c', '3'], 'd', 4)).toBe(1);
    expect(db.msetnx(['c', 'x'])).toBe(0);
    expect(db.mget('a', 'b', 'c', 'd')).toEqual(['1', '2', '3', '4']);
  });

  it('mset and msetnx take one object or one Map of keys to values', () => {
    const { db } = suite;
    expect(db.mset({ a: 1, b: 'two' })).toBe('OK');
    expect(db.mset(new Map<string | Uint8Array, string | number>([['c', 3], [enc.encode('d'), 'four']]))).toBe('OK');
    expect(db.msetnx(new Map([['e', 5]]))).toBe(1);
    expect(db.mget(['a', 'b', 'c', 'd', 'e'])).toEqual(['1', 'two', '3', 'four', '5']);
    expect(() => db.mset(new Map())).toThrow("ERR wrong number of arguments for 'mset' command");
  });

  it('every variadic method and call() flatten arrays among their arguments, one level', () => {
    const { db } = suite;
    expect(db.call('MSET', ['x', '1'], 'y', ['2'])).toBe('OK');
    expect(db.callBuffer('MGET', ['x', 'y'])).toEqual([enc.encode('1'), enc.encode('2')]);
    expect(db.set('k', 'v', ['PX', 100_000], 'XX')).toBeNull();
    expect(db.set('k', 'v', ['PX', 100_000])).toBe('OK');
    expect(db.getex('k', ['EX', 200])).toBe('v');
    expect(db.ttl('k')).toBe(200);
    expect(db.expire('k', 300, ['GT'])).toBe(1);
    expect(db.pexpire('k', 1_000, ['GT'])).toBe(0);
    expect(db.expireat('k', 4102444800, ['XX'])).toBe(1);
    expect(db.pexpireat('k', 4102444800000, ['NX'])).toBe(0);
    expect(db.copy('k', 'k2', ['REPLACE'])).toBe(1);
    expect(db.scan('0', ['MATCH', 'k*'], ['COUNT', 100])[1].sort()).toEqual(['k', 'k2']);
    expect(db.scanBuffer(0, ['COUNT', 100])[1]).toHaveLength(4);
    expect(db.info(['keyspace'])).toMatch(/^# Keyspace\r\ndb0:keys=4,expires=2,/);
    expect(db.memory('USAGE', 'k', ['SAMPLES', 5])).toBeGreaterThan(0);
    expect(db.exists(['x', 'y'], 'k')).toBe(3);
    expect(db.mgetBuffer(['x'])).toEqual([enc.encode('1')]);
    expect(db.unlink(['x'], ['y'])).toBe(2);
    expect(db.del(['k', 'k2'])).toBe(2);
  });

  it('an array where one value is expected, or nested two deep, is a TypeError naming the argument', () => {
    const db = suite.db as unknown as Record<string, (...args: unknown[]) => unknown>;
    expect(() => db.set('k', ['v'])).toThrow(new TypeError("flashkv: argument 2 of 'set' must be a string, Uint8Array, number or bigint, not an array"));
    expect(() => db.mset([['a', '1']])).toThrow(new TypeError("flashkv: argument 1 of 'mset' must be a string, Uint8Array, number or bigint, not an array"));
    expect(() => db.del([['a']])).toThrow(new TypeError("flashkv: argument 1 of 'del' must be a string, Uint8Array, number or bigint, not an array"));
    expect(() => db.mset({ a: '1' }, 'b', '2')).toThrow(new TypeError("flashkv: argument 1 of 'mset' must be a string, Uint8Array, number or bigint, not an object ([object Object])"));
    expect(suite.db.dbsize()).toBe(0);
  });
});
