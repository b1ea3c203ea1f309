/**
 * INFO sections about activity: stats, replication, cpu, modules, commandstats, errorstats,
 * latencystats, cluster, keyspace.
 */
import type { Engine } from '../engine/engine.js';
import type { Command } from '../engine/command-table.js';
import { latencyTrackingEnabled } from './call-hooks.js';
import { safeInfoString, section } from './info.js';
import { primaryOf } from '../replication/primary.js';
import { saveStateOf } from '../persistence/bgsave/state.js';

export function statsSection(engine: Engine): string {
  const s = engine.stats;
  const exceeded = engine.evictor.exceededTimes();
  const g = (name: string) => s.gauge(name);
  return section('Stats', [
    ['total_connections_received', s.totalConnectionsReceived],
    ['total_commands_processed', s.totalCommandsProcessed],
    ['instantaneous_ops_per_sec', Math.floor(s.opsPerSec.get())],
    ['total_net_input_bytes', s.totalNetInputBytes],
    ['total_net_output_bytes', s.totalNetOutputBytes],
    ['total_net_repl_input_bytes', 0],
    ['total_net_repl_output_bytes', s.totalNetReplOutputBytes],
    ['instantaneous_input_kbps', (s.inputBytesPerSec.get() / 1024).toFixed(2)],
    ['instantaneous_output_kbps', (s.outputBytesPerSec.get() / 1024).toFixed(2)],
    ['instantaneous_input_repl_kbps', '0.00'],
    ['instantaneous_output_repl_kbps', (s.replOutputBytesPerSec.get() / 1024).toFixed(2)],
    ['rejected_connections', s.rejectedConnections],
    ['sync_full', s.syncFull],
    ['sync_partial_ok', s.syncPartialOk],
    ['sync_partial_err', s.syncPartialErr],
    ['expired_keys', s.expiredKeys],
    ['expired_stale_perc', (s.expiredStalePerc * 100).toFixed(2)],
    ['expired_time_cap_reached_count', s.expiredTimeCapReachedCount],
    ['expire_cycle_cpu_milliseconds', Math.floor(s.expireCycleCpuMs)],
    ['evicted_keys', s.evictedKeys],
    ['evicted_clients', s.evictedClients],
    ['total_eviction_exceeded_time', exceeded.total],
    ['current_eviction_exceeded_time', exceeded.current],
    ['keyspace_hits', s.keyspaceHits],
    ['keyspace_misses', s.keyspaceMisses],
    ['pubsub_channels', g('pubsub_channels')],
    ['pubsub_patterns', g('pubsub_patterns')],
    ['pubsubshard_channels', g('pubsubshard_channels')],
    ['latest_fork_usec', saveStateOf(engine).lastForkUsec],
    ['total_forks', saveStateOf(engine).forks],
    ['migrate_cached_sockets', g('migrate_cached_sockets')],
    ['slave_expires_tracked_keys', 0],
    ['active_defrag_hits', 0],
    ['active_defrag_misses', 0],
    ['active_defrag_key_hits', 0],
    ['active_defrag_key_misses', 0],
    ['total_active_defrag_time', 0],
    ['current_active_defrag_time', 0],
    ['tracking_total_keys', g('tracking_total_keys')],
    ['tracking_total_items', g('tracking_total_items')],
    ['tracking_total_prefixes', g('tracking_total_prefixes')],
    ['unexpected_error_replies', s.unexpectedErrorReplies],
    ['total_error_replies', s.totalErrorReplies],
    ['dump_payload_sanitizations', s.dumpPayloadSanitizations],
    ['total_reads_processed', s.totalReadsProcessed],
    ['total_writes_processed', s.totalWritesProcessed],
    ['io_threaded_reads_processed', 0],
    ['io_threaded_writes_processed', 0],
    ['reply_buffer_shrinks', 0],
    ['reply_buffer_expands', 0],
  ]);
}

export function replicationSection(engine: Engine): string {
  const primary = primaryOf(engine);
  const feed = primary.feed;
  const config = engine.config;
  const fields: [string, string | number][] = [
    ['role', 'master'],
    ['connected_slaves', primary.replicas.length],
  ];
  if (config.num('min-replicas-to-write') !== 0 && config.num('min-replicas-max-lag') !== 0) {
    fields.push(['min_slaves_good_slaves', primary.goodReplicas()]);
  }
  const nowSec = Math.floor(engine.clock.now() / 1000);
  primary.replicas.forEach((r, i) => {
    const lag = r.state === 'online' ? nowSec - r.ackTime : 0;
    fields.push([`slave${i}`, `ip=${r.ip()},port=${r.settings.listeningPort},state=${r.state},offset=${r.ackOffset},lag=${lag}`]);
  });
  fields.push(
    ['master_failover_state', 'no-failover'],
    ['master_replid', engine.replId],
    ['master_replid2', engine.replId2],
    ['master_repl_offset', primary.offset],
    ['second_repl_offset', -1],
    ['repl_backlog_active', feed === null ? 0 : 1],
    ['repl_backlog_size', Number(config.get<number | bigint | undefined>('repl-backlog-size') ?? 1048576)],
    ['repl_backlog_first_byte_offset', feed === null ? 0 : feed.backlogFirstByte],
    ['repl_backlog_histlen', feed === null ? 0 : feed.histlen],
  );
  return section('Replication', fields);
}

/** Seconds.microseconds as Redis prints rusage times. */
function cpuTime(usec: number): string {
  const sec = Math.floor(usec / 1e6);
  return `${sec}.${String(usec - sec * 1e6).padStart(6, '0')}`;
}

export function cpuSection(_engine: Engine): string {
  const u = process.cpuUsage();
  // Node runs JavaScript on one thread, so the main thread's share is reported as the process's.
  return section('CPU', [
    ['used_cpu_sys', cpuTime(u.system)],
    ['used_cpu_user', cpuTime(u.user)],
    ['used_cpu_sys_children', '0.000000'],
    ['used_cpu_user_children', '0.000000'],
    ['used_cpu_sys_main_thread', cpuTime(u.system)],
    ['used_cpu_user_main_thread', cpuTime(u.user)],
  ]);
}

export function modulesSection(_engine: Engine): string {
  return section('Modules', []);
}

/** Implemented commands in table order, each container followed by its subcommands. */
function everyCommand(engine: Engine): Command[] {
  const out: Command[] = [];
  for (const cmd of engine.table.commands.values()) {
    out.push(cmd);
    if (cmd.subcommands) out.push(...cmd.subcommands.values());
  }
  return out;
}

export function commandstatsSection(engine: Engine): string {
  let out = '# Commandstats\r\n';
  for (const cmd of everyCommand(engine)) {
    const s = cmd.stats;
    if (s.calls === 0 && s.failedCalls === 0 && s.rejectedCalls === 0) continue;
    const perCall = s.calls === 0 ? 0 : s.usec / s.calls;
    out += `cmdstat_${safeInfoString(cmd.fullname)}:calls=${s.calls},usec=${s.usec},usec_per_call=${perCall.toFixed(2)},rejected_calls=${s.rejectedCalls},failed_calls=${s.failedCalls}\r\n`;
  }
  return out;
}

export function errorstatsSection(engine: Engine): string {
  let out = '# Errorstats\r\n';
  // Redis keeps error codes in a radix tree, so they come out sorted bytewise.
  const codes = [...engine.stats.errors.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const code of codes) out += `errorstat_${safeInfoString(code)}:count=${engine.stats.errors.get(code)}\r\n`;
  return out;
}

/** Percentiles as Redis prints them in latencystats ("50", "99.9"). */
function percentileLabel(p: number): string {
  return String(Number(p.toFixed(6)));
}

/** The configured latency-tracking-info-percentiles (default 50 99 99.9). */
function trackedPercentiles(engine: Engine): number[] {
  const v = engine.config.get<unknown>('latency-tracking-info-percentiles');
  if (Array.isArray(v)) return v.map(Number);
  if (typeof v === 'string') return v.split(/\s+/).filter(Boolean).map(Number);
  return [50, 99, 99.9];
}

export function latencystatsSection(engine: Engine): string {
  let out = '# Latencystats\r\n';
  if (!latencyTrackingEnabled(engine)) return out;
  const ps = trackedPercentiles(engine);
  for (const cmd of everyCommand(engine)) {
    const h = cmd.stats.latency;
    if (h === undefined) continue;
    const parts = ps.map((p) => `p${percentileLabel(p)}=${(h.valueAtPercentile(p) / 1000).toFixed(3)}`);
    out += `latency_percentiles_usec_${safeInfoString(cmd.fullname)}:${parts.join(',')}\r\n`;
  }
  return out;
}

export function clusterSection(engine: Engine): string {
  return section('Cluster', [['cluster_enabled', engine.config.get('cluster-enabled') === true ? 1 : 0]]);
}

/** Average TTL (ms) of the keys with an expire, estimated from a sample as Redis does. */
function avgTtl(expires: Map<string, number>, now: number): number {
  let sum = 0;
  let n = 0;
  for (const when of expires.values()) {
    if (n === 100) break;
    const ttl = when - now;
    if (ttl > 0) {
      sum += ttl;
      n++;
    }
  }
  return n === 0 ? 0 : Math.floor(sum / n);
}

export function keyspaceSection(engine: Engine): string {
  let out = '# Keyspace\r\n';
  const now = engine.clock.now();
  for (const db of engine.dbs) {
    const keys = db.data.size;
    const vkeys = db.expires.size;
    // The active expire cycle keeps Redis's running estimate; sample when it has none yet.
    const ttl = db.avgTtl || avgTtl(db.expires, now);
    if (keys || vkeys) out += `db${db.id}:keys=${keys},expires=${vkeys},avg_ttl=${ttl}\r\n`;
  }
  return out;
}
