import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCursor, ScanCursors, ScanIteration } from '../../src/keyspace/scan-cursor.js';
import { connect, newEngine, ReplyError } from './server-harness.js';
import { ManualClock } from '../../src/util/clock.js';

test('parseCursor follows strtoul', () => {
  assert.equal(parseCursor('0'), 0n);
  assert.equal(parseCursor(''), 0n); // strtoul converts nothing and stops at the end: cursor 0
  assert.equal(parseCursor('+7'), 7n);
  assert.equal(parseCursor('-1'), 18446744073709551615n); // negative numbers wrap
  assert.equal(parseCursor('18446744073709551615'), 18446744073709551615n);
  assert.equal(parseCursor('18446744073709551616'), null); // ERANGE
  assert.equal(parseCursor(' 1'), null);
  assert.equal(parseCursor('1 '), null);
  assert.equal(parseCursor('0x10'), null);
  assert.equal(parseCursor('-'), null);
  assert.equal(parseCursor('12\0junk'), 12n); // the C string ends at NUL
});

test('ScanIteration: budget bounds the walk, lookahead reports the end', () => {
  const m = new Map([['a', 1], ['b', 2]]);
  const it = new ScanIteration<string>(m, 0, m.keys(), m.size);
  assert.equal(it.next(), 'a');
  m.set('c', 3); // added after the start: beyond the budget of 2
  assert.equal(it.hasMore(), true);
  assert.equal(it.next(), 'b');
  assert.equal(it.hasMore(), false);
});

test('ScanCursors: LRU eviction, owner check, forget', () => {
  const reg = new ScanCursors(2);
  const owner = {};
  const mk = () => new ScanIteration<string>(owner, 1, [][Symbol.iterator](), 0);
  const c1 = reg.save(mk());
  const c2 = reg.save(mk());
  const c3 = reg.save(mk()); // evicts c1
  assert.equal(reg.size, 2);
  assert.equal(reg.take(BigInt(c1), owner, 1), undefined);
  assert.equal(reg.take(BigInt(c2), {}, 1), undefined, 'another owner: unknown');
  assert.notEqual(reg.take(BigInt(c3), owner, 1), undefined);
  assert.equal(reg.take(BigInt(c3), owner, 1), undefined, 'a cursor is used once');
  reg.save(mk());
  reg.forget(owner);
  assert.equal(reg.size, 0);
  for (const c of [c1, c2, c3]) assert.ok(c > 0 && c < 2 ** 53);
});

/** Runs a full SCAN, calling `between` after each batch; returns every key returned. */
function fullScan(a: ReturnType<typeof connect>, count: number, between: (round: number) => void, extra: string[] = []): string[] {
  const seen: string[] = [];
  let cursor = '0';
  let round = 0;
  do {
    const [next, keys] = a.run('SCAN', cursor, 'COUNT', String(count), ...extra) as [string, string[]];
    seen.push(...keys);
    cursor = next;
    between(round++);
    assert.ok(round < 100000, 'scan must terminate');
  } while (cursor !== '0');
  return seen;
}

test('SCAN guarantee: keys present throughout are returned despite concurrent inserts and deletes', () => {
  for (let seed = 1; seed <= 5; seed++) {
    let s = seed;
    const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
    const e = newEngine();
    const a = connect(e);
    const b = connect(e);
    const stable = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      a.run('SET', `stable:${i}`, 'v');
      stable.add(`stable:${i}`);
      a.run('SET', `churn:${i}`, 'v');
    }
    let added = 0;
    const seen = fullScan(a, 1 + Math.floor(rnd() * 50), () => {
      // Another client grows and shrinks the table between batches.
      for (let j = 0; j < 40; j++) b.run('SET', `new:${added++}`, 'v');
      for (let j = 0; j < 30; j++) b.run('DEL', `churn:${Math.floor(rnd() * 2000)}`);
      for (let j = 0; j < 10; j++) b.run('DEL', `new:${Math.floor(rnd() * added)}`);
      // Overwriting a stable key keeps it present (and in place).
      b.run('SET', `stable:${Math.floor(rnd() * 2000)}`, 'w');
    });
    const got = new Set(seen);
    for (const k of stable) assert.ok(got.has(k), `seed ${seed}: ${k} missing`);
    for (const k of got) assert.ok(a.run('EXISTS', k) === 1 || !k.startsWith('stable:'));
    e.close();
  }
});

test('SCAN terminates while a writer keeps adding keys faster than it reads', () => {
  const e = newEngine();
  const a = connect(e);
  for (let i = 0; i < 100; i++) a.run('SET', `k${i}`, 'v');
  let n = 0;
  const seen = fullScan(a, 5, () => {
    for (let j = 0; j < 50; j++) a.run('SET', `flood${n++}`, 'v');
  });
  for (let i = 0; i < 100; i++) assert.ok(seen.includes(`k${i}`));
  assert.ok(seen.length <= 100 + 5, 'the budget stops at the size at start');
  e.close();
});

test('SCAN: unknown cursors restart (no key lost), invalid ones are errors', () => {
  const e = newEngine();
  const a = connect(e);
  for (let i = 0; i < 30; i++) a.run('SET', `k${i}`, 'v');
  const [, keys] = a.run('SCAN', '123456789', 'COUNT', '1000') as [string, string[]];
  assert.equal(keys.length, 30, 'a fabricated cursor is accepted and scans from the start');
  assert.deepEqual(a.run('SCAN', 'abc'), new ReplyError('ERR invalid cursor'));
  assert.deepEqual(a.run('SCAN', '0', 'COUNT', '0'), new ReplyError('ERR syntax error'));
  assert.deepEqual(a.run('SCAN', '0', 'COUNT', 'x'), new ReplyError('ERR value is not an integer or out of range'));
  assert.deepEqual(a.run('SCAN', '0', 'MATCH'), new ReplyError('ERR syntax error'));
  e.close();
});

test('SCAN MATCH/TYPE filter after the step; expired keys are dropped (and deleted)', () => {
  const clock = new ManualClock(1_000_000);
  const e = newEngine({ clock });
  const a = connect(e);
  for (let i = 0; i < 20; i++) a.run('SET', `user:${i}`, 'v');
  for (let i = 0; i < 20; i++) a.run('SET', `tmp:${i}`, 'v', 'PX', '10');
  clock.advance(20);
  e.activeExpireEnabled = false;
  const users = fullScan(a, 7, () => {}, ['MATCH', 'user:*', 'TYPE', 'STRING']);
  assert.equal(new Set(users).size, 20);
  const all = fullScan(a, 7, () => {});
  assert.equal(all.filter((k) => k.startsWith('tmp:')).length, 0);
  assert.equal(a.run('DBSIZE'), 20, 'SCAN deleted the expired keys it met');
  assert.deepEqual(fullScan(a, 100, () => {}, ['TYPE', 'list']), []);
  e.close();
});

test('FLUSHDB and SWAPDB do not break outstanding cursors', () => {
  const e = newEngine();
  const a = connect(e);
  for (let i = 0; i < 50; i++) a.run('SET', `k${i}`, 'v');
  const [c1] = a.run('SCAN', '0', 'COUNT', '10') as [string, string[]];
  a.run('FLUSHDB');
  a.run('SET', 'after', 'v');
  const [n1, k1] = a.run('SCAN', c1, 'COUNT', '100') as [string, string[]];
  assert.equal(n1, '0');
  assert.deepEqual(k1, ['after'], 'the old contents are not returned');
  for (let i = 0; i < 50; i++) a.run('SET', `k${i}`, 'v');
  const [c2] = a.run('SCAN', '0', 'COUNT', '10') as [string, string[]];
  a.run('SWAPDB', '0', '1');
  const [n2, k2] = a.run('SCAN', c2, 'COUNT', '100') as [string, string[]];
  assert.equal(n2, '0');
  assert.deepEqual(k2, []);
  e.close();
});
