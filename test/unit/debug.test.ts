import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stringEncoding } from '../../src/commands/debug.js';
import { connect, newEngine, ReplyError } from './server-harness.js';

test('DEBUG SLEEP blocks for the given seconds', () => {
  const e = newEngine();
  const a = connect(e);
  const t0 = performance.now();
  assert.equal(a.run('DEBUG', 'SLEEP', '0.05'), 'OK');
  assert.ok(performance.now() - t0 >= 45);
  assert.equal(a.run('DEBUG', 'sleep', 'abc'), 'OK', 'strtod: not a number sleeps 0');
});

test('DEBUG errors, HELP, SET-ACTIVE-EXPIRE, CHANGE-REPL-ID', () => {
  const e = newEngine();
  const a = connect(e);
  assert.deepEqual(a.run('DEBUG', 'nosuch'), new ReplyError("ERR unknown subcommand or wrong number of arguments for 'nosuch'. Try DEBUG HELP."));
  assert.deepEqual(a.run('DEBUG', 'sleep'), new ReplyError("ERR unknown subcommand or wrong number of arguments for 'sleep'. Try DEBUG HELP."));
  const help = a.run('DEBUG', 'HELP') as string[];
  assert.equal(help[0], 'DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
  assert.equal(help[help.length - 1], '    Prints this help.');
  assert.equal(a.run('DEBUG', 'SET-ACTIVE-EXPIRE', '0'), 'OK');
  assert.equal(e.activeExpireEnabled, false);
  a.run('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
  assert.equal(e.activeExpireEnabled, true);
  const id = e.replId;
  assert.equal(a.run('DEBUG', 'CHANGE-REPL-ID'), 'OK');
  assert.notEqual(e.replId, id);
  assert.equal(a.run('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '100'), 'OK');
  assert.deepEqual(a.run('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', 'x'), new ReplyError('ERR argument must be a memory value bigger than 1 and smaller than 4gb'));
});

test('DEBUG OBJECT shows encoding and idle time; missing key is an error', () => {
  const e = newEngine();
  const a = connect(e);
  a.run('SET', 'n', '12345');
  a.run('SET', 's', 'hello');
  a.run('SET', 'r', 'x'.repeat(45));
  assert.match(a.run('DEBUG', 'OBJECT', 'n') as string, /^Value at:0x[0-9a-f]+ refcount:1 encoding:int serializedlength:3 lru:\d+ lru_seconds_idle:\d+$/);
  assert.match(a.run('DEBUG', 'OBJECT', 's') as string, /encoding:embstr serializedlength:6 /);
  assert.match(a.run('DEBUG', 'OBJECT', 'r') as string, /encoding:raw serializedlength:46 /);
  assert.deepEqual(a.run('DEBUG', 'OBJECT', 'nokey'), new ReplyError('ERR no such key'));
  assert.equal(stringEncoding('9223372036854775807'), 'int');
  assert.equal(stringEncoding('9223372036854775808'), 'embstr');
  assert.equal(stringEncoding('01'), 'embstr');
});

test('DEBUG PROTOCOL and POPULATE', () => {
  const e = newEngine();
  const a = connect(e);
  assert.equal(a.raw('DEBUG', 'PROTOCOL', 'double'), '$5\r\n3.141\r\n');
  a.client.reply.proto = 3;
  assert.equal(a.raw('DEBUG', 'PROTOCOL', 'double'), ',3.141\r\n');
  assert.equal(a.raw('DEBUG', 'PROTOCOL', 'map'), '%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n');
  assert.equal(a.run('DEBUG', 'POPULATE', '3', 'p', '10'), 'OK');
  assert.equal(e.dbs[0].data.get('p:2'), 'value:2\0\0\0');
  assert.deepEqual(a.run('DEBUG', 'POPULATE', '-1'), new ReplyError('ERR value is out of range, must be positive'));
});

test('SHUTDOWN calls the shutdown handler; bad flags are syntax errors', () => {
  const e = newEngine();
  const a = connect(e);
  assert.deepEqual(a.run('SHUTDOWN', 'SAVE', 'NOSAVE'), new ReplyError('ERR syntax error'));
  assert.deepEqual(a.run('SHUTDOWN', 'ABORT'), new ReplyError('ERR No shutdown in progress.'));
  let got: unknown;
  e.shutdownHandler = (o) => {
    got = o;
  };
  assert.equal(a.raw('SHUTDOWN', 'NOSAVE'), '');
  assert.deepEqual(got, { save: false, nosave: true, now: false, force: false });
});

test('DEBUG HTSTATS / HTSTATS-KEY: Redis layout, element counts only (a Map has no observable table size)', () => {
  const e = newEngine();
  const a = connect(e);
  assert.equal(a.run('DEBUG', 'HTSTATS', '0'), '[Dictionary HT]\nHash table 0 stats (main hash table):\nNo stats available for empty dictionaries\n[Expires HT]\nHash table 0 stats (main hash table):\nNo stats available for empty dictionaries\n');
  a.run('SET', 'k', 'v');
  a.run('SET', 'e', 'v', 'EX', '100');
  assert.equal(
    a.run('DEBUG', 'HTSTATS', '0'),
    '[Dictionary HT]\nHash table 0 stats (main hash table):\n number of elements: 2\n[Expires HT]\nHash table 0 stats (main hash table):\n number of elements: 1\n',
  );
  assert.deepEqual(a.run('DEBUG', 'HTSTATS', '16'), new ReplyError('ERR Out of range database'));
  assert.deepEqual(a.run('DEBUG', 'HTSTATS', 'x'), new ReplyError('ERR value is not an integer or out of range'));
  assert.deepEqual(a.run('DEBUG', 'HTSTATS-KEY', 'nosuch'), new ReplyError('ERR no such key'));
  assert.deepEqual(a.run('DEBUG', 'HTSTATS-KEY', 'k'), new ReplyError('ERR The value stored at the specified key is not represented using an hash table'));
  for (let i = 0; i < 200; i++) a.run('SADD', 's', `m${i}`);
  assert.equal(a.run('DEBUG', 'HTSTATS-KEY', 's'), 'Hash table 0 stats (main hash table):\n number of elements: 200\n');
});
