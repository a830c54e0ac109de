/**
 * Session: one client connection's state and the commands that act on the
 * connection rather than the data: HELLO, AUTH, SELECT, CLIENT, QUIT and
 * MULTI/EXEC/DISCARD. Every other command goes to the database through the
 * command table and its reply is written in the client's RESP version.
 *
 * MULTI queues commands (a command that fails to queue, being unknown or of
 * the wrong arity, makes EXEC refuse with EXECABORT); EXEC runs the queue in
 * one update(), so it is atomic and, with a log, written as one MULTI/EXEC
 * block. As in Redis, a command that fails at run time inside EXEC replies
 * with its error and the others still apply.
 */
import type { DB } from '../db.js';
import { asciiLower } from '../engine/args.js';
import { replyKindOf, resolveCommand, type Reply } from '../engine/commands.js';
import { writeError, writeReply, type Protocol, type ReplyKind } from '../engine/reply.js';
import { RespWriter } from '../engine/resp.js';
import { isReplyError } from '../errors/reply-error.js';
import type { EncodingLimits } from '../engine/engine.js';
import { configGet, configSet } from './config.js';

/** What every session of a server shares. */
export interface ServerState {
  readonly db: DB;
  /** The password clients must give (requirepass); null for none. CONFIG SET changes it. */
  password: string | null;
  /** The most connections at once; CONFIG SET changes it. */
  maxClients: number;
  /** The settings fixed while the server runs, by redis.conf name, for CONFIG GET (config.ts adds the ones CONFIG SET changes). */
  readonly config: ReadonlyMap<string, string>;
  /**
   * The encoding limits as CONFIG SET last set them (any value Redis takes,
   * up to 2^63 - 1; the DB holds them capped at 2^53 - 1).
   */
  readonly encoding: Record<keyof EncodingLimits, bigint>;
  nextClientId: number;
  /** SHUTDOWN: stop the server (the database closed, its log synced); null where nothing may stop it. */
  shutdown: (() => void) | null;
}

/** A command's reply to the client, or an instruction to end the connection after it. */
export interface Outcome {
  /** Whether a command that may have changed data ran (the reply waits for the log's acknowledgement). */
  wrote: boolean;
  /** Close the connection once the replies are written (QUIT). */
  close: boolean;
}

/** A command MULTI queued, with the reply kind of its row (a subcommand's, for a container such as MEMORY) for its arguments. */
interface Queued {
  args: Buffer[];
  kind: ReplyKind;
}

const OK = 'OK';
const TEXT = new TextDecoder();
const ERR_NOAUTH = 'NOAUTH Authentication required.';

export class Session {
  readonly id: number;
  readonly #state: ServerState;
  protocol: Protocol = 2;
  name = '';
  #authenticated: boolean;
  /** The queued commands of an open MULTI, null outside one. */
  #queue: Queued[] | null = null;
  #queueFailed = false;

  constructor(state: ServerState) {
    this.#state = state;
    this.id = state.nextClientId++;
    this.#authenticated = state.password === null;
  }

  /** Runs one command and appends its reply to `out`. */
  run(args: Buffer[], out: RespWriter): Outcome {
    const outcome: Outcome = { wrote: false, close: false };
    if (args.length === 0) return outcome;
    const name = lower(args[0]);
    if (!this.#authenticated && name !== 'auth' && name !== 'hello' && name !== 'quit') {
      writeError(out, ERR_NOAUTH);
      return outcome;
    }
    if (this.#queue !== null && name !== 'exec' && name !== 'discard' && name !== 'multi' && name !== 'quit') {
      this.#enqueue(args, out);
      return outcome;
    }
    switch (name) {
      case 'hello':
        this.#hello(args, out);
        return outcome;
      case 'auth':
        this.#auth(args, out);
        return outcome;
      case 'quit':
        writeReply(out, OK, 'status', this.protocol);
        outcome.close = true;
        return outcome;
      case 'shutdown':
        if (this.#state.shutdown === null) writeError(out, 'ERR Errors trying to SHUTDOWN. Check logs.');
        else {
          // No reply on success: the connection closes as the server stops, as redis-server's does.
          outcome.close = true;
          this.#state.shutdown();
        }
        return outcome;
      case 'select':
        this.#select(args, out);
        return outcome;
      case 'time': {
        if (args.length !== 1) writeError(out, "ERR wrong number of arguments for 'time' command");
        else {
          const micros = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
          out.header(0x2a, 2);
          out.bulk(String(micros / 1_000_000n));
          out.bulk(String(micros % 1_000_000n));
        }
        return outcome;
      }
      case 'config':
        this.#config(args, out);
        return outcome;
      case 'client':
        this.#client(args, out);
        return outcome;
      case 'multi':
        if (this.#queue !== null) writeError(out, 'ERR MULTI calls can not be nested');
        else {
          this.#queue = [];
          this.#queueFailed = false;
          writeReply(out, OK, 'status', this.protocol);
        }
        return outcome;
      case 'discard':
        if (this.#queue === null) writeError(out, 'ERR DISCARD without MULTI');
        else {
          this.#queue = null;
          writeReply(out, OK, 'status', this.protocol);
        }
        return outcome;
      case 'exec':
        outcome.wrote = this.#exec(out);
        return outcome;
      default:
        outcome.wrote = this.#call(args, out);
        return outcome;
    }
  }

  /** A command of the table; true if it may have written. */
  #call(args: Buffer[], out: RespWriter): boolean {
    let writes = false;
    try {
      const call = resolveCommand(args[0], args.slice(1));
      writes = call.command.flags.includes('write');
      writeReply(out, this.#state.db.callBuffer(args[0], ...args.slice(1)), replyKindOf(call), this.protocol);
    } catch (error) {
      writeFailure(out, error);
    }
    return writes;
  }

  #enqueue(args: Buffer[], out: RespWriter): void {
    let kind: ReplyKind;
    try {
      kind = replyKindOf(resolveCommand(args[0], args.slice(1)));
    } catch (error) {
      this.#queueFailed = true;
      writeFailure(out, error);
      return;
    }
    (this.#queue as Queued[]).push({ args, kind });
    writeReply(out, 'QUEUED', 'status', this.protocol);
  }

  #exec(out: RespWriter): boolean {
    const queue = this.#queue;
    if (queue === null) {
      writeError(out, 'ERR EXEC without MULTI');
      return false;
    }
    this.#queue = null;
    if (this.#queueFailed) {
      writeError(out, 'EXECABORT Transaction discarded because of previous errors.');
      return false;
    }
    const results: (Reply | Error)[] = [];
    const db = this.#state.db;
    try {
      void db.update((tx) => {
        for (const { args } of queue) {
          try {
            results.push(tx.callBuffer(args[0], ...args.slice(1)));
          } catch (error) {
            if (!isReplyError(error)) throw error;
            results.push(error);
          }
        }
      }).catch(() => undefined);
    } catch (error) {
      writeFailure(out, error);
      return false;
    }
    if (results.length < queue.length) {
      // The transaction was refused before it ran (the log refusing writes): its error stands for all of it.
      writeError(out, 'EXECABORT Transaction discarded because of previous errors.');
      return false;
    }
    out.header(0x2a, queue.length);
    for (let i = 0; i < queue.length; i++) {
      const result = results[i];
      if (result instanceof Error) writeFailure(out, result);
      else writeReply(out, result, queue[i].kind, this.protocol);
    }
    return true;
  }

  #hello(args: Buffer[], out: RespWriter): void {
    let protocol: Protocol = this.protocol;
    let i = 1;
    if (args.length > 1) {
      const version = Number(TEXT.decode(args[1]));
      if (!Number.isInteger(version)) {
        writeError(out, 'ERR Protocol version is not an integer or out of range');
        return;
      }
      if (version !== 2 && version !== 3) {
        writeError(out, 'NOPROTO unsupported protocol version');
        return;
      }
      protocol = version;
      i = 2;
    }
    for (; i < args.length; i++) {
      const option = lower(args[i]);
      if (option === 'auth' && i + 2 < args.length) {
        if (!this.#checkPassword(args[i + 2], out)) return;
        i += 2;
      } else if (option === 'setname' && i + 1 < args.length) {
        this.name = TEXT.decode(args[i + 1]);
        i += 1;
      } else {
        writeError(out, `ERR Syntax error in HELLO option '${TEXT.decode(args[i])}'`);
        return;
      }
    }
    if (!this.#authenticated) {
      writeError(out, 'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time');
      return;
    }
    this.protocol = protocol;
    // Redis's HELLO map, with the protocol version flashkv follows (INFO has flashkv's own).
    out.header(protocol === 3 ? 0x25 : 0x2a, protocol === 3 ? 7 : 14);
    for (const [field, value] of [['server', 'redis'], ['version', '7.0.15'], ['proto', protocol], ['id', this.id], ['mode', 'standalone'], ['role', 'master']] as const) {
      out.bulk(field);
      if (typeof value === 'number') out.header(0x3a, value);
      else out.bulk(value);
    }
    out.bulk('modules');
    out.header(0x2a, 0);
  }

  #auth(args: Buffer[], out: RespWriter): void {
    if (args.length < 2 || args.length > 3) {
      writeError(out, "ERR wrong number of arguments for 'auth' command");
      return;
    }
    if (this.#state.password === null) {
      writeError(out, 'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?');
      return;
    }
    if (this.#checkPassword(args[args.length - 1], out)) writeReply(out, OK, 'status', this.protocol);
  }

  #checkPassword(given: Buffer, out: RespWriter): boolean {
    if (this.#state.password !== null && given.equals(Buffer.from(this.#state.password))) {
      this.#authenticated = true;
      return true;
    }
    writeError(out, this.#state.password === null ? 'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?' : 'WRONGPASS invalid username-password pair or user is disabled.');
    return false;
  }

  #select(args: Buffer[], out: RespWriter): void {
    if (args.length !== 2) {
      writeError(out, "ERR wrong number of arguments for 'select' command");
      return;
    }
    const text = TEXT.decode(args[1]);
    if (!/^-?[0-9]+$/.test(text)) writeError(out, 'ERR value is not an integer or out of range');
    // One keyspace for now: database 0. Redis's databases 1-15 come with the server's multi-database work.
    else if (Number(text) !== 0) writeError(out, 'ERR DB index is out of range');
    else writeReply(out, OK, 'status', this.protocol);
  }

  /** CONFIG GET pattern [pattern ...] and CONFIG SET name value [name value ...] (config.ts). */
  #config(args: Buffer[], out: RespWriter): void {
    const sub = args.length > 1 ? lower(args[1]) : '';
    if (args.length < 2) return writeError(out, "ERR wrong number of arguments for 'config' command");
    if (sub === 'get') {
      if (args.length < 3) return writeError(out, "ERR wrong number of arguments for 'config|get' command");
      const found = configGet(this.#state, args.slice(2).map((pattern) => pattern.toString('latin1')));
      out.header(this.protocol === 3 ? 0x25 : 0x2a, this.protocol === 3 ? found.length : found.length * 2);
      for (const [name, value] of found) {
        out.bulk(name);
        out.bulk(value);
      }
      return;
    }
    if (sub === 'set') {
      if (args.length < 4) return writeError(out, "ERR wrong number of arguments for 'config|set' command");
      if (args.length % 2 !== 0) return writeError(out, 'ERR syntax error');
      const pairs: [string, string][] = [];
      for (let i = 2; i < args.length; i += 2) pairs.push([TEXT.decode(args[i]), TEXT.decode(args[i + 1])]);
      const failure = configSet(this.#state, pairs);
      return failure === null ? writeReply(out, OK, 'status', this.protocol) : writeError(out, failure);
    }
    writeError(out, `ERR unknown subcommand '${TEXT.decode(args[1])}'. Try CONFIG HELP.`);
  }

  #client(args: Buffer[], out: RespWriter): void {
    const sub = args.length > 1 ? lower(args[1]) : '';
    if (sub === 'id' && args.length === 2) writeReply(out, this.id, 'integer', this.protocol);
    else if (sub === 'getname' && args.length === 2) writeReply(out, this.name === '' ? null : new TextEncoder().encode(this.name), 'bulk', this.protocol);
    else if (sub === 'setname' && args.length === 3) {
      const name = TEXT.decode(args[2]);
      if (/[\s]/.test(name)) writeError(out, 'ERR Client names cannot contain spaces, newlines or special characters.');
      else {
        this.name = name;
        writeReply(out, OK, 'status', this.protocol);
      }
    } else if ((sub === 'setinfo' || sub === 'no-evict') && args.length >= 3) writeReply(out, OK, 'status', this.protocol);
    else if (args.length < 2) writeError(out, "ERR wrong number of arguments for 'client' command");
    else writeError(out, `ERR unknown subcommand '${TEXT.decode(args[1])}'. Try CLIENT HELP.`);
  }
}

/** A command or option name, lower-cased as Redis folds names (ASCII letters only). */
function lower(bytes: Buffer): string {
  return asciiLower(bytes.toString('latin1'));
}

/** The row `args` runs (a subcommand's row for a container), arity checked; throws Redis's error for an unknown command or a wrong arity. */
function writeFailure(out: RespWriter, error: unknown): void {
  if (isReplyError(error)) writeError(out, error.message);
  else writeError(out, `ERR ${(error as Error)?.message ?? String(error)}`);
}

