/**
 * The units of one log file: a command on its own, or a transaction (the
 * commands between MULTI and EXEC), which is replayed whole or not at all.
 * The loader (load.ts) and `flashkv check-aof` (src/cli/check-aof.ts) read
 * files through this one function, so they agree on what a good file is.
 *
 * How a file can end, beyond the RESP reader's torn and corrupt:
 *   unfinished-multi  it ends inside a MULTI: a transaction cut short, a
 *                     torn tail like any other
 *   corrupt           also a MULTI inside a MULTI, or an EXEC without one
 * `goodUpTo` is where the whole part of the file ends: after the last
 * complete unit.
 */
import { readCommands } from './reader.js';

/** How a file of the log ends; offsets are bytes from the file's start. */
export type FileEnd =
  | { kind: 'whole' }
  /** The command starting at `offset` is cut short. */
  | { kind: 'torn'; offset: number; goodUpTo: number }
  /** The MULTI at `goodUpTo` has no EXEC before the file ends. */
  | { kind: 'unfinished-multi'; goodUpTo: number }
  /** Byte `at`, in the command starting at `offset`, is wrong for `reason`. */
  | { kind: 'corrupt'; offset: number; at: number; reason: string; goodUpTo: number };

/** What {@link readUnits} read. */
export interface UnitsRead {
  end: FileEnd;
  /** Commands in the whole part, MULTI and EXEC included. */
  commands: number;
}

/** Receives each unit (a transaction without its MULTI and EXEC), where it starts and ends; may throw to stop the read. */
export type UnitSink = (commands: Uint8Array[][], start: number, end: number) => void;

/** Whether `bytes` spell `word` (lower-case letters) in any case, without decoding them. */
export function isWord(bytes: Uint8Array, word: string): boolean {
  if (bytes.length !== word.length) return false;
  for (let i = 0; i < word.length; i++) if ((bytes[i] | 0x20) !== word.charCodeAt(i)) return false;
  return true;
}

/**
 * Where a SELECT in a log points: null when `args` is not SELECT, 'zero'
 * for SELECT 0 (Redis writes it at the start of its files; with flashkv's one
 * keyspace it replays as nothing), 'other' for any other database, which
 * flashkv cannot replay.
 */
export function selectTarget(args: Uint8Array[]): 'zero' | 'other' | null {
  if (!isWord(args[0], 'select')) return null;
  return args.length === 2 && args[1].length === 1 && args[1][0] === 0x30 ? 'zero' : 'other';
}

class Misplaced {
  constructor(readonly offset: number, readonly reason: string) {}
}

/** Reads the units of one file, handing each to `sink`. */
export function readUnits(bytes: Uint8Array, sink: UnitSink): UnitsRead {
  let commands = 0;
  let wholeCommands = 0;
  let goodUpTo = 0;
  /** The open transaction's commands and where its MULTI starts; null outside one. */
  let queued: Uint8Array[][] | null = null;
  let multiAt = 0;
  let misplaced: Misplaced | null = null;
  let read;
  try {
    read = readCommands(bytes, (args, start, stop) => {
      const name = args[0];
      if (isWord(name, 'multi')) {
        if (queued !== null) throw new Misplaced(start, 'a MULTI inside a MULTI');
        queued = [];
        multiAt = start;
        commands++;
        return;
      }
      if (isWord(name, 'exec')) {
        if (queued === null) throw new Misplaced(start, 'an EXEC without a MULTI');
        const unit = queued;
        queued = null;
        sink(unit, multiAt, stop);
      } else if (queued !== null) {
        queued.push(args);
        commands++;
        return;
      } else {
        sink([args], start, stop);
      }
      commands++;
      wholeCommands = commands;
      goodUpTo = stop;
    });
  } catch (error) {
    if (!(error instanceof Misplaced)) throw error;
    misplaced = error;
  }
  let end: FileEnd;
  if (misplaced !== null) end = { kind: 'corrupt', offset: misplaced.offset, at: misplaced.offset, reason: misplaced.reason, goodUpTo };
  else if (read?.kind === 'corrupt') end = { kind: 'corrupt', offset: read.offset, at: read.at, reason: read.reason, goodUpTo };
  else if (read?.kind === 'torn') end = { kind: 'torn', offset: read.offset, goodUpTo };
  else if (queued !== null) end = { kind: 'unfinished-multi', goodUpTo: multiAt };
  else end = { kind: 'whole' };
  return { end, commands: wholeCommands };
}
