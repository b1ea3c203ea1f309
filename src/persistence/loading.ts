/**
 * The server's loading state (Redis's startLoading / loadingAbsProgress / stopLoading): while a
 * dataset loads, INFO shows loading:1 with the progress fields, keys do not expire, and clients
 * get -LOADING for commands without the `loading` flag (the dispatcher checks Engine.loading).
 *
 * Loads are written as generators that yield between slices; runLoad drives one either to the
 * end at once (DEBUG RELOAD / LOADAOF, synchronous as in Redis) or one slice per event-loop turn
 * (start-up), so connections are served between slices as Redis's processEventsWhileBlocked
 * does. The first slice runs at once: a small file loads with no scheduling at all.
 */
import type { Engine } from '../engine/engine.js';

export interface LoadingState {
  /** Unix seconds when the load started. */
  startTime: number;
  totalBytes: number;
  loadedBytes: number;
}

const states = new WeakMap<Engine, LoadingState>();

export function loadingOf(engine: Engine): LoadingState {
  let s = states.get(engine);
  if (s === undefined) states.set(engine, (s = { startTime: 0, totalBytes: 0, loadedBytes: 0 }));
  return s;
}

/** Enters the loading state for `totalBytes` of files. */
export function startLoading(engine: Engine, totalBytes: number): void {
  const s = loadingOf(engine);
  s.startTime = Math.floor(Date.now() / 1000);
  s.totalBytes = totalBytes;
  s.loadedBytes = 0;
  engine.loading = true;
}

export function stopLoading(engine: Engine): void {
  engine.loading = false;
  engine.loadingClient = null;
}

/** The loading_* INFO fields Redis adds while loading (in its order and formats). */
export function loadingInfoFields(engine: Engine): [string, string | number][] {
  if (!engine.loading) return [];
  const s = loadingOf(engine);
  let perc = 0;
  let remaining = 1;
  if (s.totalBytes > 0) {
    perc = (s.loadedBytes / s.totalBytes) * 100;
    remaining = s.totalBytes - s.loadedBytes;
  }
  const elapsed = Math.floor(Date.now() / 1000) - s.startTime;
  const eta = elapsed === 0 ? 1 : Math.floor((elapsed * remaining) / (s.loadedBytes + 1));
  return [
    ['loading_start_time', s.startTime],
    ['loading_total_bytes', s.totalBytes],
    ['loading_rdb_used_mem', 0],
    ['loading_loaded_bytes', s.loadedBytes],
    ['loading_loaded_perc', perc.toFixed(2)],
    ['loading_eta_seconds', eta],
  ];
}

/**
 * key-load-delay: microseconds spent per loaded key (Redis's debugDelay). A negative value -N
 * spends 1 microsecond with probability 1/N. Busy-waits, as usleep blocks Redis.
 */
export function debugDelay(usec: number): void {
  if (usec < 0) usec = Math.floor(Math.random() * -usec) === 0 ? 1 : 0;
  if (usec === 0) return;
  const end = performance.now() + usec / 1000;
  while (performance.now() < end) {
    // spin
  }
}

/** Bytes loaded between two turns of the event loop (loading-process-events-interval-bytes). */
export function sliceBytes(engine: Engine): number {
  return engine.config.num('loading-process-events-interval-bytes');
}

/**
 * How long a slice may run (ms) besides the byte interval: with slow keys (key-load-delay) or
 * big values a slice ends early enough that a client waits a few slices at most for -LOADING.
 */
export const SLICE_MS = 20;

/** The performance.now() deadline of a slice starting now. */
export function sliceDeadline(): number {
  return performance.now() + SLICE_MS;
}

/** A load: yields between slices, returns its outcome. */
export type LoadSteps<T> = Generator<void, T, void>;

/** Drives `steps` to the end now: DEBUG RELOAD and DEBUG LOADAOF block as in Redis. */
export function runLoadNow<T>(steps: LoadSteps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
  }
}

/** Drives `steps` one slice per event-loop turn, so clients are served (with -LOADING) meanwhile. */
export function runLoadSliced<T>(steps: LoadSteps<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const turn = (): void => {
      let r: IteratorResult<void, T>;
      try {
        r = steps.next();
      } catch (e) {
        reject(e);
        return;
      }
      if (r.done === true) resolve(r.value);
      else setImmediate(turn);
    };
    turn();
  });
}
