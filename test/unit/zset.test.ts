import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ZSet, compare, ZADD_ADDED, ZADD_GT, ZADD_INCR, ZADD_LT, ZADD_NAN, ZADD_NOP, ZADD_NX, ZADD_UPDATED, ZADD_XX, zaddNewScore,
} from '../../src/types/zset.js';
import { d2string, string2d, strtodEnd, strtodPrefix } from '../../src/util/strtod.js';

const SMALL = { maxEntries: 128, maxValue: 64 };
const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

/** Deterministic pseudo-random numbers. */
function rng(seed: number): (n: number) => number {
  return (n) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
}

/** The naive model: a sorted array of [score, member]. */
class Model {
  items: [number, string][] = [];
  sort(): void {
    this.items.sort((a, b) => compare(a[0], a[1], b[0], b[1]));
  }
  set(score: number, m: string): void {
    const i = this.items.findIndex((x) => x[1] === m);
    if (i >= 0) this.items[i][0] = score;
    else this.items.push([score, m]);
    this.sort();
  }
  remove(m: string): boolean {
    const i = this.items.findIndex((x) => x[1] === m);
    if (i < 0) return false;
    this.items.splice(i, 1);
    return true;
  }
}

function contents(z: ZSet): [number, string][] {
  const { members, scores } = z.toArrays();
  return members.map((m, i) => [scores[i], m]);
}

function randomOps(large: boolean, seed: number, limits = SMALL): { conversions: boolean } {
  const rnd = rng(seed);
  const z = new ZSet(large);
  const model = new Model();
  // (-0 is left out: a listpack stores it as 0, see the dedicated test.)
  const scores = [0, 1, -1, 2.5, Infinity, -Infinity, 0.1, 1e300];
  for (let step = 0; step < 3000; step++) {
    const m = 'm' + rnd(60) + (rnd(20) === 0 ? ALL_BYTES.slice(128, 130) : '');
    const op = rnd(10);
    if (op < 5) {
      const s = rnd(3) === 0 ? scores[rnd(scores.length)] : rnd(50) - 25;
      const had = model.items.some((x) => x[1] === m);
      const out = z.add(s, m, 0, limits);
      assert.equal((out & ZADD_ADDED) !== 0, !had);
      model.set(s, m);
    } else if (op < 7) {
      assert.equal(z.remove(m), model.remove(m));
    } else if (op === 7) {
      const x = rnd(4) === 0 ? scores[rnd(scores.length)] : rnd(60) - 30;
      const orEqual = rnd(2) === 0;
      assert.equal(z.countBelow(x, orEqual), model.items.filter((i) => i[0] < x || (orEqual && i[0] === x)).length);
    } else if (op === 8) {
      const idx = model.items.findIndex((x) => x[1] === m);
      assert.equal(z.rank(m), idx);
      assert.equal(z.rank(m, true), idx < 0 ? -1 : model.items.length - 1 - idx);
      assert.equal(z.score(m), idx < 0 ? undefined : model.items[idx][0]);
    } else {
      const s = rnd(z.size + 1);
      const e = s + rnd(z.size + 1 - s);
      const members: string[] = [];
      const sc: number[] = [];
      z.range(s, e, rnd(2) === 0, members, sc);
      const want = model.items.slice(s, e);
      if (members.length > 0 && members[0] !== want[0]?.[1]) want.reverse();
      assert.deepEqual(members, want.map((x) => x[1]));
      if (rnd(30) === 0) {
        z.removeRange(s, e);
        model.items.splice(s, e - s);
      }
    }
    assert.equal(z.size, model.items.length);
    if (step === 100) assert.equal(z.encoding(), large ? 'skiplist' : 'listpack');
  }
  assert.deepEqual(contents(z), model.items);
  return { conversions: !large && z.encoding() === 'skiplist' };
}

test('random operations match a sorted-array model (listpack, converting when it grows)', () => {
  assert.deepEqual(randomOps(false, 1), { conversions: false });
  // 25 entries at most: the set passes the limit and converts midway.
  assert.deepEqual(randomOps(false, 2, { maxEntries: 25, maxValue: 64 }), { conversions: true });
});

test('random operations match a sorted-array model (skiplist)', () => {
  randomOps(true, 3);
  randomOps(true, 4);
});

test('encodings: listpack until 128 members or a member over 64 bytes, never back', () => {
  const z = new ZSet();
  for (let i = 0; i < 128; i++) z.add(i, 'm' + i, 0, SMALL);
  assert.equal(z.encoding(), 'listpack');
  z.add(1000, 'one-more', 0, SMALL);
  assert.equal(z.encoding(), 'skiplist');
  z.removeRange(0, 120);
  assert.equal(z.encoding(), 'skiplist');
  const v = new ZSet();
  v.add(1, 'x'.repeat(64), 0, SMALL);
  assert.equal(v.encoding(), 'listpack');
  v.add(1, 'y'.repeat(65), 0, SMALL);
  assert.equal(v.encoding(), 'skiplist');
  assert.deepEqual(contents(v), [[1, 'x'.repeat(64)], [1, 'y'.repeat(65)]]);
});

test('fromSorted/fromPairs choose the encoding from the contents; dup keeps it and is independent', () => {
  const small = ZSet.fromPairs(['b', 'a', 'c'], [2, 2, -1], SMALL);
  assert.equal(small.encoding(), 'listpack');
  assert.deepEqual(contents(small), [[-1, 'c'], [2, 'a'], [2, 'b']]);
  const large = ZSet.fromPairs(['b', ALL_BYTES], [1, 0], SMALL);
  assert.equal(large.encoding(), 'skiplist');
  for (const z of [small, large]) {
    const d = z.dup();
    assert.equal(d.encoding(), z.encoding());
    assert.deepEqual(contents(d), contents(z));
    d.add(99, 'new', 0, SMALL);
    assert.equal(z.score('new'), undefined);
  }
});

test('ZADD flags: NX, XX, GT, LT, INCR and NaN, in both encodings', () => {
  for (const large of [false, true]) {
    const z = new ZSet(large);
    assert.equal(z.add(1, 'a', 0, SMALL), ZADD_ADDED);
    assert.equal(z.add(5, 'a', ZADD_NX, SMALL), ZADD_NOP);
    assert.equal(z.add(5, 'b', ZADD_XX, SMALL), ZADD_NOP);
    assert.equal(z.add(0, 'a', ZADD_GT, SMALL), ZADD_NOP);
    assert.equal(z.add(2, 'a', ZADD_GT, SMALL), ZADD_UPDATED);
    assert.equal(z.add(3, 'a', ZADD_LT, SMALL), ZADD_NOP);
    assert.equal(z.add(2, 'a', 0, SMALL), 0);
    assert.equal(z.add(0.5, 'a', ZADD_INCR, SMALL), ZADD_UPDATED);
    assert.equal(zaddNewScore, 2.5);
    assert.equal(z.add(Infinity, 'a', ZADD_INCR, SMALL), ZADD_UPDATED);
    assert.equal(z.add(-Infinity, 'a', ZADD_INCR, SMALL), ZADD_NAN);
    assert.equal(z.add(NaN, 'c', 0, SMALL), ZADD_NAN);
    assert.equal(z.score('a'), Infinity);
  }
});

test('members are binary-safe and ordered by bytes; -0 reads back as 0 only in the listpack', () => {
  for (const large of [false, true]) {
    const z = new ZSet(large);
    const members = [ALL_BYTES.slice(0, 64), ALL_BYTES.slice(192), '\x80', '\x7f', '', '\x00'];
    for (const m of members) z.add(0, m, 0, SMALL);
    assert.deepEqual(z.toArrays().members, [...members].sort());
    z.add(-0, 'negzero', 0, SMALL);
    assert.ok(Object.is(z.score('negzero'), large ? -0 : 0));
  }
});

test('strtod, string2d and d2string follow C and Redis', () => {
  assert.equal(string2d('1.5'), 1.5);
  assert.equal(string2d('0x1.8p1'), 3);
  assert.equal(string2d('-inf'), -Infinity);
  assert.equal(string2d('Infinity'), Infinity);
  assert.equal(string2d('1e-310'), 1e-310);
  for (const bad of ['', ' 1', '1 ', 'nan', '1e400', '1e-400', 'x', '1e', '0x', '1\0']) assert.equal(string2d(bad), null, JSON.stringify(bad));
  assert.ok(Object.is(string2d('-0'), -0));
  assert.equal(strtodPrefix(' 12abc', 0), 12);
  assert.equal(strtodEnd, 3);
  assert.equal(strtodPrefix('', 0), 0);
  assert.equal(strtodEnd, 0);
  assert.equal(strtodPrefix('1e5x', 0), 1e5);
  assert.equal(strtodEnd, 3);
  assert.equal(strtodPrefix('1ex', 0), 1);
  assert.equal(strtodEnd, 1);
  assert.equal(d2string(1e17), '100000000000000000');
  assert.equal(d2string(2 ** 62), '4611686018427387904');
  assert.equal(d2string(2 ** 63), '9.2233720368547758e+18');
  assert.equal(d2string(0.1), '0.10000000000000001');
  assert.equal(d2string(-0), '-0');
  assert.equal(d2string(-Infinity), '-inf');
});
