/**
 * Unit tests of transactions and WATCH: the bookkeeping of keyspace/watched-keys.ts on its own
 * (per-database index, per-client list, cleanup so the write path's null check stays cheap),
 * Db's modification signal from every write path, expiry with a manual clock, and the engine
 * side (EXEC, CLIENT LIST flags and multi-mem, command stats, denied blocking, disconnects).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, decode, newEngine, ReplyError } from './server-harness.js';
import { Db, type KeyspaceHooks } from '../../src/keyspace/db.js';
import { WatchList, touchAllWatchedKeysInDb, touchWatchedKey } from '../../src/keyspace/watched-keys.js';
import { ManualClock } from '../../src/util/clock.js';
import { canBlock } from '../../src/engine/blocking.js';
import { clientInfoLine } from '../../src/commands/client-info.js';

function hooks(clock = new ManualClock(1_700_000_000_000)): KeyspaceHooks & { clock: ManualClock } {
  return { clock, lruClock: { now: 0 }, expiryNow: () => clock.now(), expired() {}, canDeleteExpired: () => true, loading: false, hit() {}, notifyFlags: 0, keyEvent() {} };
}

function dbs(n = 2) {
  const h = hooks();
  return { h, dbs: Array.from({ length: n }, (_, i) => new Db(i, h)) };
}

test('watch: a key is indexed once per client and db; unwatchAll leaves no trace', () => {
  const { dbs: [db0, db1] } = dbs();
  const a = new WatchList();
  const b = new WatchList();
  assert.equal(db0.watched, null);
  a.watch(db0, 'k');
  a.watch(db0, 'k');
  a.watch(db1, 'k');
  b.watch(db0, 'k');
  assert.equal(a.keys.length, 2);
  assert.equal(db0.watched!.get('k')!.length, 2);
  assert.equal(db1.watched!.get('k')!.length, 1);
  a.unwatchAll();
  assert.equal(a.keys.length, 0);
  assert.equal(db1.watched, null, 'an empty index goes back to null (one null check on writes)');
  assert.equal(db0.watched!.get('k')!.length, 1);
  b.unwatchAll();
  assert.equal(db0.watched, null);
});

test('watch: a touch marks every watcher of the key dirty and unwatches all their keys', () => {
  const { dbs: [db] } = dbs(1);
  const a = new WatchList();
  const b = new WatchList();
  const c = new WatchList();
  a.watch(db, 'k');
  a.watch(db, 'other');
  b.watch(db, 'k');
  c.watch(db, 'other');
  touchWatchedKey(db, 'nosuch');
  assert.equal(a.dirty || b.dirty || c.dirty, false);
  touchWatchedKey(db, 'k');
  assert.deepEqual([a.dirty, b.dirty, c.dirty], [true, true, false]);
  assert.equal(a.keys.length, 0);
  assert.deepEqual([...db.watched!.keys()], ['other']);
  assert.equal(db.watched!.get('other')![0].owner, c);
});

test('watch: every Db write path signals; replaceEncoding and reads do not', () => {
  const { dbs: [db] } = dbs(1);
  const writes: [string, (db: Db) => void][] = [
    ['set', (d) => d.set('k', 'v')],
    ['replace', (d) => d.replace('k', 'w')],
    ['setExpire', (d) => d.setExpire('k', Date.now() + 1e6)],
    ['persist', (d) => d.persist('k')],
    ['signalModified', (d) => d.signalModified('k')],
    ['remove', (d) => d.remove('k')],
  ];
  db.set('k', 'v');
  db.setExpire('k', Date.now() + 1e6);
  for (const [name, write] of writes) {
    const w = new WatchList();
    w.watch(db, 'k');
    db.lookup('k');
    db.lookupRead('k');
    db.exists('k');
    db.replaceEncoding('k', db.peek('k') ?? 'x');
    assert.equal(w.dirty, false, `${name}: reads must not signal`);
    write(db);
    assert.equal(w.dirty, true, `${name} must signal`);
  }
  const w = new WatchList();
  w.watch(db, 'k');
  assert.equal(db.remove('k'), false);
  assert.equal(db.persist('k'), false);
  assert.equal(w.dirty, false, 'removing a missing key or a missing TTL is no change');
});

test('watch: FLUSH touches existing keys only; SWAPDB keys existing on either side', () => {
  const { dbs: [db0, db1] } = dbs();
  db0.set('here', '1');
  db1.set('there', '1');
  const flushed = new WatchList();
  const missing = new WatchList();
  flushed.watch(db0, 'here');
  missing.watch(db0, 'nowhere');
  db0.clear();
  assert.deepEqual([flushed.dirty, missing.dirty], [true, false]);
  const a = new WatchList();
  const b = new WatchList();
  const c = new WatchList();
  db0.set('here', '1');
  a.watch(db0, 'here');
  b.watch(db0, 'there');
  c.watch(db0, 'nowhere');
  db0.swapWith(db1);
  assert.deepEqual([a.dirty, b.dirty, c.dirty], [true, true, false]);
  // touchAllWatchedKeysInDb leaves the watches in place, as Redis does.
  assert.equal(a.keys.length, 1);
});

test('watch: keys expired at WATCH time; expiry of a live key (manual clock)', () => {
  const { h, dbs: [db, other] } = dbs();
  const now = h.clock.now();
  db.set('stale', 'v');
  db.setExpire('stale', now - 1);
  db.set('live', 'v');
  db.setExpire('live', now + 100);
  const w = new WatchList();
  w.watch(db, 'stale');
  w.watch(db, 'live');
  assert.equal(w.anyExpired(), false, 'a key already expired when watched does not count');
  assert.equal(db.exists('stale'), false);
  assert.equal(w.dirty, false, 'deleting a stale watched key is no logical change');
  h.clock.advance(200);
  assert.equal(w.anyExpired(), true, 'a live key that expired since WATCH counts');
  assert.equal(db.exists('live'), false);
  assert.equal(w.dirty, true, 'and so does its deletion');
  // Overwriting a stale watched key counts (Redis deletes it before writing).
  const w2 = new WatchList();
  db.set('s2', 'v');
  db.setExpire('s2', h.clock.now() - 1);
  w2.watch(db, 's2');
  db.set('s2', 'new');
  assert.equal(w2.dirty, true);
  // SWAPDB: a missing key replaced by an expired one becomes "watched as expired".
  other.set('x', 'v');
  other.setExpire('x', h.clock.now() - 1);
  const w3 = new WatchList();
  w3.watch(db, 'x');
  touchAllWatchedKeysInDb(db, other);
  assert.equal(w3.dirty, false);
  assert.equal(w3.keys[0].expired, true);
});

test('transaction: WATCH then EXEC through the engine; SPOP count in place breaks it', () => {
  const e = newEngine();
  const a = connect(e);
  const b = connect(e);
  a.run('SADD', 's', 'a', 'b', 'c', 'd');
  assert.equal(a.run('WATCH', 's'), 'OK');
  assert.equal((b.run('SPOP', 's', '1') as unknown[]).length, 1);
  assert.equal(a.run('MULTI'), 'OK');
  assert.equal(a.run('PING'), 'QUEUED');
  assert.equal(a.run('EXEC'), null);
  assert.equal(a.raw('EXEC'), '-ERR EXEC without MULTI\r\n');
  a.run('WATCH', 's');
  b.run('SPOP', 's');
  a.run('MULTI');
  assert.equal(a.run('EXEC'), null);
  for (const db of e.dbs) assert.equal(db.watched, null, 'nothing stays indexed after EXEC');
  e.close();
});

test('transaction: a disconnecting client leaves no watch behind', () => {
  const e = newEngine();
  const a = connect(e);
  a.run('WATCH', 'k', 'j');
  assert.notEqual(e.dbs[0].watched, null);
  e.removeClient(a.client);
  assert.equal(e.dbs[0].watched, null);
  e.close();
});

test('transaction: CLIENT LIST flags x and d, multi=, multi-mem as Redis counts them', () => {
  const e = newEngine();
  const a = connect(e);
  const b = connect(e);
  const noBuffers = { qbuf: 0, qbufFree: 0, qbufAllocated: 0, rbs: 0, rbp: 0, partialArgs: [] };
  (a.transport as unknown as { buffers: () => typeof noBuffers }).buffers = () => noBuffers;
  const field = (name: string) => new RegExp(` ${name}=([^ ]*)`).exec(clientInfoLine(a.client))![1];
  assert.equal(field('multi'), '-1');
  a.run('WATCH', 'a', 'b', 'c');
  const totWatching = Number(field('tot-mem'));
  a.run('MULTI');
  a.run('SET', 'key', 'value');
  a.run('GET', 'key');
  a.run('LPUSH', 'l', 'a', 'b', 'c');
  assert.equal(field('flags'), 'x');
  assert.equal(field('multi'), '3');
  // The queued arguments plus a pointer per argument: (11+24) + (6+16) + (9+40), as redis-server says.
  assert.equal(field('multi-mem'), '106');
  // tot-mem adds the queue (4 slots of 24 bytes) to the 106 bytes.
  assert.equal(Number(field('tot-mem')) - totWatching, 106 + 96);
  a.run('DISCARD');
  a.run('WATCH', 'k');
  b.run('SET', 'k', '1');
  assert.equal(field('flags'), 'd');
  assert.equal(field('multi-mem'), '0');
  e.close();
});

test('transaction: errors inside EXEC are counted for their command, not EXEC', () => {
  const e = newEngine();
  const a = connect(e);
  a.run('SET', 's', 'x');
  a.run('MULTI');
  a.run('LPUSH', 's', 'y');
  const r = a.run('EXEC') as unknown[];
  assert.ok(r[0] instanceof ReplyError);
  assert.equal(e.table.byFullname.get('exec')!.stats.failedCalls, 0);
  assert.equal(e.table.byFullname.get('exec')!.stats.calls, 1);
  assert.equal(e.table.byFullname.get('lpush')!.stats.failedCalls, 1);
  // A rejected EXEC is a rejected call.
  a.run('MULTI');
  assert.match(a.raw('EXEC', 'x'), /^-EXECABORT Transaction discarded because of: wrong number/);
  assert.equal(e.table.byFullname.get('exec')!.stats.rejectedCalls, 1);
  assert.equal(a.client.multi, null);
  e.close();
});

test('transaction: commands inside EXEC cannot block; blocked clients are served after EXEC', () => {
  const e = newEngine();
  const a = connect(e);
  const b = connect(e);
  assert.equal(b.raw('BLPOP', 'k', '0'), '');
  let sawDenied = false;
  const lpush = e.table.byFullname.get('lpush')!;
  const original = lpush.handler!;
  (lpush as { handler: typeof original }).handler = (c, argv) => {
    sawDenied = !canBlock(c);
    // Not served between the commands of the transaction.
    assert.equal(b.client.blocked, 'keys');
    original(c, argv);
  };
  a.run('MULTI');
  a.run('RPUSH', 'k', 'x');
  a.run('LPUSH', 'k', 'y');
  assert.deepEqual(a.run('EXEC'), [1, 2]);
  assert.equal(sawDenied, true);
  assert.equal(canBlock(a.client), true, 'blocking allowed again after EXEC');
  assert.equal(b.client.blocked, null);
  // Served with the head after the whole transaction ('y'), not the first push ('x').
  assert.deepEqual(decode(b.client.reply.take()), ['k', 'y']);
  assert.deepEqual(b.run('LRANGE', 'k', '0', '-1'), ['x']);
  e.close();
});
