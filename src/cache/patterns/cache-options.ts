/**
 * Options of a cache namespace, and their resolved (milliseconds, defaults applied) form.
 */
import type { Codec, CompressOptions } from '../codec/codec.js';
import { ToolkitOptionError } from '../errors.js';
import { optMs, type Duration } from '../options.js';
import type { RefreshOptions } from './refresh.js';

export interface CacheOptions<V = unknown> {
  /** Time to live of a value. Default '5m'. */
  ttl?: Duration;
  /** Shortens each TTL by up to this fraction at random (0..1), so keys filled together don't expire together. Default 0. */
  jitter?: number;
  /** How long past its TTL a value is kept to be served if the loader fails or is slow. Default 0. */
  grace?: Duration;
  /** With a grace copy at hand, a loader slower than this is left to finish in the background and the grace copy is served. */
  softTimeout?: Duration;
  /** A loader slower than this fails with LoaderTimeoutError (waiters too). Default '10s'. */
  hardTimeout?: Duration;
  /** Cache a loader's `undefined` (a miss) for this long. Default 0: misses are not cached. */
  negativeTtl?: Duration;
  /** After a loader error, serve the grace copy without calling the loader for base, 2 base, 4 base ... up to max. */
  backoff?: { base?: Duration; max?: Duration };
  /** Values to bytes. Default JSON. */
  codec?: Codec<V>;
  /** Compress payloads above a size (true: 1 KiB, deflate). */
  compress?: CompressOptions | boolean;
  /** Refresh hot keys before they expire. */
  refresh?: RefreshOptions;
  /** Part of every key name: bump it when the value's shape changes, old entries are then never read. */
  version?: string | number;
  /** The loader getOrSet/warm use when none is passed. */
  loader?: (key: string) => Promise<V | undefined>;
  /** How long a namespace generation read from the server is trusted (clear() by other processes shows within it). Default '1s'. */
  generationTtl?: Duration;
  /** How long tag versions are kept: at least the longest ttl + grace. Default '1d'. */
  tagKeep?: Duration;
  /**
   * Where set() writes besides the cache. 'through': your store first, then the cache (a store
   * error leaves the cache as it was). 'behind': the write is queued durably in the server with the
   * value, and reaches your store later in batches, coalesced per key (docs/cache/write-behind.md).
   */
  store?: CacheStore<V>;
  /**
   * An in-process tier (L1) in front of the server, kept coherent by server-assisted invalidation
   * (CLIENT TRACKING BCAST, or pub/sub where tracking is unavailable): docs/cache/two-tier.md.
   * Values stored with tags are not kept in L1 (their tag versions are checked on the server).
   */
  l1?: {
    /** 'lru' (default) or 'tinylfu' (W-TinyLFU admission: better hit ratio on skewed keys). */
    policy?: 'lru' | 'tinylfu';
    /** Entry budget. Default 10,000. */
    maxEntries?: number;
    /** Byte budget (approximate). Default unbounded. */
    maxBytes?: number;
    /** Longest an entry lives in L1, below its TTL. Default: the TTL. */
    ttl?: Duration;
    /** The bound on serving a changed value if invalidations are lost. Default '1s'. */
    staleWindow?: Duration;
    /** 'auto' (default): tracking, or pub/sub where CLIENT TRACKING errors. */
    mode?: 'auto' | 'tracking' | 'pubsub';
    /** Called if L1 cannot be set up (the cache then works without it). */
    onError?(e: unknown): void;
  };
  /** Random numbers in [0, 1) (jitter, XFetch, lease tokens' entropy is separate). Default Math.random. */
  random?: () => number;
}

export type CacheStore<V> =
  | { mode: 'through'; write(key: string, value: V): void | Promise<void> }
  | {
      mode: 'behind';
      /** Writes a batch; a throw leaves it queued and it is retried after the visibility timeout. */
      write(batch: { key: string; value: V; version: number }[]): void | Promise<void>;
      shards?: number;
      batchSize?: number;
      /** Run a flusher in this process (false: only enqueue, others flush). Default true. */
      flusher?: boolean;
      visibilityTimeout?: Duration;
      onError?(e: unknown): void;
    };

/** Per-call options of getOrSet / set. */
export interface EntryOptions {
  ttl?: Duration;
  grace?: Duration;
  negativeTtl?: Duration;
  /** Tags of the value: invalidateTags(tag) makes it a miss. */
  tags?: readonly string[];
}

export interface Resolved {
  ttl: number;
  jitter: number;
  grace: number;
  softTimeout: number;
  hardTimeout: number;
  leaseMs: number;
  negativeTtl: number;
  backoffBase: number;
  backoffMax: number;
  generationTtl: number;
  tagKeep: number;
}

export function resolveOptions(o: CacheOptions<never>): Resolved {
  const jitter = o.jitter ?? 0;
  if (!(jitter >= 0 && jitter <= 1)) throw new ToolkitOptionError(`jitter must be within 0..1, got ${jitter}`);
  const hardTimeout = optMs(o.hardTimeout, 10_000, 'hardTimeout');
  const r: Resolved = {
    ttl: optMs(o.ttl, 300_000, 'ttl'),
    jitter,
    grace: optMs(o.grace, 0, 'grace'),
    softTimeout: optMs(o.softTimeout, Infinity, 'softTimeout'),
    hardTimeout,
    // The lease outlives the longest a loader may run, so a live loader never loses it.
    leaseMs: hardTimeout + 1000,
    negativeTtl: optMs(o.negativeTtl, 0, 'negativeTtl'),
    backoffBase: optMs(o.backoff?.base, 1000, 'backoff.base'),
    backoffMax: optMs(o.backoff?.max, 60_000, 'backoff.max'),
    generationTtl: optMs(o.generationTtl, 1000, 'generationTtl'),
    tagKeep: optMs(o.tagKeep, 86_400_000, 'tagKeep'),
  };
  if (r.ttl < 1) throw new ToolkitOptionError('ttl must be at least 1 ms');
  return r;
}
