/**
 * The toolkit's source of time: now plus timers (docs/cache/DESIGN.md, section 6). Production
 * uses the system clock and Node's timers; tests pass `VirtualClock` from `sonic-kv/testing`, so
 * TTLs, lease timeouts and refresh-ahead follow the test's time instead of the wall clock.
 */
import { systemClock, type Clock } from '../util/clock.js';

/** An opaque timer handle, returned by setTimeout and taken back by clearTimeout. */
export type TimerHandle = object;

export interface ToolkitClock extends Clock {
  /** Calls `fn` once, `ms` milliseconds from now (on this clock). */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer; unknown or fired handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
}

/** The wall clock with Node's timers (unref'd: a pending toolkit timer never keeps a process up). */
export const systemToolkitClock: ToolkitClock = {
  now: systemClock.now,
  nowMicros: systemClock.nowMicros,
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};
