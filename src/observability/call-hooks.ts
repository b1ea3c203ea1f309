/**
 * What the dispatcher's call() records after a command ran, in Redis's order: latency monitor
 * event, slow log entry, MONITOR feed, latency histogram. The dispatcher tests the cheap
 * conditions inline and calls these only when there is something to record.
 */
import { CmdFlag, type Command } from '../engine/command-table.js';
import type { Client } from '../engine/client.js';
import type { Engine } from '../engine/engine.js';
import { LatencyHistogram } from './latency-histogram.js';
import { feedMonitors } from './monitor.js';
import { redactArgv, secretPositions } from './redact.js';
import { lazyFreeOf } from '../keyspace/lazy-free.js';

/**
 * The settings call() reads for every command, cached and re-read only when the config's
 * version moves: a property read instead of four map lookups per command.
 */
export class CallSettings {
  private version = -1;
  latencyThreshold = 0;
  slowlogThreshold = 0;
  slowlogMaxLen = 0;
  latencyTracking = true;
  /** maxmemory in bytes (0 = no limit), checked before every denyoom command. */
  maxmemory = 0;
  /** min-replicas-to-write and min-replicas-max-lag, checked before every write. */
  minReplicasToWrite = 0;
  minReplicasMaxLag = 0;
  /** busy-reply-threshold (lua-time-limit), read by every script run. */
  busyReplyThreshold = 0;

  /** Brings the cache up to date; cheap when nothing changed. */
  refresh(config: Engine['config']): void {
    if (config.version === this.version) return;
    this.version = config.version;
    this.latencyThreshold = config.num('latency-monitor-threshold');
    this.slowlogThreshold = config.num('slowlog-log-slower-than');
    this.slowlogMaxLen = config.num('slowlog-max-len');
    this.latencyTracking = config.get<boolean | undefined>('latency-tracking') !== false;
    this.maxmemory = Number(config.get<number | bigint>('maxmemory'));
    this.minReplicasToWrite = config.num('min-replicas-to-write');
    this.minReplicasMaxLag = config.num('min-replicas-max-lag');
    this.busyReplyThreshold = config.num('busy-reply-threshold');
  }
}

/** Records a latency-monitor event for a command that took `ms` milliseconds. */
export function recordCommandLatency(engine: Engine, cmd: Command, ms: number): void {
  engine.latency.add((cmd.flags & CmdFlag.Fast) !== 0 ? 'fast-command' : 'command', ms, Math.floor(engine.clock.now() / 1000));
}

/**
 * Adds a latency event when `ms` reaches latency-monitor-threshold (Redis's
 * latencyAddSampleIfNeeded), for other subsystems: "expire-cycle", "eviction-cycle" ...
 */
export function latencySampleIfNeeded(engine: Engine, event: string, ms: number): void {
  const threshold = engine.config.num('latency-monitor-threshold');
  if (threshold > 0 && ms >= threshold) engine.latency.add(event, Math.floor(ms), Math.floor(engine.clock.now() / 1000));
}

/** The arguments SLOWLOG and MONITOR show for the command `c` just ran (secrets redacted). */
export function shownArgv(c: Client, cmd: Command, argv: readonly string[]): readonly string[] {
  const known = secretPositions(cmd.fullname, argv);
  if (known === null && c.redacted === null) return argv;
  return redactArgv(argv, [...(known ?? []), ...(c.redacted ?? [])]);
}

/** Adds a slow log entry (the caller checked the threshold and the command's skip_slowlog flag). */
export function recordSlow(engine: Engine, c: Client, cmd: Command, argv: readonly string[], usec: number): void {
  engine.slowlog.push(
    shownArgv(c, cmd, argv),
    usec,
    engine.config.num('slowlog-log-slower-than'),
    engine.config.num('slowlog-max-len'),
    Math.floor(engine.clock.now() / 1000),
    c.transport.addr,
    c.name,
  );
}

/** Sends the command to the MONITOR clients (the caller checked the set is not empty). */
export function recordMonitor(engine: Engine, c: Client, cmd: Command, argv: readonly string[]): void {
  // Administrative commands are too sensitive to be shown, as in Redis.
  if ((cmd.flags & (CmdFlag.SkipMonitor | CmdFlag.Admin)) !== 0) return;
  feedMonitors(engine.monitors, c, shownArgv(c, cmd, argv), engine.clock.nowMicros());
}

/**
 * Sends a command to the MONITOR clients right now, for the commands that must show before
 * what they run (EVAL, EVALSHA, FCALL: flagged skip_monitor, they call this first thing) and
 * for an EXEC answered EXECABORT without being run, as Redis's handlers do.
 */
export function feedMonitorsNow(c: Client, argv: readonly string[]): void {
  const engine = c.engine;
  if (engine.monitors.size !== 0) feedMonitors(engine.monitors, c, argv, engine.clock.nowMicros());
}

/** One active-expire slice, as keyspace/active-expire.ts reports it. */
export interface ExpireSlice {
  sampled: number;
  expired: number;
  elapsedMs: number;
  timeCapped: boolean;
}

/**
 * Accounts an active-expire slice as Redis's activeExpireCycle does: CPU time, time-cap hits,
 * the moving average of stale keys in samples (expired_stale_perc), and the "expire-cycle"
 * latency event.
 */
export function recordExpireSlice(engine: Engine, r: ExpireSlice): void {
  const st = engine.stats;
  st.expireCycleCpuMs += r.elapsedMs;
  if (r.timeCapped) st.expiredTimeCapReachedCount++;
  const current = r.sampled ? r.expired / r.sampled : 0;
  st.expiredStalePerc = current * 0.05 + st.expiredStalePerc * 0.95;
  latencySampleIfNeeded(engine, 'expire-cycle', Math.floor(r.elapsedMs));
}

/** Adds one call's duration (nanoseconds) to the command's latency histogram. */
export function recordHistogram(cmd: Command, ns: number): void {
  (cmd.stats.latency ??= new LatencyHistogram()).record(ns);
}

/**
 * Accounts for a command whose client was blocked when it ran (BLPOP ...), once it is served or
 * times out, as Redis's updateStatsOnUnblock: its total time (run + wait + reply) goes to
 * commandstats, the latency histogram and the slow log; the reply time is a
 * "command-unblocking" latency event. The blocking layer calls this.
 */
export function recordUnblocked(engine: Engine, c: Client, cmd: Command, argv: readonly string[], totalUsec: number, replyUsec: number, hadErrors: boolean): void {
  cmd.stats.usec += totalUsec;
  if (hadErrors) cmd.stats.failedCalls++;
  if (latencyTrackingEnabled(engine)) recordHistogram(cmd, totalUsec * 1000);
  if ((cmd.flags & CmdFlag.SkipSlowlog) === 0) recordSlow(engine, c, cmd, argv, totalUsec);
  c.redacted = null;
  latencySampleIfNeeded(engine, 'command-unblocking', Math.floor(replyUsec / 1000));
}

/** True unless `latency-tracking` is configured off (Redis's default is on). */
export function latencyTrackingEnabled(engine: Engine): boolean {
  return engine.config.get<boolean | undefined>('latency-tracking') !== false;
}

/**
 * CONFIG RESETSTAT's share of observability: server counters, per-command stats and histograms,
 * error stats. The slow log and latency events survive, as in Redis.
 */
export function resetStats(engine: Engine): void {
  engine.stats.reset();
  lazyFreeOf(engine).resetStats();
  engine.evictor.resetStats();
  for (const cmd of engine.table.all()) {
    const s = cmd.stats;
    s.calls = 0;
    s.usec = 0;
    s.rejectedCalls = 0;
    s.failedCalls = 0;
    s.latency = undefined;
  }
}
