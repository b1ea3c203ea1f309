/**
 * A clock for tests that moves only when told to, with timers on that time: `advance(ms)` fires
 * every timer that falls due, in order of due time (then of creation), setting the clock to each
 * timer's due time before it runs and letting pending promise work settle between them. Nothing
 * sleeps, so an hour of virtual time costs only the work done in it.
 */
import { ManualClock } from '../../util/clock.js';
import type { TimerHandle, ToolkitClock } from '../clock.js';

interface VirtualTimer {
  readonly due: number;
  readonly seq: number;
  readonly fn: () => void;
}

/** Lets the promise jobs already queued (and those they queue) run before going on. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class VirtualClock extends ManualClock implements ToolkitClock {
  private readonly timers = new Set<VirtualTimer>();
  private readonly listeners = new Set<(now: number) => void>();
  private seq = 0;
  private advancing = false;

  /** Starts at `startMs` (ms since the epoch), by default the wall clock's time now. */
  constructor(startMs = Date.now()) {
    super(startMs);
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const t: VirtualTimer = { due: this.now() + delay, seq: this.seq++, fn };
    this.timers.add(t);
    return t;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as VirtualTimer);
  }

  /** Timers not yet fired. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /**
   * Calls `fn(now)` whenever time moves (the test server uses it to run the engine's
   * time-driven work, such as blocking timeouts). Returns a function that removes it.
   */
  onAdvance(fn: (now: number) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Moves time forward by `ms`, firing due timers in order (timers they set that fall within the
   * window fire too). Resolves once time has reached its target and the work it started settled.
   * A timer that throws rejects the advance (time stays at that timer's due time).
   */
  override async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`cannot advance by ${ms} ms`);
    if (this.advancing) throw new Error('VirtualClock.advance is already running (await it)');
    this.advancing = true;
    try {
      const target = this.now() + ms;
      await settle();
      for (let t = this.nextDue(target); t !== null; t = this.nextDue(target)) {
        this.timers.delete(t);
        this.moveTo(t.due);
        t.fn();
        await settle();
      }
      this.moveTo(target);
      await settle();
    } finally {
      this.advancing = false;
    }
  }

  private moveTo(ms: number): void {
    if (ms > this.now()) super.set(ms);
    for (const fn of this.listeners) fn(this.now());
  }

  /** The earliest timer due at or before `limit`, or null. */
  private nextDue(limit: number): VirtualTimer | null {
    let best: VirtualTimer | null = null;
    for (const t of this.timers) {
      if (t.due > limit) continue;
      if (best === null || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
