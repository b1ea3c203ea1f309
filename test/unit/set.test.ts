import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, newEngine } from './server-harness.js';
import {
  EMPTY_INTSET,
  intsetAdd,
  intsetFrom,
  intsetGet,
  intsetHas,
  intsetLength,
  intsetRemove,
  intsetWidth,
  widthFor,
} from '../../src/types/intset.js';
import { SetValue } from '../../src/types/set.js';
import { normalize, type Int64 } from '../../src/util/int64.js';

/** Deterministic pseudo-random numbers. */
function rng(seed: number): (n: number) => number {
  return (n) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
}

const EDGES: bigint[] = [
  0n, 1n, -1n, 32767n, 32768n, -32768n, -32769n, 2147483647n, 2147483648n, -2147483648n, -2147483649n,
  4294967295n, 4294967296n, -4294967296n, 9007199254740991n, 9007199254740992n, 9007199254740993n,
  -9007199254740991n, -9007199254740992n, -9007199254740993n, 9223372036854775807n, -9223372036854775808n,
  9223372036854775806n, -9223372036854775807n, 1n << 40n, -(1n << 40n), (1n << 32n) + 1n, -(1n << 32n) - 1n,
];

function all(p: string): bigint[] {
  return Array.from({ length: intsetLength(p) }, (_, i) => BigInt(intsetGet(p, i)));
}

test('intset: widths grow 2 -> 4 -> 8 and never shrink', () => {
  let p = EMPTY_INTSET;
  assert.equal(intsetWidth(p), 2);
  p = intsetAdd(p, 5)!;
  assert.equal(intsetWidth(p), 2);
  p = intsetAdd(p, 70000)!;
  assert.equal(intsetWidth(p), 4);
  p = intsetAdd(p, -(2 ** 40))!;
  assert.equal(intsetWidth(p), 8);
  assert.deepEqual(all(p), [-(2n ** 40n), 5n, 70000n]);
  p = intsetRemove(p, -(2 ** 40))!;
  assert.equal(intsetWidth(p), 8);
  assert.deepEqual(all(p), [5n, 70000n]);
  assert.equal(intsetAdd(p, 5), null);
  assert.equal(intsetRemove(p, 6), null);
  assert.equal(intsetRemove(p, 2n ** 63n - 1n), null);
  assert.equal(widthFor(32767), 2);
  assert.equal(widthFor(-32769), 4);
  assert.equal(widthFor(2147483648), 8);
  assert.equal(widthFor(1n), 8);
});

test('intset: 64-bit edges are exact, sorted and found (numbers when safe, bigints beyond)', () => {
  let p = EMPTY_INTSET;
  for (const e of EDGES) p = intsetAdd(p, normalize(e))!;
  const sorted = [...EDGES].sort((a, b) => (a < b ? -1 : 1));
  assert.deepEqual(all(p), sorted);
  for (let i = 0; i < intsetLength(p); i++) {
    const v = intsetGet(p, i);
    assert.equal(typeof v, Number.isSafeInteger(Number(v)) && BigInt(Number(v)) === BigInt(v) ? 'number' : 'bigint');
  }
  for (const e of EDGES) {
    assert.ok(intsetHas(p, normalize(e)), String(e));
    assert.ok(!intsetHas(p, normalize(e + 3n)) || EDGES.includes(e + 3n), String(e + 3n));
  }
  assert.deepEqual(all(intsetFrom(EDGES.map(normalize))), sorted);
});

test('intset: random adds/removes match a reference, at every width', () => {
  const rnd = rng(7);
  for (const scale of [100, 60000, 2 ** 33, 0]) {
    let p = EMPTY_INTSET;
    const ref = new Set<bigint>();
    for (let i = 0; i < 3000; i++) {
      let v: Int64;
      if (scale === 0) v = normalize(BigInt(rnd(1 << 30)) * BigInt(rnd(1 << 30)) * BigInt(rnd(16) + 1) * (rnd(2) ? 1n : -1n));
      else v = rnd(scale) - Math.floor(scale / 2);
      if (rnd(3) === 0) {
        const next = intsetRemove(p, v);
        assert.equal(next !== null, ref.delete(BigInt(v)));
        if (next !== null) p = next;
      } else {
        const next = intsetAdd(p, v);
        assert.equal(next !== null, !ref.has(BigInt(v)));
        ref.add(BigInt(v));
        if (next !== null) p = next;
      }
    }
    assert.deepEqual(all(p), [...ref].sort((a, b) => (a < b ? -1 : 1)));
  }
});

test('SetValue: intset while members are canonical integers within the limit, then hashtable for good', () => {
  const s = new SetValue();
  assert.equal(s.encoding(), 'intset');
  for (const m of ['3', '-1', '9223372036854775807', '-9223372036854775808', '0']) assert.ok(s.add(m, 512));
  assert.equal(s.add('3', 512), false);
  assert.equal(s.encoding(), 'intset');
  assert.deepEqual(s.members(), ['-9223372036854775808', '-1', '0', '3', '9223372036854775807']);
  for (const bad of ['-0', '01', '+1', ' 1', '1 ', '9223372036854775808', '1.0', '']) {
    const t = SetValue.fromMembers(['1'], 512);
    assert.equal(t.has(bad), false);
    assert.equal(t.remove(bad), false);
    assert.equal(t.encoding(), 'intset');
    assert.ok(t.add(bad, 512), bad);
    assert.equal(t.encoding(), 'hashtable', bad);
    assert.ok(t.has(bad) && t.has('1'));
  }
  // Past the limit.
  const big = SetValue.fromMembers(['1', '2', '3'], 3);
  assert.equal(big.encoding(), 'intset');
  big.add('4', 3);
  assert.equal(big.encoding(), 'hashtable');
  // Removing never converts back.
  big.remove('4');
  big.remove('3');
  assert.equal(big.encoding(), 'hashtable');
  assert.deepEqual(big.members().sort(), ['1', '2']);
  assert.equal(SetValue.fromMembers([], 0).encoding(), 'intset');
  assert.equal(SetValue.fromMembers(['1'], 0).encoding(), 'hashtable');
  assert.equal(SetValue.forFirstMember('x').encoding(), 'hashtable');
  assert.equal(SetValue.forFirstMember('12').encoding(), 'intset');
});

test('SetValue: fromInts, dup independence, freeEffort, size, pop/random in both encodings', () => {
  const a = SetValue.fromInts([3, 1, 2, 2, 9007199254740993n], 512);
  assert.equal(a.encoding(), 'intset');
  assert.equal(a.intsetWidth, 8);
  assert.deepEqual(a.ints64(), [1, 2, 3, 9007199254740993n]);
  assert.equal(SetValue.fromInts([1, 2, 3], 2).encoding(), 'hashtable');
  for (const s of [SetValue.fromMembers(['1', '2', '3'], 512), SetValue.fromMembers(['a', 'b', 'c'], 512)]) {
    const d = s.dup();
    assert.equal(d.encoding(), s.encoding());
    d.add('zz', 512);
    assert.equal(s.size, 3);
    assert.equal(d.size, 4);
    assert.equal(s.freeEffort(), s.isIntset ? 1 : 3);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(s.random());
    assert.deepEqual([...seen].sort(), s.members().sort());
    const popped: string[] = [];
    while (s.size > 0) popped.push(s.pop());
    assert.deepEqual(popped.sort(), [...seen].sort());
  }
});

test('SetValue: hashtable swap-remove keeps membership and random picks consistent', () => {
  const rnd = rng(3);
  const s = SetValue.fromMembers(['x'], 512);
  const ref = new Set<string>(['x']);
  for (let i = 0; i < 5000; i++) {
    const m = 'm' + rnd(300);
    if (rnd(2)) assert.equal(s.add(m, 512), !ref.has(m)), ref.add(m);
    else assert.equal(s.remove(m), ref.delete(m));
    if (s.size > 0) assert.ok(ref.has(s.random()));
  }
  assert.deepEqual(s.members().sort(), [...ref].sort());
  const t = s.hashtable()!;
  assert.deepEqual(t.members().sort(), [...ref].sort());
  assert.equal(t.size, ref.size);
});

test('every byte value is a member (hashtable), and SMEMBERS returns them', () => {
  const e = newEngine();
  const a = connect(e);
  const bytes = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i));
  assert.equal(a.run('SADD', 's', ...bytes), 256);
  assert.equal(a.run('SCARD', 's'), 256);
  assert.deepEqual((a.run('SMEMBERS', 's') as string[]).sort(), [...bytes].sort());
  assert.deepEqual(a.run('SMISMEMBER', 's', '\x00', '\xff', 'zz'), [1, 1, 0]);
});

test('SRANDMEMBER and SPOP pick uniformly (chi-square) in both encodings', () => {
  const e = newEngine();
  const a = connect(e);
  for (const members of [Array.from({ length: 10 }, (_, i) => String(i)), Array.from({ length: 10 }, (_, i) => 'm' + i)]) {
    a.run('DEL', 's');
    a.run('SADD', 's', ...members);
    const chi = (picks: string[]) => {
      const counts = new Map<string, number>();
      for (const p of picks) counts.set(p, (counts.get(p) ?? 0) + 1);
      const exp = picks.length / members.length;
      let x = 0;
      for (const m of members) x += ((counts.get(m) ?? 0) - exp) ** 2 / exp;
      return x;
    };
    assert.ok(chi(a.run('SRANDMEMBER', 's', '-10000') as string[]) < 40);
    for (const n of ['8', '2']) {
      const picks: string[] = [];
      for (let i = 0; i < 2000 / Number(n); i++) {
        const r = a.run('SRANDMEMBER', 's', n) as string[];
        assert.equal(new Set(r).size, Number(n));
        picks.push(...r);
      }
      assert.ok(chi(picks) < 40);
    }
    const firsts: string[] = [];
    for (let i = 0; i < 2000; i++) {
      a.run('DEL', 't');
      a.run('SADD', 't', ...members);
      firsts.push(a.run('SPOP', 't') as string);
    }
    assert.ok(chi(firsts) < 40);
  }
});

test('SPOP with a count: every strategy pops distinct members, keeps the rest and the TTL', () => {
  const e = newEngine();
  const a = connect(e);
  for (const enc of ['intset', 'hashtable']) {
    for (const count of [1, 10, 90, 99, 100, 150]) {
      const members = Array.from({ length: 100 }, (_, i) => (enc === 'intset' ? String(i * 7) : 'e' + i));
      a.run('DEL', 's');
      a.run('CONFIG', 'SET', 'set-max-intset-entries', '512');
      a.run('SADD', 's', ...members);
      a.run('EXPIRE', 's', '1000');
      const popped = a.run('SPOP', 's', String(count)) as string[];
      assert.equal(popped.length, Math.min(count, 100));
      assert.equal(new Set(popped).size, popped.length);
      const rest = count >= 100 ? [] : (a.run('SMEMBERS', 's') as string[]);
      assert.deepEqual([...popped, ...rest].sort(), [...members].sort());
      if (count < 100) {
        assert.ok((a.run('TTL', 's') as number) > 0);
        assert.equal(a.run('OBJECT', 'ENCODING', 's'), enc);
      } else assert.equal(a.run('EXISTS', 's'), 0);
    }
  }
});

test('SSCAN over a large hashtable set returns every member, with a working COUNT', () => {
  const e = newEngine();
  const a = connect(e);
  const members = Array.from({ length: 1000 }, (_, i) => 'k' + i);
  a.run('SADD', 's', ...members);
  const seen = new Set<string>();
  let cursor = '0';
  let calls = 0;
  do {
    const [next, items] = a.run('SSCAN', 's', cursor, 'COUNT', '100') as [string, string[]];
    assert.ok(items.length <= 100);
    for (const m of items) seen.add(m);
    cursor = next;
    calls++;
    // The first random pick re-indexes the members: the iteration restarts, losing nothing.
    if (calls === 3) a.run('SRANDMEMBER', 's');
  } while (cursor !== '0');
  assert.equal(seen.size, 1000);
  assert.ok(calls >= 10);
  // Intset: everything at once, cursor 0, whatever the cursor.
  a.run('SADD', 'i', '3', '1', '2');
  assert.deepEqual(a.run('SSCAN', 'i', '12345', 'MATCH', '[12]'), ['0', ['1', '2']]);
});

test('SRANDMEMBER with a negative count too big for one reply closes the connection instead of failing', () => {
  const e = newEngine();
  const a = connect(e);
  a.run('SADD', 's', '1', '2');
  assert.equal(a.raw('SRANDMEMBER', 's', '-200000000'), '');
  assert.equal(a.transport.closed, true);
  const b = connect(e);
  assert.equal((b.run('SRANDMEMBER', 's', '-100000') as string[]).length, 100000);
  assert.equal(b.transport.closed, false);
});
