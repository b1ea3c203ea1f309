/**
 * Streams for the stream tests: a sample with every kind of node content and consumer-group
 * state, and a checker of the invariants every Stream must keep (the iterators, counters and
 * PELs agree with each other), used after random operations and after loading fuzzed input.
 */
import assert from 'node:assert/strict';
import { Stream } from '../../src/types/stream.js';
import { compareIds, MIN_ID, StreamId } from '../../src/types/stream-id.js';
import { createGroup, deliver } from '../../src/types/stream-group.js';
import { encodeStreamNode } from '../../src/persistence/rdb/stream-listpack.js';
import { blockEntries } from '../../src/types/stream-iterator.js';

export const LIMITS = { maxBytes: 4096, maxEntries: 100 };

/** A stream with same-field and other-field entries, tombstones, 64-bit IDs and two groups. */
export function sampleStream(): Stream {
  const s = new Stream();
  const lim = { maxBytes: 300, maxEntries: 5 };
  for (let i = 1; i <= 23; i++) {
    const fields = i % 5 === 0 ? ['other', 'x'.repeat(i), 'n', String(-i * 1000)] : ['f', String(i), 'g', `v${i}`];
    s.append(new StreamId(i * 3, i % 4), fields, 0, fields.length / 2, lim);
  }
  s.deleteEntries([new StreamId(6, 2), new StreamId(21, 3), new StreamId(24, 0)]);
  s.append(new StreamId(18446744073709551614n, 5), ['f', '\x00\xff', 'g', ''], 0, 2, lim);
  const g = createGroup(s, 'g1', MIN_ID, 0)!;
  const alice = g.createConsumer('alice', 1000)!;
  const bob = g.createConsumer('bob', 2000)!;
  g.createConsumer('idle', 3000);
  let n = 0;
  const it = s.iterate(null, null);
  while (it.next() && n++ < 8) deliver(s, g, n % 2 === 0 ? alice : bob, it.id(), 5000 + n, false);
  createGroup(s, 'g2', new StreamId(30, 0), -1);
  return s;
}

/**
 * Asserts the invariants of `s`. `sizes`: also that each block's listpack size is the one of
 * the canonical listpack (not for streams loaded from arbitrary input, whose listpacks may use
 * other valid encodings).
 */
export function checkStream(s: Stream, sizes = true): void {
  const ids: StreamId[] = [];
  const it = s.iterate(null, null);
  while (it.next()) ids.push(it.id());
  assert.equal(ids.length, s.length, 'length counts the live entries');
  for (let i = 1; i < ids.length; i++) assert.ok(compareIds(ids[i - 1], ids[i]) < 0, 'IDs increase');
  const back: StreamId[] = [];
  const rit = s.iterate(null, null, true);
  while (rit.next()) back.push(rit.id());
  assert.deepEqual(back.reverse(), ids, 'backwards walk is the reverse');
  if (ids.length > 0) {
    assert.ok(compareIds(ids[ids.length - 1], s.lastId) <= 0, 'lastId is at or past the last entry');
    assert.deepEqual(s.lastValidId(), ids[ids.length - 1]);
  }
  let prevLast: StreamId | null = null;
  let live = 0;
  for (const b of s.blocks) {
    const master = new StreamId(b.masterMs, b.masterSeq);
    if (prevLast !== null) assert.ok(compareIds(prevLast, master) < 0, 'blocks are in ID order');
    const entries = [...blockEntries(b)];
    assert.equal(entries.length, b.live + b.deleted, 'block counters add up');
    assert.equal(entries.filter((e) => (e.flags & 1) === 0).length, b.live, 'live counter matches the flags');
    const last = entries[entries.length - 1];
    assert.deepEqual(new StreamId(last.ms, last.seq), new StreamId(b.lastMs, b.lastSeq), 'last ID of the block');
    // What the block says Redis's listpack weighs is what the listpack Sonic writes weighs.
    const lp = encodeStreamNode({ master, live: b.live, deleted: b.deleted, fields: b.fields, entries });
    if (sizes) assert.equal(b.lpBytes(), lp.length, 'listpack size bookkeeping');
    prevLast = new StreamId(b.lastMs, b.lastSeq);
    live += b.live;
  }
  assert.equal(live, s.length, 'blocks hold length live entries');
  for (const g of s.groups?.values() ?? []) {
    let owned = 0;
    for (const c of g.consumers.values()) {
      c.pel.forEachFrom(undefined, (key, n) => {
        assert.equal(g.pel.get(key), n, 'consumer PEL shares the group NACK');
        assert.equal(n.consumer, c, 'NACK names its consumer');
        owned++;
      });
    }
    assert.equal(owned, g.pel.size, 'every pending entry has one consumer');
  }
}
