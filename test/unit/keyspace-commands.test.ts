import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/util/clock.js';
import { connect, newEngine, ReplyError } from './server-harness.js';
import { randomKey } from '../../src/keyspace/random-key.js';
import { lazyFreeOf } from '../../src/keyspace/lazy-free.js';

function setup() {
  const clock = new ManualClock(1_700_000_000_000);
  const e = newEngine({ clock });
  e.activeExpire.stop();
  return { clock, e, a: connect(e) };
}

test('DEL/UNLINK/EXISTS/TYPE/TOUCH', () => {
  const { e, a, clock } = setup();
  a.run('SET', 'a', '1');
  a.run('SET', 'b', '2');
  a.run('SET', 'gone', 'x', 'PX', '10');
  clock.advance(11);
  assert.equal(a.run('EXISTS', 'a', 'a', 'b', 'gone', 'none'), 3);
  assert.equal(a.run('TYPE', 'a'), 'string');
  assert.equal(a.run('TYPE', 'none'), 'none');
  assert.equal(a.run('TOUCH', 'a', 'b', 'none'), 2);
  assert.equal(a.run('DEL', 'a', 'a', 'gone', 'none'), 1, 'an expired key does not count');
  assert.equal(a.run('UNLINK', 'b'), 1);
  assert.equal(a.run('DBSIZE'), 0);
  e.close();
});

test('RENAME/RENAMENX move the TTL and never inherit the target TTL', () => {
  const { e, a } = setup();
  assert.deepEqual(a.run('RENAME', 'nokey', 'x'), new ReplyError('ERR no such key'));
  assert.deepEqual(a.run('RENAME', 'nokey', 'nokey'), new ReplyError('ERR no such key'));
  a.run('SET', 'k', 'v');
  assert.equal(a.run('RENAME', 'k', 'k'), 'OK');
  assert.equal(a.run('RENAMENX', 'k', 'k'), 0);
  a.run('EXPIRE', 'k', '100');
  assert.equal(a.run('RENAME', 'k', 'k2'), 'OK');
  assert.equal(a.run('TTL', 'k2'), 100);
  assert.equal(a.run('EXISTS', 'k'), 0);
  a.run('SET', 'other', 'o', 'EX', '50');
  a.run('SET', 'plain', 'p');
  assert.equal(a.run('RENAME', 'plain', 'other'), 'OK');
  assert.equal(a.run('TTL', 'other'), -1);
  a.run('SET', 'x', '1');
  assert.equal(a.run('RENAMENX', 'x', 'other'), 0);
  assert.equal(a.run('RENAMENX', 'x', 'y'), 1);
  e.close();
});

test('MOVE, COPY, SELECT, SWAPDB', () => {
  const { e, a } = setup();
  a.run('SET', 'k', 'v', 'EX', '100');
  assert.deepEqual(a.run('MOVE', 'k', 'x'), new ReplyError('ERR value is not an integer or out of range'));
  assert.deepEqual(a.run('MOVE', 'k', '0'), new ReplyError('ERR source and destination objects are the same'));
  assert.deepEqual(a.run('MOVE', 'k', '16'), new ReplyError('ERR DB index is out of range'));
  assert.equal(a.run('MOVE', 'k', '1'), 1);
  assert.equal(a.run('MOVE', 'k', '1'), 0);
  assert.equal(a.run('SELECT', '1'), 'OK');
  assert.equal(a.run('TTL', 'k'), 100);
  assert.equal(a.run('COPY', 'k', 'k2'), 1);
  assert.equal(a.run('TTL', 'k2'), 100);
  assert.equal(a.run('COPY', 'k', 'k2'), 0);
  assert.equal(a.run('COPY', 'k', 'k2', 'DB', '2', 'REPLACE'), 1);
  assert.deepEqual(a.run('COPY', 'k', 'k'), new ReplyError('ERR source and destination objects are the same'));
  assert.deepEqual(a.run('COPY', 'k', 'k2', 'DB'), new ReplyError('ERR syntax error'));
  assert.deepEqual(a.run('SELECT', '99999999999'), new ReplyError('ERR value is out of range, value must between -2147483648 and 2147483647'));
  assert.deepEqual(a.run('SELECT', '-1'), new ReplyError('ERR DB index is out of range'));
  assert.deepEqual(a.run('SWAPDB', 'x', '1'), new ReplyError('ERR invalid first DB index'));
  assert.deepEqual(a.run('SWAPDB', '1', '99999999999'), new ReplyError('ERR invalid second DB index'));
  assert.deepEqual(a.run('SWAPDB', '1', '16'), new ReplyError('ERR DB index is out of range'));
  a.run('SELECT', '0');
  assert.equal(a.run('SWAPDB', '0', '1'), 'OK');
  assert.equal(a.run('DBSIZE'), 2, 'the client sees the swapped contents');
  e.close();
});

test('KEYS skips expired keys without deleting them; FLUSHDB/FLUSHALL options', () => {
  const { e, a, clock } = setup();
  for (const k of ['key_x', 'key_y', 'foo_a', 'foo_b']) a.run('SET', k, 'v');
  a.run('SET', 'foo_old', 'v', 'PX', '1');
  clock.advance(2);
  assert.deepEqual((a.run('KEYS', 'foo*') as string[]).sort(), ['foo_a', 'foo_b']);
  assert.equal(a.run('DBSIZE'), 5, 'KEYS does not write');
  assert.deepEqual(a.run('FLUSHDB', 'now'), new ReplyError('ERR syntax error'));
  assert.deepEqual(a.run('FLUSHALL', 'sync', 'async'), new ReplyError('ERR syntax error'));
  assert.equal(a.run('FLUSHDB', 'ASYNC'), 'OK');
  assert.equal(lazyFreeOf(e).pending, 5);
  assert.equal(a.run('DBSIZE'), 0);
  a.run('SELECT', '5');
  a.run('SET', 'z', 'v');
  assert.equal(a.run('FLUSHALL', 'SYNC'), 'OK');
  assert.equal(a.run('DBSIZE'), 0);
  e.close();
});

test('RANDOMKEY: null on empty, reaches every key, never loops when all keys are expired', () => {
  const { e, a, clock } = setup();
  assert.equal(a.run('RANDOMKEY'), null);
  a.run('SET', 'foo', 'x');
  a.run('SET', 'bar', 'y');
  const seen = new Set<unknown>();
  for (let i = 0; i < 100; i++) seen.add(a.run('RANDOMKEY'));
  assert.deepEqual([...seen].sort(), ['bar', 'foo']);
  a.run('FLUSHALL');
  for (let i = 0; i < 5000; i++) a.run('SET', `v${i}`, 'x', 'PX', '5');
  a.run('SET', 'live', 'x');
  clock.advance(10);
  assert.equal(a.run('RANDOMKEY'), 'live');
  // Expired keys that may not be deleted (clients paused): RANDOMKEY still answers.
  a.run('FLUSHALL');
  for (let i = 0; i < 3000; i++) a.run('SET', `w${i}`, 'x', 'PX', '5');
  clock.advance(10);
  const db = e.dbs[0];
  const orig = e.canDeleteExpired;
  e.canDeleteExpired = () => false;
  assert.equal(randomKey(db), null);
  e.canDeleteExpired = orig;
  assert.equal(db.size, 3000);
  e.close();
});

test('RANDOMKEY on a large db spreads over the keyspace', () => {
  const { e, a } = setup();
  for (let i = 0; i < 5000; i++) a.run('SET', `k${i}`, 'v');
  const buckets = new Array(5).fill(0);
  for (let i = 0; i < 5000; i++) buckets[Math.floor(Number((a.run('RANDOMKEY') as string).slice(1)) / 1000)]++;
  for (const b of buckets) assert.ok(b > 500 && b < 1500, `bucket ${b}`);
  e.close();
});

test('OBJECT ENCODING/REFCOUNT/IDLETIME/FREQ/HELP', () => {
  const { e, a, clock } = setup();
  a.run('SET', 'int', '12345');
  a.run('SET', 'big', '99999999999999999999'); // 20 digits, out of int64 range
  a.run('SET', 'emb', 'x'.repeat(44));
  a.run('SET', 'raw', 'x'.repeat(45));
  a.run('SET', 'small', '7');
  assert.equal(a.run('OBJECT', 'ENCODING', 'int'), 'int');
  assert.equal(a.run('OBJECT', 'ENCODING', 'big'), 'embstr');
  assert.equal(a.run('OBJECT', 'ENCODING', 'emb'), 'embstr');
  assert.equal(a.run('OBJECT', 'ENCODING', 'raw'), 'raw');
  assert.equal(a.run('OBJECT', 'ENCODING', 'none'), null);
  assert.equal(a.run('OBJECT', 'REFCOUNT', 'small'), 2147483647);
  assert.equal(a.run('OBJECT', 'REFCOUNT', 'int'), 1);
  clock.advance(5000);
  assert.equal(a.run('OBJECT', 'IDLETIME', 'int'), 5);
  assert.equal(a.run('OBJECT', 'IDLETIME', 'int'), 5, 'OBJECT does not touch');
  assert.match(String((a.run('OBJECT', 'FREQ', 'int') as ReplyError).message), /^ERR An LFU maxmemory policy is not selected/);
  a.run('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu');
  assert.equal(typeof a.run('OBJECT', 'FREQ', 'int'), 'number');
  assert.match(String((a.run('OBJECT', 'IDLETIME', 'int') as ReplyError).message), /^ERR An LFU maxmemory policy is selected/);
  const help = a.run('OBJECT', 'HELP') as string[];
  assert.equal(help[0], 'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
  e.close();
});

test('OBJECT IDLETIME of every kind of value: stamped on write and read, kept across a change of representation', () => {
  const { e, a, clock } = setup();
  const advance = (ms: number) => {
    clock.advance(ms);
    e.tick(); // as the server does once per read batch
  };
  const make: [string, string[]][] = [
    ['str', ['SET', 'str', 'v']],
    ['mut', ['APPEND', 'mut', 'v']],
    ['list', ['RPUSH', 'list', 'a']],
    ['hash', ['HSET', 'hash', 'f', 'v']],
    ['set', ['SADD', 'set', 'm']],
    ['zset', ['ZADD', 'zset', '1', 'm']],
  ];
  for (const [, cmd] of make) a.run(...cmd);
  advance(7000);
  for (const [key] of make) assert.equal(a.run('OBJECT', 'IDLETIME', key), 7, key);
  // Reads stamp; TOUCH stamps; a string made mutable in place keeps its time.
  a.run('GET', 'str');
  a.run('TYPE', 'hash'); // no touch
  a.run('TOUCH', 'zset');
  a.run('SETRANGE', 'mut', '0', 'w');
  advance(3000);
  assert.equal(a.run('OBJECT', 'IDLETIME', 'str'), 3);
  assert.equal(a.run('OBJECT', 'IDLETIME', 'zset'), 3);
  assert.equal(a.run('OBJECT', 'IDLETIME', 'mut'), 3);
  // A string key overwritten by a collection and back: the new value's own time counts.
  a.run('DEL', 'str');
  a.run('SET', 'str', 'v');
  advance(2000);
  a.run('DEL', 'str');
  a.run('RPUSH', 'str', 'x');
  assert.equal(a.run('OBJECT', 'IDLETIME', 'str'), 0);
  advance(4000);
  a.run('SET', 'str', 'again');
  assert.equal(a.run('OBJECT', 'IDLETIME', 'str'), 0);
  assert.equal(a.run('OBJECT', 'IDLETIME', 'list'), 16);
  // RESTORE IDLETIME sets it for collections and strings alike.
  const dumped = a.run('DUMP', 'hash') as string;
  a.run('RESTORE', 'h2', '0', dumped, 'IDLETIME', '100');
  a.run('RESTORE', 's2', '0', a.run('DUMP', 'str') as string, 'IDLETIME', '200');
  assert.equal(a.run('OBJECT', 'IDLETIME', 'h2'), 100);
  assert.equal(a.run('OBJECT', 'IDLETIME', 's2'), 200);
  e.close();
});

test('UNLINK frees big values lazily, after the reply; small ones at once', async () => {
  const { e, a } = setup();
  const big = { type: 'set' as const, size: 1000, encoding: () => 'hashtable' };
  const small = { type: 'set' as const, size: 3, encoding: () => 'intset' };
  e.dbs[0].set('big', big);
  e.dbs[0].set('small', small);
  const lf = lazyFreeOf(e);
  assert.equal(a.run('UNLINK', 'big', 'small'), 2);
  assert.equal(lf.pending, 1, 'only the big value is queued');
  assert.equal(lf.freed, 0);
  await new Promise((r) => setImmediate(r));
  assert.equal(lf.pending, 0);
  assert.equal(lf.freed, 1);
  assert.match(a.run('INFO', 'memory') as string, /lazyfreed_objects:1\r\n/);
  a.run('CONFIG', 'RESETSTAT');
  assert.equal(lf.freed, 0);
  e.close();
});

test('COPY duplicates collections through dup() and refuses values without it', () => {
  const { e, a } = setup();
  let dups = 0;
  const coll = { type: 'hash' as const, encoding: () => 'listpack', dup: () => (dups++, { ...coll }) };
  e.dbs[0].set('h', coll);
  assert.equal(a.run('COPY', 'h', 'h2'), 1);
  assert.equal(dups, 1);
  assert.notEqual(e.dbs[0].peek('h2'), coll);
  e.dbs[0].set('odd', { type: 'stream' as const, encoding: () => 'stream' });
  assert.deepEqual(a.run('COPY', 'odd', 'odd2'), new ReplyError('ERR unknown type object'));
  assert.equal(a.run('TYPE', 'h2'), 'hash');
  assert.deepEqual(a.run('SCAN', '0', 'TYPE', 'HASH'), ['0', ['h', 'h2']]);
  e.close();
});
