/**
 * Unit tests of client-side caching (engine/tracking.ts) in process: the tracking table's
 * bookkeeping (remembered keys and ids, lazy cleanup, INFO counters), tracking-table-max-keys
 * eviction and its growing effort, the order several clients are told in, BCAST batching at the
 * flush, expiry attributed to no client, CLIENT CACHING's lifetime, served blocked clients, the
 * databases' null hook before first use; and the radix-tree node count model (util/rax-shape.ts)
 * behind CLIENT LIST tot-mem, on counts measured against redis-server by the differential test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, decode, newEngine, type TestClient } from './server-harness.js';
import { ManualClock } from '../../src/util/clock.js';
import { RaxShape } from '../../src/util/rax-shape.js';
import type { Engine } from '../../src/engine/engine.js';

function shape(...keys: string[]): RaxShape {
  const r = new RaxShape();
  for (const k of keys) r.insert(k);
  return r;
}

test('rax shape: node counts as Redis builds its trees', () => {
  // Counts from redis-server 7.0.15 (CLIENT LIST tot-mem grows 32 bytes per node).
  assert.equal(new RaxShape().nodes, 1);
  assert.equal(shape('').nodes, 1);
  assert.equal(shape('a').nodes, 2);
  assert.equal(shape('user:').nodes, 2);
  assert.equal(shape('user:', 'session:', 'cache:').nodes, 7);
  assert.equal(shape('abc', 'abd').nodes, 4);
  assert.equal(shape('abcdef', 'abcx', 'abz', 'b').nodes, 9);
  assert.equal(shape('abz', 'abcx', 'abcdef', 'b').nodes, 9);
  assert.equal(shape('x1', 'x2', 'x3', 'y').nodes, 6);
});

test('rax shape: keys ending inside a run and prefixes of keys', () => {
  // "abc" then "ab": the run "abc" splits where "ab" ends (one node more).
  assert.equal(shape('abc').nodes, 2);
  assert.equal(shape('abc', 'ab').nodes, 3);
  assert.equal(shape('ab', 'abc').nodes, 3);
  // A mismatch at the first byte of a run: the run's head becomes a branching node.
  assert.equal(shape('abc', 'x').nodes, 4);
  const r = shape('q', 'r', 'rs');
  assert.equal(r.insert('rs'), false, 'an existing key is not added again');
  assert.equal(r.insert(''), true);
  assert.equal(r.insert(''), false);
  // Bytes compare unsigned: \xff sorts after \x00 and \x01.
  assert.equal(shape('\x00\xff', '\x00\x01', '\xff').nodes, 5);
});

/** A connected client in RESP3 with tracking turned on with `opts`. */
function tracker(engine: Engine, ...opts: string[]): TestClient {
  const t = connect(engine);
  t.run('HELLO', '3');
  assert.equal(t.run('CLIENT', 'TRACKING', 'on', ...opts), 'OK');
  return t;
}

function info(engine: Engine): Record<string, number> {
  const c = connect(engine);
  const text = c.run('INFO', 'everything') as string;
  const out: Record<string, number> = {};
  for (const line of text.split('\r\n')) {
    const m = /^(tracking_\w+):(\d+)$/.exec(line);
    if (m !== null) out[m[1]] = Number(m[2]);
  }
  return out;
}

/** Everything `t` was given: written out by a flush, or still in its reply buffer. */
function output(t: TestClient): string {
  return t.transport.flushed.splice(0).join('') + t.client.reply.take();
}

/** Every frame in `s`, decoded. */
function frames(s: string): unknown[] {
  const out: unknown[] = [];
  let rest = s;
  while (rest.length !== 0) {
    // decode() reads one frame; re-encode-free split by decoding and measuring is awkward, so
    // frames here are invalidation pushes only: split on their header.
    const next = rest.indexOf('>2\r\n', 1);
    const one = next < 0 ? rest : rest.slice(0, next);
    out.push(decode(one));
    rest = next < 0 ? '' : rest.slice(next);
  }
  return out;
}

test('tracking: the databases report modified keys only once a client enabled tracking', () => {
  const engine = newEngine();
  try {
    assert.ok(engine.dbs.every((db) => db.invalidation === null));
    const t = tracker(engine);
    assert.ok(engine.dbs.every((db) => db.invalidation === engine.tracking));
    t.run('CLIENT', 'TRACKING', 'off');
    // As Redis's table, the hook stays: ids left behind are cleaned when their keys change.
    assert.ok(engine.dbs.every((db) => db.invalidation === engine.tracking));
  } finally {
    engine.close();
  }
});

test('tracking: table counters, lazy cleanup of clients that stopped tracking', () => {
  const engine = newEngine();
  try {
    const a = tracker(engine);
    const b = tracker(engine);
    a.run('MGET', 'k1', 'k2', 'k1');
    b.run('GET', 'k1');
    assert.deepEqual(info(engine), { tracking_clients: 2, tracking_total_keys: 2, tracking_total_items: 3, tracking_total_prefixes: 0 });
    a.run('CLIENT', 'TRACKING', 'off');
    // The ids stay until their keys change; a client not tracking any more is told nothing.
    assert.equal(info(engine).tracking_total_items, 3);
    const w = connect(engine);
    w.run('SET', 'k1', 'v');
    assert.deepEqual(decode(b.client.reply.take()), ['invalidate', ['k1']]);
    assert.equal(a.client.reply.take(), '');
    assert.deepEqual(info(engine), { tracking_clients: 1, tracking_total_keys: 1, tracking_total_items: 1, tracking_total_prefixes: 0 });
    // A write command does not remember the keys it read.
    b.run('INCR', 'n');
    assert.equal(info(engine).tracking_total_keys, 1);
    // A read-only command that failed still does (Redis tracks after any read-only call).
    w.run('HSET', 'h', 'f', 'v');
    b.run('GET', 'h');
    assert.equal(info(engine).tracking_total_keys, 2);
  } finally {
    engine.close();
  }
});

test('tracking: tracking-table-max-keys evicts with invalidations, 100 more keys per run still over', () => {
  const engine = newEngine();
  try {
    const t = tracker(engine);
    for (let i = 0; i < 250; i++) t.run('GET', `key${i}`);
    assert.equal(engine.tracking.totalKeys, 250);
    engine.config.set('tracking-table-max-keys', '1');
    engine.tracking.limitUsedSlots();
    assert.equal(engine.tracking.totalKeys, 150, 'first run: effort 100');
    // Each eviction is an invalidation for the clients that had the key (oldest keys first).
    const pushed = frames(t.client.reply.take());
    assert.equal(pushed.length, 100);
    assert.deepEqual(pushed[0], ['invalidate', ['key0']]);
    engine.tracking.limitUsedSlots();
    assert.equal(engine.tracking.totalKeys, 1, 'second run: effort 200, stops once under the limit');
    assert.equal(frames(t.client.reply.take()).length, 149);
    // Under the limit the effort starts over: a run over the limit by 150 again takes two runs.
    // (Every command enforces the limit first: lift it while adding keys.)
    engine.config.set('tracking-table-max-keys', '0');
    for (let i = 0; i < 150; i++) t.run('GET', `again${i}`);
    engine.config.set('tracking-table-max-keys', '1');
    engine.tracking.limitUsedSlots();
    assert.equal(engine.tracking.totalKeys, 51);
    engine.config.set('tracking-table-max-keys', '0');
    engine.tracking.limitUsedSlots();
    assert.equal(engine.tracking.totalKeys, 51, '0 means no limit');
  } finally {
    engine.close();
  }
});

test('tracking: the limit is enforced before each command, the message before its reply', () => {
  const engine = newEngine();
  try {
    const t = tracker(engine);
    t.run('MGET', 'a', 'b');
    engine.config.set('tracking-table-max-keys', '1');
    // The eviction happens in the dispatcher, before the command runs: not a pending message.
    assert.equal(t.raw('PING'), '>2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\na\r\n+PONG\r\n');
  } finally {
    engine.close();
  }
});

test('tracking: BCAST keys gathered until the flush, one message per prefix, byte order, NOLOOP', () => {
  const engine = newEngine();
  try {
    const t = tracker(engine, 'BCAST', 'PREFIX', 'b', 'PREFIX', 'a');
    const n = tracker(engine, 'BCAST', 'NOLOOP');
    const w = connect(engine);
    w.run('SET', 'b2', '1');
    w.run('SET', 'a9', '1');
    n.run('SET', 'b1', '1');
    w.run('SET', 'c', '1');
    assert.equal(output(t), '', 'nothing before the flush');
    engine.writes.flush();
    assert.deepEqual(frames(output(t)), [
      ['invalidate', ['a9']],
      ['invalidate', ['b1', 'b2']],
    ]);
    // The NOLOOP client is not told of b1, which it wrote last.
    assert.deepEqual(frames(output(n)), [['invalidate', ['a9', 'b2', 'c']]]);
    engine.writes.flush();
    assert.equal(output(t), '', 'gathering starts afresh');
    assert.equal(info(engine).tracking_total_prefixes, 3);
    n.run('CLIENT', 'TRACKING', 'off');
    assert.equal(info(engine).tracking_total_prefixes, 2, 'a prefix nobody uses goes');
  } finally {
    engine.close();
  }
});

test('tracking: expired keys are modified by no client (BCAST NOLOOP clients hear of them)', () => {
  const clock = new ManualClock(1_700_000_000_000);
  const engine = newEngine({ clock });
  try {
    const b = tracker(engine, 'BCAST', 'NOLOOP');
    const t = tracker(engine, 'NOLOOP');
    b.run('SET', 'own', 'v');
    b.run('SET', 'k', 'v', 'PX', '10');
    clock.advance(20);
    // b's own GET finds k expired in the same batch: the expiry, nobody's write, is what counts.
    assert.equal(b.run('GET', 'k'), null);
    engine.writes.flush();
    assert.equal(output(b), '>2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n');
    // In default mode NOLOOP compares the client running the command, whatever changed the key.
    t.run('SET', 'j', 'v', 'PX', '10');
    t.run('GET', 'j');
    clock.advance(20);
    assert.equal(t.raw('GET', 'j'), '_\r\n');
    t.run('SET', 'j', 'v', 'PX', '10');
    t.run('GET', 'j');
    clock.advance(20);
    assert.equal(connect(engine).run('GET', 'j'), null);
    engine.writes.flush();
    assert.equal(output(t), '>2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nj\r\n');
  } finally {
    engine.close();
  }
});

test('tracking: CLIENT CACHING lasts one command, or one transaction, or across CLIENT subcommands', () => {
  const engine = newEngine();
  try {
    const t = tracker(engine, 'OPTIN');
    const flags = () => (decode(t.raw('CLIENT', 'TRACKINGINFO')) as unknown[])[1];
    t.run('CLIENT', 'CACHING', 'yes');
    t.run('CLIENT', 'GETREDIR');
    assert.deepEqual(flags(), ['on', 'optin', 'caching-yes']);
    t.run('GET', 'a');
    assert.deepEqual(flags(), ['on', 'optin']);
    assert.equal(engine.tracking.totalKeys, 1);
    t.run('GET', 'b');
    assert.equal(engine.tracking.totalKeys, 1, 'without CACHING YES, OPTIN remembers nothing');
    t.run('CLIENT', 'CACHING', 'yes');
    t.run('MULTI');
    t.run('GET', 'c');
    t.run('GET', 'd');
    t.run('EXEC');
    assert.equal(engine.tracking.totalKeys, 3);
    assert.deepEqual(flags(), ['on', 'optin']);
    t.run('CLIENT', 'CACHING', 'yes');
    t.client.transport.flush(); // (an empty request between commands also ends the flag)
    engine.execute(t.client, ['PING']);
    t.client.reply.take();
    assert.deepEqual(flags(), ['on', 'optin']);
  } finally {
    engine.close();
  }
});

test('tracking: a served blocked client gets its own invalidation after its reply', () => {
  const engine = newEngine();
  try {
    const t = tracker(engine);
    const w = connect(engine);
    w.run('RPUSH', 'dst', 'a');
    t.run('LRANGE', 'dst', '0', '-1');
    assert.equal(t.raw('BLMOVE', 'src', 'dst', 'LEFT', 'LEFT', '0'), '');
    w.run('RPUSH', 'src', 'x');
    assert.equal(t.client.reply.take(), '$1\r\nx\r\n>2\r\n$10\r\ninvalidate\r\n*1\r\n$3\r\ndst\r\n');
  } finally {
    engine.close();
  }
});

test('tracking: closing a client or RESET turns tracking off', () => {
  const engine = newEngine();
  try {
    const t = tracker(engine, 'BCAST', 'PREFIX', 'x');
    const u = tracker(engine);
    assert.equal(engine.tracking.clients, 2);
    engine.removeClient(t.client);
    assert.equal(engine.tracking.clients, 1);
    assert.equal(engine.tracking.totalPrefixes, 0);
    u.run('RESET');
    assert.equal(engine.tracking.clients, 0);
    assert.equal(u.client.trackingFlags, 0);
  } finally {
    engine.close();
  }
});
