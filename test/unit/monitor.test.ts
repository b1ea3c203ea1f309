import { test } from 'node:test';
import assert from 'node:assert/strict';
import { monitorLine, reprBytes } from '../../src/observability/monitor.js';
import { redactArgument } from '../../src/observability/redact.js';
import { connect, newEngine } from './server-harness.js';

test('reprBytes quotes as Redis sdscatrepr', () => {
  assert.equal(reprBytes('set'), '"set"');
  assert.equal(reprBytes('a"b\\c\nd\r\t\x07\x08'), '"a\\"b\\\\c\\nd\\r\\t\\a\\b"');
  assert.equal(reprBytes('x\x01\xff\x7f '), '"x\\x01\\xff\\x7f "');
});

test('monitorLine format', () => {
  const e = newEngine();
  const a = connect(e);
  assert.equal(monitorLine(a.client, 3, ['get', 'k'], 1700000000000042), `+1700000000.000042 [3 ${a.client.transport.addr}] "get" "k"\r\n`);
});

test('MONITOR receives commands after they run, not admin or skip_monitor ones, with redactions', async () => {
  const e = newEngine();
  const m = connect(e);
  const a = connect(e);
  assert.equal(m.run('MONITOR'), 'OK');
  assert.equal(m.raw('MONITOR'), '', 'a second MONITOR is ignored');
  a.run('SET', 'foo', 'bar');
  a.run('DEBUG', 'SLEEP', '0'); // admin: hidden
  a.run('GET', 'foo');
  const echo = e.table.lookup(['echo'])!;
  const orig = echo.handler!;
  (echo as { handler: typeof orig }).handler = (c, argv) => {
    redactArgument(c, 1);
    orig(c, argv);
  };
  a.run('ECHO', 'secret');
  await new Promise((r) => setImmediate(r));
  const out = m.transport.flushed.join('') + m.client.reply.take();
  const lines = out.split('\r\n').filter(Boolean);
  assert.equal(lines.length, 3, out);
  assert.match(lines[0], /^\+\d+\.\d{6} \[0 127\.0\.0\.1:\d+\] "SET" "foo" "bar"$/);
  assert.match(lines[1], /"GET" "foo"$/);
  assert.match(lines[2], /"ECHO" "\(redacted\)"$/);
  e.removeClient(m.client);
  assert.equal(e.monitors.size, 0);
});

test('secrets Redis redacts, from the arguments alone (upstream slowlog/introspection cases)', async () => {
  const { secretPositions, redactArgv } = await import('../../src/observability/redact.js');
  const shown = (name: string, ...argv: string[]) => {
    const pos = secretPositions(name, argv);
    return (pos === null ? argv : redactArgv(argv, pos)).join(' ');
  };
  assert.equal(shown('auth', 'auth', 'not-real'), 'auth (redacted)');
  assert.equal(shown('auth', 'auth', 'u', 'p'), 'auth (redacted) (redacted)');
  assert.equal(shown('auth', 'auth', 'a', 'b', 'c'), 'auth a b c', 'syntax error: nothing redacted');
  assert.equal(shown('hello', 'hello', '2', 'AUTH', 'u', 'p', 'SETNAME', 'n'), 'hello 2 AUTH (redacted) (redacted) SETNAME n');
  assert.equal(shown('migrate', 'migrate', 'h', '1', 'key', '9', '5000'), 'migrate h 1 key 9 5000');
  assert.equal(shown('migrate', 'migrate', 'h', '1', 'key', '9', '5000', 'AUTH', 'user'), 'migrate h 1 key 9 5000 AUTH (redacted)');
  assert.equal(shown('migrate', 'migrate', 'h', '1', 'key', '9', '5000', 'AUTH2', 'u', 'p'), 'migrate h 1 key 9 5000 AUTH2 (redacted) (redacted)');
  assert.equal(shown('acl|setuser', 'acl', 'setuser', 'slowlog test user', '+get', '+set'), 'acl setuser (redacted) (redacted) (redacted)');
  assert.equal(shown('config|set', 'config', 'set', 'masterauth', ''), 'config set masterauth (redacted)');
  assert.equal(shown('config|set', 'config', 'set', 'slowlog-log-slower-than', '0'), 'config set slowlog-log-slower-than 0');
});

test('feedMonitorsNow: what EVAL/FCALL/EXECABORT send before (or instead of) running', async () => {
  const { feedMonitorsNow } = await import('../../src/observability/call-hooks.js');
  const e = newEngine();
  const m = connect(e);
  const a = connect(e);
  feedMonitorsNow(a.client, ['eval', 'x', '0']);
  assert.equal(m.client.reply.out, '', 'no monitors: nothing');
  m.run('MONITOR');
  feedMonitorsNow(a.client, ['eval', 'x', '0']);
  assert.match(m.client.reply.take(), /^\+\d+\.\d{6} \[0 [^\]]+\] "eval" "x" "0"\r\n$/);
});
