/**
 * `sonic-kv/cache`: the caching toolkit's public entry (docs/cache/DESIGN.md, section 1).
 * Re-exports only. It never loads the server: the in-process Sonic adapter (`fromSonic`) is
 * exported from `sonic-kv/testing` and from the package root instead.
 */
export { createToolkit, Toolkit, type ToolkitOptions, type ToolkitContext } from './toolkit.js';
export type { RedisAdapter, Reply, DedicatedConnection, NodeHandle, PipelineEntry, ScriptCall } from './client/adapter.js';
export { Script, isNoScript } from './client/script.js';
export { fromIoredis, type IoredisLike } from './client/ioredis.js';
export { fromNodeRedis, type NodeRedisLike } from './client/node-redis.js';
export { adapt, type AnyClient } from './client/detect.js';
export { ReplyError } from '../protocol/reply-decoder.js';
export { toMs, type Duration } from './options.js';
export * from './errors.js';
export { systemToolkitClock, type ToolkitClock } from './clock.js';
export { Cache, type CacheOptions, type EntryOptions } from './patterns/cache.js';
export { jsonCodec, stringCodec, bufferCodec, type Codec, type CompressOptions } from './codec/codec.js';
export type { CacheStats, MissCause } from './metrics/counters.js';
export type { RefreshOptions } from './patterns/refresh.js';
export { bindPrometheus, type PromRegistryLike, type PrometheusOptions } from './metrics/prometheus.js';
export { bindOpenTelemetry, type MeterLike, type OpenTelemetryOptions } from './metrics/otel.js';
export { Queue, Processor, type QueueOptions, type PushOptions, type PushItem, type Job, type ProcessOptions, type ProcessorStats } from './patterns/queue.js';
export { WriteBehind, type WriteBehindOptions, type WriteBehindItem } from './patterns/write-behind.js';
export { RateLimiter, consumeAll, type RateLimiterOptions, type RateLimitAlgorithm, type RateLimitResult, type ConsumeAllResult, type ConsumeItem } from './patterns/rate-limit.js';
export { Locks } from './patterns/lock.js';
export { Redlock, type RedlockOptions } from './patterns/redlock.js';
export { Semaphore, type SemaphoreOptions } from './patterns/semaphore.js';
export type { LockHandle } from './patterns/lease.js';
export type { LockOptions, RetryOptions } from './patterns/lock-common.js';
export {
  createL1Store,
  TwoTier,
  InvalidationChannel,
  type L1Store,
  type L1Options,
  type L1Policy,
  type L1Stats,
  type CoherenceMode,
  type FlushReason,
} from './l1/index.js';
export { SessionStore, type SessionStoreOptions, type StoredSession, type ExpressSessionModule } from './patterns/session-store.js';
export { Leaderboard, type LeaderboardOptions, type LeaderboardEntry, type WindowSpec } from './patterns/leaderboard.js';
