/**
 * Active expiry: a host timer that asks the engine to reclaim expired keys
 * nobody touches, so their memory comes back without an access.
 *
 * HOW IT WORKS
 *
 * Like Redis's activeExpireCycle: every `intervalMs` the timer calls
 * `engine.activeExpire(budget)`, which examines at most `budget` keys that
 * carry an expiry. While more than a quarter of the examined keys turned out
 * expired, there is probably more to reclaim, so it goes again, until the
 * cycle has used `maxCycleMs`. The engine bounds each step; this loop bounds
 * the cycle, so a large expired backlog is reclaimed over several ticks
 * instead of one long pause.
 *
 * The timer is unref'd (Node, Bun, Deno), so an open DB never keeps a process
 * alive, and `stop()` (called by `db.close()`) clears it.
 */
import type { Engine } from './engine/engine.js';
import { unrefTimer } from './unref-timer.js';

/** Tuning for {@link ActiveExpiry}. */
export interface ActiveExpiryOptions {
  /** Milliseconds between cycles. @default 100 */
  intervalMs?: number;
  /** Keys examined per engine step. @default 64 */
  budget?: number;
  /** Longest time one cycle may run, in milliseconds. @default 2 */
  maxCycleMs?: number;
}

/** Repeat a step while more than this share of what it examined had expired. */
const REPEAT_RATIO = 0.25;

/** The active-expiry timer of one DB. */
export class ActiveExpiry {
  readonly #engine: Engine;
  readonly #intervalMs: number;
  readonly #budget: number;
  readonly #maxCycleMs: number;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(engine: Engine, options: ActiveExpiryOptions = {}) {
    this.#engine = engine;
    this.#intervalMs = options.intervalMs ?? 100;
    this.#budget = options.budget ?? 64;
    this.#maxCycleMs = options.maxCycleMs ?? 2;
  }

  /** Starts the timer; calling it twice is harmless. */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => this.cycle(), this.#intervalMs);
    unrefTimer(this.#timer);
  }

  /** Stops the timer. */
  stop(): void {
    if (this.#timer === undefined) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Runs one cycle now; returns how many keys it reclaimed. */
  cycle(): number {
    const started = Date.now();
    let reclaimed = 0;
    for (;;) {
      this.#engine.now = Date.now();
      const expired = this.#engine.activeExpire(this.#budget);
      reclaimed += expired;
      if (expired <= this.#budget * REPEAT_RATIO || Date.now() - started >= this.#maxCycleMs) return reclaimed;
    }
  }
}
