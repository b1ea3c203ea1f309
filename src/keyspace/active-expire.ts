/**
 * Active expiry: reclaims keys whose TTL passed even if nobody touches them again.
 *
 * Redis samples 20 random volatile keys at a time, hz times a second, and keeps sampling while
 * more than 10% of a sample was expired, within 25% of the CPU. Sonic has no random access into
 * a Map, so it sweeps instead: each database keeps a live iterator over its volatile keys and
 * every slice continues where the last one stopped, wrapping around at the end. A sweep visits
 * every volatile key once per lap, so reclaiming does not depend on luck, and the same adaptive
 * rule applies: keep going while slices find many expired keys, else wait for the next tick.
 *
 * Time: a slice runs at most `sliceMs` (1 ms by default; the clock is read every 16 keys), so
 * the event loop never waits long on expiry. While there is work (a slice ran out of time and
 * found more than the acceptable share of stale keys) the next slice is queued with setImmediate,
 * which lets pending I/O run in between; at most `25% + 2% * (effort - 1)` of each tick period is
 * spent that way (Redis's ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC), 75% during a mass expiry (>= 90% of
 * the keys looked at were expired). Otherwise the next slice waits for
 * the next tick (1000/hz ms). The tick timer is unref'd: an idle cycle never keeps a process alive.
 *
 * The cycle skips while `host.activeExpireEnabled` is false (DEBUG SET-ACTIVE-EXPIRE 0) and while
 * expired keys must not be deleted (clients paused). Deletion goes through Db.expireIfNeeded, so
 * stats, `expired` hooks and propagation are the same as for lazy expiry.
 */
import type { Db } from './db.js';

/** What the cycle needs of the server (the Engine implements it). */
export interface ActiveExpireHost {
  readonly dbs: readonly Db[];
  /** False after DEBUG SET-ACTIVE-EXPIRE 0. */
  readonly activeExpireEnabled: boolean;
  /** False while expired keys must stay (clients paused). */
  canDeleteExpired(): boolean;
}

/** Outcome of one slice. */
export interface SliceResult {
  /** Volatile keys looked at. */
  sampled: number;
  /** Keys deleted because their TTL had passed. */
  expired: number;
  /** Milliseconds spent. */
  elapsedMs: number;
  /** The slice stopped for lack of time (not because every database finished a lap). */
  timeCapped: boolean;
}

export interface ActiveExpireOptions {
  /** Server ticks per second (config `hz`). */
  hz?: () => number;
  /** Config `active-expire-effort`, 1..10. */
  effort?: () => number;
  /** Longest slice in milliseconds. */
  sliceMs?: number;
  /** High-resolution elapsed-time source in ms (performance.now); injectable for tests. */
  elapsed?: () => number;
  /** Called after every slice that looked at keys (INFO stats, latency monitor). */
  onSlice?: (r: SliceResult) => void;
}

/** Volatile keys looked at per database before moving to the next one. */
const CHUNK = 64;
/** Volatile keys checked between two reads of the elapsed-time clock. */
const CHECK_EVERY = 16;
/** Redis's ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE: % of expired keys in a sample worth insisting on. */
const ACCEPTABLE_STALE = 10;
const SLOW_TIME_PERC = 25;
const MASS_EXPIRY_TIME_PERC = 75;

interface Sweep {
  generation: number;
  it: Iterator<[string, number]>;
}

export class ActiveExpire {
  private readonly sweeps: (Sweep | undefined)[] = [];
  /** Next database to look at (round-robin across slices, as Redis's current_db). */
  private currentDb = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private immediate: ReturnType<typeof setImmediate> | null = null;
  private running = false;
  /** Start of the current tick period and the time its slices used (duty-cycle cap). */
  private periodStart = 0;
  private periodUsed = 0;
  private readonly hz: () => number;
  private readonly effort: () => number;
  private readonly sliceMs: number;
  private readonly elapsed: () => number;
  private readonly onSlice: ((r: SliceResult) => void) | undefined;

  constructor(
    private readonly host: ActiveExpireHost,
    opts: ActiveExpireOptions = {},
  ) {
    this.hz = opts.hz ?? (() => 10);
    this.effort = opts.effort ?? (() => 1);
    this.sliceMs = opts.sliceMs ?? 1;
    this.elapsed = opts.elapsed ?? (() => performance.now());
    this.onSlice = opts.onSlice;
  }

  /** Starts the timer-driven cycle (idempotent). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.scheduleTick();
  }

  /** Stops the cycle and cancels pending timers. */
  stop(): void {
    this.running = false;
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.immediate !== null) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }

  get isRunning(): boolean {
    return this.running;
  }

  private scheduleTick(): void {
    if (!this.running || this.timer !== null) return;
    const hz = Math.max(1, Math.min(500, this.hz()));
    this.timer = setTimeout(this.onTick, 1000 / hz);
    this.timer.unref?.();
  }

  private readonly onTick = (): void => {
    this.timer = null;
    this.periodStart = this.elapsed();
    this.periodUsed = 0;
    this.cycle();
  };

  private readonly onImmediate = (): void => {
    this.immediate = null;
    this.cycle();
  };

  /** One scheduled step: a slice, then either another slice soon or the next tick. */
  private cycle(): void {
    if (!this.running) return;
    if (!this.host.activeExpireEnabled || !this.host.canDeleteExpired()) return this.scheduleTick();
    const r = this.runSlice();
    this.periodUsed += r.elapsedMs;
    const hz = Math.max(1, Math.min(500, this.hz()));
    // Redis's share of each tick is 25% (+2% per effort step). Sonic's deletions cost more per
    // key than Redis's, so during a mass expiry (nearly every key looked at was expired) it may
    // take up to 75%: a million keys expiring at once are gone in a few seconds, and since slices
    // stay 1 ms long with I/O served between them, clients still see at most ~1 ms of delay.
    const perc = r.sampled > 0 && r.expired * 10 >= r.sampled * 9 ? MASS_EXPIRY_TIME_PERC : SLOW_TIME_PERC + 2 * (this.effort() - 1);
    const budget = (perc / 100) * (1000 / hz);
    if (this.hasMoreWork(r) && this.periodUsed < budget) {
      // Not unref'd: an unref'd immediate lets libuv's poll phase block until the next timer,
      // delaying the next slice by up to a whole tick. A chain ends once the work is done.
      this.immediate = setImmediate(this.onImmediate);
    } else {
      this.scheduleTick();
    }
  }

  /** True when a slice ran out of time while finding a high share of expired keys. */
  hasMoreWork(r: SliceResult): boolean {
    if (!r.timeCapped || r.sampled === 0) return false;
    const acceptable = ACCEPTABLE_STALE - (this.effort() - 1);
    return (r.expired * 100) / r.sampled > acceptable;
  }

  /**
   * Runs one slice now: sweeps volatile keys, deleting expired ones, CHUNK keys per database in
   * turn (so one database with millions of long-lived volatile keys cannot starve the others),
   * until every database with volatile keys finished its lap or `sliceMs` ran out. Public so
   * tests (and a future DEBUG command) can drive the cycle without timers.
   */
  runSlice(): SliceResult {
    const dbs = this.host.dbs;
    const n = dbs.length;
    const t0 = this.elapsed();
    let sampled = 0;
    let expired = 0;
    let timeCapped = false;
    let checked = 0;
    // Databases whose lap ended in this slice: not restarted before the next slice.
    const lapDone: boolean[] = new Array(n).fill(false);
    let busy = true;
    outer: while (busy) {
      busy = false;
      for (let k = 0; k < n; k++) {
        const idx = this.currentDb % n;
        this.currentDb = idx + 1;
        const db = dbs[idx];
        if (lapDone[idx]) continue;
        if (db.volatileSize === 0) {
          this.sweeps[idx] = undefined;
          db.avgTtl = 0;
          lapDone[idx] = true;
          continue;
        }
        let sweep = this.sweeps[idx];
        if (sweep === undefined || sweep.generation !== db.generation) {
          sweep = { generation: db.generation, it: db.volatileEntries() };
          this.sweeps[idx] = sweep;
        }
        busy = true;
        for (let c = 0; c < CHUNK; c++) {
          const r = sweep.it.next();
          if (r.done === true) {
            // Lap finished: the next slice starts this database over.
            this.sweeps[idx] = undefined;
            lapDone[idx] = true;
            break;
          }
          sampled++;
          if (db.expireIfNeeded(r.value[0])) expired++;
          if (++checked % CHECK_EVERY === 0 && this.elapsed() - t0 >= this.sliceMs) {
            // Resume this database first next time.
            this.currentDb = idx;
            timeCapped = true;
            break outer;
          }
        }
      }
    }
    const elapsedMs = this.elapsed() - t0;
    const result = { sampled, expired, elapsedMs, timeCapped };
    if (sampled > 0) this.onSlice?.(result);
    return result;
  }
}
