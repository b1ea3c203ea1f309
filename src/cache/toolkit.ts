/**
 * createToolkit(): one toolkit per application and server (or cluster). It holds what every
 * pattern shares -- the client adapter, the key prefix and the clock -- and builds the patterns.
 */
import { adapt, type AnyClient } from './client/detect.js';
import type { RedisAdapter } from './client/adapter.js';
import { systemToolkitClock, type ToolkitClock } from './clock.js';
import { KeyBuilder } from './keys.js';
import { Cache, type CacheOptions } from './patterns/cache.js';
import { Queue, type QueueOptions } from './patterns/queue.js';
import { WriteBehind, type WriteBehindOptions } from './patterns/write-behind.js';
import { RateLimiter, type RateLimiterOptions } from './patterns/rate-limit.js';
import { Locks } from './patterns/lock.js';
import type { LockOptions } from './patterns/lock-common.js';
import { SessionStore, type ExpressSessionModule, type SessionStoreOptions } from './patterns/session-store.js';
import { Leaderboard, type LeaderboardOptions } from './patterns/leaderboard.js';

export interface ToolkitOptions {
  /** An ioredis client or cluster client, or a RedisAdapter (fromSonic for Sonic in process). */
  client: AnyClient;
  /** Prefix of every key and channel the toolkit uses. Default 'sk'. */
  prefix?: string;
  /**
   * The toolkit's clock: timers always, and time itself when `time` is 'clock'. Default: the
   * system clock.
   */
  clock?: ToolkitClock;
  /**
   * Whose time decisions (expiry, rate windows, lock leases) are made in: 'server' asks the server
   * (TIME, inside each script); 'clock' passes `clock.now()` in, for tests on a virtual clock.
   * Default: 'clock' when a clock is given, else 'server'.
   */
  time?: 'server' | 'clock';
}

/** What patterns get from their toolkit. */
export interface ToolkitContext {
  readonly adapter: RedisAdapter;
  readonly keys: KeyBuilder;
  readonly clock: ToolkitClock;
  /** The `now` argument (ARGV[1]) for timed scripts: '' lets the server use its own TIME. */
  scriptNow(): string;
}

export class Toolkit {
  readonly context: ToolkitContext;

  constructor(options: ToolkitOptions) {
    const clock = options.clock ?? systemToolkitClock;
    const useClock = (options.time ?? (options.clock ? 'clock' : 'server')) === 'clock';
    this.context = {
      adapter: adapt(options.client),
      keys: new KeyBuilder(options.prefix ?? 'sk'),
      clock,
      scriptNow: useClock ? () => String(Math.floor(clock.now())) : () => '',
    };
  }

  get adapter(): RedisAdapter {
    return this.context.adapter;
  }

  /** A cache namespace (its keys, generation and counters are its own). */
  cache<V = unknown>(namespace: string, options?: CacheOptions<V>): Cache<V> {
    return new Cache<V>(this.context, namespace, options);
  }

  /** A reliable queue (docs/cache/queue.md). */
  queue(name: string, options?: QueueOptions): Queue {
    return new Queue(this.context, name, options);
  }

  /** A durable write-behind queue to the user's store (docs/cache/write-behind.md). */
  writeBehind(options: WriteBehindOptions): WriteBehind {
    return new WriteBehind(this.context, options);
  }

  /** A rate limiter (fixed window, sliding log or counter, token bucket, GCRA): docs/cache/rate-limit.md. */
  rateLimiter(options: RateLimiterOptions): RateLimiter {
    return new RateLimiter(this.context, options);
  }

  /** Locks and semaphores with fencing tokens and lost-lease signals (docs/cache/lock.md); `defaults` apply to each call. */
  locks(defaults?: LockOptions): Locks {
    return new Locks(this.context, defaults);
  }

  /** An express-session store; pass the express-session module (`import session from 'express-session'`). */
  sessionStore(expressSession: ExpressSessionModule, options?: SessionStoreOptions): SessionStore {
    return new SessionStore(this.context, expressSession, options);
  }

  /** A leaderboard (a sorted set per board, or per time window). */
  leaderboard(name: string, options?: LeaderboardOptions): Leaderboard {
    return new Leaderboard(this.context, name, options);
  }
}

/** Creates a toolkit (see ToolkitOptions). */
export function createToolkit(options: ToolkitOptions): Toolkit {
  return new Toolkit(options);
}
