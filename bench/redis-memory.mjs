// The peer figure: memory per key in a real redis-server for the same dataset
// (1M 16-byte keys with 16-byte values), read from INFO's used_memory before
// and after loading it through one pipelined connection. Skipped when
// redis-server is not installed.
import { encodeCommand, redisInstalled, startRedis } from './redis-server.mjs';
import { keyAt, valueAt } from './support.mjs';

export async function redisMemoryPerKey(n) {
  if (!redisInstalled()) return null;
  const redis = await startRedis();
  try {
    const before = Number((await redis.info('memory')).used_memory);
    await redis.connection.sendAll(n, (i) => encodeCommand(['SET', keyAt(i), valueAt(i)]));
    const after = Number((await redis.info('memory')).used_memory);
    return { engine: 'redis-server', usedPerKey: (after - before) / n };
  } finally {
    redis.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await redisMemoryPerKey(Number(process.argv[2] ?? 1_000_000))));
}
