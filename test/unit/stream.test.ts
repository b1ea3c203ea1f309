/**
 * The stream value type (src/types/stream*.ts) on its own: ID parsing with Redis's exact rules,
 * ID arithmetic at the 64-bit limits, the sorted map behind PELs, and random operation sequences
 * checked against a plain model (entries, trims, deletions) and against the invariants every
 * stream keeps - including that each block's listpack-size bookkeeping equals the size of the
 * listpack Sonic writes for it. Redis itself is compared in test/differential/stream*.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prng } from '../helpers/prng.js';
import { checkStream, sampleStream } from '../helpers/stream-samples.js';
import { Stream } from '../../src/types/stream.js';
import { SortedMap } from '../../src/types/sorted-map.js';
import { compareIds, decrId, idFromKey, idKey, incrId, MAX_ID, MIN_ID, parseStreamId, parseU64, StreamId, U64_MAX } from '../../src/types/stream-id.js';
import { raxNodeCount } from '../../src/types/stream-rax.js';
import { createGroup, deliver, estimateEntriesRead, groupLag } from '../../src/types/stream-group.js';
import { describeStream, buildStream } from '../../src/persistence/rdb/stream-values.js';
import { createDumpPayload, decodeDumpPayload } from '../../src/persistence/rdb/payload.js';
import { DEFAULT_LIMITS } from '../../src/persistence/rdb/decoded.js';
import { RdbWriter } from '../../src/persistence/rdb/writer.js';
import { RdbReader } from '../../src/persistence/rdb/reader.js';
import { RdbType } from '../../src/persistence/rdb/constants.js';
import { readObject } from '../../src/persistence/rdb/object-read.js';
import { writeStream } from '../../src/persistence/rdb/stream-write.js';

test('parseU64 follows string2ull: strict int64 first, then strtoull', () => {
  const cases: [string, bigint | null][] = [
    ['0', 0n], ['5', 5n], ['05', 5n], ['+5', 5n], [' 5', 5n], ['\t\n 7', 7n], ['-0', 0n], ['-05', 18446744073709551611n],
    ['-5', null], ['-9223372036854775808', null], ['-9223372036854775809', 9223372036854775807n], ['18446744073709551615', U64_MAX],
    ['18446744073709551616', null], ['', null], ['5 ', null], ['x', null], ['- 5', null], ['+', null], ['-', null], ['1e3', null],
    ['9007199254740993', 9007199254740993n], ['000000000000000000000000001', 1n],
  ];
  for (const [s, want] of cases) {
    const got = parseU64(s);
    assert.equal(got === null ? null : BigInt(got), want, JSON.stringify(s));
    // Canonical: a number exactly when safe.
    if (got !== null) assert.equal(typeof got, BigInt(got) <= 9007199254740991n ? 'number' : 'bigint');
  }
});

test('parseStreamId: forms, strictness, "-*", NUL and length limits', () => {
  const id = (s: string, strict = true, star = false) => {
    const p = parseStreamId(s, 7, strict, star);
    return p === null ? null : `${p.id}${p.seqGiven ? '' : '*'}`;
  };
  assert.equal(id('5'), '5-7');
  assert.equal(id('5-3'), '5-3');
  assert.equal(id('-'), null);
  assert.equal(id('-', false), '0-0');
  assert.equal(id('+', false), `${U64_MAX}-${U64_MAX}`);
  assert.equal(id('+\x00junk', false), `${U64_MAX}-${U64_MAX}`);
  assert.equal(id('5-*'), null);
  assert.equal(id('5-*', true, true), '5-0*');
  assert.equal(id('5-**', true, true), null);
  assert.equal(id('5\x00-9'), '5-7');
  assert.equal(id('1'.repeat(128)), null);
  assert.equal(id('-1-1'), null);
  assert.equal(id('1-2-3'), null);
});

test('ID arithmetic at the limits; 16-byte keys sort like IDs', () => {
  assert.equal(incrId(MAX_ID), null);
  assert.equal(decrId(MIN_ID), null);
  assert.equal(String(incrId(new StreamId(5, U64_MAX))), '6-0');
  assert.equal(String(decrId(new StreamId(6, 0))), `5-${U64_MAX}`);
  assert.equal(String(incrId(new StreamId(9007199254740991, 1))), '9007199254740991-2');
  assert.equal(String(incrId(new StreamId(1, 9007199254740991))), '1-9007199254740992');
  const rand = prng(3);
  const ids: StreamId[] = [MIN_ID, MAX_ID, new StreamId(2 ** 53 - 1, 2 ** 32), new StreamId(2n ** 53n, 0), new StreamId(2 ** 32, U64_MAX)];
  for (let i = 0; i < 300; i++) ids.push(new StreamId(Math.floor(rand() * 2 ** 40), Math.floor(rand() * 5)));
  for (const a of ids) {
    assert.deepEqual(idFromKey(idKey(a)), a);
    for (const b of ids.slice(0, 20)) assert.equal(Math.sign(compareIds(a, b)), idKey(a) < idKey(b) ? -1 : idKey(a) === idKey(b) ? 0 : 1);
  }
});

test('SortedMap keeps byte order through random inserts and deletes (ceiling, higher, walks)', () => {
  const rand = prng(11);
  const m = new SortedMap<number>();
  const ref = new Map<string, number>();
  const key = () => String.fromCharCode(Math.floor(rand() * 40), Math.floor(rand() * 256));
  for (let i = 0; i < 20000; i++) {
    const k = key();
    if (rand() < 0.6) {
      assert.equal(m.set(k, i), !ref.has(k));
      ref.set(k, i);
    } else {
      assert.equal(m.delete(k), ref.delete(k));
    }
    if (i % 997 === 0) {
      const sorted = [...ref.keys()].sort();
      assert.deepEqual(m.keys(), sorted);
      assert.equal(m.size, ref.size);
      assert.equal(m.first(), sorted[0]);
      assert.equal(m.last(), sorted[sorted.length - 1]);
      const probe = key();
      assert.equal(m.ceiling(probe), sorted.find((s) => s >= probe));
      assert.equal(m.higher(probe), sorted.find((s) => s > probe));
      const walked: string[] = [];
      m.forEachFrom(probe, (k2, v) => {
        assert.equal(v, ref.get(k2));
        walked.push(k2);
        return walked.length < 50;
      });
      assert.deepEqual(walked, sorted.filter((s) => s >= probe).slice(0, 50));
    }
  }
});

test('random XADD/XDEL/XTRIM sequences match a plain model and keep every invariant', () => {
  for (const seed of [1, 2, 3, 4]) {
    const rand = prng(seed);
    const s = new Stream();
    const model: { id: StreamId; kv: string[] }[] = [];
    const limits = { maxBytes: [0, 120, 4096][seed % 3], maxEntries: [0, 3, 100, 7][seed % 4] };
    let ms = 1;
    for (let step = 0; step < 3000; step++) {
      const r = rand();
      if (r < 0.6) {
        ms += Math.floor(rand() * 3);
        const id = rand() < 0.1 ? s.autoSeqId(ms) ?? s.autoId(ms) : s.autoId(ms);
        const nf = 1 + Math.floor(rand() * 3);
        const kv: string[] = [];
        for (let f = 0; f < nf; f++) kv.push(rand() < 0.8 ? `f${f}` : `x${Math.floor(rand() * 3)}`, rand() < 0.5 ? String(Math.floor(rand() * 2e6) - 1e6) : 'v'.repeat(Math.floor(rand() * 30)));
        s.append(id, kv, 0, nf, limits);
        model.push({ id, kv });
      } else if (r < 0.8 && model.length > 0) {
        const victims = [model[Math.floor(rand() * model.length)].id, new StreamId(ms + 5, 0)];
        const n = s.deleteEntries(victims);
        const before = model.length;
        for (const v of victims) {
          const i = model.findIndex((e) => compareIds(e.id, v) === 0);
          if (i >= 0) model.splice(i, 1);
        }
        assert.equal(n, before - model.length);
      } else if (r < 0.9) {
        const maxlen = Math.floor(rand() * (model.length + 2));
        const gone = s.trim({ strategy: 'maxlen', maxlen, minid: MIN_ID, approx: false, limit: 0 });
        const want = Math.max(0, model.length - maxlen);
        assert.equal(gone, want);
        model.splice(0, want);
      } else if (model.length > 0) {
        const minid = model[Math.floor(rand() * model.length)].id;
        const approx = rand() < 0.5;
        const gone = s.trim({ strategy: 'minid', maxlen: 0, minid, approx, limit: approx ? 10000 : 0 });
        const below = model.filter((e) => compareIds(e.id, minid) < 0).length;
        if (approx) assert.ok(gone <= below);
        else assert.equal(gone, below);
        model.splice(0, gone);
      }
      if (step % 100 === 0) {
        checkStream(s);
        const it = s.iterate(null, null);
        for (const e of model) {
          assert.ok(it.next());
          assert.deepEqual(it.id(), e.id);
          assert.deepEqual(it.pairs(), e.kv);
        }
        assert.equal(it.next(), false);
        // A window in the middle.
        if (model.length > 4) {
          const a = Math.floor(model.length / 3);
          const got = s.iterate(model[a].id, model[a + 2].id, true);
          for (const k of [a + 2, a + 1, a]) {
            assert.ok(got.next());
            assert.deepEqual(got.id(), model[k].id);
          }
          assert.equal(got.next(), false);
        }
      }
    }
    checkStream(s);
  }
});

test('node boundaries: a new node at stream-node-max-entries and at the listpack byte limit', () => {
  const s = new Stream();
  for (let i = 1; i <= 10; i++) s.append(new StreamId(i, 0), ['f', 'v'], 0, 1, { maxBytes: 0, maxEntries: 3 });
  assert.deepEqual(s.blocks.map((b) => b.live), [3, 3, 3, 1]);
  const t = new Stream();
  for (let i = 1; i <= 10; i++) t.append(new StreamId(i, 0), ['field', 'x'.repeat(40)], 0, 1, { maxBytes: 100, maxEntries: 0 });
  // Master entry (count, deleted, 1, "field", 0) and one entry fill most of 100 bytes.
  assert.ok(t.blocks.length >= 5);
  for (const b of t.blocks) assert.ok(b.lpBytes() < 100 + 46);
  checkStream(s);
  checkStream(t);
});

test('radix tree node counts of known shapes', () => {
  assert.equal(raxNodeCount([]), 1);
  assert.equal(raxNodeCount(['ABCD']), 2);
  assert.equal(raxNodeCount(['ABCD', 'ABXY']), 6);
  assert.equal(raxNodeCount(['ABCD', 'ABCE']), 4);
  assert.equal(raxNodeCount(['AAAA', 'BBBB', 'CCCC']), 7);
});

test('read counters and lag follow Redis 7.0 rules', () => {
  const s = new Stream();
  const g = createGroup(s, 'g', MIN_ID, 0)!;
  assert.equal(groupLag(s, g), 0);
  for (let i = 1; i <= 5; i++) s.append(new StreamId(i, 0), ['f', 'v'], 0, 1, { maxBytes: 4096, maxEntries: 100 });
  assert.equal(groupLag(s, g), 5);
  const c = g.createConsumer('c', 0)!;
  const it = s.iterate(null, null);
  it.next();
  deliver(s, g, c, it.id(), 0, false);
  assert.equal(g.entriesRead, 1);
  assert.equal(groupLag(s, g), 4);
  s.deleteEntries([new StreamId(3, 0)]);
  // A tombstone after the group's position: the lag cannot be known.
  assert.equal(groupLag(s, g), null);
  assert.equal(estimateEntriesRead(s, new StreamId(5, 0)), 5);
  assert.equal(estimateEntriesRead(s, new StreamId(6, 0)), -1);
});

test('streams survive DUMP payloads and COPY unchanged, groups and PELs included', () => {
  const s = sampleStream();
  checkStream(s);
  const back = buildStream(decodeDumpPayload(createDumpPayload(describeStream(s), DEFAULT_LIMITS), DEFAULT_LIMITS) as ReturnType<typeof describeStream>);
  checkStream(back);
  assert.deepEqual(describeStream(back), describeStream(s));
  const copy = s.dup();
  checkStream(copy);
  assert.deepEqual(describeStream(copy), describeStream(s));
  // The copy is independent.
  copy.append(copy.autoId(0), ['z', 'z'], 0, 1, { maxBytes: 4096, maxEntries: 100 });
  copy.group('g1')!.createConsumer('new', 0);
  assert.notDeepEqual(describeStream(copy), describeStream(s));
  checkStream(s);
});

test('IDs whose parts or deltas need 8 to 10 varint bytes read back exactly (fuzzer regression)', () => {
  const s = new Stream();
  const ids = [
    new StreamId(1, 1),
    new StreamId(1, 2n ** 49n + 3n),
    new StreamId(1, 22517998136852482n),
    new StreamId(2n ** 50n + 1n, 5),
    new StreamId(2n ** 56n - 1n, 2n ** 55n),
    new StreamId(U64_MAX, U64_MAX - 1n),
  ].map((id) => new StreamId(typeof id.ms === 'bigint' && id.ms <= 9007199254740991n ? Number(id.ms) : id.ms, typeof id.seq === 'bigint' && id.seq <= 9007199254740991n ? Number(id.seq) : id.seq));
  for (const id of ids) s.append(id, ['f', 'v'], 0, 1, { maxBytes: 4096, maxEntries: 100 });
  const it = s.iterate(null, null);
  for (const id of ids) {
    assert.ok(it.next());
    assert.equal(it.id().toString(), id.toString());
  }
  checkStream(s);
});

test('RDB_TYPE_STREAM_LISTPACKS_3 (Redis 7.2) reads like _2 plus each consumer\'s active time', () => {
  const s = new Stream();
  s.append(new StreamId(1, 1), ['f', 'v'], 0, 1, { maxBytes: 4096, maxEntries: 100 });
  createGroup(s, 'g', MIN_ID, 0)!.createConsumer('only', 1234);
  const w = new RdbWriter({ compress: false });
  writeStream(w, describeStream(s));
  const v2 = Buffer.from(w.result());
  // The last consumer's section ends with its seen time and an empty PEL (one 0 byte).
  const v3 = Buffer.concat([v2.subarray(0, v2.length - 1), Buffer.from([0x78, 0x56, 0, 0, 0, 0, 0, 0]), v2.subarray(v2.length - 1)]);
  const read = (b: Buffer, type: number) => buildStream(readObject(new RdbReader(b), type, DEFAULT_LIMITS) as ReturnType<typeof describeStream>);
  assert.deepEqual(describeStream(read(v3, RdbType.STREAM_LISTPACKS_3)), describeStream(read(v2, RdbType.STREAM_LISTPACKS_2)));
  assert.equal(read(v3, RdbType.STREAM_LISTPACKS_3).group('g')!.consumer('only')!.seenTime, 1234);
});
