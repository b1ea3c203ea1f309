/** Unit tests of the list value (src/types/list.ts) against a plain-array model. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ListValue } from '../../src/types/list.js';

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function rng(seed: number): (n: number) => number {
  return (n) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
}

/** The ring's capacity (private), to check growth and shrinking. */
function capacity(l: ListValue): number {
  return (l as unknown as { ring: string[] }).ring.length;
}

test('push/pop at both ends keep order; empty pops return undefined', () => {
  const l = new ListValue();
  assert.equal(l.popHead(), undefined);
  assert.equal(l.popTail(), undefined);
  l.pushTail('b');
  l.pushHead('a');
  l.pushTail('c');
  assert.deepEqual(l.toArray(), ['a', 'b', 'c']);
  assert.deepEqual([...l], ['a', 'b', 'c']);
  assert.equal(l.length, 3);
  assert.equal(l.popHead(), 'a');
  assert.equal(l.popTail(), 'c');
  assert.equal(l.popTail(), 'b');
  assert.equal(l.length, 0);
  assert.equal(l.encoding(), 'quicklist');
  assert.equal(l.type, 'list');
});

test('random operations match an array model, across wrap-around, growth and shrinking', () => {
  const r = rng(42);
  for (let round = 0; round < 20; round++) {
    const l = new ListValue();
    const model: string[] = [];
    for (let step = 0; step < 2000; step++) {
      const op = r(12);
      const v = String(r(20));
      if (op < 3) {
        l.pushTail(v);
        model.push(v);
      } else if (op < 6) {
        l.pushHead(v);
        model.unshift(v);
      } else if (op === 6) {
        assert.equal(l.popHead(), model.shift());
      } else if (op === 7) {
        assert.equal(l.popTail(), model.pop());
      } else if (op === 8) {
        const at = r(model.length + 1);
        l.insertAt(at, v);
        model.splice(at, 0, v);
      } else if (op === 9 && model.length > 0) {
        const at = r(model.length);
        l.setAt(at, v);
        model[at] = v;
      } else if (op === 10) {
        const limit = r(4);
        const fromTail = r(2) === 1;
        let removed = 0;
        if (!fromTail) {
          for (let i = 0; i < model.length; i++) {
            if (model[i] === v && (limit === 0 || removed < limit)) {
              model.splice(i--, 1);
              removed++;
            }
          }
        } else {
          for (let i = model.length - 1; i >= 0; i--) {
            if (model[i] === v && (limit === 0 || removed < limit)) {
              model.splice(i, 1);
              removed++;
            }
          }
        }
        assert.equal(l.removeMatching(v, limit, fromTail), removed);
      } else if (op === 11) {
        const n = r(Math.min(model.length, 5) + 1);
        if (r(2) === 0) {
          l.dropHead(n);
          model.splice(0, n);
        } else {
          l.dropTail(n);
          model.splice(model.length - n, n);
        }
      }
      assert.equal(l.length, model.length);
      if (step % 50 === 0) {
        assert.deepEqual(l.toArray(), model);
        for (let i = 0; i < model.length; i++) assert.equal(l.at(i), model[i]);
        const want = model.length === 0 ? -1 : model.indexOf(model[model.length >> 1]);
        assert.equal(l.indexOf(model[model.length >> 1] ?? 'none'), want);
      }
    }
    assert.deepEqual(l.toArray(), model);
  }
});

test('capacity grows by doubling and shrinks once a quarter full', () => {
  const l = new ListValue();
  for (let i = 0; i < 1000; i++) l.pushTail(String(i));
  assert.equal(capacity(l), 1024);
  for (let i = 0; i < 990; i++) l.popHead();
  assert.ok(capacity(l) <= 32, `capacity ${capacity(l)} after popping to 10 elements`);
  assert.deepEqual(l.toArray(), Array.from({ length: 10 }, (_, i) => String(990 + i)));
  l.dropTail(10);
  assert.equal(capacity(l), 4);
  // Sized at creation for a known count.
  assert.equal(capacity(new ListValue(100)), 128);
});

test('vacated slots are cleared so popped elements can be collected', () => {
  const l = ListValue.from(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  l.popHead();
  l.popTail();
  l.dropHead(1);
  l.removeMatching('e', 0, false);
  const ring = (l as unknown as { ring: string[] }).ring;
  assert.deepEqual(ring.filter((s) => s !== '').sort(), ['c', 'd', 'f', 'g']);
});

test('from(), dup() and the iterator: independent copies, every byte value', () => {
  const bytes = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i));
  const l = ListValue.from([...bytes, bytes.join('')]);
  assert.equal(l.length, 257);
  const d = l.dup();
  assert.deepEqual(d.toArray(), l.toArray());
  d.pushHead('new');
  d.setAt(1, 'changed');
  assert.equal(l.at(0), '\x00');
  assert.equal(l.length, 257);
  assert.deepEqual([...l].slice(0, 3), ['\x00', '\x01', '\x02']);
  assert.equal(l.at(256), bytes.join(''));
  assert.equal(d.encoding(), 'quicklist');
});

test('insertAt moves the shorter side, at every position of a wrapped ring', () => {
  for (let at = 0; at <= 6; at++) {
    const l = new ListValue(8);
    for (const s of ['c', 'd', 'e']) l.pushTail(s);
    for (const s of ['b', 'a']) l.pushHead(s); // head wraps around the ring's start
    l.pushTail('f');
    const model = ['a', 'b', 'c', 'd', 'e', 'f'];
    l.insertAt(at, 'X');
    model.splice(at, 0, 'X');
    assert.deepEqual(l.toArray(), model, `insert at ${at}`);
  }
});
