/**
 * Corrupt and truncated input never escapes as anything but RdbError: every truncation and
 * thousands of random byte flips of valid files and DUMP payloads either decode or fail cleanly
 * (no RangeError, no hang, no partial result), and a decoded value always builds; decoding
 * straight into the packed forms (what loading does) agrees with the plain decode on all of it.
 */
import { prng as rng } from '../helpers/prng.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REFERENCE_RDB_DIR } from '../helpers/reference.js';
import { readRdb } from '../../src/persistence/rdb/file-read.js';
import { DEFAULT_LIMITS, type Decoded, type PlainDecoded } from '../../src/persistence/rdb/decoded.js';
import { RdbError } from '../../src/persistence/rdb/errors.js';
import { createDumpPayload, decodeDumpPayload, verifyDumpPayload } from '../../src/persistence/rdb/payload.js';
import { writeRdb } from '../../src/persistence/rdb/file-write.js';
import { buildValue, describeValue } from '../../src/persistence/rdb/values.js';
import { logicalOf } from '../helpers/logical-dump.js';
import { checkStream, sampleStream } from '../helpers/stream-samples.js';
import { describeStream } from '../../src/persistence/rdb/stream-values.js';
import { decodeListpack, encodeListpack } from '../../src/persistence/rdb/listpack.js';
import { Stream } from '../../src/types/stream.js';
import { StreamId } from '../../src/types/stream-id.js';

const DIR = REFERENCE_RDB_DIR;

const SAMPLES: PlainDecoded[] = [
  'hello',
  '12345',
  'x'.repeat(300),
  { type: 'list', elements: ['a', '1', '-5000', 'b'.repeat(100), ''] },
  { type: 'set', members: ['-70000', '1', '2', '9223372036854775807'], encoding: 'intset' },
  { type: 'set', members: ['a', 'b', 'c'.repeat(40)], encoding: 'hashtable' },
  { type: 'hash', pairs: ['f', 'v', 'n', '12', 'long', 'z'.repeat(30)], encoding: 'listpack' },
  { type: 'hash', pairs: ['f', 'v', 'g', 'w'.repeat(100)], encoding: 'hashtable' },
  { type: 'zset', members: ['a', 'b', 'c'], scores: [1, 2.5, Infinity], encoding: 'listpack' },
  { type: 'zset', members: ['a', 'b', 'c'.repeat(80)], scores: [-1, 0.1, 3], encoding: 'skiplist' },
  describeStream(sampleStream()),
  describeStream(new Stream()),
  describeStream(smallStream()),
];

/** A stream of two entries, no groups: a small payload, so random flips mostly hit its listpack. */
function smallStream(): Stream {
  const s = new Stream();
  s.append(new StreamId(1, 1), ['f', 'v'], 0, 1, { maxBytes: 4096, maxEntries: 100 });
  s.append(new StreamId(1, 2), ['f', '12', 'g', ''], 0, 2, { maxBytes: 4096, maxEntries: 100 });
  return s;
}

/** Builds a decoded value, checking a stream's invariants: loading must never yield a broken one. */
function build(d: Decoded): void {
  const v = buildValue(d);
  if (v instanceof Stream) checkStream(v, false);
}

const encodingOf = (d: Decoded): string => (typeof d === 'string' ? 'string' : 'encoding' in d ? d.encoding : d.type);

/** What a decode came to: the error (message and offset), or each value as built (its exact form). */
type Outcome = { error: string } | { values: unknown[] };

function outcome(decode: (keep: (d: Decoded) => void) => void): Outcome {
  const values: unknown[] = [];
  try {
    decode((d) => {
      build(d);
      values.push(describeValue(buildValue(d)!));
    });
    return { values };
  } catch (e) {
    if (e instanceof RdbError) return { error: `${e.message} @${e.offset}` };
    throw e;
  }
}

/**
 * Decodes an input in the plain forms and in the packed forms loading uses: both must come to
 * the same (the same error at the same offset, or the same values in the same encodings).
 * Returns 'ok' or 'error', throwing anything that is not an RdbError.
 */
function bothWays(decode: (packed: boolean, keep: (d: Decoded) => void) => void): 'ok' | 'error' {
  const plain = outcome((keep) => decode(false, keep));
  assert.deepEqual(outcome((keep) => decode(true, keep)), plain);
  return 'error' in plain ? 'error' : 'ok';
}

/** Decodes a file image (see bothWays). */
function tryFile(buf: Buffer, checksum: boolean): 'ok' | 'error' {
  return bothWays((packed, keep) =>
    readRdb(buf, { limits: DEFAULT_LIMITS, databases: 16, checksum, now: 0, packed, onKey: (_db, _key, value) => keep(value) }),
  );
}

function tryPayload(p: Buffer): 'ok' | 'error' {
  return bothWays((packed, keep) => keep(decodeDumpPayload(p, DEFAULT_LIMITS, packed)));
}

function files(): [string, Buffer][] {
  const out: [string, Buffer][] = readdirSync(DIR)
    .filter((f) => f.endsWith('.rdb'))
    .map((f) => [f, readFileSync(join(DIR, f))]);
  const chunks: Buffer[] = [];
  writeRdb([{ id: 0, size: SAMPLES.length, expires: 1, keys: SAMPLES.map((value, i) => ({ key: `k${i}`, value, expireAt: i === 0 ? 2e12 : -1, lruIdle: -1 })) }], {
    compress: true,
    checksum: true,
    limits: DEFAULT_LIMITS,
    aux: [['redis-ver', '7.0.15']],
    functions: ['#!lua name=x\nreturn 1'],
    sink: (c) => chunks.push(Buffer.from(c)),
  });
  out.push(['sonic-written', Buffer.concat(chunks)]);
  return out;
}

test('every truncation of every file is a clean error, and the whole files load', () => {
  for (const [name, buf] of files()) {
    assert.equal(tryFile(buf, true), 'ok', name);
    const step = buf.length > 4000 ? 7 : 1;
    for (let n = 0; n < buf.length; n += step) {
      // Without the checksum every byte up to EOF is parsed; with it, truncation is still caught.
      assert.equal(tryFile(buf.subarray(0, n), false), 'error', `${name} cut at ${n}`);
    }
  }
});

test('random byte flips in files fail cleanly or load (checksum off, so the parser sees them)', () => {
  const rand = rng(1234);
  for (const [name, buf] of files()) {
    const rounds = buf.length > 4000 ? 300 : 1000;
    for (let i = 0; i < rounds; i++) {
      const b = Buffer.from(buf);
      const flips = 1 + Math.floor(rand() * 4);
      for (let k = 0; k < flips; k++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
      tryFile(b, false);
      // With the checksum on, a changed byte before the trailer can only load if it left
      // the data identical (same random value), never a different dataset.
      tryFile(b, true);
    }
  }
});

test('DUMP payloads: truncations, flips and bad footers fail cleanly; RESTORE-side checks hold', () => {
  const rand = rng(99);
  for (const d of SAMPLES) {
    const p = createDumpPayload(d, DEFAULT_LIMITS);
    assert.ok(verifyDumpPayload(p));
    const back = decodeDumpPayload(p, DEFAULT_LIMITS);
    assert.deepEqual(logicalOf(back, -1), logicalOf(d, -1));
    assert.equal(encodingOf(back), encodingOf(d));
    for (let n = 0; n < p.length; n++) assert.equal(verifyDumpPayload(p.subarray(0, n)), false);
    for (let n = 10; n < p.length; n++) {
      // Keep a valid footer on a shortened body: the checksum is skipped here on purpose.
      const body = Buffer.concat([p.subarray(0, n - 10), p.subarray(p.length - 10)]);
      assert.ok(['ok', 'error'].includes(tryPayload(body)));
    }
    for (let i = 0; i < 500; i++) {
      const b = Buffer.from(p);
      b[Math.floor(rand() * (b.length - 10))] = Math.floor(rand() * 256);
      assert.ok(['ok', 'error'].includes(tryPayload(b)));
      if (!b.equals(p)) assert.equal(verifyDumpPayload(b), false);
    }
  }
  // A newer RDB version in the footer is refused even with a right checksum.
  const p = createDumpPayload('x', DEFAULT_LIMITS);
  p[p.length - 10] = 11;
  assert.equal(verifyDumpPayload(p, true), false);
});

test('stream nodes with perturbed listpack elements are loaded consistently or refused, never half-built', () => {
  const rand = rng(4242);
  const base = describeStream(sampleStream());
  const ints = ['-1', '0', '1', '2', '3', '5', '127', '128', '-9223372036854775808', '9223372036854775807', 'x', ''];
  let loaded = 0;
  for (let i = 0; i < 3000; i++) {
    const d = structuredClone(base);
    const node = d.nodes[Math.floor(rand() * d.nodes.length)];
    const el = decodeListpack(node.lp);
    const edits = 1 + Math.floor(rand() * 3);
    for (let k = 0; k < edits; k++) {
      const at = Math.floor(rand() * el.length);
      const r = rand();
      if (r < 0.6) el[at] = ints[Math.floor(rand() * ints.length)];
      else if (r < 0.8) el.splice(at, 1);
      else el.splice(at, 0, ints[Math.floor(rand() * ints.length)]);
    }
    node.lp = encodeListpack(el);
    if (rand() < 0.2) d.length += Math.floor(rand() * 3) - 1;
    const p = createDumpPayload(d, DEFAULT_LIMITS);
    if (tryPayload(p) === 'ok') loaded++;
  }
  // Some perturbations keep a valid stream (a value changed), most are refused.
  assert.ok(loaded > 0 && loaded < 3000, `loaded ${loaded}`);
});
