import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as P from '../../src/types/packed.js';

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
const SAMPLES = ['', 'a', 'field', ALL_BYTES, 'x'.repeat(127), 'y'.repeat(128), 'z'.repeat(16384), 'w'.repeat(70000)];

test('pack/unpack round-trips entries of every length class and all byte values', () => {
  const p = P.pack(SAMPLES);
  assert.deepEqual(P.unpack(p), SAMPLES);
  assert.deepEqual(P.unpackDetached(p), SAMPLES);
  assert.equal(P.count(p), SAMPLES.length);
});

test('headers take one char below 128 bytes and grow by 7 bits per char', () => {
  assert.equal(P.encodeEntry('x'.repeat(127)).length, 128);
  assert.equal(P.encodeEntry('x'.repeat(128)).length, 130);
  assert.equal(P.encodeEntry('x'.repeat(16384)).length, 16387);
});

test('find respects the step (field names of field/value pairs)', () => {
  const p = P.pack(['f1', 'v', 'f2', 'v']);
  assert.equal(P.find(p, 'v', 2), -1);
  assert.equal(P.find(p, 'v', 1), P.skip(p, 0, 1));
  assert.equal(P.find(p, 'f2', 2), P.skip(p, 0, 2));
  assert.equal(P.find(p, 'f', 1), -1);
});

test('replaceAt, removeAt and insertAt edit one entry and keep the rest', () => {
  let p = P.pack(['a', 'b', 'c']);
  p = P.replaceAt(p, P.skip(p, 0, 1), 'y'.repeat(200));
  assert.deepEqual(P.unpack(p), ['a', 'y'.repeat(200), 'c']);
  p = P.removeAt(p, 0, 2);
  assert.deepEqual(P.unpack(p), ['c']);
  p = P.insertAt(p, 0, 'first', ALL_BYTES);
  p = P.insertAt(p, p.length, 'last');
  assert.deepEqual(P.unpack(p), ['first', ALL_BYTES, 'c', 'last']);
  assert.ok(P.entryEquals(p, P.skip(p, 0, 1), ALL_BYTES));
  assert.ok(!P.entryEquals(p, 0, 'firsT'));
});
