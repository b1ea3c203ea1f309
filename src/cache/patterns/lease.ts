/**
 * What locks, Redlock and semaphores hand out: a lease with an owner token, a fencing token and an
 * AbortSignal that fires when the lease is lost (docs/cache/DESIGN.md, section 4.5).
 *
 * The signal is driven by a *local* deadline, not only by the server's answer to an extend: the
 * deadline is `sendTime + ttl * (1 - drift) - 1 ms`, with sendTime read on a monotonic clock when
 * the acquire (later: an extend) was sent, and it moves only when an extend's reply has arrived.
 * The server's lease started no earlier than sendTime, so the local deadline always comes first.
 * A process that was stopped (SIGSTOP, a long GC pause, a stalled event loop) therefore finds its
 * lease lost as soon as it runs again -- before any of its code can use the stale fencing token:
 * the deadline timer fires, and reading `signal.aborted` (or `throwIfAborted()`, `assertHeld()`)
 * checks the deadline itself, so an I/O callback that happens to run before the timer does still
 * sees the lease as lost.
 */
import { randomBytes } from 'node:crypto';
import { LeaseLostError } from '../errors.js';
import { systemToolkitClock, type TimerHandle, type ToolkitClock } from '../clock.js';

/** What a lease asks its lock implementation to do on the server(s). */
export interface LeaseBackend {
  /** Extends the lease to `ttl` ms from now; true when the server(s) still had it. */
  extend(ttl: number): Promise<boolean>;
  /** Frees the lease; true when it was still valid there. */
  release(): Promise<boolean>;
}

/** Lease timing shared by every lock kind. */
export interface LeaseTiming {
  /** Lease length in ms. */
  readonly ttl: number;
  /** The share of ttl kept as a safety margin for clock drift between client and server. */
  readonly drift: number;
  /** Extend automatically every ttl/3 while held. */
  readonly autoExtend: boolean;
}

/** A held lock, semaphore permit or Redlock lease. */
export interface LockHandle {
  /** The resource locked. */
  readonly resource: string;
  /** The owner token: only this holder can extend or release. */
  readonly token: string;
  /**
   * The fencing token: larger than every fence given out for this resource before. Pass it to
   * the storage you write to, and have it refuse writes carrying a smaller one.
   */
  readonly fence: number;
  /** Fires (reason: LeaseLostError) when the lease is lost. Not fired by release(). */
  readonly signal: AbortSignal;
  /** ms left before the local deadline (0 when lost or released). */
  remaining(): number;
  /** Throws LeaseLostError unless the lease is still held (checks the local deadline now). */
  assertHeld(): void;
  /** Extends the lease (to `ttl`, default the lock's). Throws LeaseLostError if it was lost. */
  extend(ttl?: number): Promise<void>;
  /** Frees the lease. Resolves true when it was still held; false when it had been lost. */
  release(): Promise<boolean>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** A new owner token: 128 random bits. */
export function ownerToken(): string {
  return randomBytes(16).toString('hex');
}

/** A monotonic ms clock for deadlines: performance.now() in production, the test's clock otherwise. */
export function monotonicNow(clock: ToolkitClock): () => number {
  return clock === systemToolkitClock ? () => performance.now() : () => clock.now();
}

const abortedGetter = Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted')!.get!;

export class Lease implements LockHandle {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private deadline: number;
  private state: 'held' | 'lost' | 'released' = 'held';
  private deadlineTimer: TimerHandle | null = null;
  private extendTimer: TimerHandle | null = null;

  constructor(
    readonly resource: string,
    readonly token: string,
    readonly fence: number,
    /** Monotonic time at which the acquire was sent. */
    sentAt: number,
    private readonly timing: LeaseTiming,
    private readonly backend: LeaseBackend,
    private readonly clock: ToolkitClock,
    private readonly now: () => number,
  ) {
    this.deadline = this.deadlineFrom(sentAt, timing.ttl);
    const signal = this.controller.signal;
    // The signal answers from the deadline itself, not only from the timer (see the file comment).
    Object.defineProperty(signal, 'aborted', {
      get: () => {
        this.check();
        return abortedGetter.call(signal) as boolean;
      },
    });
    Object.defineProperty(signal, 'throwIfAborted', {
      value: () => {
        this.check();
        AbortSignal.prototype.throwIfAborted.call(signal);
      },
    });
    this.signal = signal;
    this.armDeadline();
    if (timing.autoExtend) this.scheduleExtend(sentAt);
  }

  remaining(): number {
    this.check();
    return this.state === 'held' ? Math.max(0, this.deadline - this.now()) : 0;
  }

  assertHeld(): void {
    this.check();
    if (this.state === 'lost') throw this.signal.reason;
    if (this.state === 'released') throw new LeaseLostError(`lock ${this.resource} was released`);
  }

  async extend(ttl = this.timing.ttl): Promise<void> {
    this.assertHeld();
    const sentAt = this.now();
    let ok: boolean;
    try {
      ok = await this.backend.extend(ttl);
    } catch (e) {
      // No answer: the lease may or may not have been extended; the deadline stays where it was.
      this.check();
      throw e;
    }
    if (!ok) {
      this.lose('the server no longer holds it (expired or taken over) when extending');
      throw this.signal.reason;
    }
    this.check();
    if (this.state !== 'held') throw this.state === 'lost' ? this.signal.reason : new LeaseLostError(`lock ${this.resource} was released`);
    this.deadline = Math.max(this.deadline, this.deadlineFrom(sentAt, ttl));
    this.armDeadline();
  }

  async release(): Promise<boolean> {
    if (this.state === 'released') return false;
    this.check();
    const wasHeld = this.state === 'held';
    this.state = 'released';
    this.stopTimers();
    const ok = await this.backend.release();
    return ok && wasHeld;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.release();
  }

  private deadlineFrom(sentAt: number, ttl: number): number {
    return sentAt + ttl * (1 - this.timing.drift) - 1;
  }

  /** Loses the lease now if its deadline has passed. */
  private check(): void {
    if (this.state === 'held' && this.now() >= this.deadline) this.lose('its ttl ran out before it was extended');
  }

  private lose(why: string): void {
    if (this.state !== 'held') return;
    this.state = 'lost';
    this.stopTimers();
    this.controller.abort(new LeaseLostError(`lease on ${this.resource} lost: ${why}`));
  }

  private armDeadline(): void {
    if (this.deadlineTimer !== null) this.clock.clearTimeout(this.deadlineTimer);
    this.deadlineTimer = this.clock.setTimeout(() => {
      this.deadlineTimer = null;
      if (this.state === 'held') this.check();
      if (this.state === 'held') this.armDeadline(); // a timer that fired a little early
    }, Math.max(0, this.deadline - this.now()));
  }

  private scheduleExtend(from: number, minWait = 0): void {
    const wait = Math.max(minWait, from + this.timing.ttl / 3 - this.now());
    this.extendTimer = this.clock.setTimeout(() => {
      this.extendTimer = null;
      this.check(); // after a pause the deadline may be gone: never send an extend then
      if (this.state !== 'held') return;
      const sentAt = this.now();
      this.extend().then(
        () => this.state === 'held' && this.scheduleExtend(sentAt),
        // No answer: try again (not in a tight loop); the deadline still guards the lease.
        () => this.state === 'held' && this.scheduleExtend(sentAt, this.timing.ttl / 10),
      );
    }, wait);
  }

  private stopTimers(): void {
    if (this.deadlineTimer !== null) this.clock.clearTimeout(this.deadlineTimer);
    if (this.extendTimer !== null) this.clock.clearTimeout(this.extendTimer);
    this.deadlineTimer = this.extendTimer = null;
  }
}
