// Hashes and sets: throughput as ratios taken in one run (wasm engine vs TS
// engine vs ioredis-mock) and memory per field or member (vs redis-server).
// `node --expose-gc bench/collections.mjs [--quick]` after `npm run build`;
// `npm run bench` runs it with the rest.
//
// The workloads the hashes-and-sets issue names:
// - HSET then HGET on 100k hashes of 10 fields, hash and field drawn at
//   random, names built per call as an app builds them;
// - SADD then SISMEMBER (half hits, half misses) on one 1M-member set;
// - SINTER of two 100k-member sets that share half their members;
// - memory per field of 1M small hashes (4 fields of 8-byte values each:
//   listpack in Redis and in the wasm engine) and per member of one
//   1M-member set, one engine per child process.
// ioredis-mock runs smaller sizes (a tenth; its set a hundredth, as its
// SISMEMBER walks the whole set: about 3 ms a call at 10k members); the
// table's title says so.
import RedisMock from 'ioredis-mock';
import { encodeCommand, redisInstalled, startRedis } from './redis-server.mjs';
import { benchRounds, fixed, openEngine, printTable, runChild, settleHeap, sink } from './support.mjs';

const FIELDS = 10;

/** A random stream fixed by its seed, so every subject sees the same draws. */
function draws(count, below, seed) {
  let x = seed >>> 0 || 1;
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x >>> 0) % below;
  }
  return out;
}

async function fill(store, sizes) {
  for (let h = 0; h < sizes.hashes; h++) {
    const fields = {};
    for (let f = 0; f < FIELDS; f++) fields[`field:${f}`] = `value:${h}:${f}`;
    await store.hset(`hash:${h}`, fields);
  }
  const members = [];
  for (let m = 0; m < sizes.members; m++) {
    members.push(`member:${m}`);
    if (members.length === 1000) await store.sadd('big', members.splice(0));
  }
  if (members.length > 0) await store.sadd('big', members);
  for (let m = 0; m < sizes.inter; m++) {
    await store.sadd('left', `member:${m}`);
    await store.sadd('right', `member:${m + sizes.inter / 2}`);
  }
}

/** ns per op of each workload on one subject. */
async function throughput(name, store, sizes, quick) {
  // ioredis-mock's SISMEMBER takes milliseconds (it walks the whole set), so its samples are short.
  const batch = name === 'ioredis-mock' ? 10 : 1000;
  const hashPick = draws(1 << 16, sizes.hashes, 7);
  const fieldPick = draws(1 << 16, FIELDS, 11);
  const memberPick = draws(1 << 16, sizes.members * 2, 13);
  const wait = name === 'ioredis-mock';
  let at = 0;
  let write = 0;
  const timing = { rounds: quick ? 3 : 5, timeMs: quick ? 150 : 400, batch };
  const ns = await benchRounds(timing, (bench) => {
    bench.add(`${name} HGET`, async () => {
      for (let i = 0; i < batch; i++) {
        const j = at++ & 0xffff;
        const reply = store.hget(`hash:${hashPick[j]}`, `field:${fieldPick[j]}`);
        sink.value = wait ? await reply : reply;
      }
    });
    bench.add(`${name} HSET`, async () => {
      for (let i = 0; i < batch; i++) {
        const j = at++ & 0xffff;
        const reply = store.hset(`hash:${hashPick[j]}`, `field:${fieldPick[j]}`, `new:${write++}`);
        sink.value = wait ? await reply : reply;
      }
    });
    bench.add(`${name} SISMEMBER`, async () => {
      for (let i = 0; i < batch; i++) {
        const reply = store.sismember('big', `member:${memberPick[at++ & 0xffff]}`);
        sink.value = wait ? await reply : reply;
      }
    });
  });
  const inter = await benchRounds({ ...timing, batch: 1 }, (bench) => {
    bench.add(`${name} SINTER`, async () => {
      const reply = store.sinter('left', 'right');
      sink.value = wait ? await reply : reply;
    });
  });
  return { ...ns, ...inter };
}

/**
 * Memory per field of small hashes and per member of a big set, measured in
 * this process (a child, so one engine's heap is all there is): the wasm
 * engine's used_memory (INFO), the TS engine's V8 heap growth after full GCs.
 */
function memoryOf(engine, hashes, members) {
  settleHeap();
  const before = process.memoryUsage();
  const store = openEngine(engine);
  const measure = () => {
    if (engine === 'wasm') return Number(/used_memory:(\d+)/.exec(store.info('memory'))[1]);
    settleHeap();
    const now = process.memoryUsage();
    return now.heapUsed + now.external - before.heapUsed - before.external;
  };
  const start = measure();
  for (let h = 0; h < hashes; h++) store.hset(`hash:${h}`, 'f1', `v1:${h % 1000}`, 'f2', `v2:${h % 1000}`, 'f3', `v3:${h % 1000}`, 'f4', `v4:${h % 1000}`);
  const afterHashes = measure();
  const batch = [];
  for (let m = 0; m < members; m++) {
    batch.push(`member:${m}`);
    if (batch.length === 1000) store.sadd('big', batch.splice(0));
  }
  if (batch.length > 0) store.sadd('big', batch);
  const afterSet = measure();
  globalThis.keep = store;
  return { engine, perField: (afterHashes - start) / (hashes * 4), perMember: (afterSet - afterHashes) / members };
}

async function redisMemory(hashes, members) {
  if (!redisInstalled()) return null;
  const redis = await startRedis();
  try {
    const used = async () => Number((await redis.info('memory')).used_memory);
    const start = await used();
    await redis.connection.sendAll(hashes, (h) => encodeCommand(['HSET', `hash:${h}`, 'f1', `v1:${h % 1000}`, 'f2', `v2:${h % 1000}`, 'f3', `v3:${h % 1000}`, 'f4', `v4:${h % 1000}`]));
    const afterHashes = await used();
    await redis.connection.sendAll(members, (m) => encodeCommand(['SADD', 'big', `member:${m}`]));
    const afterSet = await used();
    return { engine: 'redis-server', perField: (afterHashes - start) / (hashes * 4), perMember: (afterSet - afterHashes) / members };
  } finally {
    redis.stop();
  }
}

export async function benchCollections(quick) {
  const sizes = quick ? { hashes: 10_000, members: 100_000, inter: 10_000 } : { hashes: 100_000, members: 1_000_000, inter: 100_000 };
  const mockSizes = { hashes: sizes.hashes / 10, members: sizes.members / 100, inter: sizes.inter / 10 };
  const results = {};
  for (const engine of ['wasm', 'ts']) {
    const db = openEngine(engine);
    await fill(db, sizes);
    Object.assign(results, await throughput(engine, db, sizes, quick));
    db.close();
  }
  const mock = new RedisMock();
  await fill(mock, mockSizes);
  Object.assign(results, await throughput('ioredis-mock', mock, mockSizes, quick));
  mock.disconnect();

  const op = (name) => ['wasm', 'ts', 'ioredis-mock'].map((subject) => results[`${subject} ${name}`]);
  const rows = ['HGET', 'HSET', 'SISMEMBER', 'SINTER'].map((name) => {
    const [wasm, ts, mockNs] = op(name);
    return [name, fixed(wasm, name === 'SINTER' ? 0 : 1), fixed(ts, name === 'SINTER' ? 0 : 1), fixed(mockNs, name === 'SINTER' ? 0 : 1), fixed(ts / wasm, 2) + 'x', fixed(mockNs / wasm, 2) + 'x'];
  });
  printTable(
    `Hashes and sets (ns per op, median; ${sizes.hashes.toLocaleString()} hashes of ${FIELDS} fields, a ${sizes.members.toLocaleString()}-member set, SINTER of two ${sizes.inter.toLocaleString()}-member sets; ioredis-mock at a tenth of each size, its set at a hundredth)`,
    ['op', 'wasm', 'ts', 'ioredis-mock', 'wasm speed vs ts', 'vs mock'],
    rows,
  );

  const memHashes = quick ? 100_000 : 1_000_000;
  const memMembers = quick ? 100_000 : 1_000_000;
  const memory = ['wasm', 'ts'].map((engine) => runChild('collections.mjs', ['--memory', engine, String(memHashes), String(memMembers)]));
  const redis = await redisMemory(memHashes, memMembers);
  if (redis !== null) memory.push(redis);
  const ts = memory[1];
  printTable(
    `Memory: bytes per field of ${memHashes.toLocaleString()} hashes of 4 small fields, per member of one ${memMembers.toLocaleString()}-member set (wasm: used_memory growth; ts: V8 heap growth; redis-server: INFO used_memory growth)`,
    ['engine', 'per field', 'vs ts', 'per member', 'vs ts'],
    memory.map((m) => [m.engine, fixed(m.perField), fixed(m.perField / ts.perField, 2) + 'x', fixed(m.perMember), fixed(m.perMember / ts.perMember, 2) + 'x']),
  );
  const wasm = memory[0];
  const speed = (name) => results[`ts ${name}`] / results[`wasm ${name}`];
  return [
    ['HGET >= 1.0x ts (wasm)', speed('HGET') >= 1],
    ['SISMEMBER >= 1.0x ts (wasm)', speed('SISMEMBER') >= 1],
    ['SINTER >= 2x ts (wasm)', speed('SINTER') >= 2],
    ['small-hash memory per field <= 0.4x ts (wasm)', wasm.perField <= 0.4 * ts.perField],
    ['small-hash memory per field <= redis-server (wasm)', redis === null || wasm.perField <= redis.perField],
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === '--memory') {
    console.log(JSON.stringify(memoryOf(process.argv[3], Number(process.argv[4]), Number(process.argv[5]))));
  } else {
    const targets = await benchCollections(process.argv.includes('--quick'));
    printTable('Targets', ['target', 'met'], targets.map(([name, met]) => [name, met ? 'yes' : 'NO']));
  }
}
