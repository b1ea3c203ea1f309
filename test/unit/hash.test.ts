import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HashValue, DEFAULT_HASH_LIMITS, type HashLimits } from '../../src/types/hash.js';
import { connect, newEngine } from './server-harness.js';

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
const SMALL: HashLimits = { maxEntries: 4, maxValue: 8 };

/** Builds a hash by set() calls, in order. */
function build(pairs: string[], limits: HashLimits = DEFAULT_HASH_LIMITS): HashValue {
  const h = new HashValue();
  for (let i = 0; i < pairs.length; i += 2) h.set(pairs[i], pairs[i + 1], limits);
  return h;
}

/** A hash in each encoding holding the same pairs (the hashtable one converted by a long value). */
function bothEncodings(pairs: string[]): HashValue[] {
  const lp = build(pairs);
  const ht = build(['_long', 'x'.repeat(100), ...pairs]);
  ht.delete('_long');
  assert.equal(lp.encoding(), 'listpack');
  assert.equal(ht.encoding(), 'hashtable');
  return [lp, ht];
}

test('a new hash is listpack-encoded and empty', () => {
  const h = new HashValue();
  assert.equal(h.type, 'hash');
  assert.equal(h.encoding(), 'listpack');
  assert.equal(h.size, 0);
  assert.deepEqual(h.pairs(), []);
  assert.equal(h.get('x'), undefined);
  assert.equal(h.delete('x'), false);
});

test('set/get/has/valueLength/delete in both encodings, insertion order kept', () => {
  for (const h of bothEncodings(['a', '1', 'b', '2', 'c', '3'])) {
    const enc = h.encoding();
    assert.equal(h.size, 3, enc);
    assert.equal(h.set('b', '20', DEFAULT_HASH_LIMITS), false, enc);
    assert.equal(h.set('d', '4', DEFAULT_HASH_LIMITS), true, enc);
    assert.equal(h.set('d', '4', DEFAULT_HASH_LIMITS), false, enc);
    assert.deepEqual(h.pairs(), ['a', '1', 'b', '20', 'c', '3', 'd', '4'], enc);
    assert.deepEqual(h.fields(), ['a', 'b', 'c', 'd'], enc);
    assert.deepEqual(h.values(), ['1', '20', '3', '4'], enc);
    assert.deepEqual([...h.entries()], [['a', '1'], ['b', '20'], ['c', '3'], ['d', '4']], enc);
    assert.equal(h.get('b'), '20', enc);
    assert.equal(h.has('c'), true, enc);
    assert.equal(h.has('20'), false, `${enc}: values are not fields`);
    assert.equal(h.valueLength('b'), 2, enc);
    assert.equal(h.valueLength('zz'), 0, enc);
    assert.deepEqual(h.pairAt(2), ['c', '3'], enc);
    assert.equal(h.delete('a'), true, enc);
    assert.equal(h.delete('a'), false, enc);
    assert.equal(h.delete('d'), true, enc);
    assert.deepEqual(h.pairs(), ['b', '20', 'c', '3'], enc);
    assert.equal(h.size, 2, enc);
    assert.equal(h.delete('b') && h.delete('c'), true, enc);
    assert.equal(h.size, 0, enc);
    assert.equal(h.encoding(), enc, 'an emptied hash keeps its encoding');
  }
});

test('a field that is a prefix, suffix or value of another does not match it', () => {
  for (const h of bothEncodings(['ab', 'a', 'a', 'ab', 'abc', ''])) {
    assert.equal(h.get('a'), 'ab');
    assert.equal(h.get('ab'), 'a');
    assert.equal(h.get('abc'), '');
    assert.equal(h.get('b'), undefined);
    assert.equal(h.get(''), undefined);
    h.set('', 'empty', DEFAULT_HASH_LIMITS);
    assert.equal(h.get(''), 'empty');
  }
});

test('listpack converts to hashtable when the count passes maxEntries, and never back', () => {
  const h = build(['a', '1', 'b', '2', 'c', '3', 'd', '4'], SMALL);
  assert.equal(h.encoding(), 'listpack');
  h.set('e', '5', SMALL);
  assert.equal(h.encoding(), 'hashtable');
  assert.deepEqual(h.pairs(), ['a', '1', 'b', '2', 'c', '3', 'd', '4', 'e', '5']);
  for (const f of ['a', 'b', 'c', 'd']) h.delete(f);
  h.set('x', '1', SMALL);
  assert.equal(h.encoding(), 'hashtable');
  // Updating an existing field does not count as a new entry.
  const u = build(['a', '1', 'b', '2', 'c', '3', 'd', '4'], SMALL);
  u.set('a', '9', SMALL);
  assert.equal(u.encoding(), 'listpack');
});

test('listpack converts when a field or value is longer than maxValue (equal stays)', () => {
  const ok = build(['f'.repeat(8), 'v'.repeat(8)], SMALL);
  assert.equal(ok.encoding(), 'listpack');
  for (const [f, v] of [['f'.repeat(9), '1'], ['f', 'v'.repeat(9)]]) {
    const h = build(['a', '1'], SMALL);
    h.set(f, v, SMALL);
    assert.equal(h.encoding(), 'hashtable');
    assert.deepEqual(h.pairs(), ['a', '1', f, v]);
  }
  // Replacing a value with a long one converts too (HINCRBYFLOAT's path).
  const r = build(['a', '1', 'b', '2'], SMALL);
  r.set('a', '1.23456789', SMALL);
  assert.equal(r.encoding(), 'hashtable');
  assert.deepEqual(r.pairs(), ['a', '1.23456789', 'b', '2']);
});

test('prepareWrite converts before a write when any argument is too long (Redis checks all first)', () => {
  const h = build(['a', '1'], SMALL);
  h.prepareWrite(['HSET', 'k', 'b', '2', 'c', 'x'.repeat(9)], 2, SMALL);
  assert.equal(h.encoding(), 'hashtable');
  const k = build(['a', '1'], SMALL);
  k.prepareWrite(['HSET', 'k', 'b', '2', 'c', 'x'.repeat(8)], 2, SMALL);
  assert.equal(k.encoding(), 'listpack');
  // Arguments before `start` (the command and key) do not count.
  k.prepareWrite(['HSET', 'k'.repeat(100), 'b', '2'], 2, SMALL);
  assert.equal(k.encoding(), 'listpack');
});

test('limits of 0: maxEntries 0 converts on the first field; maxValue 0 allows only empty strings', () => {
  const h = build(['a', '1'], { maxEntries: 0, maxValue: 64 });
  assert.equal(h.encoding(), 'hashtable');
  const e = build(['', ''], { maxEntries: 10, maxValue: 0 });
  assert.equal(e.encoding(), 'listpack');
  e.set('a', '', { maxEntries: 10, maxValue: 0 });
  assert.equal(e.encoding(), 'hashtable');
});

test('all 256 byte values round-trip as fields and values, in both encodings', () => {
  const pairs: string[] = [];
  for (let i = 0; i < 256; i++) pairs.push(String.fromCharCode(i), String.fromCharCode(255 - i) + String.fromCharCode(i));
  for (const h of bothEncodings(pairs)) {
    assert.equal(h.size, 256);
    assert.deepEqual(h.pairs(), pairs);
    for (let i = 0; i < 256; i++) assert.equal(h.get(String.fromCharCode(i)), pairs[2 * i + 1]);
  }
  // Long entries with every byte (multi-char length headers in the packed form).
  const limits = { maxEntries: 512, maxValue: 100000 };
  const big = build([ALL_BYTES, ALL_BYTES.repeat(300), 'x', ALL_BYTES], limits);
  assert.equal(big.encoding(), 'listpack');
  assert.equal(big.get(ALL_BYTES), ALL_BYTES.repeat(300));
  assert.equal(big.valueLength(ALL_BYTES), 256 * 300);
  assert.equal(big.get('x'), ALL_BYTES);
  big.delete(ALL_BYTES);
  assert.deepEqual(big.pairs(), ['x', ALL_BYTES]);
});

test('dup() is deep and keeps the encoding', () => {
  for (const h of bothEncodings(['a', '1', 'b', '2'])) {
    const d = h.dup();
    assert.equal(d.encoding(), h.encoding());
    d.set('a', 'changed', DEFAULT_HASH_LIMITS);
    d.set('c', '3', DEFAULT_HASH_LIMITS);
    d.delete('b');
    assert.deepEqual(h.pairs(), ['a', '1', 'b', '2']);
    assert.deepEqual(d.pairs(), ['a', 'changed', 'c', '3']);
  }
});

test('fromPairs picks the encoding by the same rules and rejects repeated fields', () => {
  const lp = HashValue.fromPairs(['a', '1', 'b', '2'], SMALL)!;
  assert.equal(lp.encoding(), 'listpack');
  assert.deepEqual(lp.pairs(), ['a', '1', 'b', '2']);
  assert.equal(lp.size, 2);
  lp.set('c', '3', SMALL);
  assert.deepEqual(lp.pairs(), ['a', '1', 'b', '2', 'c', '3']);
  const byCount = HashValue.fromPairs(['a', '1', 'b', '2', 'c', '3', 'd', '4', 'e', '5'], SMALL)!;
  assert.equal(byCount.encoding(), 'hashtable');
  assert.equal(byCount.size, 5);
  const byLength = HashValue.fromPairs(['a', 'x'.repeat(9)], SMALL)!;
  assert.equal(byLength.encoding(), 'hashtable');
  // A listpack payload written under larger limits: only the count decides.
  const kept = HashValue.fromPairs(['a', 'x'.repeat(9)], SMALL, false)!;
  assert.equal(kept.encoding(), 'listpack');
  kept.set('b', '1', SMALL);
  assert.equal(kept.encoding(), 'listpack');
  assert.deepEqual(kept.pairs(), ['a', 'x'.repeat(9), 'b', '1']);
  assert.equal(HashValue.fromPairs(['a', '1', 'b', '2', 'c', '3', 'd', '4', 'e', '5'], SMALL, false)!.encoding(), 'hashtable');
  assert.equal(HashValue.fromPairs(['a', '1', 'a', '2'], SMALL), null);
  assert.equal(HashValue.fromPairs(['a', '1', 'b', 'x'.repeat(9), 'a', '2'], SMALL), null);
  assert.equal(HashValue.fromPairs([], SMALL)!.size, 0);
});

test('pairAt on a hashtable sees fields added and deleted since the last pick', () => {
  const h = build(['_long', 'x'.repeat(100), 'a', '1']);
  assert.deepEqual(h.pairAt(1), ['a', '1']);
  h.set('b', '2', DEFAULT_HASH_LIMITS);
  assert.deepEqual(h.pairAt(2), ['b', '2']);
  h.delete('_long');
  assert.deepEqual(h.pairAt(0), ['a', '1']);
  h.set('a', '9', DEFAULT_HASH_LIMITS);
  assert.deepEqual(h.pairAt(0), ['a', '9']);
});

test('HSCAN walks a hashtable hash over several calls; fields deleted meanwhile are not returned', () => {
  const e = newEngine();
  const a = connect(e);
  const pairs = Array.from({ length: 100 }, (_, i) => [`f${i}`, `v${i}`]).flat();
  a.run('HSET', 'h', ...pairs, 'long', 'x'.repeat(100));
  assert.equal(a.run('OBJECT', 'ENCODING', 'h'), 'hashtable');
  const seen = new Map<string, string>();
  let cursor = '0';
  let calls = 0;
  do {
    const [next, items] = a.run('HSCAN', 'h', cursor, 'COUNT', '10') as [string, string[]];
    for (let i = 0; i < items.length; i += 2) seen.set(items[i], items[i + 1]);
    if (calls === 0) a.run('HDEL', 'h', 'f99');
    cursor = next;
    calls++;
  } while (cursor !== '0');
  assert.ok(calls >= 10);
  assert.equal(seen.size, 100);
  assert.equal(seen.has('f99'), false);
  assert.equal(seen.get('f42'), 'v42');
  // A listpack hash replies whole with cursor 0 whatever COUNT says.
  a.run('HSET', 's', 'a', '1', 'b', '2', 'c', '3');
  assert.deepEqual(a.run('HSCAN', 's', '0', 'COUNT', '1'), ['0', ['a', '1', 'b', '2', 'c', '3']]);
});

test('writes count in dirty as Redis counts them', () => {
  const e = newEngine();
  const a = connect(e);
  const d0 = e.dirty;
  a.run('HSET', 'h', 'a', '1', 'b', '2', 'a', '3');
  assert.equal(e.dirty - d0, 3);
  a.run('HSETNX', 'h', 'a', '1');
  assert.equal(e.dirty - d0, 3);
  a.run('HDEL', 'h', 'a', 'zz');
  assert.equal(e.dirty - d0, 4);
  a.run('HINCRBY', 'h', 'n', '1');
  a.run('HINCRBYFLOAT', 'h', 'n', '1.5');
  assert.equal(e.dirty - d0, 6);
  a.run('HDEL', 'h', 'b', 'n');
  assert.equal(e.dirty - d0, 8);
  assert.equal(a.run('EXISTS', 'h'), 0);
});

test('free effort (lazy free threshold): 1 for a listpack, the field count for a hashtable', () => {
  const [lp, ht] = bothEncodings(Array.from({ length: 100 }, (_, i) => [`f${i}`, 'v']).flat());
  assert.equal(lp.freeEffort(), 1);
  assert.equal(ht.freeEffort(), 100);
});

test('setMany gives what set() pair by pair gives: updates, repeats, conversion by count and by length', () => {
  const batches: string[][] = [
    ['a', '1'],
    ['a', '1', 'b', '2', 'c', '3', 'd', '4', 'e', '5', 'a', '6'],
    ['x', '1', 'y', '2', 'x', '3', 'y', '4', 'z', '5', 'w', '6', 'x', '7'],
    Array.from({ length: 40 }, (_, i) => [`f${i % 25}`, `v${i}`]).flat(),
    ['a', '1', 'b', '2', 'c', '3', 'd', '4', 'e', 'x'.repeat(65)],
  ];
  for (const limits of [DEFAULT_HASH_LIMITS, { maxEntries: 8, maxValue: 64 }, { maxEntries: 25, maxValue: 64 }]) {
    for (const start of [[], ['s', 'sv', 'a', 'old']]) {
      for (const batch of batches) {
        const one = build(start, limits);
        let createdOne = 0;
        for (let i = 0; i < batch.length; i += 2) if (one.set(batch[i], batch[i + 1], limits)) createdOne++;
        // prepareWrite converts before any pair is set (Redis checks every argument first).
        const many = build(start, limits);
        const created = many.setMany(['HSET', 'k', ...batch], 2, limits);
        const label = `${JSON.stringify(limits)} ${start.length} ${batch.length}`;
        assert.equal(created, createdOne, label);
        assert.deepEqual(many.pairs(), one.pairs(), label);
        const longArg = batch.some((s) => s.length > limits.maxValue);
        assert.equal(many.encoding(), longArg ? 'hashtable' : one.encoding(), label);
        assert.equal(many.size, one.size, label);
        many.set('after', '1', limits);
        assert.equal(many.get('after'), '1', label);
      }
    }
  }
});
