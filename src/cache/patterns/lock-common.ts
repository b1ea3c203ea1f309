/**
 * What locks, semaphores and Redlock share: their options, and waiting for a busy lock.
 *
 * A waiter does not poll in a tight loop: every release PUBLISHes on the resource's channel, and
 * waiters subscribe to it (one dedicated connection per adapter, shared by every lock pattern), so
 * a hand-off costs about one round trip. The retry delay stays as a fallback for what no message
 * announces (a holder whose lease simply ran out, a message lost while the subscriber
 * reconnected), and the retry count bounds the wait.
 */
import type { DedicatedConnection, RedisAdapter } from '../client/adapter.js';
import type { ToolkitClock } from '../clock.js';
import type { ToolkitContext } from '../toolkit.js';
import type { LeaseTiming, LockHandle } from './lease.js';
import { LockNotAcquiredError, ToolkitOptionError } from '../errors.js';
import { toMs, type Duration } from '../options.js';

/** How long and how often lock() tries before giving up with LockNotAcquiredError. */
export interface RetryOptions {
  /** Attempts after the first (Infinity: wait for as long as it takes). Default 20. */
  count?: number;
  /** Wait between attempts when no release is announced. Default 100 ms. */
  delay?: Duration;
  /** A random extra wait of up to this much, so waiters spread out. Default 50 ms. */
  jitter?: Duration;
}

export interface ResolvedRetry {
  readonly count: number;
  readonly delay: number;
  readonly jitter: number;
}

export function resolveRetry(r: RetryOptions | undefined, base: ResolvedRetry = { count: 20, delay: 100, jitter: 50 }): ResolvedRetry {
  if (r === undefined) return base;
  const count = r.count ?? base.count;
  if (!(count >= 0)) throw new ToolkitOptionError(`retry.count must be >= 0, got ${count}`);
  return {
    count,
    delay: r.delay === undefined ? base.delay : toMs(r.delay, 'retry.delay'),
    jitter: r.jitter === undefined ? base.jitter : toMs(r.jitter, 'retry.jitter'),
  };
}

/** How long a channel stays subscribed after its last waiter left (the next lock() skips a round trip). */
const LINGER_MS = 2000;

interface ChannelEntry {
  readonly wakers: Set<() => void>;
  readonly subscribed: Promise<unknown>;
  linger: ReturnType<typeof setTimeout> | null;
}

/** Release channels of one adapter, on one shared subscriber connection. */
class ReleaseChannels {
  private conn: Promise<DedicatedConnection | null> | null = null;
  private readonly channels = new Map<string, ChannelEntry>();

  constructor(private readonly adapter: RedisAdapter) {}

  private connection(): Promise<DedicatedConnection | null> {
    this.conn ??= this.adapter.dedicated().then(
      (c) => {
        c.onMessage((ch) => {
          for (const wake of this.channels.get(ch)?.wakers ?? []) wake();
        });
        return c;
      },
      () => {
        this.conn = null; // no subscriber connection now: waiters fall back to the retry delay
        return null;
      },
    );
    return this.conn;
  }

  /**
   * Registers `wake` for messages on `channel` and resolves once subscribed, with the unregister
   * function and whether the subscription is new (a release just before it went unheard).
   */
  async watch(channel: string, wake: () => void): Promise<{ unwatch: () => void; fresh: boolean }> {
    let entry = this.channels.get(channel);
    const fresh = entry === undefined;
    if (entry === undefined) {
      const subscribed = this.connection().then((c) => c?.subscribe([channel]).catch(() => undefined));
      this.channels.set(channel, (entry = { wakers: new Set(), subscribed, linger: null }));
    }
    const e = entry;
    if (e.linger !== null) clearTimeout(e.linger);
    e.linger = null;
    e.wakers.add(wake);
    await e.subscribed;
    const unwatch = () => {
      e.wakers.delete(wake);
      if (e.wakers.size !== 0 || e.linger !== null) return;
      // Unsubscribed (and the connection closed, it would keep a process alive) after a while idle.
      e.linger = setTimeout(() => {
        if (this.channels.get(channel) !== e || e.wakers.size !== 0) return;
        this.channels.delete(channel);
        const conn = this.conn;
        const last = this.channels.size === 0;
        if (last) this.conn = null;
        void conn?.then((c) => (last ? c?.close() : c?.unsubscribe([channel]))).catch(() => undefined);
      }, LINGER_MS);
      e.linger.unref();
    };
    return { unwatch, fresh };
  }
}

/** Options of one lock call (defaults come from the Locks instance). */
export interface LockOptions {
  /** Lease length. Default 10 s. */
  ttl?: Duration;
  /** Retries while the lock is busy (count, delay, jitter). count 0 = try once. */
  retry?: RetryOptions;
  /** Extend every ttl/3 while held. Default false for lock(), true for withLock(). */
  autoExtend?: boolean;
  /** Share of ttl kept as a margin for clock drift. Default 0.01. */
  drift?: number;
}

export interface ResolvedLockOptions extends LeaseTiming {
  readonly retry: ResolvedRetry;
}

/** Resolves lock options over defaults (shared by Locks, Semaphore and Redlock). */
export function resolveLockOptions(o: LockOptions = {}, base?: ResolvedLockOptions): ResolvedLockOptions {
  const drift = o.drift ?? base?.drift ?? 0.01;
  if (!(drift >= 0 && drift < 0.5)) throw new ToolkitOptionError(`drift must be in [0, 0.5), got ${drift}`);
  const ttl = o.ttl === undefined ? (base?.ttl ?? 10_000) : toMs(o.ttl, 'ttl');
  if (ttl < 3) throw new ToolkitOptionError(`ttl must be at least 3 ms, got ${ttl}`);
  return { ttl, drift, autoExtend: o.autoExtend ?? base?.autoExtend ?? false, retry: resolveRetry(o.retry, base?.retry) };
}

/** Key-expiry slack for `now` from a virtual clock: server expiry must never end a lease early. */
export function gcSlack(ctx: ToolkitContext): string {
  return ctx.scriptNow() === '' ? '0' : '3600000';
}

/** Runs `fn` while holding `lease`, then releases it (also when fn throws). */
export async function runHolding<T>(lease: LockHandle, fn: (signal: AbortSignal, fence: number) => Promise<T> | T): Promise<T> {
  try {
    return await fn(lease.signal, lease.fence);
  } finally {
    await lease.release().catch(() => false);
  }
}

const channelsByAdapter = new WeakMap<RedisAdapter, ReleaseChannels>();

function releaseChannels(adapter: RedisAdapter): ReleaseChannels {
  let c = channelsByAdapter.get(adapter);
  if (c === undefined) channelsByAdapter.set(adapter, (c = new ReleaseChannels(adapter)));
  return c;
}

/** What one attempt found: the lease, or how long the current holder still has (ms, if known). */
export type Attempt<L> = { readonly lease: L } | { readonly busyFor: number };

/**
 * Runs `attempt` until it gets the lease or the retries are spent. Between attempts it waits for a
 * release message on any of `watched` (adapter, channel) pairs, the retry delay plus jitter, or the
 * time the holder has left, whichever comes first.
 */
export async function acquireWithRetry<L>(
  what: string,
  attempt: () => Promise<Attempt<L>>,
  retry: ResolvedRetry,
  watched: readonly { adapter: RedisAdapter; channel: string }[],
  clock: ToolkitClock,
): Promise<L> {
  const first = await attempt();
  if ('lease' in first) return first.lease;
  if (retry.count === 0) throw new LockNotAcquiredError(`${what} is held by someone else`);
  let woken = false;
  let wake: (() => void) | null = null;
  const onRelease = () => {
    woken = true;
    wake?.();
  };
  const watches = await Promise.all(watched.map((w) => releaseChannels(w.adapter).watch(w.channel, onRelease)));
  try {
    // Newly subscribed: a release that happened before the subscription went unheard, so look
    // again at once (this look is not counted as a retry).
    let last = watches.some((w) => w.fresh) && !woken ? await attempt() : first;
    for (let n = 0; ; n++) {
      if ('lease' in last) return last.lease;
      if (n >= retry.count) throw new LockNotAcquiredError(`${what} is still held after ${retry.count} retries`);
      if (!woken) {
        const ms = Math.min(retry.delay + Math.random() * retry.jitter, Math.max(0, last.busyFor) + 1);
        await new Promise<void>((resolve) => {
          const timer = clock.setTimeout(() => resolve(), ms);
          wake = () => {
            clock.clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
      woken = false;
      last = await attempt();
    }
  } finally {
    for (const w of watches) w.unwatch();
  }
}
