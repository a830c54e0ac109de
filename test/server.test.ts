/**
 * flashkv-server: the Redis protocol over TCP (src/server/).
 *
 * The same byte sequences go to flashkv-server and to a real redis-server
 * (both started by the test, on free loopback ports) and must get the same
 * bytes back: RESP2 and RESP3, errors, pipelining, inline commands,
 * MULTI/EXEC. Then what only a server has: AUTH, QUIT, a protocol error
 * ending one connection, a port in use, maxclients, the data kept across a
 * restart, redis-cli against it.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server/server.js';
import { ENGINES } from './support/engines.js';
import { RedisServer, redisAvailable, redisSkipReason } from './support/redis-server.js';
import { ROOT } from './runtimes/support.js';

const run = promisify(execFile);
const dirs: string[] = [];
const servers: RunningServer[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flashkv-server-'));
  dirs.push(dir);
  return dir;
}

async function serve(options: Parameters<typeof startServer>[0] = {}): Promise<RunningServer> {
  const server = await startServer({ port: 0, dir: null, ...options });
  servers.push(server);
  return server;
}

/** Sends raw bytes on a fresh connection and collects what comes back until `expectBytes` arrived or the server closed it. */
function exchange(port: number, request: string | Buffer, settleMs = 40): Promise<{ reply: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    let closed = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ reply, closed });
    };
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      clearTimeout(timer);
      timer = setTimeout(finish, settleMs);
    });
    socket.on('end', () => {
      closed = true;
      finish();
    });
    socket.on('error', reject);
    socket.write(request);
    timer = setTimeout(finish, settleMs * 4);
  });
}

/** Byte sequences a client may send, each compared with redis-server's answer as a whole. */
const EXCHANGES: string[] = [
  'PING\r\n',
  '*1\r\n$4\r\nPING\r\n',
  '*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\n',
  // A pipeline: many commands in one write, mixing forms.
  '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\nGET missing\r\nINCR k\r\nDEL k\r\n',
  'SET "with space" "a\\x41\\n"\r\nGET "with space"\r\nSTRLEN \'with space\'\r\n',
  'NOSUCH a b\r\n',
  'SET onlykey\r\n',
  '*1\r\n$3\r\nGET\r\n',
  '\r\n\r\nPING\r\n',
  'MULTI\r\nSET a 1\r\nINCR a\r\nINCR nonint\r\nEXEC\r\n',
  'SET nonint x\r\nMULTI\r\nINCR nonint\r\nSET b 2\r\nEXEC\r\nGET b\r\n',
  'MULTI\r\nSET a\r\nSET b 2\r\nEXEC\r\nGET b\r\n',
  'EXEC\r\nDISCARD\r\nMULTI\r\nMULTI\r\nDISCARD\r\n',
  'HELLO 3\r\nSET k v\r\nGET k\r\nGET nothing\r\nINCRBYFLOAT f 1.5\r\nHELLO 2\r\nGET nothing\r\n',
  'HELLO 4\r\nHELLO x\r\n',
  'SELECT 0\r\nSELECT x\r\n',
  'CLIENT SETNAME conn\r\nCLIENT GETNAME\r\nCLIENT NOSUCH\r\n',
  'AUTH secret\r\n',
  'CONFIG\r\nCONFIG GET\r\nCONFIG GET nosuch\r\nCONFIG SET nosuch 1\r\nCONFIG SET maxclients\r\nCONFIG NOSUCH\r\nTIME x\r\n',
  'MSET a 1 b 2\r\nMGET a b c\r\nSCAN 0 COUNT 100 MATCH nothing*\r\nTYPE a\r\nEXPIRE a 100\r\nTTL a\r\nPERSIST a\r\n',
  // Hash and set replies in RESP3, directly and inside EXEC (a reply's kind may depend on its arguments: SPOP's count, WITHVALUES).
  'HELLO 3\r\nHSET h a 1\r\nHGETALL h\r\nHGETALL nokey\r\nSADD s x\r\nSMEMBERS s\r\nMULTI\r\nHGETALL h\r\nHRANDFIELD h -2 WITHVALUES\r\nHRANDFIELD h\r\nSRANDMEMBER s -2\r\nSPOP s 5\r\nSPOP s\r\nEXEC\r\nHELLO 2\r\nHGETALL h\r\n',
  // The encoding limits: names in any case and by their Redis 6 aliases, values as Redis reads them; each exchange puts the defaults back.
  // (Redis lists several settings in its table's order: one setting per CONFIG GET here.)
  'CONFIG GET hash-max-listpack-entries\r\nCONFIG GET HASH-MAX-ZIPLIST-VALUE\r\nCONFIG GET set-max-intset-entries SET-MAX-INTSET-ENTRIES\r\nCONFIG GET hash-max-ziplist-entries\r\nCONFIG GET hash-max-listpack-value\r\n',
  'CONFIG SET hash-max-listpack-entries 2 set-max-intset-entries 1\r\nHSET h a 1 b 2\r\nOBJECT ENCODING h\r\nHSET h c 3\r\nOBJECT ENCODING h\r\nSADD s 1\r\nOBJECT ENCODING s\r\nSADD s 2\r\nOBJECT ENCODING s\r\nCONFIG GET hash-max-listpack-entries\r\nCONFIG SET hash-max-ziplist-entries 512 set-max-intset-entries 512\r\n',
  'CONFIG SET hash-max-listpack-value 1kb\r\nCONFIG GET hash-max-listpack-value\r\nCONFIG SET hash-max-ziplist-value 5B\r\nCONFIG GET hash-max-ziplist-value\r\nCONFIG SET hash-max-listpack-value 1.5kb\r\nCONFIG SET hash-max-listpack-value -1\r\nCONFIG SET hash-max-listpack-value 10000000000gb\r\nCONFIG SET hash-max-listpack-value 20000000000gb\r\nCONFIG GET hash-max-listpack-value\r\nCONFIG SET hash-max-listpack-value kb\r\nCONFIG GET hash-max-listpack-value\r\nCONFIG SET hash-max-listpack-value 64\r\n',
  'CONFIG SET hash-max-listpack-entries abc\r\nCONFIG SET hash-max-listpack-entries -1\r\nCONFIG SET HASH-MAX-LISTPACK-ENTRIES +5\r\nCONFIG SET hash-max-ziplist-entries 05\r\nCONFIG SET set-max-intset-entries 1 SET-MAX-INTSET-ENTRIES 2\r\nCONFIG SET set-max-intset-entries 9223372036854775807\r\nCONFIG GET set-max-intset-entries\r\nCONFIG SET set-max-intset-entries 512\r\nCONFIG SET hash-max-listpack-entries 1 hash-max-ziplist-entries 2\r\nCONFIG GET hash-max-listpack-entries\r\nCONFIG SET hash-max-listpack-entries 512\r\n',
  'CONFIG SET maxclients 0\r\nCONFIG SET maxclients x foo 1\r\nCONFIG SET databases 1 maxclients 2\r\nCONFIG SET maxclients 1 maxclients 2\r\nCONFIG SET maxclients 1 2\r\nCONFIG SET hash-max-listpack-entries x maxclients y\r\n',
  'QUIT\r\nPING\r\n',
  // A protocol error: the reply, then the connection ends (the PING after it is never read).
  '*1\r\n$x\r\nPING\r\n',
  '*a\r\n',
  'SET "unbalanced\r\n',
];

describe.skipIf(!redisAvailable)(`flashkv-server against redis-server, byte for byte${redisSkipReason}`, () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await RedisServer.start();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  for (const engine of ENGINES) {
    it(`answers every exchange as redis-server does (${engine} engine)`, async () => {
      const server = await serve({ engine });
      for (const request of EXCHANGES) {
        await exchange(redis.port, 'FLUSHALL\r\n');
        await exchange(server.port, 'FLUSHALL\r\n');
        const expected = await exchange(redis.port, request);
        const actual = await exchange(server.port, request);
        // Client ids count each server's own connections.
        const sameIds = (answer: { reply: string; closed: boolean }) => ({ ...answer, reply: answer.reply.replace(/\$2\r\nid\r\n:\d+\r\n/g, '$2\r\nid\r\n:<id>\r\n') });
        expect(sameIds(actual), JSON.stringify(request)).toEqual(sameIds(expected));
      }
    }, 60_000);
  }
});

describe('flashkv-server', () => {
  it('HELLO answers with the protocol flashkv follows, as a map in RESP3', async () => {
    const server = await serve();
    const { reply } = await exchange(server.port, 'HELLO 3\r\n');
    expect(reply).toMatch(/^%7\r\n\$6\r\nserver\r\n\$5\r\nredis\r\n\$7\r\nversion\r\n\$6\r\n7\.0\.15\r\n\$5\r\nproto\r\n:3\r\n\$2\r\nid\r\n:\d+\r\n\$4\r\nmode\r\n\$10\r\nstandalone\r\n\$4\r\nrole\r\n\$6\r\nmaster\r\n\$7\r\nmodules\r\n\*0\r\n$/);
  });

  it('with requirepass, only AUTH, HELLO and QUIT answer before authentication', async () => {
    const server = await serve({ requirepass: 'secret' });
    expect((await exchange(server.port, 'GET k\r\nAUTH wrong\r\nAUTH secret\r\nSET k v\r\nGET k\r\n')).reply).toBe(
      '-NOAUTH Authentication required.\r\n-WRONGPASS invalid username-password pair or user is disabled.\r\n+OK\r\n+OK\r\n$1\r\nv\r\n',
    );
    expect((await exchange(server.port, 'HELLO 2 AUTH default secret\r\nPING\r\n')).reply).toMatch(/\+PONG\r\n$/);
  });

  it('keeps its data in a directory across a restart', async () => {
    const dir = join(tempDir(), 'data');
    let server = await serve({ dir, appendfsync: 'always' });
    expect((await exchange(server.port, 'SET k v\r\nINCR n\r\n')).reply).toBe('+OK\r\n:1\r\n');
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    server = await serve({ dir });
    expect((await exchange(server.port, 'GET k\r\nGET n\r\n')).reply).toBe('$1\r\nv\r\n$1\r\n1\r\n');
  });

  it('CONFIG GET reports the settings; CONFIG SET changes requirepass and maxclients; TIME is the clock', async () => {
    const server = await serve({ maxclients: 50 });
    expect((await exchange(server.port, 'CONFIG GET port appendonly maxclients\r\n')).reply).toBe(
      `*6\r\n$4\r\nport\r\n$${String(server.port).length}\r\n${server.port}\r\n$10\r\nappendonly\r\n$2\r\nno\r\n$10\r\nmaxclients\r\n$2\r\n50\r\n`,
    );
    expect((await exchange(server.port, 'CONFIG SET port 1\r\nCONFIG SET maxclients x\r\nCONFIG SET requirepass s3cret\r\n')).reply).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'port') - can't set immutable config\r\n-ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument couldn't be parsed into an integer\r\n+OK\r\n",
    );
    expect((await exchange(server.port, 'GET k\r\n')).reply).toBe('-NOAUTH Authentication required.\r\n');
    const { reply } = await exchange(server.port, 'AUTH s3cret\r\nTIME\r\n');
    const [, seconds, micros] = /^\+OK\r\n\*2\r\n\$\d+\r\n(\d+)\r\n\$\d+\r\n(\d+)\r\n$/.exec(reply) ?? [];
    expect(Math.abs(Number(seconds) * 1000 + Number(micros) / 1000 - Date.now())).toBeLessThan(5000);
  });

  it("EXEC replies to a queued subcommand in its own row's kind (MEMORY USAGE an integer, MEMORY HELP an array)", async () => {
    const server = await serve();
    const { reply } = await exchange(server.port, 'SET k v\r\nMULTI\r\nMEMORY USAGE k\r\nMEMORY HELP\r\nEXEC\r\nPING\r\n');
    expect(reply).toMatch(/^\+OK\r\n\+OK\r\n\+QUEUED\r\n\+QUEUED\r\n\*2\r\n:\d+\r\n\*\d+\r\n[\s\S]*\+PONG\r\n$/);
  });

  it('a port in use is a clear error', async () => {
    const first = await serve();
    await expect(startServer({ port: first.port, dir: null })).rejects.toThrow(`127.0.0.1:${first.port} is already in use`);
  });

  it('refuses connections past maxclients with Redis\'s error', async () => {
    const server = await serve({ maxclients: 1 });
    const held = connect(server.port, '127.0.0.1');
    // A reply on it means the server has counted it.
    held.write('PING\r\n');
    await new Promise((resolve) => held.once('data', resolve));
    try {
      expect((await exchange(server.port, 'PING\r\n')).reply).toBe('-ERR max number of clients reached\r\n');
    } finally {
      held.destroy();
    }
  });

  it('the flashkv-server program: redis-server\'s options and config file, its log, SIGTERM closing the database', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'flashkv.conf'), '# a comment\nport 0\nappendfsync always\nengine ts\n');
    const child = spawn(process.execPath, [join(ROOT, 'dist/server/main.js'), join(dir, 'flashkv.conf'), '--dir', join(dir, 'data')], { cwd: dir });
    let log = '';
    child.stdout.on('data', (chunk) => (log += chunk));
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /Ready to accept connections tcp on 127\.0\.0\.1:(\d+)/.exec(log);
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', () => reject(new Error(`flashkv-server exited: ${log}`)));
    });
    expect((await exchange(port, 'SET k v\r\nGET k\r\n')).reply).toBe('+OK\r\n$1\r\nv\r\n');
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(log).toMatch(/^\d+:M \d\d \w{3} \d{4} [\d:.]+ # oO0OoO0OoO0Oo flashkv-server is starting/);
    expect(log).toContain('engine=ts');
    expect(log).toContain('Received SIGTERM scheduling shutdown...');
    expect(log).toContain('ready to exit, bye bye');
    expect(readFileSync(join(dir, 'data', 'appendonly.aof.1.incr.aof'), 'latin1')).toContain('SET');
  });

  it('refuses a bad directive as redis-server does', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'dist/server/main.js'), '--nosuch', 'x'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('Bad directive or wrong number of arguments: --nosuch x\n');
  });

  for (const engine of ENGINES) {
    it(`ioredis works against it: commands, binary values, pipelines, MULTI/EXEC, errors (${engine} engine)`, async () => {
      const server = await serve({ engine });
      const client = new IORedis({ port: server.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
      try {
        await client.connect();
        expect(await client.set('greeting', 'hello')).toBe('OK');
        expect(await client.get('greeting')).toBe('hello');
        await client.set('bytes', Buffer.from([0, 255, 13, 10]));
        expect(await client.getBuffer('bytes')).toEqual(Buffer.from([0, 255, 13, 10]));
        expect(await client.incrby('n', 41)).toBe(41);
        expect(await client.pipeline().incr('n').get('n').exec()).toEqual([[null, 42], [null, '42']]);
        expect(await client.multi().set('a', '1').incr('a').exec()).toEqual([[null, 'OK'], [null, 2]]);
        await expect(client.incr('greeting')).rejects.toThrow('ERR value is not an integer or out of range');
        expect(await client.call('GET', 'a')).toBe('2');
        expect((await client.scan('0', 'COUNT', '100'))[1].sort()).toEqual(['a', 'bytes', 'greeting', 'n']);
      } finally {
        client.disconnect();
      }
    });
  }

  it('node-redis works against it, over RESP2', async () => {
    const server = await serve();
    const client = createClient({ socket: { port: server.port, host: '127.0.0.1', reconnectStrategy: false } });
    await client.connect();
    try {
      expect(await client.set('k', 'v', { EX: 100 })).toBe('OK');
      expect(await client.get('k')).toBe('v');
      expect(await client.ttl('k')).toBe(100);
      expect(await client.mGet(['k', 'missing'])).toEqual(['v', null]);
      expect(await client.multi().incr('n').incr('n').exec()).toEqual([1, 2]);
      await expect(client.sendCommand(['NOSUCH'])).rejects.toThrow("ERR unknown command 'NOSUCH'");
    } finally {
      await client.quit();
    }
  });

  it.skipIf(spawnSync('redis-cli', ['--version']).status !== 0)('redis-cli works against it', async () => {
    const server = await serve();
    // Not spawnSync: the server runs in this process and must keep answering.
    const cli = async (...args: string[]): Promise<string> => (await run('redis-cli', ['-p', String(server.port), ...args], { encoding: 'utf8', timeout: 10_000 })).stdout;
    expect(await cli('SET', 'greeting', 'hello world')).toBe('OK\n');
    expect(await cli('GET', 'greeting')).toBe('hello world\n');
    expect(await cli('INCRBY', 'n', '41')).toBe('41\n');
    expect(await cli('--no-raw', 'MGET', 'greeting', 'missing')).toBe('1) "hello world"\n2) (nil)\n');
    expect(await cli('-3', '--no-raw', 'HELLO', '3')).toContain('"server" => "redis"');
    expect(await cli('--scan')).toBe(['greeting', 'n'].sort().join('\n') + '\n');
  });
});
