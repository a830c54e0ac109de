/**
 * Timers the host keeps (active expiry, the log's once-a-second fsync) must
 * not keep a process alive on their own.
 */

/** Lets the process exit while the timer is pending, on every runtime that has the notion. */
export function unrefTimer(timer: ReturnType<typeof setInterval>): void {
  if (typeof timer === 'object' && timer !== null && 'unref' in timer && typeof timer.unref === 'function') {
    timer.unref();
    return;
  }
  const deno = (globalThis as { Deno?: { unrefTimer?: (id: number) => void } }).Deno;
  if (typeof timer === 'number' && deno?.unrefTimer) deno.unrefTimer(timer);
}
