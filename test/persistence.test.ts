/**
 * Persistence: the append-only log (src/aof/) on both engines.
 *
 * Most tests run over the in-memory storage backend, which counts fsyncs,
 * injects disk faults and shows what a power loss would leave
 * (src/storage/memory.ts); the lock and the file layout are tested on the
 * real file system. Interop with redis-server is in interop.test.ts, kills
 * of a writing process in crash.test.ts.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { open, openWithStorage, type DB, type OpenOptions } from '../src/db.js';
import { encodeCommand } from '../src/engine/resp.js';
import { MemoryStorage } from '../src/storage/memory.js';
import type { AppendFile } from '../src/storage/storage.js';
import { ENGINES } from './support/engines.js';

const BASE = 'appendonly.aof.1.base.aof';
const INCR = 'appendonly.aof.1.incr.aof';
const MANIFEST = 'appendonly.aof.manifest';

const text = (bytes: Uint8Array | null): string => Buffer.from(bytes ?? new Uint8Array(0)).toString('latin1');
const resp = (...args: string[]): string => text(encodeCommand(args));

const opened: DB[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const db of opened.splice(0)) await db.close().catch(() => undefined);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A MemoryStorage whose fsyncs take a few milliseconds, as a disk's do, so writes can arrive while one runs. */
class SlowSyncStorage extends MemoryStorage {
  override async append(name: string): Promise<AppendFile> {
    const file = await super.append(name);
    return {
      get size() {
        return file.size;
      },
      write: (bytes) => file.write(bytes),
      sync: async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        await file.sync();
      },
      close: () => file.close(),
    };
  }
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flashkv-persist-'));
  dirs.push(dir);
  return dir;
}

describe.each(ENGINES)('persistence (%s engine)', (engine) => {
  /** Opens over `storage`, collecting the log's messages. */
  async function openOn(storage: MemoryStorage, options: OpenOptions = {}, messages: string[] = []): Promise<DB> {
    const db = await openWithStorage(storage, { engine, activeExpiry: false, logger: (level, message) => messages.push(`${level}: ${message}`), ...options });
    opened.push(db);
    return db;
  }

  async function reopen(db: DB, storage: MemoryStorage, options: OpenOptions = {}): Promise<DB> {
    await db.close();
    return openOn(storage, options);
  }

  it('a fresh directory gets an empty base, an incr file and a manifest, as redis-server creates them', async () => {
    const storage = new MemoryStorage();
    await openOn(storage);
    expect((await storage.list()).sort()).toEqual([BASE, INCR, MANIFEST]);
    expect(text(storage.contents(MANIFEST))).toBe(`file ${BASE} seq 1 type b\nfile ${INCR} seq 1 type i\n`);
    expect(storage.contents(BASE)?.length).toBe(0);
  });

  it('writes survive a reopen: values, absolute expiries, transactions, deletes', async () => {
    const storage = new MemoryStorage();
    let db = await openOn(storage);
    db.set('a', '1');
    db.set('ttl', 'x', 'PX', 3_600_000);
    const expireAt = db.pexpiretime('ttl');
    db.incr('n');
    db.incrbyfloat('f', '1.5');
    db.set('gone', 'y');
    db.del('gone');
    db.set('bin', new Uint8Array([0, 255, 13, 10]));
    await db.update((tx) => {
      tx.set('t', 'v');
      tx.append('t', 'w');
    });
    await expect(db.update(() => {
      throw new Error('nope');
    })).rejects.toThrow('nope');
    db = await reopen(db, storage);
    expect(db.get('a')).toBe('1');
    expect(db.pexpiretime('ttl')).toBe(expireAt);
    expect(db.get('n')).toBe('1');
    expect(db.get('f')).toBe('1.5');
    expect(db.exists('gone')).toBe(0);
    expect(db.get('t')).toBe('vw');
    expect(db.getBuffer('bin')).toEqual(new Uint8Array([0, 255, 13, 10]));
    expect(db.dbsize()).toBe(6);
  });

  it('hashes and sets survive a reopen and a rewrite, in every encoding, with their expiries', async () => {
    const storage = new MemoryStorage();
    let db = await openOn(storage);
    db.call('HSET', 'h', 'a', '1', 'b', '2');
    db.call('HINCRBY', 'h', 'a', '9');
    db.call('HINCRBYFLOAT', 'h', 'x', '0.5');
    db.call('HDEL', 'h', 'b');
    for (let i = 0; i < 600; i++) db.call('HSET', 'big', `f${i}`, `v${i}`);
    db.call('SADD', 'ints', '3', '1', '2');
    for (let i = 0; i < 300; i++) db.call('SADD', 'names', `m${i}`);
    db.call('SPOP', 'names', '10');
    db.call('SMOVE', 'names', 'moved', 'm100');
    db.call('SINTERSTORE', 'both', 'ints', 'ints');
    db.call('PEXPIREAT', 'ints', Date.now() + 3_600_000);
    await db.update((tx) => {
      tx.call('SADD', 'tx', 'a');
      tx.call('HSET', 'h', 'in-tx', 'yes');
    });
    await expect(db.update((tx) => {
      tx.call('SADD', 'ints', '4');
      tx.call('HDEL', 'h', 'a');
      throw new Error('nope');
    })).rejects.toThrow('nope');
    const snapshot = (d: DB) => ({
      h: d.call('HGETALL', 'h'),
      big: d.call('HLEN', 'big'),
      bigValue: d.call('HGET', 'big', 'f599'),
      ints: d.call('SMEMBERS', 'ints'),
      intsTtl: d.pexpiretime('ints'),
      names: (d.call('SMEMBERS', 'names') as string[]).sort(),
      moved: d.call('SMEMBERS', 'moved'),
      both: d.call('SMEMBERS', 'both'),
      tx: d.call('SMEMBERS', 'tx'),
      encodings: ['h', 'big', 'ints', 'names'].map((key) => d.call('OBJECT', 'ENCODING', key)),
    });
    const expected = snapshot(db);
    expect(expected.encodings).toEqual(['listpack', 'hashtable', 'intset', 'hashtable']);
    expect(expected.h).toEqual(['a', '10', 'x', '0.5', 'in-tx', 'yes']);
    db = await reopen(db, storage);
    expect(snapshot(db)).toEqual(expected);
    await db.rewrite();
    db = await reopen(db, storage);
    expect(snapshot(db)).toEqual(expected);
  });

  it('the incr file holds the effects, a transaction as MULTI/EXEC, relative times made absolute', async () => {
    const storage = new MemoryStorage();
    const db = await openOn(storage);
    db.set('k', 'v', 'EX', 100);
    const at = String(db.pexpiretime('k'));
    await db.update((tx) => {
      tx.incr('c');
      tx.set('d', 'e');
    });
    expect(text(storage.contents(INCR))).toBe(resp('SET', 'k', 'v', 'PXAT', at) + resp('MULTI') + resp('SET', 'c', '1', 'KEEPTTL') + resp('SET', 'd', 'e') + resp('EXEC'));
  });

  it('writes made in one tick reach the file together at its end, not one by one', async () => {
    const storage = new MemoryStorage();
    const db = await openOn(storage);
    db.set('a', '1');
    db.set('b', '2');
    expect(storage.contents(INCR)?.length).toBe(0);
    await Promise.resolve();
    expect(text(storage.contents(INCR))).toBe(resp('SET', 'a', '1') + resp('SET', 'b', '2'));
  });

  it('appendfsync always: an acknowledgement waits for an fsync, and one fsync covers a tick of updates (group commit)', async () => {
    const storage = new MemoryStorage();
    const db = await openOn(storage, { appendfsync: 'always' });
    const before = storage.syncs;
    const acks = Array.from({ length: 100 }, (_, i) => db.update((tx) => tx.set(`k${i}`, String(i))));
    await Promise.all(acks);
    expect(storage.syncs - before).toBe(1);
    // What a power loss leaves holds every acknowledged write.
    const after = await openOn(storage.crash());
    expect(after.dbsize()).toBe(100);
  });

  it('appendfsync always: writes arriving during an fsync share the next one', async () => {
    const storage = new MemoryStorage();
    const db = await openOn(storage, { appendfsync: 'always' });
    const before = storage.syncs;
    const first = db.update((tx) => tx.set('a', '1'));
    await Promise.resolve();
    await Promise.resolve();
    const rest = [1, 2, 3].map((i) => db.update((tx) => tx.set(`b${i}`, 'x')));
    await Promise.all([first, ...rest]);
    expect(storage.syncs - before).toBeLessThanOrEqual(2);
    expect((await openOn(storage.crash())).dbsize()).toBe(4);
  });

  it('appendfsync everysec and no: acknowledged once written, not synced yet', async () => {
    for (const appendfsync of ['everysec', 'no'] as const) {
      const storage = new MemoryStorage();
      const db = await openOn(storage, { appendfsync });
      const before = storage.syncs;
      db.set('a', '1');
      await db.flush();
      expect(storage.syncs).toBe(before);
      expect(text(storage.contents(INCR))).toBe(resp('SET', 'a', '1'));
      // A power loss now loses it; a process crash would not (the OS has it).
      expect((await openOn(storage.crash())).dbsize()).toBe(0);
      await db.close();
      expect((await openOn(storage.crash())).get('a')).toBe('1');
    }
  });

  it('close() syncs: nothing written before it is lost to a power loss', async () => {
    const storage = new MemoryStorage();
    const db = await openOn(storage, { appendfsync: 'no' });
    db.set('a', '1');
    await db.close();
    expect((await openOn(storage.crash())).get('a')).toBe('1');
    expect(() => db.get('a')).toThrow('closed');
  });

  it('a torn tail is cut with a warning, and the writes before it load', async () => {
    const storage = new MemoryStorage();
    const db = await openOn(storage);
    db.set('a', '1');
    db.set('b', '2');
    await db.close();
    const good = storage.contents(INCR) as Uint8Array;
    const torn = resp('SET', 'c', '3').slice(0, 9);
    storage.put(INCR, Buffer.concat([good, Buffer.from(torn, 'latin1')]));
    const messages: string[] = [];
    const again = await openOn(storage, {}, messages);
    expect(again.get('a')).toBe('1');
    expect(again.get('b')).toBe('2');
    expect(again.exists('c')).toBe(0);
    expect(messages.join('\n')).toMatch(/warning: .*cut appendonly\.aof\.1\.incr\.aof from \d+ to \d+ bytes/);
    expect(storage.contents(INCR)?.length).toBe(good.length);
  });

  it('a MULTI without EXEC at the end is dropped whole', async () => {
    const storage = new MemoryStorage();
    storage.put(MANIFEST, Buffer.from(`file ${INCR} seq 1 type i\n`));
    storage.put(INCR, Buffer.from(resp('SET', 'a', '1') + resp('MULTI') + resp('SET', 'b', '2') + resp('SET', 'c', '3'), 'latin1'));
    const messages: string[] = [];
    const db = await openOn(storage, {}, messages);
    expect(db.keys('*')).toEqual(['a']);
    expect(messages.some((line) => line.startsWith('warning:'))).toBe(true);
    expect(text(storage.contents(INCR))).toBe(resp('SET', 'a', '1'));
  });

  it('corruption before the tail stops the open, naming the file and offset, and changes no file', async () => {
    const storage = new MemoryStorage();
    const body = resp('SET', 'a', '1') + 'garbage\r\n' + resp('SET', 'b', '2');
    storage.put(MANIFEST, Buffer.from(`file ${INCR} seq 1 type i\n`));
    storage.put(INCR, Buffer.from(body, 'latin1'));
    const offset = resp('SET', 'a', '1').length;
    await expect(openOn(storage)).rejects.toThrow(`${INCR} at byte ${offset}`);
    expect(text(storage.contents(INCR))).toBe(body);
    // The directory is released: a fixed log opens.
    storage.put(INCR, Buffer.from(resp('SET', 'a', '1'), 'latin1'));
    expect((await openOn(storage)).get('a')).toBe('1');
  });

  it('a torn file that is not the last one is corruption, not a tail', async () => {
    const storage = new MemoryStorage();
    storage.put(MANIFEST, Buffer.from(`file ${BASE} seq 1 type b\nfile ${INCR} seq 1 type i\n`));
    storage.put(BASE, Buffer.from(resp('SET', 'a', '1').slice(0, 10), 'latin1'));
    storage.put(INCR, Buffer.from(resp('SET', 'b', '1'), 'latin1'));
    await expect(openOn(storage)).rejects.toThrow(`${BASE} at byte 0`);
  });

  it('an incremental file torn before the last (a power loss as a rewrite switched files) is cut and the files after it emptied', async () => {
    const storage = new MemoryStorage();
    const second = 'appendonly.aof.2.incr.aof';
    storage.put(MANIFEST, Buffer.from(`file ${BASE} seq 1 type b\nfile ${INCR} seq 1 type i\nfile ${second} seq 2 type i\n`));
    storage.put(BASE, Buffer.from(resp('SET', 'base', '1'), 'latin1'));
    storage.put(INCR, Buffer.from(resp('SET', 'a', '1') + resp('SET', 'b', '2').slice(0, 12), 'latin1'));
    storage.put(second, Buffer.from(resp('SET', 'c', '3'), 'latin1'));
    const messages: string[] = [];
    const db = await openOn(storage, {}, messages);
    expect(db.keys('*').sort()).toEqual(['a', 'base']);
    expect(text(storage.contents(INCR))).toBe(resp('SET', 'a', '1'));
    expect(storage.contents(second)?.length).toBe(0);
    expect(messages.filter((line) => line.startsWith('warning:')).length).toBe(2);
    // Writes go on in the last file.
    db.set('d', '4');
    await db.close();
    expect((await openOn(storage)).keys('*').sort()).toEqual(['a', 'base', 'd']);
  });

  it('close() during a rewrite lets it finish, and the rewritten log loads', async () => {
    const storage = new MemoryStorage();
    const db = await openOn(storage);
    for (let i = 0; i < 1000; i++) db.set(`k${i}`, 'v');
    const rewriting = db.rewrite();
    await db.close();
    await rewriting;
    expect(text(storage.contents(MANIFEST))).toBe('file appendonly.aof.2.base.aof seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n');
    expect((await openOn(storage)).dbsize()).toBe(1000);
  });

  it('after a restart, growth for the automatic rewrite counts from the size loaded, as Redis counts it', async () => {
    const storage = new MemoryStorage();
    const messages: string[] = [];
    let db = await openOn(storage, { autoRewrite: false });
    for (let i = 0; i < 100; i++) db.set('same', `value ${i}`);
    await db.close();
    db = await openOn(storage, { autoRewrite: { percentage: 100, minSize: 1000 } }, messages);
    db.set('one', 'more');
    await db.flush();
    expect(messages.some((line) => line.includes('automatic rewriting'))).toBe(false);
  });

  it('an unknown command in the log stops the open with its offset', async () => {
    const storage = new MemoryStorage();
    storage.put(MANIFEST, Buffer.from(`file ${INCR} seq 1 type i\n`));
    storage.put(INCR, Buffer.from(resp('SET', 'a', '1') + resp('NOSUCHCMD', 'x'), 'latin1'));
    await expect(openOn(storage)).rejects.toThrow(/at byte 27: ERR unknown command 'NOSUCHCMD'/);
  });

  it("loads redis-server's own forms: SELECT 0, lower-case names, annotations, PEXPIREAT", async () => {
    const storage = new MemoryStorage();
    const far = String(Date.now() + 3_600_000);
    storage.put(MANIFEST, Buffer.from(`file ${BASE} seq 1 type b\nfile ${INCR} seq 1 type i\n`));
    storage.put(BASE, Buffer.from(resp('SELECT', '0') + resp('SET', 'a', '1') + resp('PEXPIREAT', 'a', far), 'latin1'));
    storage.put(INCR, Buffer.from('#TS:1700000000\r\n' + resp('SELECT', '0') + resp('set', 'b', '2') + resp('incr', 'b'), 'latin1'));
    const db = await openOn(storage);
    expect(db.get('a')).toBe('1');
    expect(String(db.pexpiretime('a'))).toBe(far);
    expect(db.get('b')).toBe('3');
  });

  it('a log that selects another database is refused', async () => {
    const storage = new MemoryStorage();
    storage.put(MANIFEST, Buffer.from(`file ${INCR} seq 1 type i\n`));
    storage.put(INCR, Buffer.from(resp('SELECT', '3') + resp('SET', 'a', '1'), 'latin1'));
    await expect(openOn(storage)).rejects.toThrow('database other than 0');
  });

  it('a base in RDB format is refused with what to do', async () => {
    const storage = new MemoryStorage();
    storage.put(MANIFEST, Buffer.from('file appendonly.aof.1.base.rdb seq 1 type b\n'));
    await expect(openOn(storage)).rejects.toThrow('aof-use-rdb-preamble no');
  });

  it('a failed write rejects what it covers, refuses writes with MISCONF, keeps reads, and recovers', async () => {
    const storage = new MemoryStorage();
    const messages: string[] = [];
    const db = await openOn(storage, { appendfsync: 'always' }, messages);
    db.set('before', '1');
    await db.flush();
    storage.fail('write', 'ENOSPC');
    db.set('during', '2');
    await expect(db.flush()).rejects.toThrow('No space left on device');
    expect(() => db.set('x', '1')).toThrow('MISCONF Errors writing to the AOF file: No space left on device');
    await expect(db.update((tx) => tx.set('x', '1'))).rejects.toThrow('MISCONF');
    expect(db.get('before')).toBe('1');
    expect(db.get('during')).toBe('2');
    expect(db.exists('x')).toBe(0);
    storage.fail('write', null);
    await db.flush();
    db.set('after', '3');
    await db.flush();
    expect(messages.some((line) => line.includes('looks solved'))).toBe(true);
    const again = await openOn(storage.crash());
    expect(again.keys('*').sort()).toEqual(['after', 'before', 'during']);
  });

  it('a failed fsync rejects the acknowledgements waiting for it and refuses writes until one succeeds', async () => {
    const storage = new MemoryStorage();
    const db = await openOn(storage, { appendfsync: 'always' });
    storage.fail('sync', 'EIO');
    await expect(db.update((tx) => tx.set('a', '1'))).rejects.toThrow('Input/output error');
    expect(() => db.set('b', '1')).toThrow('MISCONF Errors writing to the AOF file: Input/output error');
    storage.fail('sync', null);
    await db.flush();
    db.set('b', '1');
    await db.flush();
    expect((await openOn(storage.crash())).keys('*').sort()).toEqual(['a', 'b']);
  });

  it('close() rejects when the last writes cannot be written, and the directory is released', async () => {
    const storage = new MemoryStorage();
    const db = await openOn(storage);
    storage.fail('write', 'EROFS');
    db.set('a', '1');
    await expect(db.close()).rejects.toThrow('Read-only file system');
    storage.fail('write', null);
    await expect(openOn(storage)).resolves.toBeDefined();
  });

  /** Under appendfsync always: 'a' written and its fsync under way, then 'b' written; both acknowledgements pending. */
  async function writeDuringFsync(storage: SlowSyncStorage): Promise<{ db: DB; first: Promise<void>; second: Promise<void> }> {
    const db = await openOn(storage, { appendfsync: 'always' });
    db.set('a', '1');
    const first = db.flush();
    await new Promise((resolve) => setImmediate(resolve));
    db.set('b', '2');
    return { db, first, second: db.flush() };
  }

  it('close() under appendfsync always settles the acknowledgement of a write made while an fsync ran', async () => {
    const storage = new SlowSyncStorage();
    const { db, first, second } = await writeDuringFsync(storage);
    const closed = db.close();
    const timeout = new Promise((resolve) => setTimeout(() => resolve('still waiting'), 1000));
    expect(await Promise.race([Promise.all([first, second, closed]).then(() => 'settled'), timeout])).toBe('settled');
    expect((await openOn(storage.crash())).get('b')).toBe('2');
  });

  it('close() rejects the acknowledgements its last fsync could not cover, with the fsync\'s error', async () => {
    const storage = new SlowSyncStorage();
    const { db, first, second } = await writeDuringFsync(storage);
    const closed = db.close();
    // The fsync under way covers 'a'; the one close() makes for 'b' fails.
    await first;
    storage.fail('sync', 'EIO');
    const timeout = new Promise((resolve) => setTimeout(() => resolve('still waiting'), 1000));
    expect(await Promise.race([second.then(() => 'resolved', (error: { code?: string }) => error.code), timeout])).toBe('EIO');
    await expect(closed).rejects.toMatchObject({ code: 'EIO' });
  });

  it('rewrite: the dataset becomes a new base, the old files go, and writes made meanwhile are kept', async () => {
    const storage = new MemoryStorage();
    let db = await openOn(storage);
    for (let i = 0; i < 100; i++) db.set(`k${i}`, `v${i}`);
    for (let i = 0; i < 100; i++) db.append(`k${i}`, '!');
    db.set('ttl', 'x', 'PX', 3_600_000);
    const expireAt = db.pexpiretime('ttl');
    const rewriting = db.rewrite();
    db.set('during', '1');
    db.append('k0', '?');
    await rewriting;
    db.set('after', '2');
    expect((await storage.list()).sort()).toEqual(['appendonly.aof.2.base.aof', 'appendonly.aof.2.incr.aof', MANIFEST]);
    expect(text(storage.contents(MANIFEST))).toBe('file appendonly.aof.2.base.aof seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n');
    expect(text(storage.contents('appendonly.aof.2.base.aof'))).toContain(resp('PEXPIREAT', 'ttl', String(expireAt)));
    db = await reopen(db, storage);
    expect(db.dbsize()).toBe(103);
    expect(db.get('k0')).toBe('v0!?');
    expect(db.get('k99')).toBe('v99!');
    expect(db.pexpiretime('ttl')).toBe(expireAt);
    expect(db.get('during')).toBe('1');
    expect(db.get('after')).toBe('2');
  });

  it('BGREWRITEAOF starts a rewrite and answers at once; a memory-only database has no log to rewrite', async () => {
    const storage = new MemoryStorage();
    const db = await openOn(storage);
    db.set('a', '1');
    expect(db.call('BGREWRITEAOF')).toBe('Background append only file rewriting started');
    expect(() => db.bgrewriteaof()).toThrow('ERR Background append only file rewriting already in progress');
    for (let i = 0; i < 100 && !(await storage.list()).includes('appendonly.aof.2.base.aof'); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(text(storage.contents('appendonly.aof.2.base.aof'))).toBe(resp('SET', 'a', '1'));
    const memory = open({ engine, activeExpiry: false });
    opened.push(memory);
    expect(() => memory.call('BGREWRITEAOF')).toThrow('ERR this database has no append-only log to rewrite');
  });

  it('when the old file cannot be synced as a rewrite switches files, nothing after it is acknowledged until a retry syncs it', async () => {
    const storage = new MemoryStorage();
    const db = await openOn(storage, { appendfsync: 'always' });
    db.set('a', '1');
    await db.flush();
    // The first incr file's next fsync fails once: the one the rewrite makes as it retires the file.
    const realAppend = storage.append.bind(storage);
    let failOnce = true;
    storage.append = async (name) => {
      const file = await realAppend(name);
      if (name !== INCR) return file;
      return {
        get size() {
          return file.size;
        },
        write: (bytes: Uint8Array) => file.write(bytes),
        close: () => file.close(),
        sync: async () => {
          if (failOnce) {
            failOnce = false;
            throw Object.assign(new Error('EIO'), { code: 'EIO' });
          }
          return file.sync();
        },
      };
    };
    const again = await (async () => {
      await db.close();
      return openOn(storage, { appendfsync: 'always' });
    })();
    again.set('b', '2');
    await expect(again.rewrite()).rejects.toThrow('EIO');
    expect(() => again.set('c', '3')).toThrow('MISCONF Errors writing to the AOF file: Input/output error');
    await expect(again.update((tx) => tx.set('c', '3'))).rejects.toThrow('MISCONF');
    again.call('GET', 'b');
    // The retry (each second) syncs the old file; then writes are accepted and acknowledged again.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await again.update((tx) => tx.set('c', '3'));
    const reopened = await openOn(storage.crash());
    expect(reopened.keys('*').sort()).toEqual(['a', 'b', 'c']);
  });

  it('a second rewrite while one runs is refused as Redis refuses it', async () => {
    const storage = new MemoryStorage();
    const db = await openOn(storage);
    const first = db.rewrite();
    await expect(db.rewrite()).rejects.toThrow('ERR Background append only file rewriting already in progress');
    await first;
  });

  it('a rewrite that fails leaves a log that loads everything', async () => {
    const storage = new MemoryStorage();
    const db = await openOn(storage, { appendfsync: 'always' });
    db.set('a', '1');
    await db.flush();
    const realReplace = storage.replace.bind(storage);
    let calls = 0;
    storage.replace = async (name, bytes) => {
      // The first replace (the manifest naming the new incr file) succeeds; the base fails.
      if (++calls === 2) throw new Error('disk gone');
      return realReplace(name, bytes);
    };
    const rewriting = db.rewrite();
    db.set('b', '2');
    await expect(rewriting).rejects.toThrow('disk gone');
    db.set('c', '3');
    await db.flush();
    storage.replace = realReplace;
    expect((await openOn(storage.crash())).keys('*').sort()).toEqual(['a', 'b', 'c']);
  });

  it('rewrites by itself when the log has doubled past the minimum size', async () => {
    const storage = new MemoryStorage();
    const messages: string[] = [];
    const db = await openOn(storage, { autoRewrite: { percentage: 100, minSize: 1000 } }, messages);
    for (let i = 0; i < 200; i++) db.set('same', `value ${i}`);
    await db.flush();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(messages.some((line) => line.includes('automatic rewriting'))).toBe(true);
    expect(await storage.list()).toContain('appendonly.aof.2.base.aof');
    const again = await openOn(storage.crash());
    expect(again.get('same')).toBe('value 199');
  });

  it('the log opened by one engine loads in the other', async () => {
    const storage = new MemoryStorage();
    const db = await openOn(storage);
    db.set('a', '1');
    db.set('e', 'x', 'PX', 3_600_000);
    await db.close();
    const other = await openWithStorage(storage, { engine: engine === 'wasm' ? 'ts' : 'wasm', activeExpiry: false });
    opened.push(other);
    expect(other.get('a')).toBe('1');
    expect(other.pttl('e')).toBeGreaterThan(0);
  });

  it('a second open of a held directory fails clearly; after close it opens', async () => {
    const storage = new MemoryStorage();
    const db = await openOn(storage);
    await expect(openOn(storage)).rejects.toThrow('already open');
    await db.close();
    await expect(openOn(storage)).resolves.toBeDefined();
  });
});

describe.each(ENGINES)('persistence on disk (%s engine)', (engine) => {
  async function openAt(path: string, options: OpenOptions = {}): Promise<DB> {
    const db = await open({ path, engine, activeExpiry: false, ...options });
    opened.push(db);
    return db;
  }

  it('open({ path }) creates the directory with Redis\'s file names and reopens it', async () => {
    const dir = join(tempDir(), 'data');
    const db = await openAt(dir, { appendfsync: 'always' });
    db.set('a', '1');
    await db.close();
    expect(readdirSync(dir).sort()).toEqual([BASE, INCR, MANIFEST]);
    expect(readFileSync(join(dir, INCR), 'latin1')).toBe(resp('SET', 'a', '1'));
    expect((await openAt(dir)).get('a')).toBe('1');
  });

  it('one process per directory: a second open fails while it is held, and a lock left by a dead process is taken over', async () => {
    const dir = join(tempDir(), 'data');
    const db = await openAt(dir);
    await expect(openAt(dir)).rejects.toThrow('already open in this process');
    await db.close();
    // A lock file naming a process that no longer runs (pid 2^22 + 1 is above Linux's pid_max default).
    writeFileSync(join(dir, 'flashkv.lock'), '4194305\n');
    await expect(openAt(dir)).resolves.toBeDefined();
  });

  it('a lock held by another live process is refused', async () => {
    const dir = join(tempDir(), 'data');
    const db = await openAt(dir);
    await db.close();
    writeFileSync(join(dir, 'flashkv.lock'), `${process.ppid}\n`);
    await expect(openAt(dir)).rejects.toThrow(`in use by process ${process.ppid}`);
  });

  it('a torn tail on disk is truncated on open', async () => {
    const dir = join(tempDir(), 'data');
    const db = await openAt(dir, { appendfsync: 'always' });
    db.set('a', '1');
    await db.close();
    appendFileSync(join(dir, INCR), '*3\r\n$3\r\nSET\r\n$1');
    const again = await openAt(dir, { logger: () => undefined });
    expect(again.get('a')).toBe('1');
    expect(readFileSync(join(dir, INCR), 'latin1')).toBe(resp('SET', 'a', '1'));
  });
});
