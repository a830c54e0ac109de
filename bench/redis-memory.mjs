// The peer figure: memory per key in a real redis-server for the same dataset
// (1M 16-byte keys with 16-byte values), read from INFO's used_memory before
// and after loading through `redis-cli --pipe`. Skipped when redis-server is
// not installed.
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyAt, valueAt } from './support.mjs';

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function usedMemory(port) {
  const info = spawnSync('redis-cli', ['-p', String(port), 'INFO', 'memory'], { encoding: 'utf8' }).stdout;
  return Number(/used_memory:(\d+)/.exec(info)[1]);
}

export async function redisMemoryPerKey(n) {
  if (spawnSync('redis-server', ['--version']).status !== 0) return null;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'flashkv-bench-'));
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  try {
    for (let tries = 0; spawnSync('redis-cli', ['-p', String(port), 'PING']).status !== 0 || tries === 0; tries++) {
      if (tries > 50) throw new Error('redis-server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const before = usedMemory(port);
    const lines = [];
    for (let i = 0; i < n; i++) lines.push(`*3\r\n$3\r\nSET\r\n$16\r\n${keyAt(i)}\r\n$16\r\n${valueAt(i)}\r\n`);
    const load = spawnSync('redis-cli', ['-p', String(port), '--pipe'], { input: lines.join(''), maxBuffer: 1 << 26 });
    if (load.status !== 0) throw new Error(`redis-cli --pipe failed: ${load.stderr}`);
    return { engine: 'redis-server', usedPerKey: (usedMemory(port) - before) / n };
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await redisMemoryPerKey(Number(process.argv[2] ?? 1_000_000))));
}
