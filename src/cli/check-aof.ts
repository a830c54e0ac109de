/**
 * check-aof: `flashkv check-aof [--fix] <dir>`, flashkv's redis-check-aof.
 *
 * It reads a log directory (Redis 7's multi-part layout, src/aof/manifest.ts)
 * without loading it into a database: the manifest, then each file it names,
 * in replay order, through the same reader the loader uses
 * (src/aof/units.ts), and says of each file whether it is whole.
 *
 * WHAT COUNTS AS A PROBLEM, per file (the loader's rules, src/aof/load.ts):
 *   missing           the manifest names a file the directory lacks
 *   torn              the file ends in the middle of a command
 *   unfinished MULTI  the file ends inside a MULTI with no EXEC
 *   corrupt           a byte RESP does not allow there, a MULTI inside a
 *                     MULTI, or an EXEC without a MULTI
 * For each, the report gives the byte offset and how much of the file is
 * whole: everything before the last command that ended outside a MULTI.
 * A command flashkv cannot replay (one it does not have yet, SELECT of
 * another database) is not damage: the file is a valid log, which a
 * redis-server loads; the report notes the first such command, because the
 * loader stops there.
 *
 * FIXING. With --fix a damaged last file is cut back to its whole part,
 * after the report says how many bytes go; the directory is locked meanwhile
 * (src/storage/node.ts), so a running flashkv is never cut under. As
 * redis-check-aof does, only the last file may be cut: the files after a
 * damaged one were written on top of what the damage destroyed, and
 * replaying them over a shorter history would build a dataset that never
 * existed. Damage in an earlier file, or a missing file, is refused.
 */
import { statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { MANIFEST_NAME, readManifest, replayOrder } from '../aof/manifest.js';
import { readUnits, selectTarget, type FileEnd } from '../aof/units.js';
import { resolveCommand } from '../engine/commands.js';
import { nodeStorage } from '../storage/node.js';
import type { Storage } from '../storage/storage.js';

/** What is wrong with one file: missing, or how it ends badly (units.ts); offsets are bytes from the file's start. */
export type FileProblem = { kind: 'missing' } | Exclude<FileEnd, { kind: 'whole' }>;

/** What the check found in the bytes of one file. */
export interface BytesCheck {
  /** Whole commands before the problem (all of them when there is none), MULTI and EXEC included. */
  commands: number;
  problem: FileProblem | null;
  /** The first command the loader could not replay, though the file is a valid log. */
  unsupported: { offset: number; message: string } | null;
}

/** What the check found in one file of the log. */
export interface FileCheck extends BytesCheck {
  name: string;
  role: 'base' | 'incremental';
  /** The file's length in bytes (0 when missing). */
  size: number;
}

/** What the check found in a log directory, its files in replay order. */
export interface LogCheck {
  location: string;
  files: FileCheck[];
}

/** A cut --fix would make, or made: `name` from `from` bytes to `to`. */
export interface Cut {
  name: string;
  from: number;
  to: number;
}

/** Why the loader could not replay `args`, or null if it could (name and arity; the values are checked only when run). */
function replayProblem(args: Uint8Array[]): string | null {
  const select = selectTarget(args);
  if (select !== null) return select === 'zero' ? null : 'SELECT of a database other than 0 (flashkv has one keyspace, database 0)';
  try {
    resolveCommand(args[0], args.slice(1));
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** checkBytes: checks the bytes of one log file (see the module comment for what counts as a problem). */
export function checkBytes(bytes: Uint8Array): BytesCheck {
  let unsupported: BytesCheck['unsupported'] = null;
  const read = readUnits(bytes, (unit, start) => {
    if (unsupported !== null) return;
    for (const args of unit) {
      const message = replayProblem(args);
      if (message !== null) {
        unsupported = { offset: start, message };
        return;
      }
    }
  });
  const problem: FileProblem | null = read.end.kind === 'whole' ? null : read.end;
  return { commands: read.commands, problem, unsupported };
}

/**
 * checkLog: checks every file the manifest in `storage` names. Throws an
 * Error meant for the user when there is no manifest or it cannot be read:
 * then there is no log to speak of file by file.
 */
export async function checkLog(storage: Storage): Promise<LogCheck> {
  const manifest = await readManifest(storage);
  if (manifest === null) {
    const stray = (await storage.list()).find((name) => name.startsWith('appendonly.aof'));
    throw new Error(
      stray === undefined
        ? `no log in ${storage.location}: it has no ${MANIFEST_NAME}`
        : `${storage.location} holds ${stray} but no ${MANIFEST_NAME}; flashkv reads Redis 7's multi-part log, which starts from a manifest`,
    );
  }
  const entries = replayOrder(manifest);
  const files: FileCheck[] = [];
  for (const entry of entries) {
    const role = entry.type === 'b' ? 'base' : 'incremental';
    const bytes = await storage.read(entry.name);
    if (bytes === null) files.push({ name: entry.name, role, size: 0, commands: 0, problem: { kind: 'missing' }, unsupported: null });
    else files.push({ name: entry.name, role, size: bytes.length, ...checkBytes(bytes) });
  }
  return { location: storage.location, files };
}

/** The first file with a problem, or undefined for a valid log. */
export function firstDamaged(check: LogCheck): FileCheck | undefined {
  return check.files.find((file) => file.problem !== null);
}

/**
 * planFix: what --fix does to `check`'s log: null when there is nothing to
 * fix, the cut to make, or why it refuses (see the module comment).
 */
export function planFix(check: LogCheck): { cut: Cut } | { refusal: string } | null {
  const damaged = firstDamaged(check);
  if (damaged === undefined) return null;
  const problem = damaged.problem as FileProblem;
  if (problem.kind === 'missing') {
    return { refusal: `${damaged.name} is missing, and cutting cannot bring it back; restore it from a backup` };
  }
  if (damaged !== check.files.at(-1)) {
    return {
      refusal:
        `${damaged.name} is damaged and is not the last file of the log. Only the last file may be cut, as with redis-check-aof: ` +
        'the files after it were written on top of what the damage destroyed, and replaying them over a shorter history would build a dataset that never existed. ' +
        'Restore the directory from a backup',
    };
  }
  return { cut: { name: damaged.name, from: damaged.size, to: problem.goodUpTo } };
}

/** `count` and `noun`, made plural unless it is one. */
function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** One line of the report for `file`. */
export function describeFile(file: FileCheck): string {
  const head = file.problem?.kind === 'missing' ? `${file.name} (${file.role})` : `${file.name} (${file.role}, ${file.size} bytes)`;
  const problem = file.problem;
  if (problem === null) {
    const note = file.unsupported === null ? '' : `; but flashkv cannot replay it yet: at byte ${file.unsupported.offset}, ${file.unsupported.message}`;
    return `${head}: valid, ${counted(file.commands, 'command')}${note}`;
  }
  if (problem.kind === 'missing') return `${head}: missing: the manifest names it, but the directory does not hold it`;
  const whole =
    problem.goodUpTo === 0
      ? `no command before it is whole; cutting there empties the file`
      : `the first ${counted(problem.goodUpTo, 'byte')} (${counted(file.commands, 'command')}) are whole; cutting there drops the last ${counted(file.size - problem.goodUpTo, 'byte')}`;
  if (problem.kind === 'unfinished-multi') {
    return `${head}: not valid: the MULTI at byte ${problem.goodUpTo} has no EXEC (a transaction cut short); ${whole}`;
  }
  const inMulti = problem.goodUpTo < problem.offset ? `, inside the MULTI at byte ${problem.goodUpTo}` : '';
  if (problem.kind === 'torn') {
    return `${head}: not valid: it ends in the middle of the command at byte ${problem.offset}${inMulti} (a write cut short); ${whole}`;
  }
  const after = problem.goodUpTo > 0 ? ', the damage and all after it' : '';
  return `${head}: not valid: corrupt at byte ${problem.at} (${problem.reason}), in the command at byte ${problem.offset}${inMulti}; ${whole}${after}`;
}

/** Where a problem is, for the summary line. */
function problemPlace(problem: FileProblem): string {
  if (problem.kind === 'missing') return 'which is missing';
  if (problem.kind === 'unfinished-multi') return `at byte ${problem.goodUpTo}`;
  return `at byte ${problem.kind === 'corrupt' ? problem.at : problem.offset}`;
}

/** The whole report of `check`: a line per file, then the verdict. */
export function formatReport(check: LogCheck, fixing: boolean): string {
  const lines = [`Checking the log in ${check.location}`];
  if (check.files.length === 0) lines.push(`${MANIFEST_NAME} lists no files: the log is empty`);
  for (const file of check.files) lines.push('  ' + describeFile(file));
  const damaged = firstDamaged(check);
  if (damaged === undefined) {
    const commands = check.files.reduce((sum, file) => sum + file.commands, 0);
    const bytes = check.files.reduce((sum, file) => sum + file.size, 0);
    lines.push(`The log is valid: ${counted(check.files.length, 'file')}, ${counted(commands, 'command')}, ${counted(bytes, 'byte')}.`);
  } else {
    lines.push(`The log is not valid. The first problem is in ${damaged.name}, ${problemPlace(damaged.problem as FileProblem)}.`);
    // With --fix, what it does is said as it does it.
    const plan = fixing ? null : planFix(check);
    if (plan !== null) {
      lines.push(
        'cut' in plan
          ? `"flashkv check-aof --fix" would cut ${plan.cut.name} from ${plan.cut.from} to ${counted(plan.cut.to, 'byte')}.`
          : `"flashkv check-aof --fix" cannot repair it: ${plan.refusal}.`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

/** Where `run` writes: the report, and refusals and errors. */
export interface CheckAofOutput {
  out(text: string): void;
  err(text: string): void;
}

/**
 * The log directory `given` names: the directory itself or its manifest
 * file. Throws an Error meant for the user for a path that is neither.
 */
export function logDirectory(given: string): string {
  let stats;
  try {
    stats = statSync(given);
  } catch {
    throw new Error(`${given} does not exist`);
  }
  if (stats.isDirectory()) return given;
  if (basename(given) === MANIFEST_NAME) return dirname(given);
  throw new Error(`${given} is a file; check-aof takes a log directory (or its ${MANIFEST_NAME})`);
}

/**
 * runCheckAof: `flashkv check-aof [--fix] <dir>`. Resolves with the exit
 * code: 0 when the log is valid (or --fix made it so), 1 otherwise.
 */
export async function runCheckAof(options: { dir: string; fix: boolean }, output: CheckAofOutput): Promise<number> {
  let storage: Storage;
  try {
    storage = nodeStorage(logDirectory(options.dir));
  } catch (error) {
    output.err(`flashkv check-aof: ${userMessage(error)}\n`);
    return 1;
  }
  if (options.fix) {
    try {
      await storage.lock();
    } catch (error) {
      output.err(`flashkv check-aof: ${userMessage(error)}\n`);
      return 1;
    }
  }
  try {
    const check = await checkLog(storage);
    output.out(formatReport(check, options.fix));
    if (firstDamaged(check) === undefined) return 0;
    if (!options.fix) return 1;
    const plan = planFix(check);
    if (plan === null) return 0;
    if ('refusal' in plan) {
      output.err(`flashkv check-aof: not fixing: ${plan.refusal}.\n`);
      return 1;
    }
    const { name, from, to } = plan.cut;
    output.out(`Cutting ${name} from ${from} to ${counted(to, 'byte')}: the last ${counted(from - to, 'byte')} are dropped.\n`);
    await storage.truncate(name, to);
    const after = await checkLog(storage);
    const damaged = firstDamaged(after);
    if (damaged !== undefined) {
      output.err(`flashkv check-aof: after the cut, ${describeFile(damaged)}\n`);
      return 1;
    }
    output.out(`The log is valid now.\n`);
    return 0;
  } catch (error) {
    output.err(`flashkv check-aof: ${userMessage(error)}\n`);
    return 1;
  } finally {
    await storage.unlock();
  }
}

/** An error's message without the "flashkv: " the library starts its own with (the caller names the program). */
export function userMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.startsWith('flashkv: ') ? message.slice('flashkv: '.length) : message;
}
