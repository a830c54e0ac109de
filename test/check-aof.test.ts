/**
 * `flashkv check-aof`: the check of one file's bytes (cut at every byte), the
 * check of a log directory flashkv wrote and then damaged, --fix, and the
 * built program's exit codes.
 *
 * Where redis-check-aof (Redis 7.0.15) is on PATH it is the oracle: for each
 * damaged directory it must agree on whether the log is valid and on how
 * much of the damaged file is whole (its `ok_up_to`). Without it those
 * comparisons are skipped (FLASHKV_REQUIRE_REDIS=1 makes that a failure).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCommands } from '../src/aof/reader.js';
import { checkBytes, checkLog, runCheckAof } from '../src/cli/check-aof.js';
import { open } from '../src/db.js';
import { nodeStorage } from '../src/storage/node.js';
import { requireBuild, runProgram, useScratch, type Run } from './support/program.js';

const MANIFEST = 'appendonly.aof.manifest';
const BASE = 'appendonly.aof.1.base.aof';
const INCR = 'appendonly.aof.1.incr.aof';

const encoder = new TextEncoder();

/** RESP for one command, as a log holds it. */
function resp(...args: string[]): string {
  return `*${args.length}\r\n` + args.map((arg) => `$${encoder.encode(arg).length}\r\n${arg}\r\n`).join('');
}

const probe = spawnSync('redis-check-aof', ['--help'], { encoding: 'utf8' });
const oracleAvailable = probe.error === undefined;
if (!oracleAvailable && process.env.FLASHKV_REQUIRE_REDIS === '1') throw new Error('FLASHKV_REQUIRE_REDIS=1 but redis-check-aof is not on PATH');

/** redis-check-aof's verdict on the log in `dir`: valid or not, and the ok_up_to of each file it analysed. */
function redisVerdict(dir: string): { valid: boolean; okUpTo: Map<string, number> } {
  const run = spawnSync('redis-check-aof', [join(dir, MANIFEST)], { encoding: 'utf8' });
  const okUpTo = new Map<string, number>();
  for (const match of run.stdout.matchAll(/AOF analyzed: filename=(\S+), size=\d+, ok_up_to=(\d+)/g)) okUpTo.set(match[1], Number(match[2]));
  return { valid: run.status === 0, okUpTo };
}

/** Checks that redis-check-aof calls the log in `dir` not valid, with `okUpTo` whole bytes in `file`. */
function expectRedisToFind(dir: string, file: string, okUpTo: number): void {
  const verdict = redisVerdict(dir);
  expect(verdict.valid).toBe(false);
  expect(verdict.okUpTo.get(file)).toBe(okUpTo);
}

const scratch = useScratch('flashkv-check-aof-');
const freshDir = (): string => scratch.fresh();

/** A log flashkv wrote: after a rewrite, a base holding a and b, and an incremental file holding a transaction and a plain write. */
async function writeLog(): Promise<string> {
  const dir = freshDir();
  const db = await open({ path: dir, engine: 'ts', activeExpiry: false, logger: () => {} });
  db.set('a', '1');
  db.set('b', '2');
  await db.rewrite();
  await db.update((tx) => {
    tx.incr('n');
    tx.set('c', '3');
  });
  db.set('d', '4');
  await db.close();
  return dir;
}

/** The files of a log after writeLog: the base and the one incremental file, as the manifest names them. */
function logFiles(dir: string): { base: string; incr: string } {
  const lines = readFileSync(join(dir, MANIFEST), 'latin1').trim().split('\n');
  const name = (type: string): string => lines.find((line) => line.endsWith(`type ${type}`))!.split(' ')[1];
  return { base: name('b'), incr: name('i') };
}

/** Runs runCheckAof in this process; resolves with its exit code and what it wrote. */
async function check(dir: string, fix = false): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCheckAof({ dir, fix }, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

/** Opens the log in `dir`, returning the keys it holds and the warnings the load logged. */
async function load(dir: string): Promise<{ values: Record<string, string | null>; warnings: string[] }> {
  const warnings: string[] = [];
  const db = await open({ path: dir, engine: 'ts', activeExpiry: false, logger: (level, message) => level === 'warning' && warnings.push(message) });
  const values: Record<string, string | null> = {};
  for (const key of ['a', 'b', 'c', 'd', 'n']) values[key] = db.get(key);
  await db.close();
  return { values, warnings };
}

describe('checkBytes: one file', () => {
  // SET, a transaction of two writes, SET: the whole points are before and after each command outside the MULTI.
  const file = resp('SET', 'a', '1') + resp('MULTI') + resp('SET', 'b', '2') + resp('INCR', 'n') + resp('EXEC') + resp('SET', 'c', 'é');
  const bytes = encoder.encode(file);
  const ends: number[] = [];
  readCommands(bytes, (_args, _start, end) => ends.push(end));
  const multiAt = ends[0];
  const whole = [0, ends[0], ends[4], ends[5]];

  it('finds a file whole and counts its commands, MULTI and EXEC included', () => {
    expect(checkBytes(bytes)).toEqual({ commands: 6, problem: null, unsupported: null });
  });

  it('cut at every byte: whole exactly at a command boundary outside a MULTI, otherwise torn or an unfinished MULTI back to the last one', () => {
    for (let length = 0; length <= bytes.length; length++) {
      const result = checkBytes(bytes.subarray(0, length));
      const goodUpTo = Math.max(...whole.filter((end) => end <= length));
      if (whole.includes(length)) {
        expect(result.problem, `cut at ${length}`).toBeNull();
        continue;
      }
      const insideMulti = length > multiAt && length < ends[4];
      const atBoundary = ends.includes(length);
      expect(result.problem, `cut at ${length}`).toEqual(
        atBoundary && insideMulti ? { kind: 'unfinished-multi', goodUpTo } : { kind: 'torn', offset: Math.max(0, ...ends.filter((end) => end <= length)), goodUpTo },
      );
      expect(result.commands, `cut at ${length}`).toBe([0, 1, 5, 6][whole.indexOf(goodUpTo)]);
    }
  });

  it('tells corruption from a torn tail: the byte, the reason, and the whole part before the command', () => {
    const damaged = encoder.encode(resp('SET', 'a', '1') + resp('SET', 'b', '2').replace('$1', 'X1'));
    expect(checkBytes(damaged).problem).toEqual({ kind: 'corrupt', offset: 27, at: 40, reason: "expected '$' to start an argument", goodUpTo: 27 });
  });

  it('calls a MULTI inside a MULTI and an EXEC without a MULTI corrupt, cutting back before the open MULTI', () => {
    const nested = encoder.encode(resp('SET', 'a', '1') + resp('MULTI') + resp('SET', 'b', '2') + resp('MULTI') + resp('EXEC'));
    expect(checkBytes(nested).problem).toEqual({ kind: 'corrupt', offset: 69, at: 69, reason: 'a MULTI inside a MULTI', goodUpTo: 27 });
    const stray = encoder.encode(resp('SET', 'a', '1') + resp('EXEC') + resp('SET', 'b', '2'));
    expect(checkBytes(stray).problem).toEqual({ kind: 'corrupt', offset: 27, at: 27, reason: 'an EXEC without a MULTI', goodUpTo: 27 });
  });

  it('skips Redis annotation lines', () => {
    expect(checkBytes(encoder.encode('#TS:1700000000\r\n' + resp('SET', 'a', '1'))).problem).toBeNull();
  });

  it('notes the first command flashkv cannot replay, without calling the file damaged', () => {
    const result = checkBytes(encoder.encode(resp('SET', 'a', '1') + resp('SELECT', '0') + resp('LPUSH', 'l', 'x') + resp('SELECT', '3')));
    expect(result.problem).toBeNull();
    expect(result.unsupported).toEqual({ offset: 50, message: expect.stringMatching(/^ERR unknown command 'LPUSH'/) });
  });
});

describe('check-aof on a log directory', () => {
  it('reports a log flashkv wrote as valid, file by file, and exits 0', async () => {
    const dir = await writeLog();
    const { base, incr } = logFiles(dir);
    const result = await check(dir);
    expect(result.code).toBe(0);
    expect(result.err).toBe('');
    expect(result.out).toMatch(new RegExp(`^Checking the log in ${dir}\\n  ${base} \\(base, \\d+ bytes\\): valid, 2 commands\\n  ${incr} \\(incremental, \\d+ bytes\\): valid, 5 commands\\nThe log is valid: 2 files, 7 commands, \\d+ bytes\\.\\n$`));
    if (oracleAvailable) expect(redisVerdict(dir).valid).toBe(true);
  });

  it('accepts the manifest file in place of the directory', async () => {
    const dir = await writeLog();
    expect((await check(join(dir, MANIFEST))).code).toBe(0);
  });

  it('reports a torn tail with its offset and the bytes a cut drops; --fix cuts them and the log loads without a warning', async () => {
    const dir = await writeLog();
    const { incr } = logFiles(dir);
    const size = readFileSync(join(dir, incr)).length;
    const tail = '*3\r\n$3\r\nSET\r\n$1\r\ne\r\n$1';
    appendFileSync(join(dir, incr), tail);
    const torn = size + tail.length;
    const report = await check(dir);
    expect(report.code).toBe(1);
    expect(report.out).toContain(
      `  ${incr} (incremental, ${torn} bytes): not valid: it ends in the middle of the command at byte ${size} (a write cut short); the first ${size} bytes (5 commands) are whole; cutting there drops the last ${tail.length} bytes\n`,
    );
    expect(report.out).toContain(`The log is not valid. The first problem is in ${incr}, at byte ${size}.\n"flashkv check-aof --fix" would cut ${incr} from ${torn} to ${size} bytes.\n`);
    if (oracleAvailable) expectRedisToFind(dir, incr, size);

    const fixed = await check(dir, true);
    expect(fixed.code).toBe(0);
    expect(fixed.out).toContain(`Cutting ${incr} from ${torn} to ${size} bytes: the last ${tail.length} bytes are dropped.\nThe log is valid now.\n`);
    expect(readFileSync(join(dir, incr)).length).toBe(size);
    expect(await load(dir)).toEqual({ values: { a: '1', b: '2', c: '3', d: '4', n: '1' }, warnings: [] });
  });

  it('reports a transaction with no EXEC and cuts back to its MULTI', async () => {
    const dir = await writeLog();
    const { incr } = logFiles(dir);
    const size = readFileSync(join(dir, incr)).length;
    appendFileSync(join(dir, incr), resp('MULTI') + resp('SET', 'e', '5'));
    const report = await check(dir);
    expect(report.code).toBe(1);
    expect(report.out).toContain(`not valid: the MULTI at byte ${size} has no EXEC (a transaction cut short)`);
    expect((await check(dir, true)).code).toBe(0);
    expect(readFileSync(join(dir, incr)).length).toBe(size);
  });

  it('reports corruption in the middle of the last file with the byte and the reason; --fix cuts back to the last whole command, dropping what follows', async () => {
    const dir = await writeLog();
    const { incr } = logFiles(dir);
    const bytes = readFileSync(join(dir, incr));
    // The incremental file: the transaction's MULTI, its two writes, EXEC, SET d 4. Damage the '$' before the first write's name.
    const multiEnd = resp('MULTI').length;
    const at = multiEnd + '*3\r\n'.length;
    expect(String.fromCharCode(bytes[at])).toBe('$');
    bytes[at] = 0x3f;
    writeFileSync(join(dir, incr), bytes);

    const report = await check(dir);
    expect(report.code).toBe(1);
    expect(report.out).toContain(
      `not valid: corrupt at byte ${at} (expected '$' to start an argument), in the command at byte ${multiEnd}, inside the MULTI at byte 0; no command before it is whole; cutting there empties the file\n`,
    );
    expect(report.out).toContain(`The first problem is in ${incr}, at byte ${at}.`);
    if (oracleAvailable) expectRedisToFind(dir, incr, 0);
    // The loader refuses it, naming the file and offset, and changes nothing.
    await expect(load(dir)).rejects.toThrow(`${incr} at byte ${at}`);

    const fixed = await check(dir, true);
    expect(fixed.code).toBe(0);
    expect(readFileSync(join(dir, incr)).length).toBe(0);
    expect((await load(dir)).values).toEqual({ a: '1', b: '2', c: null, d: null, n: null });
  });

  it('refuses to --fix damage in a file that is not the last, and changes nothing', async () => {
    const dir = await writeLog();
    const { base, incr } = logFiles(dir);
    appendFileSync(join(dir, base), 'garbage');
    const before = [readFileSync(join(dir, base)), readFileSync(join(dir, incr))];
    const report = await check(dir);
    expect(report.code).toBe(1);
    expect(report.out).toContain(`  ${base} (base, `);
    expect(report.out).toContain(`"flashkv check-aof --fix" cannot repair it: ${base} is damaged and is not the last file of the log.`);
    if (oracleAvailable) expect(redisVerdict(dir).valid).toBe(false);

    const fixed = await check(dir, true);
    expect(fixed.code).toBe(1);
    expect(fixed.err).toMatch(new RegExp(`^flashkv check-aof: not fixing: ${base} is damaged and is not the last file of the log\\. Only the last file may be cut`));
    expect([readFileSync(join(dir, base)), readFileSync(join(dir, incr))]).toEqual(before);
  });

  it('reports a file the manifest names but the directory lacks, and --fix refuses', async () => {
    const dir = await writeLog();
    const { incr } = logFiles(dir);
    rmSync(join(dir, incr));
    const report = await check(dir);
    expect(report.code).toBe(1);
    expect(report.out).toContain(`  ${incr} (incremental): missing: the manifest names it, but the directory does not hold it\n`);
    expect(report.out).toContain(`The first problem is in ${incr}, which is missing.`);
    expect((await check(dir, true)).err).toBe(`flashkv check-aof: not fixing: ${incr} is missing, and cutting cannot bring it back; restore it from a backup.\n`);
  });

  it('fails with a clear message when there is no manifest, no directory, or a manifest it cannot read', async () => {
    const empty = freshDir();
    expect(await check(empty)).toEqual({ code: 1, out: '', err: `flashkv check-aof: no log in ${empty}: it has no ${MANIFEST}\n` });

    const stray = freshDir();
    writeFileSync(join(stray, INCR), resp('SET', 'a', '1'));
    expect((await check(stray)).err).toBe(`flashkv check-aof: ${stray} holds ${INCR} but no ${MANIFEST}; flashkv reads Redis 7's multi-part log, which starts from a manifest\n`);

    const missing = join(freshDir(), 'no-such-dir');
    expect(await check(missing)).toEqual({ code: 1, out: '', err: `flashkv check-aof: ${missing} does not exist\n` });
    expect(existsSync(missing)).toBe(false);

    const bad = freshDir();
    writeFileSync(join(bad, MANIFEST), `file ${BASE} seq 1 type\n`);
    expect((await check(bad)).err).toMatch(/^flashkv check-aof: invalid manifest .*, line 1 .*: expected key value pairs\n$/);
  });

  it('will not --fix a directory a database holds open', async () => {
    const dir = await writeLog();
    const db = await open({ path: dir, engine: 'ts', activeExpiry: false });
    try {
      const fixed = await check(dir, true);
      expect(fixed).toEqual({ code: 1, out: '', err: `flashkv check-aof: ${dir} is already open in this process; close that database (and await its close()) first\n` });
    } finally {
      await db.close();
    }
  });

  it('checks a log as checkLog returns it, for callers that want the findings rather than the report', async () => {
    const dir = await writeLog();
    const { base, incr } = logFiles(dir);
    const result = await checkLog(nodeStorage(dir));
    expect(result.files.map((file) => [file.name, file.role, file.problem])).toEqual([
      [base, 'base', null],
      [incr, 'incremental', null],
    ]);
  });
});

describe('flashkv check-aof, the built program', () => {
  beforeAll(requireBuild);
  const run = (args: string[]): Promise<Run> => runProgram(['check-aof', ...args], '', freshDir());

  it('exits 0 for a valid log, 1 for a torn one, and 0 after --fix', async () => {
    const dir = await writeLog();
    const { incr } = logFiles(dir);
    expect((await run([dir])).status).toBe(0);
    appendFileSync(join(dir, incr), '*1\r\n');
    const torn = await run([dir]);
    expect(torn.status).toBe(1);
    expect(torn.stdout).toContain('The log is not valid.');
    const fixed = await run(['--fix', dir]);
    expect(fixed.status).toBe(0);
    expect(fixed.stdout).toContain('The log is valid now.\n');
  });

  it('refuses a missing directory argument or an unknown option with its usage', async () => {
    const none = await run([]);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/^flashkv check-aof: missing the directory to check, as in: flashkv check-aof \.\/data\n\nUsage: flashkv check-aof \[--fix\] <dir>/);
    const unknown = await run(['--repair', 'x']);
    expect(unknown.stderr).toMatch(/^flashkv check-aof: unknown option "--repair"\n/);
    expect((await run(['--help'])).stdout).toMatch(/^Usage: flashkv check-aof \[--fix\] <dir>\n/);
  });
});
