/** INFO sections about the process: server, clients, memory, persistence. */
import { readFileSync } from 'node:fs';
import { arch, machine, release, type } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../engine/engine.js';
import { section } from './info.js';
import { bytesToHuman } from './memory.js';
import { clientBuffers, memoryOverhead } from './memory-overhead.js';

import { REDIS_VERSION } from '../config/version.js';
import { lazyFreeOf } from '../keyspace/lazy-free.js';
import { persistenceOf } from '../persistence/snapshot.js';
import { activeChild } from '../persistence/bgsave/bgsave.js';
import { saveStateOf } from '../persistence/bgsave/state.js';
import { scriptingMemory } from '../scripting/scripting.js';

import { aofOf } from '../persistence/aof/aof.js';
import { loadingInfoFields } from '../persistence/loading.js';
import { primaryOf } from '../replication/primary.js';

let sonicVersion: string | undefined;

/** Sonic's own version, from the nearest package.json named sonic-kv above this file. */
export function getSonicVersion(): string {
  if (sonicVersion !== undefined) return sonicVersion;
  sonicVersion = '0.0.0';
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'sonic-kv' && pkg.version) {
        sonicVersion = pkg.version;
        break;
      }
    } catch {
      // not here: keep walking up
    }
    dir = dirname(dir);
  }
  return sonicVersion;
}

/** Redis's LRU clock: seconds, modulo 2^24. */
export function lruClock(nowMs: number): number {
  return Math.floor(nowMs / 1000) & ((1 << 24) - 1);
}

export function serverSection(engine: Engine): string {
  const now = engine.clock.now();
  const uptime = Math.floor((now - engine.startTime) / 1000);
  const hz = engine.config.num('hz');
  const platform = process.platform;
  return section('Server', [
    ['redis_version', REDIS_VERSION],
    ['sonic_version', getSonicVersion()],
    ['redis_git_sha1', '00000000'],
    ['redis_git_dirty', 0],
    ['redis_build_id', '0'],
    ['redis_mode', engine.config.get('cluster-enabled') === true ? 'cluster' : 'standalone'],
    ['os', `${type()} ${release()} ${machine()}`],
    ['arch_bits', /64/.test(arch()) ? 64 : 32],
    ['monotonic_clock', 'POSIX clock_gettime'],
    ['multiplexing_api', platform === 'linux' ? 'epoll' : platform === 'win32' ? 'iocp' : 'kqueue'],
    ['atomicvar_api', 'none'],
    ['gcc_version', '0.0.0'],
    ['process_id', process.pid],
    ['process_supervised', 'no'],
    ['run_id', engine.runId],
    ['tcp_port', engine.config.num('port')],
    ['server_time_usec', engine.clock.nowMicros()],
    ['uptime_in_seconds', uptime],
    ['uptime_in_days', Math.floor(uptime / 86400)],
    ['hz', hz],
    ['configured_hz', hz],
    ['lru_clock', lruClock(now)],
    ['executable', process.argv[1] ? resolve(process.argv[1]) : process.execPath],
    ['config_file', engine.config.configFile ?? ''],
    ['io_threads_active', 0],
  ]);
}

export function clientsSection(engine: Engine): string {
  const b = clientBuffers(engine);
  return section('Clients', [
    // Replicas are counted in the replication section (connected_slaves), not here.
    ['connected_clients', engine.clients.size - primaryOf(engine).replicas.length],
    ['cluster_connections', 0],
    ['maxclients', engine.config.num('maxclients')],
    ['client_recent_max_input_buffer', b.maxIn],
    ['client_recent_max_output_buffer', b.maxOut],
    ['blocked_clients', engine.stats.gauge('blocked_clients')],
    ['tracking_clients', engine.stats.gauge('tracking_clients')],
    ['clients_in_timeout_table', engine.stats.gauge('clients_in_timeout_table')],
  ]);
}

function fixed2(n: number): string {
  return Number.isFinite(n) ? n.toFixed(2) : '0.00';
}

export function memorySection(engine: Engine): string {
  const mo = memoryOverhead(engine);
  const m = mo.snapshot;
  const { used, peak, startup, overhead, dataset, netUsage, allocated, active, resident } = mo;
  const maxmemory = engine.config.num('maxmemory');
  const sm = scriptingMemory(engine);
  return section('Memory', [
    ['used_memory', used],
    ['used_memory_human', bytesToHuman(used)],
    ['used_memory_rss', m.rss],
    ['used_memory_rss_human', bytesToHuman(m.rss)],
    ['used_memory_peak', peak],
    ['used_memory_peak_human', bytesToHuman(peak)],
    ['used_memory_peak_perc', `${fixed2(peak ? (used * 100) / peak : 0)}%`],
    ['used_memory_overhead', overhead],
    ['used_memory_startup', startup],
    ['used_memory_dataset', dataset],
    ['used_memory_dataset_perc', `${fixed2(netUsage ? (dataset * 100) / netUsage : 0)}%`],
    ['allocator_allocated', allocated],
    ['allocator_active', active],
    ['allocator_resident', resident],
    ['total_system_memory', m.totalSystem],
    ['total_system_memory_human', bytesToHuman(m.totalSystem)],
    ['used_memory_lua', sm.vmEval],
    ['used_memory_vm_eval', sm.vmEval],
    ['used_memory_lua_human', bytesToHuman(sm.vmEval)],
    ['used_memory_scripts_eval', sm.scriptsEval],
    ['number_of_cached_scripts', sm.cachedScripts],
    ['number_of_functions', sm.functions],
    ['number_of_libraries', sm.libraries],
    ['used_memory_vm_functions', sm.vmFunctions],
    ['used_memory_vm_total', sm.vmEval + sm.vmFunctions],
    ['used_memory_vm_total_human', bytesToHuman(sm.vmEval + sm.vmFunctions)],
    ['used_memory_functions', sm.functionsOverhead],
    ['used_memory_scripts', sm.scriptsEval + sm.functionsOverhead],
    ['used_memory_scripts_human', bytesToHuman(sm.scriptsEval + sm.functionsOverhead)],
    ['maxmemory', maxmemory],
    ['maxmemory_human', bytesToHuman(maxmemory)],
    ['maxmemory_policy', engine.config.get<string | undefined>('maxmemory-policy') ?? 'noeviction'],
    ['allocator_frag_ratio', fixed2(active / allocated)],
    ['allocator_frag_bytes', Math.max(0, active - allocated)],
    ['allocator_rss_ratio', fixed2(resident / active)],
    ['allocator_rss_bytes', resident - active],
    ['rss_overhead_ratio', fixed2(m.rss / resident)],
    ['rss_overhead_bytes', m.rss - resident],
    ['mem_fragmentation_ratio', fixed2(m.rss / used)],
    ['mem_fragmentation_bytes', m.rss - used],
    ['mem_not_counted_for_evict', engine.evictor.notCounted()],
    ['mem_replication_backlog', 0],
    ['mem_total_replication_buffers', 0],
    ['mem_clients_slaves', mo.replicaClients],
    ['mem_clients_normal', mo.clients],
    ['mem_cluster_links', 0],
    ['mem_aof_buffer', 0],
    ['mem_allocator', `v8-${process.versions.v8}`],
    ['active_defrag_running', 0],
    ['lazyfree_pending_objects', lazyFreeOf(engine).pending],
    ['lazyfreed_objects', lazyFreeOf(engine).freed],
  ]);
}

export function persistenceSection(engine: Engine): string {
  const aof = aofOf(engine);
  // Redis adds these while the AOF is on.
  const aofOn: [string, string | number][] = aof.state !== 'off'
    ? [
        ['aof_current_size', aof.currentSize],
        ['aof_base_size', aof.baseSize],
        ['aof_pending_rewrite', 0],
        ['aof_buffer_length', 0],
        ['aof_pending_bio_fsync', 0],
        ['aof_delayed_fsync', 0],
      ]
    : [];
  const st = saveStateOf(engine);
  const child = activeChild(engine);
  const now = Math.floor(Date.now() / 1000);
  // A running snapshot's progress stands in for Redis's child info (copy-before-write bytes
  // are the fork's copy-on-write).
  const processed = child?.job.keysWritten ?? 0;
  const total = child?.keysTotal ?? 0;
  const cow = child?.job.cowBytes ?? 0;
  return section('Persistence', [
    ['loading', engine.loading ? 1 : 0],
    ['async_loading', 0],
    ['current_cow_peak', cow],
    ['current_cow_size', cow],
    ['current_cow_size_age', 0],
    ['current_fork_perc', total === 0 ? '0.00' : ((processed / total) * 100).toFixed(2)],
    ['current_save_keys_processed', processed],
    ['current_save_keys_total', total],
    ['rdb_changes_since_last_save', engine.dirty],
    ['rdb_bgsave_in_progress', child?.kind === 'rdb' ? 1 : 0],
    ['rdb_last_save_time', engine.lastSave],
    ['rdb_last_bgsave_status', st.lastBgsaveOk ? 'ok' : 'err'],
    ['rdb_last_bgsave_time_sec', st.lastBgsaveSecs],
    ['rdb_current_bgsave_time_sec', child?.kind === 'rdb' && st.bgsaveStart !== -1 ? now - st.bgsaveStart : -1],
    ['rdb_saves', st.saves],
    ['rdb_last_cow_size', st.lastCowSize],
    ['rdb_last_load_keys_expired', persistenceOf(engine).keysExpired],
    ['rdb_last_load_keys_loaded', persistenceOf(engine).keysLoaded],
    ['aof_enabled', aof.state !== 'off' ? 1 : 0],
    ['aof_rewrite_in_progress', child?.kind === 'aof' ? 1 : 0],
    ['aof_rewrite_scheduled', st.aofRewriteScheduled ? 1 : 0],
    ['aof_last_rewrite_time_sec', aof.lastRewriteSecs],
    ['aof_current_rewrite_time_sec', child?.kind === 'aof' && st.aofRewriteStart !== -1 ? now - st.aofRewriteStart : -1],
    ['aof_last_bgrewrite_status', st.lastAofRewriteOk ? 'ok' : 'err'],
    ['aof_rewrites', aof.rewrites],
    ['aof_rewrites_consecutive_failures', st.aofRewriteFailures],
    ['aof_last_write_status', aof.writeStatus],
    ['aof_last_cow_size', st.lastAofCowSize],
    ['module_fork_in_progress', 0],
    ['module_fork_last_cow_size', 0],
    ...aofOn,
    ...loadingInfoFields(engine),
  ]);
}
