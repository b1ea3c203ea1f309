import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LatencyHistogram } from '../../src/observability/latency-histogram.js';
import { LatencyMonitor, latencyGraph } from '../../src/observability/latency-monitor.js';
import { connect, newEngine, ReplyError } from './server-harness.js';

test('histogram percentiles and power-of-two buckets match Redis HdrHistogram figures', () => {
  const h = new LatencyHistogram();
  // Values Redis reported for the same samples: 8 µs -> p50 8.031, 70.25 ms -> bucket 135266.
  h.record(8000);
  assert.equal(h.valueAtPercentile(50), 8031);
  h.record(70_254_591);
  assert.deepEqual(h.cumulativeByPowerOfTwo(), [
    [8, 1],
    [135266, 2],
  ]);
  assert.equal(h.valueAtPercentile(100), 70_254_591, 'already the highest value of its slot');
  assert.equal(h.valueAtPercentile(0), 8000, 'p0 is the lowest value of its slot');
  const small = new LatencyHistogram();
  small.record(0);
  assert.deepEqual(small.cumulativeByPowerOfTwo(), [[1, 1]], 'values clamp to 1 ns');
});

test('LatencyMonitor keeps one sample per second (the max), 160 at most, and resets case-insensitively', () => {
  const m = new LatencyMonitor();
  m.add('command', 250, 100);
  m.add('command', 300, 100);
  m.add('command', 200, 100);
  m.add('command', 400, 101);
  assert.deepEqual(m.events.get('command')!.samples, [
    { time: 100, latency: 300 },
    { time: 101, latency: 400 },
  ]);
  for (let t = 0; t < 200; t++) m.add('x', 1, 1000 + t);
  assert.equal(m.events.get('x')!.samples.length, 160);
  assert.equal(m.reset('COMMAND'), 1);
  assert.equal(m.reset(), 1);
  assert.match(latencyGraph('e', { samples: [{ time: 10, latency: 5 }], max: 7 }, 12), /^e - high 5 ms, low 5 ms \(all time high 7 ms\)\n-{80}\n/);
});

test('LATENCY through the dispatcher: events above the threshold, HISTORY, LATEST, RESET, GRAPH, DOCTOR', () => {
  const e = newEngine();
  const a = connect(e);
  e.config.set('latency-monitor-threshold', '20');
  a.run('PING');
  assert.deepEqual(a.run('LATENCY', 'LATEST'), []);
  a.run('DEBUG', 'SLEEP', '0.03');
  const [[name, time, latency, max]] = a.run('LATENCY', 'LATEST') as [string, number, number, number][];
  assert.equal(name, 'command');
  assert.ok(Math.abs(time - Date.now() / 1000) < 5);
  assert.ok(latency >= 30 && max === latency);
  assert.equal((a.run('LATENCY', 'HISTORY', 'command') as unknown[]).length, 1);
  assert.deepEqual(a.run('LATENCY', 'HISTORY', 'nosuch'), []);
  assert.match(a.run('LATENCY', 'GRAPH', 'command') as string, /^command - high \d+ ms/);
  assert.deepEqual(a.run('LATENCY', 'GRAPH', 'nosuch'), new ReplyError("ERR No samples available for event 'nosuch'"));
  assert.ok((a.run('LATENCY', 'DOCTOR') as string).length > 0);
  assert.equal(a.run('LATENCY', 'RESET', 'nosuch'), 0);
  assert.equal(a.run('LATENCY', 'RESET'), 1);
  assert.deepEqual(a.run('LATENCY', 'LATEST'), []);
  assert.deepEqual(a.run('LATENCY', 'HELP', 'x'), new ReplyError("ERR wrong number of arguments for 'latency|help' command"));
});

test('LATENCY HISTOGRAM: all commands, named ones, containers with their subcommands, unknown skipped', () => {
  const e = newEngine();
  const a = connect(e);
  a.run('PING');
  a.run('PING');
  a.run('SLOWLOG', 'LEN');
  const all = a.run('LATENCY', 'HISTOGRAM') as unknown[];
  assert.deepEqual(all.filter((_, i) => i % 2 === 0).sort(), ['ping', 'slowlog|len']);
  const ping = all[all.indexOf('ping') + 1] as unknown[];
  assert.equal(ping[0], 'calls');
  assert.equal(ping[1], 2);
  assert.equal(ping[2], 'histogram_usec');
  const byName = a.run('LATENCY', 'HISTOGRAM', 'blabla', 'slowlog', 'get') as unknown[];
  assert.deepEqual(byName.filter((_, i) => i % 2 === 0), ['slowlog|len']);
  e.config.set('latency-monitor-threshold', '0');
});

test('an active-expire slice feeds INFO stats and the expire-cycle event', async () => {
  const { recordExpireSlice } = await import('../../src/observability/call-hooks.js');
  const e = newEngine();
  e.config.set('latency-monitor-threshold', '10');
  recordExpireSlice(e, { sampled: 20, expired: 10, elapsedMs: 12.5, timeCapped: true });
  recordExpireSlice(e, { sampled: 0, expired: 0, elapsedMs: 1, timeCapped: false });
  assert.equal(e.stats.expiredTimeCapReachedCount, 1);
  assert.equal(e.stats.expireCycleCpuMs, 13.5);
  assert.ok(Math.abs(e.stats.expiredStalePerc - 0.5 * 0.05 * 0.95) < 1e-12);
  assert.deepEqual(
    e.latency.events.get('expire-cycle')!.samples.map((s) => s.latency),
    [12],
  );
});
