import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectSections } from '../../src/observability/info.js';
import { resetStats } from '../../src/observability/call-hooks.js';
import { bytesToHuman } from '../../src/observability/memory.js';
import { InstantaneousMetric } from '../../src/observability/stats.js';
import { connect, newEngine } from './server-harness.js';

function fields(info: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of info.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) m.set(line.slice(0, i), line.slice(i + 1));
  }
  return m;
}

function titles(info: string): string[] {
  return info.split('\r\n').filter((l) => l.startsWith('# '));
}

test('default, all, everything and named sections (case-insensitive, no duplicates)', () => {
  const e = newEngine();
  const a = connect(e);
  const def = ['# Server', '# Clients', '# Memory', '# Persistence', '# Stats', '# Replication', '# CPU', '# Modules', '# Errorstats', '# Cluster', '# Keyspace'];
  assert.deepEqual(titles(a.run('INFO') as string), def);
  assert.deepEqual(titles(a.run('INFO', 'default') as string), def);
  const all = titles(a.run('INFO', 'all') as string);
  assert.ok(all.includes('# Commandstats') && all.includes('# Latencystats'));
  assert.deepEqual(titles(a.run('INFO', 'everything') as string), all);
  assert.deepEqual(titles(a.run('INFO', 'CPU', 'commandSTATS') as string), ['# CPU', '# Commandstats']);
  assert.deepEqual(titles(a.run('INFO', 'cpu', 'all') as string), all, 'a section named with all is not repeated');
  assert.deepEqual(titles(a.run('INFO', 'sentinel') as string), []);
  const cpu = a.run('INFO', 'cpu') as string;
  assert.match(cpu, /^# CPU\r\nused_cpu_sys:\d+\.\d{6}\r\nused_cpu_user:\d+\.\d{6}\r\n/);
});

test('server fields: redis_version 7.0.15, sonic_version, port, uptime', () => {
  const e = newEngine();
  e.config.set('port', '7777', true);
  const f = fields(connect(e).run('INFO', 'server') as string);
  assert.equal(f.get('redis_version'), '7.0.15');
  assert.match(f.get('sonic_version')!, /^\d+\.\d+\.\d+/);
  assert.equal(f.get('tcp_port'), '7777');
  assert.equal(f.get('process_id'), String(process.pid));
  assert.match(f.get('run_id')!, /^[0-9a-f]{40}$/);
  assert.equal(f.get('redis_mode'), 'standalone');
});

test('stats, errorstats and commandstats follow the commands run; CONFIG RESETSTAT clears them', () => {
  const e = newEngine();
  const a = connect(e);
  a.run('PING');
  a.run('GET', 'k');
  a.run('GET');
  a.run('NOSUCHCMD');
  let f = fields(a.run('INFO', 'all') as string);
  assert.equal(f.get('keyspace_misses'), '1');
  assert.equal(f.get('total_error_replies'), '2');
  assert.equal(f.get('errorstat_ERR'), 'count=2');
  assert.match(f.get('cmdstat_get')!, /^calls=1,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=1,failed_calls=0$/);
  assert.match(f.get('cmdstat_ping')!, /^calls=1,/);
  assert.match(f.get('latency_percentiles_usec_ping')!, /^p50=\d+\.\d{3},p99=\d+\.\d{3},p99\.9=\d+\.\d{3}$/);
  assert.equal(f.get('total_commands_processed'), '2', 'rejected commands are not processed');
  resetStats(e);
  f = fields(a.run('INFO', 'all') as string);
  assert.equal(f.get('cmdstat_get'), undefined);
  assert.equal(f.get('errorstat_ERR'), undefined);
  assert.equal(f.get('total_error_replies'), '0');
  assert.equal(f.get('latency_percentiles_usec_ping'), undefined);
});

test('keyspace and persistence fields', () => {
  const e = newEngine();
  const a = connect(e);
  a.run('SET', 'a', '1');
  a.run('SET', 'b', '1');
  e.dbs[0].setExpire('b', e.clock.now() + 100000);
  e.dbs[3].set('x', 'y');
  const info = a.run('INFO', 'keyspace', 'persistence') as string;
  assert.match(info, /db0:keys=2,expires=1,avg_ttl=\d+\r\ndb3:keys=1,expires=0,avg_ttl=0\r\n$/);
  const f = fields(info);
  assert.equal(f.get('loading'), '0');
  assert.equal(f.get('rdb_changes_since_last_save'), String(e.dirty));
  assert.equal(f.get('rdb_last_save_time'), String(e.lastSave));
  assert.equal(a.run('LASTSAVE'), e.lastSave);
});

test('memory fields are consistent', () => {
  const e = newEngine();
  const f = fields(connect(e).run('INFO', 'memory') as string);
  const used = Number(f.get('used_memory'));
  assert.ok(used > 0);
  assert.ok(Number(f.get('used_memory_peak')) >= used);
  assert.equal(f.get('maxmemory'), '0');
  assert.equal(f.get('maxmemory_policy'), 'noeviction');
  assert.match(f.get('mem_fragmentation_ratio')!, /^\d+\.\d\d$/);
});

test('selectSections and helpers', () => {
  assert.deepEqual(selectSections(['ALL']).all, true);
  assert.deepEqual(selectSections(['everything']).everything, true);
  assert.ok(selectSections([]).sections.has('keyspace'));
  assert.equal(bytesToHuman(100), '100B');
  assert.equal(bytesToHuman(1536), '1.50K');
  assert.equal(bytesToHuman(3 * 1024 * 1024), '3.00M');
  const m = new InstantaneousMetric();
  for (let t = 0; t <= 1600; t += 100) m.sample(1000 + t, t / 2); // 50 per 100 ms = 500/s
  assert.equal(Math.round(m.get()), 500);
});

test('TIME is the clock in seconds and microseconds', () => {
  const e = newEngine();
  const [sec, usec] = connect(e).run('TIME') as string[];
  assert.ok(Math.abs(Number(sec) - Date.now() / 1000) < 5);
  assert.ok(Number(usec) >= 0 && Number(usec) < 1e6);
});

test('INFO is a verbatim string in RESP3; LOLWUT answers with the version line', () => {
  const e = newEngine();
  const a = connect(e);
  assert.match(a.raw('INFO', 'cpu'), /^\$\d+\r\n# CPU\r\n/);
  a.client.reply.proto = 3;
  assert.match(a.raw('INFO', 'cpu'), /^=\d+\r\ntxt:# CPU\r\n/);
  a.client.reply.proto = 2;
  assert.equal(a.run('LOLWUT'), 'Redis ver. 7.0.15\n');
  assert.equal(a.run('LOLWUT', 'VERSION', '7'), 'Redis ver. 7.0.15\n');
  assert.deepEqual((a.run('LOLWUT', 'VERSION', 'x') as { message: string }).message, 'ERR value is not an integer or out of range');
});
