/**
 * Clients that were given output by someone else's command (pub/sub messages, keyspace events,
 * tracking invalidations) and must have it written: Redis's clients_pending_write list,
 * handled in beforeSleep.
 *
 * A connection's own replies are written at the end of its read batch; output for other clients
 * is written right after that batch (the server calls flush() once the batch's replies are out),
 * so a subscriber gets a message after the publisher got PUBLISH's reply. Output produced
 * outside any read batch (active expiry, blocking timeouts, cron) is written on the next turn
 * of the event loop (setImmediate), once per turn whatever the number of messages.
 */
import type { Client } from './client.js';

export class PendingWrites {
  private queue: Client[] = [];
  private timer: ReturnType<typeof setImmediate> | undefined;
  /**
   * Output gathered over a batch and produced just before the flush (tracking's BCAST
   * invalidations, Redis's trackingBroadcastInvalidationMessages in beforeSleep), and whether it
   * was asked for since the last flush.
   */
  private beforeFlush: (() => void) | null = null;
  private beforeFlushDue = false;

  /** Non-zero when a flush has work (the server tests it after every batch). */
  get size(): number {
    return this.beforeFlushDue ? this.queue.length + 1 : this.queue.length;
  }

  /** Sets the work scheduleBeforeFlush() asks for. */
  setBeforeFlush(fn: () => void): void {
    this.beforeFlush = fn;
  }

  /** Asks for the before-flush work to run at the next flush (after the batch, or next turn). */
  scheduleBeforeFlush(): void {
    if (this.beforeFlushDue) return;
    this.beforeFlushDue = true;
    if (this.timer === undefined) this.timer = setImmediate(this.flush);
  }

  /** Queues `c` for writing (once, however much output it gets before the flush). */
  add(c: Client): void {
    if (c.writePending) return;
    c.writePending = true;
    this.queue.push(c);
    if (this.timer === undefined) this.timer = setImmediate(this.flush);
  }

  /** Writes every queued client's output now. */
  readonly flush = (): void => {
    if (this.timer !== undefined) {
      clearImmediate(this.timer);
      this.timer = undefined;
    }
    if (this.beforeFlushDue) {
      this.beforeFlushDue = false;
      this.beforeFlush?.();
    }
    const list = this.queue;
    if (list.length === 0) return;
    this.queue = [];
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      c.writePending = false;
      if (!c.closing) c.transport.flush();
    }
  };

  /** Stops the pending timer (engine shutdown). */
  close(): void {
    if (this.timer !== undefined) clearImmediate(this.timer);
    this.timer = undefined;
    for (const c of this.queue) c.writePending = false;
    this.queue = [];
    this.beforeFlushDue = false;
  }
}
