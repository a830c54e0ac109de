/**
 * Stats: the counters behind INFO's stats section, kept by the command layer
 * (the table's rows and runCommand) rather than
 * by the engines: there they cost both engines nothing and are exact for
 * both, since they are read off each command's arguments and reply.
 *
 * What counts, as redis-server 7.0 counts it (test/info.test.ts compares
 * the deltas with a real redis-server over random command sequences):
 *
 * - `commands` (total_commands_processed): every command that ran, whether
 *   it succeeded or replied with an error. A command refused before it runs
 *   (unknown name or subcommand, wrong number of arguments, a JS argument of
 *   the wrong type, a write in a read-only transaction) does not count.
 * - `hits` / `misses` (keyspace_hits / keyspace_misses): each key looked up
 *   by a command that reads it: GET, GETSET, GETDEL, GETEX, SET ... GET,
 *   MGET (per key), STRLEN, GETRANGE, TYPE, EXISTS (per key), TTL, PTTL,
 *   EXPIRETIME, PEXPIRETIME, COPY's source, SCAN with TYPE (one per
 *   key it reads the type of, as Redis 7.0 does), OBJECT ENCODING, the hash
 *   and set reads (HGET ... HSCAN, SISMEMBER ... SSCAN, SRANDMEMBER,
 *   HRANDFIELD), and each key of SUNION, SINTER, SDIFF, SINTERCARD and of
 *   the STOREs' sources, up to the first of another type; SPOP with a count
 *   that takes the whole set (Redis serves it as SUNION). A key of another type is
 *   a hit (the command then fails with WRONGTYPE). Commands that look keys up
 *   to write them (INCR, APPEND, SETNX, DEL, RENAME, EXPIRE, HSET, SADD,
 *   SPOP, SMOVE, HINCRBYFLOAT ...), the walks
 *   (KEYS, SCAN, RANDOMKEY) and MEMORY USAGE count neither, as in Redis.
 *
 * One difference remains: an expired key that SCAN TYPE walks past is a
 * miss in Redis (its type check expires it), while the engines' walks skip
 * such keys unseen, so flashkv counts nothing for it.
 *
 * Left out because the Wasm core does not report it: expired_keys (lazy
 * expiry happens inside the core's lookups, out of the host's sight).
 */
import { WrongTypeError } from '../errors/wrongtype-error.js';

/** The counters of one database; see the module comment for what each counts. */
export class Stats {
  /** When the database opened, in Unix ms (INFO uptime_in_seconds). */
  readonly startedAt: number;
  /** Commands run (total_commands_processed). */
  commands = 0;
  /** Read lookups that found their key (keyspace_hits). */
  hits = 0;
  /** Read lookups that did not (keyspace_misses). */
  misses = 0;

  constructor(startedAt: number) {
    this.startedAt = startedAt;
  }

  /** Counts one read lookup. */
  lookup(found: boolean): void {
    if (found) this.hits++;
    else this.misses++;
  }

  /**
   * Counts the lookup of a read that threw: WRONGTYPE means the key was
   * there. Other errors (an argument too large for memory) count nothing.
   * Rethrows `error`.
   */
  failedRead(error: unknown): never {
    if (error instanceof WrongTypeError) this.hits++;
    throw error;
  }
}
