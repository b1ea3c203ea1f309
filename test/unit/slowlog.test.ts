import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SlowLog, trimArgv } from '../../src/observability/slowlog.js';
import { redactArgument } from '../../src/observability/redact.js';
import { connect, newEngine, ReplyError } from './server-harness.js';

test('trimArgv keeps 32 arguments, the last counting the rest, and cuts long ones at 128 bytes', () => {
  const argv = Array.from({ length: 35 }, (_, i) => String(i));
  const t = trimArgv(argv);
  assert.equal(t.length, 32);
  assert.equal(t[30], '30');
  assert.equal(t[31], '... (4 more arguments)');
  assert.deepEqual(trimArgv(['a', 'x'.repeat(130)]), ['a', 'x'.repeat(128) + '... (2 more bytes)']);
  assert.deepEqual(trimArgv(['a', 'x'.repeat(128)]), ['a', 'x'.repeat(128)]);
});

test('SlowLog keeps the newest entries first, bounded by max-len, and -1 disables it', () => {
  const log = new SlowLog();
  for (let i = 0; i < 5; i++) log.push(['cmd', String(i)], 10, 0, 3, 1000 + i, '1.2.3.4:5', '');
  assert.equal(log.length, 3);
  assert.deepEqual(
    log.get().map((e) => [e.id, e.argv[1]]),
    [
      [4, '4'],
      [3, '3'],
      [2, '2'],
    ],
  );
  log.push(['x'], 5, 10, 3, 0, '', '');
  assert.equal(log.get()[0].id, 4, 'faster than the threshold: not logged');
  log.push(['x'], 1e9, -1, 3, 0, '', '');
  assert.equal(log.get()[0].id, 4, 'disabled');
});

test('SLOWLOG through the dispatcher: threshold, GET count, LEN, RESET, client name and address', () => {
  const e = newEngine();
  const a = connect(e);
  e.config.set('slowlog-log-slower-than', '0');
  a.client.name = 'foobar';
  a.run('PING');
  a.run('ECHO', 'hi');
  assert.equal(a.run('SLOWLOG', 'LEN'), 2);
  const entries = a.run('SLOWLOG', 'GET') as unknown[][];
  // SLOWLOG LEN itself was logged before this GET ran.
  assert.equal(entries.length, 3);
  const [id, time, duration, argv, peer, name] = entries[1];
  assert.equal(id, 1);
  assert.ok(typeof time === 'number' && Math.abs(time - Date.now() / 1000) < 5);
  assert.ok(typeof duration === 'number' && duration >= 0);
  assert.deepEqual(argv, ['ECHO', 'hi']);
  assert.equal(peer, a.client.transport.addr);
  assert.equal(name, 'foobar');
  assert.equal((a.run('SLOWLOG', 'GET', '1') as unknown[]).length, 1);
  assert.equal((a.run('SLOWLOG', 'GET', '0') as unknown[]).length, 0);
  const before = e.slowlog.length;
  assert.equal((a.run('SLOWLOG', 'GET', '-1') as unknown[]).length, before);
  assert.deepEqual(a.run('SLOWLOG', 'GET', '-2'), new ReplyError('ERR count should be greater than or equal to -1'));
  assert.deepEqual(a.run('SLOWLOG', 'GET', 'x'), new ReplyError('ERR count should be greater than or equal to -1'));
  assert.equal(a.run('SLOWLOG', 'RESET'), 'OK');
  // RESET clears, then is itself logged once it finished (as in Redis).
  assert.deepEqual((a.run('SLOWLOG', 'GET') as unknown[][]).map((x) => x[3]), [['SLOWLOG', 'RESET']]);
});

test('slowlog-max-len lowered trims at the next command, even one too fast to be logged', () => {
  const e = newEngine();
  const a = connect(e);
  e.config.set('slowlog-log-slower-than', '0');
  for (let i = 0; i < 10; i++) a.run('PING');
  e.config.set('slowlog-max-len', '2');
  e.config.set('slowlog-log-slower-than', '100000000');
  a.run('PING');
  assert.equal(e.slowlog.length, 2);
});

test('redacted arguments show as "(redacted)" in the slow log', () => {
  const e = newEngine();
  const a = connect(e);
  e.config.set('slowlog-log-slower-than', '0');
  // ECHO stands in for a command that redacts a secret while it runs.
  const h = e.table.lookup(['echo'])!;
  const orig = h.handler!;
  (h as { handler: typeof orig }).handler = (c, argv) => {
    redactArgument(c, 1);
    orig(c, argv);
  };
  a.run('ECHO', 'secret');
  assert.deepEqual(e.slowlog.get()[0].argv, ['ECHO', '(redacted)']);
  assert.equal(a.client.redacted, null, 'consumed by the dispatcher');
});

test('DEBUG SLEEP is logged with its duration', () => {
  const e = newEngine();
  const a = connect(e);
  e.config.set('slowlog-log-slower-than', '50000');
  a.run('PING');
  assert.equal(a.run('DEBUG', 'SLEEP', '0.06'), 'OK');
  const [entry] = a.run('SLOWLOG', 'GET') as unknown[][];
  assert.deepEqual(entry[3], ['DEBUG', 'SLEEP', '0.06']);
  assert.ok((entry[2] as number) >= 55000);
});

test('a command that blocked its client is logged when unblocked, with its total time', async () => {
  const { recordUnblocked } = await import('../../src/observability/call-hooks.js');
  const e = newEngine();
  const a = connect(e);
  e.config.set('slowlog-log-slower-than', '1000');
  const ping = e.table.lookup(['ping'])!;
  const orig = ping.handler!;
  // PING stands in for a blocking command: its handler blocks the client.
  (ping as { handler: typeof orig }).handler = (c) => {
    c.blocked = 'keys';
  };
  assert.equal(a.raw('PING'), '', 'no reply while blocked');
  assert.equal(e.slowlog.length, 0, 'not logged while blocked');
  a.client.blocked = null;
  (ping as { handler: typeof orig }).handler = orig;
  recordUnblocked(e, a.client, ping, ['PING'], 5000, 10, false);
  assert.deepEqual(e.slowlog.get()[0].argv, ['PING']);
  assert.equal(e.slowlog.get()[0].duration, 5000);
  assert.equal(ping.stats.latency?.total, 1);
});
