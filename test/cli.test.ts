/**
 * The CLI: line splitting, reply formats and help, then the built program end
 * to end (piped, and through a pseudo-terminal).
 *
 * Expected outputs were taken from redis-cli 7.0.15 against redis-server
 * 7.0.15: in a terminal (tmux) for the TTY format, and with stdin and stdout
 * piped for the raw format. Where redis-cli's output depends on Redis's hash
 * order (KEYS, SCAN), the keys here are in flashkv's byte order.
 *
 * The end-to-end tests need the build (`npm run build`); they fail, not skip,
 * without it. Each run of the program gets a fresh working directory, so the
 * database it keeps in ./data is its own.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatErrorRaw, formatErrorTty, formatRaw, formatTty, quoteBytes } from '../src/cli/format.js';
import { commandGroups, helpText } from '../src/cli/help.js';
import { parseCheckAofOptions, parseCliOptions } from '../src/cli/options.js';
import { formatBytes, ProgressBar, progressLine } from '../src/cli/progress.js';
import { runRepl, Session } from '../src/cli/repl.js';
import { splitArgs } from '../src/cli/split-args.js';
import { open, type DB } from '../src/db.js';
import { COMMANDS, type Reply } from '../src/engine/commands.js';
import { CommandError } from '../src/errors/command-error.js';
import { WrongTypeError } from '../src/errors/wrongtype-error.js';
import { MAIN, requireBuild, runProgram, useScratch, type Run } from './support/program.js';


const encoder = new TextEncoder();
const bytes = (text: string): Uint8Array => encoder.encode(text);
/** Bytes from a latin1 string, for byte values that are not UTF-8. */
const raw = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const text = (data: Uint8Array): string => new TextDecoder().decode(data);
/** splitArgs' result as latin1 strings, so every byte shows. */
const split = (line: string): string[] | null => splitArgs(line)?.map((arg) => String.fromCharCode(...arg)) ?? null;

describe('splitArgs, as redis-cli splits a line', () => {
  it('separates words on spaces, tabs and repeated blanks', () => {
    expect(split('set  key\tvalue ')).toEqual(['set', 'key', 'value']);
  });

  it('gives no words for an empty or blank line', () => {
    expect(split('')).toEqual([]);
    expect(split('   \t ')).toEqual([]);
  });

  it('keeps spaces inside double quotes and reads the escapes \\n \\r \\t \\b \\a \\" \\\\', () => {
    expect(split('set k "a b\\n\\r\\t\\b\\a\\"\\\\"')).toEqual(['set', 'k', 'a b\n\r\t\b\x07"\\']);
  });

  it('reads \\xHH as one byte, in either case, even when it is not UTF-8', () => {
    expect(split('"\\x41\\xff\\xFe"')).toEqual(['A\xff\xfe']);
  });

  it('takes \\x without two hex digits, and any other escaped character, literally', () => {
    expect(split('"\\xzz\\q"')).toEqual(['xzzq']);
  });

  it('takes single quotes literally except \\\'', () => {
    expect(split("'it\\'s \\n'")).toEqual(["it's \\n"]);
  });

  it('gives an empty argument for "" and \'\'', () => {
    expect(split('set k ""')).toEqual(['set', 'k', '']);
    expect(split("set k ''")).toEqual(['set', 'k', '']);
  });

  it('lets a quote open in the middle of a word', () => {
    expect(split('a"b c"')).toEqual(['ab c']);
  });

  it('rejects unbalanced quotes', () => {
    expect(split('get "unbalanced')).toBeNull();
    expect(split("get 'unbalanced")).toBeNull();
    expect(split('get "ends in backslash\\')).toBeNull();
  });

  it('rejects a closing quote followed by anything but whitespace', () => {
    expect(split('"abc"d')).toBeNull();
    expect(split("'abc'd")).toBeNull();
  });

  it('splits non-ASCII text into its UTF-8 bytes', () => {
    expect(splitArgs('set é "ü"')).toEqual([bytes('set'), bytes('é'), bytes('ü')]);
  });
});

describe('formatTty, as redis-cli prints on a terminal', () => {
  const cases: [string, Reply, string][] = [
    ['a status reply as it is', 'OK', 'OK\n'],
    ['a bulk string quoted', bytes('hello'), '"hello"\n'],
    ['an empty bulk string', bytes(''), '""\n'],
    ['nil', null, '(nil)\n'],
    ['an integer', 5, '(integer) 5\n'],
    ['a negative integer', -2, '(integer) -2\n'],
    ['a 64-bit integer beyond 2^53', 9223372036854775807n, '(integer) 9223372036854775807\n'],
    ['an empty array', [], '(empty array)\n'],
    ['an array of bulk strings and nils', [bytes('v1'), null, bytes('v2')], '1) "v1"\n2) (nil)\n3) "v2"\n'],
    // SCAN's reply.
    ['a nested array indented under its parent', [bytes('0'), [bytes('a'), bytes('b')]], '1) "0"\n2) 1) "a"\n   2) "b"\n'],
    // EVAL "return {1,{2,{}},'x'}" 0
    ['nested arrays with integers and an empty array', [1, [2, []], bytes('x')], '1) (integer) 1\n2) 1) (integer) 2\n   2) (empty array)\n3) "x"\n'],
  ];
  for (const [title, reply, expected] of cases) {
    it(`prints ${title}`, () => {
      expect(formatTty(reply)).toBe(expected);
    });
  }

  it('right-aligns indexes to the widest one (RPUSH of 11 items, LRANGE)', () => {
    const letters = 'abcdefghijk'.split('');
    const expected = letters.map((letter, i) => `${String(i + 1).padStart(2)}) "${letter}"\n`).join('');
    expect(formatTty(letters.map(bytes))).toBe(expected);
    expect(expected.startsWith(' 1) "a"\n')).toBe(true);
    expect(expected.endsWith('11) "k"\n')).toBe(true);
  });

  it('indents a nested array by the parent index width plus two', () => {
    const inner = [bytes('x'), bytes('y')];
    const outer: Reply = [...Array.from({ length: 9 }, () => bytes('-')), inner];
    expect(formatTty(outer)).toContain('10) 1) "x"\n    2) "y"\n');
  });

  it('escapes bytes as sdscatrepr does: \\n \\r \\t \\a \\b \\" \\\\ and \\xhh for the rest', () => {
    // SET b "line1\nline2\x01\xff tab\t q\" bs\\ \x7f é" then GET b, in redis-cli 7.0.15.
    const value = raw('line1\nline2\x01\xff tab\t q" bs\\ \x7f \xc3\xa9');
    expect(quoteBytes(value)).toBe('"line1\\nline2\\x01\\xff tab\\t q\\" bs\\\\ \\x7f \\xc3\\xa9"');
    expect(quoteBytes(raw('\r\x07\x08\x00'))).toBe('"\\r\\a\\b\\x00"');
  });

  it('prints errors with "(error) " and Redis\'s text', () => {
    const error = new CommandError("ERR unknown command 'bogus', with args beginning with: 'x' 'y' ");
    expect(formatErrorTty(error)).toBe("(error) ERR unknown command 'bogus', with args beginning with: 'x' 'y' \n");
    expect(formatErrorTty(new WrongTypeError())).toBe('(error) WRONGTYPE Operation against a key holding the wrong kind of value\n');
  });

  it('prints an unexpected exception as an ERR error', () => {
    expect(formatErrorTty(new Error('boom'))).toBe('(error) ERR boom\n');
  });
});

describe('formatRaw, as redis-cli prints when stdout is not a terminal', () => {
  const cases: [string, Reply, string][] = [
    ['a status reply as it is', 'OK', 'OK\n'],
    ['a bulk string unquoted', bytes('hello'), 'hello\n'],
    ['nil as an empty line', null, '\n'],
    ['an integer as bare digits', 1, '1\n'],
    ['an empty array as an empty line', [], '\n'],
    ['array elements one per line, nil as an empty one', [bytes('v1'), null, bytes('v2')], 'v1\n\nv2\n'],
    ['nested arrays flattened', [bytes('0'), [bytes('a'), bytes('b')]], '0\na\nb\n'],
  ];
  for (const [title, reply, expected] of cases) {
    it(`prints ${title}`, () => {
      expect(text(formatRaw(reply))).toBe(expected);
    });
  }

  it('writes bulk bytes unchanged, even when they are not UTF-8', () => {
    expect(formatRaw(raw('a\x01\xff\n'))).toEqual(raw('a\x01\xff\n\n'));
  });

  it('prints an error as its text followed by an empty line', () => {
    expect(text(formatErrorRaw(new CommandError("ERR wrong number of arguments for 'get' command")))).toBe(
      "ERR wrong number of arguments for 'get' command\n\n",
    );
  });
});

describe('help', () => {
  const plain = { colour: false, banner: 'flashkv test' };

  it('prints a command\'s syntax, summary, complexity, since and group from the table', () => {
    expect(helpText(['get'], plain)).toBe(
      '\n  GET key\n  summary: Reads the string at a key; nil when the key is missing.\n  complexity: O(1)\n  since: 1.0.0\n  group: string\n\n',
    );
  });

  it('finds a command in any case', () => {
    expect(helpText(['SeT'], plain)).toContain('  SET key value [NX | XX] [GET]');
  });

  it('lists every command of a group by name, without the group line', () => {
    const listing = helpText(['@string'], plain);
    const names = [...listing.matchAll(/^ {2}([A-Z]+)\b/gm)].map((match) => match[1].toLowerCase());
    const expected = COMMANDS.filter((command) => command.group === 'string').map((command) => command.name).sort();
    expect(names).toEqual(expected);
    expect(listing).not.toContain('group:');
  });

  it('has a group for every group the table uses, and the usage names them', () => {
    const usage = helpText([], plain);
    expect(usage.startsWith('flashkv test\n')).toBe(true);
    for (const group of commandGroups()) expect(usage).toContain('@' + group);
  });

  it('says so for an unknown command or group', () => {
    expect(helpText(['nosuch'], plain)).toBe('No help for "nosuch". Type "help" for usage, "help @<group>" to list a group.\n');
    expect(helpText(['@nosuch'], plain)).toMatch(/^No command group named "nosuch"\. Groups: @string/);
  });

  it('colours the name, syntax and labels only when asked', () => {
    const coloured = helpText(['get'], { colour: true, banner: '' });
    expect(coloured).toContain('\x1b[1mGET\x1b[0m \x1b[90mkey\x1b[0m');
    expect(coloured).toContain('\x1b[33msummary:\x1b[0m');
    expect(helpText(['get'], plain)).not.toContain('\x1b');
  });
});

describe('the command line (options.ts)', () => {
  const defaults = { engine: 'wasm', raw: undefined, dir: 'data', appendfsync: undefined, help: false, version: false };

  it('reads every option, in any of its spellings, with the last of --raw and --no-raw winning', () => {
    expect(parseCliOptions([])).toEqual(defaults);
    expect(parseCliOptions(['--engine', 'ts', '--raw'])).toEqual({ ...defaults, engine: 'ts', raw: true });
    expect(parseCliOptions(['--engine=ts', '--raw', '--no-raw']).raw).toBe(false);
    expect(parseCliOptions(['-hv'])).toMatchObject({ help: true, version: true });
    expect(parseCliOptions(['--help', '--version'])).toMatchObject({ help: true, version: true });
  });

  it('keeps the data in ./data unless --dir names another directory or --memory asks for none', () => {
    expect(parseCliOptions([]).dir).toBe('data');
    expect(parseCliOptions(['--dir', '/var/lib/kv']).dir).toBe('/var/lib/kv');
    expect(parseCliOptions(['--dir=-odd']).dir).toBe('-odd');
    expect(parseCliOptions(['--memory'])).toEqual({ ...defaults, dir: null });
    expect(parseCliOptions(['--appendfsync', 'always', '--dir', 'x'])).toEqual({ ...defaults, dir: 'x', appendfsync: 'always' });
    expect(parseCliOptions(['--appendfsync=no']).appendfsync).toBe('no');
  });

  it('names an unknown option, long or short, in its error', () => {
    expect(() => parseCliOptions(['--bogus'])).toThrow(/^unknown option "--bogus"$/);
    expect(() => parseCliOptions(['-h', '-x'])).toThrow(/^unknown option "-x"$/);
    expect(() => parseCliOptions(['--raw', '--engin=ts'])).toThrow(/^unknown option "--engin"$/);
  });

  it('refuses a stray argument, a value for a flag, and a missing or wrong engine', () => {
    expect(() => parseCliOptions(['ts'])).toThrow(/^unexpected argument "ts" \(flashkv takes options only, or "check-aof" first\)$/);
    expect(() => parseCliOptions(['--raw=yes'])).toThrow(/^--raw takes no value$/);
    expect(() => parseCliOptions(['--memory=1'])).toThrow(/^--memory takes no value$/);
    expect(() => parseCliOptions(['--engine'])).toThrow(/^--engine needs a value: "wasm" or "ts"$/);
    expect(() => parseCliOptions(['--engine', 'lua'])).toThrow(/^--engine must be "wasm" or "ts", not "lua"$/);
  });

  it('refuses a missing directory or sync policy, a wrong policy, and --memory beside --dir or --appendfsync', () => {
    expect(() => parseCliOptions(['--dir'])).toThrow(/^--dir needs a value: the directory to keep the database in$/);
    expect(() => parseCliOptions(['--dir='])).toThrow(/^--dir needs a value: the directory to keep the database in$/);
    // A forgotten value, not a directory named "--memory".
    expect(() => parseCliOptions(['--dir', '--memory'])).toThrow(/^--dir needs a value: the directory to keep the database in$/);
    expect(() => parseCliOptions(['--appendfsync'])).toThrow(/^--appendfsync needs a value: "always", "everysec" or "no"$/);
    expect(() => parseCliOptions(['--appendfsync', 'sometimes'])).toThrow(/^--appendfsync must be "always", "everysec" or "no", not "sometimes"$/);
    expect(() => parseCliOptions(['--memory', '--dir', 'x'])).toThrow(/^--memory keeps nothing on disk, so it cannot be given with --dir$/);
    expect(() => parseCliOptions(['--dir', 'x', '--memory'])).toThrow(/^--memory keeps nothing on disk, so it cannot be given with --dir$/);
    expect(() => parseCliOptions(['--memory', '--appendfsync', 'always'])).toThrow(/^--appendfsync applies to a database kept on disk; --memory keeps nothing there$/);
  });

  it('reads check-aof\'s words: one directory, --fix and --help', () => {
    expect(parseCheckAofOptions(['data'])).toEqual({ dir: 'data', fix: false, help: false });
    expect(parseCheckAofOptions(['--fix', 'data'])).toEqual({ dir: 'data', fix: true, help: false });
    expect(parseCheckAofOptions(['data', '--fix'])).toEqual({ dir: 'data', fix: true, help: false });
    expect(parseCheckAofOptions(['-h'])).toEqual({ dir: null, fix: false, help: true });
    expect(() => parseCheckAofOptions([])).toThrow(/^missing the directory to check, as in: flashkv check-aof \.\/data$/);
    expect(() => parseCheckAofOptions(['a', 'b'])).toThrow(/^unexpected argument "b" \(check-aof checks one directory\)$/);
    expect(() => parseCheckAofOptions(['--fix=yes', 'a'])).toThrow(/^--fix takes no value$/);
    expect(() => parseCheckAofOptions(['--dir', 'a'])).toThrow(/^unknown option "--dir"$/);
  });
});

describe('the load progress bar (progress.ts)', () => {
  const progress = { bytes: 52 * 1024 * 1024, totalBytes: 100 * 1024 * 1024, commands: 1234567, elapsedMs: 3140 };

  it('says how far the load is, in bytes, commands and seconds', () => {
    expect(progressLine('Loading data', progress)).toBe('Loading data  [##########----------]  52%  52.0 MiB of 100.0 MiB, 1234567 commands, 3.1 s');
    expect(progressLine('L', { bytes: 0, totalBytes: 0, commands: 0, elapsedMs: 0 })).toBe('L  [####################] 100%  0 B of 0 B, 0 commands, 0.0 s');
    expect([formatBytes(1023), formatBytes(1536), formatBytes(3 * 1024 ** 3)]).toEqual(['1023 B', '1.5 KiB', '3.0 GiB']);
  });

  it('redraws one line in place, cut to the terminal\'s width, and erases it at the end', () => {
    const writes: string[] = [];
    const bar = new ProgressBar({ write: (text: string) => writes.push(text), columns: 30 }, 'Loading data');
    bar.end();
    expect(writes).toEqual([]);
    bar.update(progress);
    bar.update({ ...progress, bytes: progress.totalBytes });
    bar.end();
    bar.end();
    // 29 characters: one short of the width, so the cursor never wraps.
    expect(writes).toEqual(['\r\x1b[KLoading data  [##########----', '\r\x1b[KLoading data  [##############', '\r\x1b[K']);
  });
});

describe('Session: one typed line at a time', () => {
  let db: DB | undefined;
  afterEach(() => db?.close());

  const session = (pretty: boolean): Session => {
    db = open({ engine: 'ts', activeExpiry: false });
    return new Session(db, { pretty, banner: 'flashkv test' });
  };
  const outputOf = (s: Session, line: string): string =>
    s.handleLine(line).output.map((chunk) => (typeof chunk === 'string' ? chunk : text(chunk))).join('');

  it('runs commands and formats replies for a terminal', () => {
    const s = session(true);
    expect(outputOf(s, 'set k "a b"')).toBe('OK\n');
    expect(outputOf(s, 'GET k')).toBe('"a b"\n');
    expect(outputOf(s, 'type k')).toBe('string\n');
    expect(outputOf(s, 'get missing')).toBe('(nil)\n');
  });

  it('tells a status reply from a bulk "OK"', () => {
    const s = session(true);
    outputOf(s, 'set k OK');
    expect(outputOf(s, 'get k')).toBe('"OK"\n');
  });

  it('reports errors without ending the session', () => {
    const s = session(true);
    expect(outputOf(s, 'get')).toBe("(error) ERR wrong number of arguments for 'get' command\n");
    expect(outputOf(s, 'bogus a')).toBe("(error) ERR unknown command 'bogus', with args beginning with: 'a' \n");
    expect(s.handleLine('get k').quit).toBe(false);
  });

  it('prints "Invalid argument(s)" for unbalanced quotes and nothing for a blank line', () => {
    const s = session(true);
    expect(outputOf(s, 'set k "v')).toBe('Invalid argument(s)\n');
    expect(outputOf(s, '   ')).toBe('');
  });

  it('repeats a command given a count first, as redis-cli does', () => {
    const s = session(true);
    expect(outputOf(s, '3 incr n')).toBe('(integer) 1\n(integer) 2\n(integer) 3\n');
    expect(outputOf(s, '0 incr n')).toBe('Invalid repeat command option value.\n');
  });

  it('ends on quit or exit, in any case', () => {
    const s = session(true);
    expect(s.handleLine('quit').quit).toBe(true);
    expect(s.handleLine('EXIT').quit).toBe(true);
  });

  it('answers help from the command table', () => {
    expect(outputOf(session(false), 'help incr')).toContain('  INCR key\n');
  });

  it('writes raw bytes when not pretty', () => {
    const s = session(false);
    outputOf(s, 'set k "\\xff\\x00"');
    expect(s.handleLine('get k').output).toEqual([raw('\xff\x00\n')]);
  });
});

describe('runRepl reading a pipe', () => {
  let db: DB | undefined;
  afterEach(() => db?.close());

  /** Runs runRepl in script mode over `chunks` of input; resolves with everything written, as latin1. */
  async function pipe(chunks: Uint8Array[]): Promise<string> {
    db = open({ engine: 'ts', activeExpiry: false });
    let written = '';
    const output = new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        written += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1');
        done();
      },
    });
    await runRepl(db, { input: Readable.from(chunks.map((chunk) => Buffer.from(chunk))), output, interactive: false, pretty: false, historyFile: null, banner: 'flashkv test' });
    return written;
  }

  it('reads bytes, so an argument keeps bytes that are not UTF-8, as redis-cli reads a pipe', async () => {
    // printf 'SET c \xff\xfe\nSTRLEN c\nGET c\n' | redis-cli  prints OK, 2 and the two bytes.
    expect(await pipe([raw('SET c \xff\xfe\nSTRLEN c\nGET c\n')])).toBe('OK\n2\n\xff\xfe\n');
  });

  it('joins a line cut between chunks, also inside a UTF-8 character, and runs a last line without a newline', async () => {
    const line = bytes('SET k é\nSTRLEN k\nGET k');
    expect(await pipe([line.subarray(0, 7), line.subarray(7, 10), line.subarray(10)])).toBe('OK\n2\n\xc3\xa9\n');
  });

  it('stops at quit, leaving the rest of the input unread', async () => {
    expect(await pipe([bytes('SET a 1\nquit\nSET b 2\n')])).toBe('OK\n');
    expect(db!.exists('b')).toBe(0);
  });
});

// ---------------------------------------------------------------------------
// The built program
// ---------------------------------------------------------------------------

const scratch = useScratch('flashkv-cli-');
const freshDir = (): string => scratch.fresh();

/** Runs the program with `input` piped in, in `cwd` (a fresh directory unless given). */
const runCli = (args: string[], input: string | Uint8Array, cwd = freshDir()): Promise<Run> => runProgram(args, input, cwd);

/** Commands piped in, and redis-cli 7.0.15's output for them with stdout piped. */
const SCRIPT = [
  'set a hello',
  'get a',
  'get nokey',
  'incr n',
  'set b "line1\\nline2\\x01\\xff tab\\t q\\" bs\\\\"',
  'get b',
  'mset k1 v1 k2 v2',
  'mget k1 nokey k2',
  'keys k*',
  '',
  'bogus x y',
  'get',
  "set 'it\\'s' v",
  'get "unbalanced',
  'del a b',
  'type k1',
  'set e ""',
  'get e',
  'keys zzz*',
  'incrbyfloat f 1.5',
  'set k3 value ex 0',
  'quit',
  'get k1',
].join('\n') + '\n';

const SCRIPT_OUTPUT = [
  'OK',
  'hello',
  '',
  '1',
  'OK',
  'line1',
  'line2\x01\xff tab\t q" bs\\',
  'OK',
  'v1',
  '',
  'v2',
  'k1',
  'k2',
  "ERR unknown command 'bogus', with args beginning with: 'x' 'y' ",
  '',
  "ERR wrong number of arguments for 'get' command",
  '',
  'OK',
  'Invalid argument(s)',
  '2',
  'string',
  'OK',
  '',
  '',
  '1.5',
  "ERR invalid expire time in 'set' command",
  '',
].join('\n') + '\n';

describe('the flashkv program', () => {
  beforeAll(requireBuild);

  for (const engine of ['wasm', 'ts'] as const) {
    it(`reads piped commands one per line and prints raw replies as redis-cli does (${engine} engine)`, async () => {
      const run = await runCli(['--engine', engine], SCRIPT);
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe(SCRIPT_OUTPUT);
      expect(run.status).toBe(0);
    });
  }

  it('formats for people with --no-raw, even into a pipe', async () => {
    const run = await runCli(['--no-raw'], 'set k v\nget k\nmget k x\nincr n\nkeys none*\nget\n');
    expect(run.stdout).toBe('OK\n"v"\n1) "v"\n2) (nil)\n(integer) 1\n(empty array)\n(error) ERR wrong number of arguments for \'get\' command\n');
  });

  it('reads stdin as bytes: an argument that is not UTF-8 keeps its bytes, as redis-cli does', async () => {
    // printf 'SET c \xff\xfe\nSTRLEN c\n' | redis-cli  prints OK and 2.
    const run = await runCli([], raw('SET c \xff\xfe\nSTRLEN c\nGET c\n'));
    expect(run).toEqual({ stdout: 'OK\n2\n\xff\xfe\n', stderr: '', status: 0 });
  });

  it('ends cleanly at the end of input without quit', async () => {
    const run = await runCli([], 'set k v');
    expect(run).toEqual({ stdout: 'OK\n', stderr: '', status: 0 });
  });

  it('prints usage for --help and its version for --version', async () => {
    const help = await runCli(['--help'], '');
    expect(help.stdout).toMatch(/^Usage: flashkv \[OPTIONS\]/);
    expect(help.status).toBe(0);
    const version = await runCli(['--version'], '');
    expect(version.stdout).toMatch(/^flashkv \d+\.\d+\.\d+\n$/);
  });

  it('refuses an unknown option or engine with exit code 1', async () => {
    const unknown = await runCli(['--bogus'], '');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^flashkv: unknown option "--bogus"\n\nUsage: flashkv \[OPTIONS\]/);
    expect(unknown.stdout).toBe('');
    const engine = await runCli(['--engine', 'lua'], '');
    expect(engine.status).toBe(1);
    expect(engine.stderr).toMatch(/^flashkv: --engine must be "wasm" or "ts", not "lua"/);
  });

  it('keeps the database in ./data of its working directory by default, closes it at the end and loads it on the next run', async () => {
    const cwd = freshDir();
    expect(await runCli([], 'set greeting hello\nincr visits\n', cwd)).toEqual({ stdout: 'OK\n1\n', stderr: '', status: 0 });
    // No flashkv.lock left behind: the database was closed, not abandoned.
    expect(readdirSync(join(cwd, 'data')).sort()).toEqual(['appendonly.aof.1.base.aof', 'appendonly.aof.1.incr.aof', 'appendonly.aof.manifest']);
    expect(await runCli([], 'get greeting\nincr visits\n', cwd)).toEqual({ stdout: 'hello\n2\n', stderr: '', status: 0 });
  });

  it('keeps the database in the directory --dir names, whatever the working directory and sync policy', async () => {
    for (const policy of ['always', 'no']) {
      const dir = join(freshDir(), 'nested', 'kv');
      expect(await runCli(['--dir', dir, '--appendfsync', policy], 'mset a 1 b 2\n')).toEqual({ stdout: 'OK\n', stderr: '', status: 0 });
      expect((await runCli(['--dir', dir], 'mget a b\n')).stdout).toBe('1\n2\n');
    }
  });

  it('keeps nothing on disk with --memory', async () => {
    const cwd = freshDir();
    expect(await runCli(['--memory'], 'set k v\n', cwd)).toEqual({ stdout: 'OK\n', stderr: '', status: 0 });
    expect(readdirSync(cwd)).toEqual([]);
    expect((await runCli(['--memory'], 'get k\n', cwd)).stdout).toBe('\n');
  });

  it("prints the log's warnings: a torn tail is cut at start, and what came before it loads", async () => {
    const cwd = freshDir();
    await runCli([], 'set a 1\n', cwd);
    appendFileSync(join(cwd, 'data', 'appendonly.aof.1.incr.aof'), '*3\r\n$3\r\nSET');
    const run = await runCli([], 'get a\n', cwd);
    expect(run.stdout).toBe('1\n');
    expect(run.stderr).toBe('flashkv: warning: the log ended in the middle of a write (a crash cut it short): cut appendonly.aof.1.incr.aof from 38 to 27 bytes; the 11 bytes cut were never acknowledged\n');
    expect(run.status).toBe(0);
  });

  it('refuses to start on a log it cannot load, naming the file and the offset, and changes nothing', async () => {
    const cwd = freshDir();
    await runCli([], 'set a 1\nset b 2\n', cwd);
    const file = join(cwd, 'data', 'appendonly.aof.1.incr.aof');
    const bytes = readFileSync(file);
    bytes[27 + 4] = 0x21; // the '$' of the second SET's name
    writeFileSync(file, bytes);
    const run = await runCli([], 'get a\n', cwd);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `flashkv: cannot load ${join(cwd, 'data')}: appendonly.aof.1.incr.aof at byte 31: not a valid log record (expected '$' to start an argument). No file was changed; \`flashkv check-aof ${join(cwd, 'data')}\` reports on every file of the log.\n`,
    );
    expect(readFileSync(file)).toEqual(bytes);
  });

  it('refuses to start on a directory another live process holds', async () => {
    const cwd = freshDir();
    mkdirSync(join(cwd, 'data'));
    writeFileSync(join(cwd, 'data', 'flashkv.lock'), `${process.pid}\n`);
    expect(await runCli([], 'set a 1\n', cwd)).toEqual({
      stdout: '',
      stderr: `flashkv: ${join(cwd, 'data')} is in use by process ${process.pid} (or this runtime may not check whether it still runs); one process may open a directory at a time\n`,
      status: 1,
    });
  });

  it('shows a banner and a prompt, formats for a terminal and keeps history when run in one (util-linux script as the pseudo-terminal)', () => {
    const home = freshDir();
    const historyFile = join(home, 'history');
    const script = spawnSync('script', ['-qfec', `"${process.execPath}" "${MAIN}" --engine ts`, '/dev/null'], {
      cwd: home,
      input: 'set a "x y"\nget a\nincr n\nmget a nokey\nquit\n',
      env: { ...process.env, FLASHKV_HISTFILE: historyFile },
      encoding: 'utf8',
      timeout: 15_000,
    });
    if (script.error) throw new Error(`could not run "script" (util-linux) for the terminal test: ${script.error.message}`);
    // Drop terminal control sequences and carriage returns; keep what a person would read.
    const screen = script.stdout.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
    expect(screen).toMatch(new RegExp(`^flashkv \\d+\\.\\d+\\.\\d+ \\(data in ${join(home, 'data')}, appendfsync everysec, engine: ts\\)\\n`, 'm'));
    expect(screen).toContain('flashkv> set a "x y"\nOK\n');
    expect(screen).toContain('flashkv> get a\n"x y"\n');
    expect(screen).toContain('flashkv> incr n\n(integer) 1\n');
    expect(screen).toContain('flashkv> mget a nokey\n1) "x y"\n2) (nil)\n');
    expect(script.status).toBe(0);
    expect(readFileSync(historyFile, 'utf8')).toBe('set a "x y"\nget a\nincr n\nmget a nokey\nquit\n');
  });
});
