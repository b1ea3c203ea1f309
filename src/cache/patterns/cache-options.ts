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
  /** Random numbers in [0, 1) (jitter, XFetch, lease tokens' entropy is separate). Default Math.random. */
  random?: () => number;
}

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
