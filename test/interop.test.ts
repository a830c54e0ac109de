/**
 * The log directory is Redis's: a redis-server 7 started on a copy of a
 * flashkv directory has the same dataset, and flashkv opens a directory
 * redis-server wrote (appendonly yes, aof-use-rdb-preamble no). Datasets are
 * compared key by key: type, value bytes, absolute expiry.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { open, type DB } from '../src/db.js';
import { ENGINES } from './support/engines.js';
import { RedisServer, redisAvailable, redisSkipReason, type RedisClient } from './support/redis-server.js';

interface Entry {
  type: string;
  value: string;
  expireAt: string;
}

type Dataset = Record<string, Entry>;

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

const dirs: string[] = [];
const servers: RedisServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flashkv-interop-'));
  dirs.push(dir);
  return dir;
}

/**
 * A value as comparable text, whatever its type: a string's bytes; a hash's
 * field=value pairs and a set's members sorted, as their orders are each
 * side's own.
 */
async function valueText(type: string, read: (command: string) => Promise<Uint8Array | Uint8Array[]> | Uint8Array | Uint8Array[]): Promise<string> {
  if (type === 'string') return hex((await read('GET')) as Uint8Array);
  if (type === 'set') return ((await read('SMEMBERS')) as Uint8Array[]).map(hex).sort().join(',');
  if (type !== 'hash') throw new Error(`interop: no comparison for type ${type}`);
  const flat = (await read('HGETALL')) as Uint8Array[];
  const pairs: string[] = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push(`${hex(flat[i])}=${hex(flat[i + 1])}`);
  return pairs.sort().join(',');
}

/** Every key of a redis-server, by hex of its bytes. */
async function redisDataset(client: RedisClient): Promise<Dataset> {
  const out: Dataset = {};
  let cursor = '0';
  do {
    const [next, keys] = (await client.call('SCAN', cursor, 'COUNT', '1000')) as [Uint8Array, Uint8Array[]];
    cursor = Buffer.from(next).toString();
    for (const key of keys) {
      const type = String(await client.call('TYPE', key));
      const value = await valueText(type, (command) => client.call(command, key) as Promise<Uint8Array | Uint8Array[]>);
      const expireAt = String(await client.call('PEXPIRETIME', key));
      out[hex(key)] = { type, value, expireAt };
    }
  } while (cursor !== '0');
  return out;
}

/** Every key of a flashkv database, in the same form. */
async function flashkvDataset(db: DB): Promise<Dataset> {
  const out: Dataset = {};
  for (const key of db.scanPrefixBuffer(new Uint8Array(0))) {
    const type = db.type(key);
    const value = await valueText(type, (command) => db.callBuffer(command, key) as Uint8Array | Uint8Array[]);
    out[hex(key)] = { type, value, expireAt: String(db.pexpiretime(key)) };
  }
  return out;
}

/** Writes a dataset that exercises the encodings: binary keys and values, CRLF inside, a large value, expiries, a transaction. */
async function writeSample(db: DB): Promise<void> {
  const far = Date.now() + 3_600_000;
  db.set('plain', 'value');
  db.set(new Uint8Array([0, 1, 2, 13, 10, 255]), new Uint8Array([255, 0, 13, 10, 36, 42]));
  db.set('with space and\r\nCRLF', 'multi\r\nline');
  db.set('big', 'x'.repeat(1 << 20));
  db.set('empty', '');
  db.set('ttl', 'soon', 'PXAT', far);
  db.set('gone', 'x', 'PX', 1);
  db.incr('counter');
  db.incrby('counter', 41);
  db.incrbyfloat('float', '0.1');
  db.append('appended', 'ab');
  db.append('appended', 'cd');
  db.setrange('ranged', 3, 'xyz');
  db.mset('m1', 'a', 'm2', 'b');
  db.set('to-rename', 'r');
  db.rename('to-rename', 'renamed');
  db.copy('renamed', 'copied');
  db.set('deleted', 'd');
  db.del('deleted');
  db.set('persisted', 'p', 'EX', 100);
  db.persist('persisted');
  await db.update((tx) => {
    tx.set('tx:a', '1');
    tx.set('tx:b', '2');
    tx.pexpireat('tx:b', far);
  });
  for (let i = 0; i < 500; i++) db.set(`bulk:${i}`, `value:${i}`);
  writeCollections(db);
  await new Promise((resolve) => setTimeout(resolve, 5));
}

/** SAMPLE_COLLECTIONS keys of hashes and sets in every encoding, written through their commands and edits. */
function writeCollections(db: DB): void {
  db.call('HSET', 'h:small', 'f1', 'v1', 'f2', 'v2', 'f3', 'v3');
  db.call('HDEL', 'h:small', 'f2');
  db.call('HINCRBY', 'h:small', 'n', '41');
  db.call('HINCRBYFLOAT', 'h:small', 'x', '0.1');
  db.call('HSETNX', 'h:small', 'f1', 'ignored');
  db.call('HSET', new Uint8Array([0, 13, 10]), new Uint8Array([255, 0]), new Uint8Array([13, 10, 36]));
  for (let i = 0; i < 600; i++) db.call('HSET', 'h:large', `field:${i}`, `value:${i}`);
  db.call('HDEL', 'h:large', 'field:7', 'field:8');
  db.call('HSET', 'h:long', 'f', 'y'.repeat(100));
  db.call('SADD', 's:ints', '1', '2', '3', '-9223372036854775808', '9223372036854775807');
  db.call('SREM', 's:ints', '2');
  for (let i = 0; i < 700; i++) db.call('SADD', 's:large', `member:${i}`);
  db.call('SPOP', 's:large', '5');
  db.call('SMOVE', 's:large', 's:moved', 'member:3');
  db.call('SADD', 's:other', 'member:1', 'member:2', 'member:650', 'x');
  db.call('SINTERSTORE', 's:inter', 's:large', 's:other');
  db.call('SUNIONSTORE', 's:union', 's:ints', 's:other');
  db.call('SDIFFSTORE', 's:diff', 's:other', 's:large');
  db.call('SADD', 's:ttl', 'a');
  db.call('PEXPIREAT', 's:ttl', Date.now() + 3_600_000);
  db.call('HSET', 'h:emptied', 'f', 'v');
  db.call('HDEL', 'h:emptied', 'f');
  db.call('COPY', 'h:large', 'h:copy');
  db.call('RENAME', 's:other', 's:renamed');
}

const SAMPLE_COLLECTIONS = 13;

describe.skipIf(!redisAvailable)(`interop with redis-server${redisSkipReason}`, () => {
  describe.each(ENGINES)('%s engine', (engine) => {
    it('redis-server started on a flashkv directory (after a rewrite and more writes) has the same dataset', async () => {
      const parent = tempDir();
      const path = join(parent, 'data');
      const db = await open({ path, engine, appendfsync: 'always', activeExpiry: false });
      await writeSample(db);
      await db.rewrite();
      db.set('after-rewrite', '1');
      db.append('appended', 'ef');
      db.del('bulk:0');
      await db.flush();
      const expected = await flashkvDataset(db);
      await db.close();

      const copy = tempDir();
      cpSync(path, join(copy, 'appendonlydir'), { recursive: true });
      const server = await RedisServer.start({ dir: copy, args: ['--appendonly', 'yes', '--appenddirname', 'appendonlydir'] });
      servers.push(server);
      const client = await server.connect('bytes');
      try {
        expect(await redisDataset(client)).toEqual(expected);
        expect(Object.keys(expected).length).toBe(517 + SAMPLE_COLLECTIONS);
      } finally {
        client.close();
      }
    });

    it('flashkv opens a directory redis-server wrote, base and incremental files, and has the same dataset', async () => {
      const dir = tempDir();
      const server = await RedisServer.start({
        dir,
        args: ['--appendonly', 'yes', '--aof-use-rdb-preamble', 'no', '--appendfsync', 'always', '--appenddirname', 'appendonlydir'],
      });
      servers.push(server);
      const client = await server.connect('bytes');
      const far = String(Date.now() + 3_600_000);
      const commands: string[][] = [
        ['SET', 'plain', 'value'],
        ['SET', 'with space', 'a\r\nb'],
        ['SET', 'ttl', 'x', 'PXAT', far],
        ['SET', 'ex', 'x', 'EX', '1000'],
        ['INCR', 'counter'],
        ['INCRBY', 'counter', '9'],
        ['INCRBYFLOAT', 'f', '2.5'],
        ['APPEND', 'ap', 'x'],
        ['MSET', 'm1', '1', 'm2', '2'],
        ['SETRANGE', 'sr', '2', 'ab'],
        ['RENAME', 'm1', 'm1r'],
        ['COPY', 'plain', 'plain2'],
        ['GETDEL', 'm2'],
        ['SET', 'del', 'x'],
        ['DEL', 'del'],
        ['SET', 'pers', 'x', 'EX', '50'],
        ['PERSIST', 'pers'],
        ['EXPIRE', 'plain2', '500'],
        ['HSET', 'h', 'a', '1', 'b', '2'],
        ['HINCRBY', 'h', 'a', '5'],
        ['HINCRBYFLOAT', 'h', 'f', '1.25'],
        ['HDEL', 'h', 'b'],
        ['SADD', 's', 'x', 'y', 'z'],
        ['SADD', 'si', '1', '5', '-3'],
        ['SREM', 's', 'y'],
        ['SPOP', 's'],
        ['SMOVE', 'si', 's2', '5'],
        ['SUNIONSTORE', 'su', 's', 'si', 's2'],
        ['EXPIRE', 'si', '900'],
      ];
      let expected: Dataset;
      try {
        for (const command of commands) await client.call(...command);
        await client.call('BGREWRITEAOF');
        for (let i = 0; i < 50; i++) {
          const info = Buffer.from((await client.call('INFO', 'persistence')) as Uint8Array).toString();
          if (info.includes('aof_rewrite_in_progress:0') && info.includes('aof_rewrite_scheduled:0')) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        await client.call('MULTI');
        await client.call('INCR', 'counter');
        await client.call('SET', 'in-tx', 'yes');
        await client.call('EXEC');
        await client.call('APPEND', 'ap', 'yz');
        await client.call('SET', Buffer.from([0, 255, 13, 10]), Buffer.from([13, 10, 0]));
        await client.call('HSET', 'h', 'c', '3');
        await client.call('SADD', 's', 'w');
        await client.call('SINTERSTORE', 'si2', 'su', 's');
        expected = await redisDataset(client);
      } finally {
        client.close();
      }
      await server.stop();
      const db = await open({ path: join(dir, 'appendonlydir'), engine, activeExpiry: false });
      try {
        expect(await flashkvDataset(db)).toEqual(expected);
        expect(Object.keys(expected).length).toBe(19);
        expect(db.get('counter')).toBe('11');
      } finally {
        await db.close();
      }
    });
  });
});
