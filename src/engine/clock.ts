/**
 * CommandClock: the time a command sees, read from the wall clock at most
 * once per command and only when the command needs it.
 *
 * THE RULE
 *
 * Every command runs at one instant, as in Redis 7, which reads the clock
 * once as a command starts (call() refreshes its cached `mstime`; 7.2 keeps
 * it as `cmd_time_snapshot`) and uses that instant for every expiry check and
 * relative time in the command. Here the host marks each command's start with {@link begin}, and
 * the first read of {@link now} during the command asks the source; later
 * reads in the same command get the same value. A command that never asks
 * (GET of a key without an expiry, SET without one, INCR, most commands
 * while no key has a TTL) never reads the clock, which in V8 costs about
 * 45 ns (Date.now), as much as the rest of such a command.
 *
 * Reading late instead of at the start changes nothing a caller can see: a
 * command is synchronous, so no other code runs between its start and its
 * first read. A transaction is one instant too: the host calls {@link pin}
 * as it starts, and its commands do not begin() again, so no key expires
 * between two of them and relative times count from its start, as Redis
 * freezes time in MULTI/EXEC and scripts.
 *
 * Writing {@link now} pins a time until the next begin(): tests and the
 * active-expiry cycle set it directly. Without a source (an engine used on
 * its own, as tests use one) begin() keeps the time last written, so only
 * written times are ever seen.
 */
export class CommandClock {
  /** Where the time comes from, in Unix milliseconds; null: only written times count. */
  source: (() => number) | null = null;
  #now = 0;
  /** Whether #now is the current command's time; false from begin() until the first read. */
  #known = true;

  /** The current command's Unix time in milliseconds. */
  get now(): number {
    if (!this.#known) {
      this.#now = (this.source as () => number)();
      this.#known = true;
    }
    return this.#now;
  }

  set now(ms: number) {
    this.#now = ms;
    this.#known = true;
  }

  /** A command starts: its time is read from the source when first asked for. */
  begin(): void {
    if (this.source !== null) this.#known = false;
  }

  /** A transaction starts: reads the source now and keeps that instant until the next begin(). */
  pin(): void {
    if (this.source !== null) this.now = this.source();
  }
}
