/**
 * Clients blocked on keys: the machinery every blocking command shares (BLPOP, BRPOP, BLMOVE,
 * BRPOPLPUSH, BLMPOP; BZPOPMIN, BZPOPMAX, BZMPOP; XREAD/XREADGROUP BLOCK), after Redis 7.0's
 * blocked.c. The bookkeeping (queues per key, ready keys, deadlines) is keyspace/blocking.ts.
 *
 * How a blocking command uses it, from its handler:
 * 1. parse the timeout with {@link parseTimeout} (replies the error and returns null if invalid);
 * 2. try to serve at once from the keys, exactly like the non-blocking command;
 * 3. if nothing was there: when `!canBlock(c)` (inside MULTI/EXEC or a script) reply as if timed
 *    out (usually `c.reply.nullArray()`); otherwise call {@link blockForKeys} with the keys, the
 *    awaited value type and a {@link BlockHandler}, and return without replying.
 *
 * What happens next, with no further code in the command:
 * - a key waited on gets a value: Db.set signals it (any command that creates a key, RENAME,
 *   MOVE, COPY, RESTORE, SWAPDB ...); Db.remove, FLUSHDB/FLUSHALL and SWAPDB signal too, so a
 *   handler's `keyGone` can end waits on keys that disappear (XREADGROUP). After the whole command that did it (the dispatcher calls
 *   {@link BlockedClients.handleReadyKeys} after each top-level command; EXEC and scripts run
 *   theirs inside one command), the waiters of each ready key are offered the value first
 *   blocked first, as long as the key holds a value: `serve` of each waiter whose awaited type
 *   matches the value's runs and writes the reply. A key that holds another type leaves its
 *   waiters blocked (Redis 7.0). Keys signalled while serving (BLMOVE pushing to a destination
 *   others wait on) are handled in the same round;
 * - the deadline passes: the waiter's `timeout` reply (default: null array, RESP2 `*-1`, RESP3
 *   `_`), or CLIENT UNBLOCK <id> [TIMEOUT|ERROR] does the same or replies `-UNBLOCKED ...`;
 * - the client disconnects: its wait is dropped.
 * On being served or unblocked the client's command is complete: its stats are recorded
 * (commandstats time, latency histogram, slow log, as Redis's updateStatsOnUnblock; not on a
 * timeout, as in 7.0), its reply is flushed and the commands it pipelined meanwhile run.
 * While blocked (flag 'b' in CLIENT LIST, counted in INFO blocked_clients) it runs nothing.
 */
import { BlockingKeys, Waiter, type BlockableType } from '../keyspace/blocking.js';
import type { Db } from '../keyspace/db.js';
import { typeOf, type CollectionValue } from '../types/value.js';
import { ceilScaledToInt64, parseLongDouble } from '../util/float.js';
import { parseInt64 } from '../util/int64.js';
import { recordUnblocked } from '../observability/call-hooks.js';
import type { Client } from './client.js';
import type { Command } from './command-table.js';
import type { Engine } from './engine.js';

export type { BlockableType } from '../keyspace/blocking.js';

/** What a blocked client does when it can be served, or times out. */
export interface BlockHandler {
  /**
   * Called when `key` (in the client's database) holds `value`, of the awaited type. Pops/reads
   * what the command needs, writes the client's whole reply (errors included, e.g. BLMOVE's
   * destination of the wrong type) and returns true; returns false, writing nothing, to keep
   * waiting (e.g. XREAD finding no entry newer than the one it waits for). Runs with `c.db` set
   * to the database the client blocked in; dirty counts and keyspace changes as in a command.
   */
  serve(c: Client, key: string, value: CollectionValue): boolean;
  /**
   * Optional: called instead of `serve` when a key waited on was signalled but is missing or
   * holds another type (deleted, overwritten, flushed, swapped away). Return true after writing
   * a reply to end the wait (XREADGROUP: "-UNBLOCKED the stream key no longer exists"); false
   * (or no hook, as for lists) keeps waiting.
   */
  keyGone?(c: Client, key: string): boolean;
  /** Writes the reply for a timeout (and CLIENT UNBLOCK TIMEOUT). Default: a null array. */
  timeout?(c: Client): void;
}

/** One blocked client (the registry's Waiter plus what serving and stats need). */
export class BlockedWait extends Waiter {
  /** The command that blocked and its arguments (slow log, commandstats), set by the dispatcher. */
  cmd: Command | null = null;
  argv: readonly string[] = [];
  /** Microseconds the blocking call itself took (Redis's c->duration). */
  callUsec = 0;

  constructor(
    readonly client: Client,
    db: Db,
    keys: readonly string[],
    type: BlockableType,
    deadline: number,
    readonly handler: BlockHandler,
  ) {
    super(db, keys, type, deadline);
  }
}

/**
 * True when `c` may block. False while its commands run inside EXEC or a script (the MULTI and
 * scripting work sets `c.denyBlocking`): a blocking command then replies as if it timed out.
 */
export function canBlock(c: Client): boolean {
  return !c.denyBlocking;
}

/**
 * Parses a blocking timeout as Redis's getTimeoutFromObjectOrReply: in seconds, a float with
 * sub-millisecond values rounded up to the next millisecond (BLPOP, BZPOPMIN ...), or in
 * milliseconds, an integer (XREAD BLOCK). Returns the absolute deadline in ms on the engine's
 * clock, 0 for "forever", or null after replying the error.
 */
export function parseTimeout(c: Client, arg: string, unit: 'seconds' | 'milliseconds' = 'seconds'): number | null {
  let ms: number;
  if (unit === 'seconds') {
    const ld = parseLongDouble(arg);
    if (ld === null) {
      c.reply.error('ERR timeout is not a float or out of range');
      return null;
    }
    // Whole seconds need no long double arithmetic.
    const n = parseInt64(arg);
    ms = typeof n === 'number' && Math.abs(n) < 9e12 ? n * 1000 : Number(ceilScaledToInt64(ld, 1000));
  } else {
    const n = parseInt64(arg);
    if (n === null) {
      c.reply.error('ERR timeout is not an integer or out of range');
      return null;
    }
    ms = Number(n);
  }
  if (ms < 0) {
    c.reply.error('ERR timeout is negative');
    return null;
  }
  return ms === 0 ? 0 : ms + c.engine.clock.now();
}

/**
 * Blocks `c` on `keys` of its current database until one of them can serve it (see
 * {@link BlockHandler}), the `deadline` passes (0: never) or it is unblocked. The handler must
 * not write a reply before calling this. Duplicate keys are ignored.
 */
export function blockForKeys(c: Client, keys: readonly string[], type: BlockableType, deadline: number, handler: BlockHandler): void {
  c.engine.blocking.block(c, new BlockedWait(c, c.db, keys, type, deadline, handler));
}

/** setTimeout's longest delay; longer waits re-arm the timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The engine's blocked clients: registry, timeout timer and resumption of served clients. */
export class BlockedClients {
  /** Who waits on what (see keyspace/blocking.ts); `keys.pending` is what the dispatcher checks. */
  readonly keys = new BlockingKeys<BlockedWait>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Deadline the timer is armed for. */
  private timerAt = 0;
  /** Clients unblocked since the last resumption pass. */
  private toResume: Client[] = [];

  constructor(private readonly engine: Engine) {}

  /** Registers `w` and marks its client blocked. */
  block(c: Client, w: BlockedWait): void {
    c.blocked = 'keys';
    c.blockedWait = w;
    this.keys.add(w);
    if (w.deadline !== 0 && (this.timer === undefined || w.deadline < this.timerAt)) this.armTimer();
  }

  /** Called by the dispatcher after a call that left its client blocked: stats for later. */
  noteBlockedCall(c: Client, cmd: Command, argv: readonly string[], usec: number): void {
    const w = c.blockedWait;
    if (w === null) return;
    w.cmd = cmd;
    w.argv = argv;
    w.callUsec = usec;
  }

  /**
   * Serves the clients waiting on the keys signalled since the last call, and on the keys their
   * serving signals in turn (Redis's handleClientsBlockedOnKeys). Called by the dispatcher after
   * each top-level command when `keys.pending` is not empty.
   */
  handleReadyKeys(): void {
    const reg = this.keys;
    while (reg.pending.length !== 0) {
      for (const { db, key } of reg.takeReady()) this.serveKey(db, key);
    }
  }

  private serveKey(db: Db, key: string): void {
    for (const w of this.keys.waitersOn(db, key)) {
      if (!w.active) continue;
      // Looked up again for each waiter: serving the previous one may have emptied it.
      const v = db.lookup(key);
      const h = w.handler;
      if (v === undefined || typeOf(v) !== w.type) {
        if (h.keyGone !== undefined) this.attempt(w, () => h.keyGone!(w.client, key));
        continue;
      }
      this.attempt(w, () => h.serve(w.client, key, v as CollectionValue));
    }
  }

  /** Runs a serving attempt; when it replied, accounts for the command and completes it. */
  private attempt(w: BlockedWait, run: () => boolean): void {
    const c = w.client;
    const reply = c.reply;
    reply.lastError = null;
    const t0 = performance.now();
    // Serving is an execution unit of its own: what it propagates (the pop it did, as LPOP ...)
    // goes out when it ends (Redis's afterCommand per served client).
    const engine = this.engine;
    const prop = engine.propagation;
    prop.enterUnit();
    // Served as the client running a command (Redis sets current_client): invalidations of keys
    // it tracks follow its reply.
    const previous = engine.currentClient;
    engine.currentClient = c;
    let done: boolean;
    try {
      done = run();
    } catch (e) {
      reply.error(`ERR internal error while serving a blocked '${w.cmd?.fullname ?? '?'}' command`);
      engine.log('warning', `Internal error serving a blocked client: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      done = true;
    } finally {
      prop.exitUnit();
    }
    if (engine.tracking.hasPending) engine.tracking.flushPending();
    engine.currentClient = previous;
    if (!done) return;
    const replyUsec = Math.round((performance.now() - t0) * 1000);
    const err = reply.lastError;
    if (err !== null) this.engine.stats.countError(err);
    if (w.cmd !== null) recordUnblocked(this.engine, c, w.cmd, w.argv, w.callUsec + replyUsec, replyUsec, err !== null);
    this.finish(w);
  }

  /**
   * CLIENT UNBLOCK: ends `c`'s wait now, with its timeout reply or, when `error`, the
   * `-UNBLOCKED client unblocked via CLIENT UNBLOCK` error. Returns false when `c` is not blocked
   * on keys.
   */
  unblock(c: Client, error: boolean): boolean {
    const w = c.blockedWait;
    if (w === null || c.blocked !== 'keys') return false;
    if (error) {
      c.reply.error('UNBLOCKED client unblocked via CLIENT UNBLOCK');
      this.engine.stats.countError('UNBLOCKED');
    } else {
      this.replyTimeout(w);
    }
    // Redis counts this as a failed call whichever the reply (updateStatsOnUnblock(c,0,0,1)).
    if (w.cmd !== null) recordUnblocked(this.engine, c, w.cmd, w.argv, w.callUsec, 0, true);
    this.finish(w);
    return true;
  }

  /** Drops the wait of a client that disconnected. */
  forget(c: Client): void {
    const w = c.blockedWait;
    if (w === null) return;
    this.keys.remove(w);
    c.blockedWait = null;
    c.blocked = null;
  }

  /** Times out the waits whose deadline passed (Redis: deadline < now). Exposed for tests. */
  checkTimeouts(now = this.engine.clock.now()): void {
    for (const w of this.keys.expired(now)) {
      this.replyTimeout(w);
      this.finish(w);
    }
    this.armTimer();
  }

  /** Number of blocked clients with a deadline (INFO clients_in_timeout_table). */
  get inTimeoutTable(): number {
    return this.keys.timeoutCount;
  }

  /** Stops the timer (engine shutdown). */
  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private replyTimeout(w: BlockedWait): void {
    if (w.handler.timeout !== undefined) w.handler.timeout(w.client);
    else w.client.reply.nullArray();
  }

  /** The client's command is complete: unregister, reset it, and resume it soon. */
  private finish(w: BlockedWait): void {
    const c = w.client;
    this.keys.remove(w);
    c.blockedWait = null;
    c.blocked = null;
    c.commandDone();
    if (this.toResume.length === 0) queueMicrotask(() => this.resumeAll());
    this.toResume.push(c);
  }

  /**
   * Flushes the replies of the clients unblocked meanwhile and runs what they pipelined, after
   * the command that unblocked them finished (Redis does it in beforeSleep).
   */
  private resumeAll(): void {
    const clients = this.toResume;
    this.toResume = [];
    for (const c of clients) {
      if (c.closing || c.blocked !== null) continue;
      c.transport.resume();
    }
  }

  private armTimer(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const next = this.keys.nextDeadline();
    if (next === 0) return;
    this.timerAt = next;
    // A wait times out once the clock is past its deadline.
    const delay = Math.min(Math.max(next - this.engine.clock.now() + 1, 0), MAX_TIMER_MS);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.engine.tick();
      this.checkTimeouts();
    }, delay);
    this.timer.unref?.();
  }
}
