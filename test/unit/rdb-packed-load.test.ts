/**
 * Loading small hashes, sorted sets and intsets straight into Sonic's packed forms
 * (rdb/listpack-packed.ts, readObject's `packed`) gives exactly what the plain decode gives:
 * the same values in the same encodings and order, or the same error at the same offset. The
 * inputs aim at every branch: integer and string entries with the same text, scores in every
 * textual form, unsorted pairs, repeats found pairwise and through a Set, limits on both sides,
 * intsets wider than they need.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RdbType } from '../../src/persistence/rdb/constants.js';
import { DEFAULT_LIMITS, type Decoded } from '../../src/persistence/rdb/decoded.js';
import { RdbError } from '../../src/persistence/rdb/errors.js';
import { encodeListpack } from '../../src/persistence/rdb/listpack.js';
import { decodeDumpPayload, encodedDumpPayload } from '../../src/persistence/rdb/payload.js';
import { buildValue, describeValue } from '../../src/persistence/rdb/values.js';
import { RdbWriter } from '../../src/persistence/rdb/writer.js';

/** A listpack whose entries are all string-encoded (Redis would store "12" as an integer). */
function stringListpack(items: string[]): Buffer {
  const parts: Buffer[] = [];
  for (const s of items) {
    assert.ok(s.length < 64);
    const e = Buffer.concat([Buffer.from([0x80 | s.length]), Buffer.from(s, 'latin1')]);
    parts.push(e, Buffer.from([e.length]));
  }
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(6);
  head.writeUInt32LE(6 + body.length + 1, 0);
  head.writeUInt16LE(items.length, 4);
  return Buffer.concat([head, body, Buffer.from([0xff])]);
}

/** An intset blob of `width`-byte members, in the given order. */
function intset(width: 2 | 4 | 8, values: bigint[]): Buffer {
  const b = Buffer.alloc(8 + width * values.length);
  b.writeUInt32LE(width, 0);
  b.writeUInt32LE(values.length, 4);
  values.forEach((v, i) => {
    if (width === 2) b.writeInt16LE(Number(v), 8 + 2 * i);
    else if (width === 4) b.writeInt32LE(Number(v), 8 + 4 * i);
    else b.writeBigInt64LE(v, 8 + 8 * i);
  });
  return b;
}

function payload(type: number, blob: Buffer): Buffer {
  const w = new RdbWriter({ compress: false });
  w.blob(blob);
  return encodedDumpPayload(type, w.result());
}

function decode(p: Buffer, packed: boolean): unknown {
  try {
    const d: Decoded = decodeDumpPayload(p, DEFAULT_LIMITS, packed);
    return { packedForm: typeof d !== 'string' && 'packed' in d, value: describeValue(buildValue(d)!) };
  } catch (e) {
    if (e instanceof RdbError) return { error: `${e.message} @${e.offset}` };
    throw e;
  }
}

/** Asserts both decodes agree; returns 'packed' (the fast path took it), 'plain' or 'error'. */
function agree(type: number, blob: Buffer): string {
  const p = payload(type, blob);
  const plain = decode(p, false) as { error?: string; value?: unknown };
  const packed = decode(p, true) as { error?: string; value?: unknown; packedForm?: boolean };
  assert.deepEqual(packed.error, plain.error);
  assert.deepEqual(packed.value, plain.value);
  return plain.error !== undefined ? 'error' : packed.packedForm ? 'packed' : 'plain';
}

const H = RdbType.HASH_LISTPACK;
const Z = RdbType.ZSET_LISTPACK;
const fields = (n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => [`f${i + from}`, `v${i}`]).flat();

test('hash listpacks: packed when small, the plain path beyond, repeats refused either way', () => {
  assert.equal(agree(H, encodeListpack(['f', 'v', 'n', '12', '-7', 'x'.repeat(200), 'big', '9223372036854775807', 'neg', '-9007199254740993'])), 'packed');
  assert.equal(agree(H, encodeListpack(fields(16))), 'packed');
  assert.equal(agree(H, encodeListpack(fields(40))), 'packed');
  assert.equal(agree(H, encodeListpack(fields(513))), 'plain');
  assert.equal(agree(H, encodeListpack(['x'.repeat(5000), 'v'])), 'packed');
  // The same text as an integer and as a string entry is a repeat.
  assert.equal(agree(H, Buffer.concat([encodeListpack(['12', 'a', 'b', 'c'])])), 'packed');
  const mixed = encodeListpack(['12', 'a']);
  const asString = stringListpack(['12', 'b']);
  const both = Buffer.concat([mixed.subarray(0, mixed.length - 1), asString.subarray(6)]);
  both.writeUInt32LE(both.length, 0);
  both.writeUInt16LE(4, 4);
  assert.equal(agree(H, both), 'error');
  assert.equal(agree(H, encodeListpack([...fields(3), 'f1', 'again'])), 'error');
  assert.equal(agree(H, encodeListpack([...fields(30), 'f29', 'again'])), 'error');
  assert.equal(agree(H, encodeListpack(['odd', 'count', 'x'])), 'error');
  assert.equal(agree(H, encodeListpack([])), 'error');
});

test('sorted set listpacks: scores in every form, order, repeats and limits', () => {
  const pairs = (scores: string[]): string[] => scores.flatMap((s, i) => [`m${String(i).padStart(3, '0')}`, s]);
  assert.equal(agree(Z, encodeListpack(pairs(['-5', '0', '1', '2.5', '127', '128', '4096', '100000', '2147483648', '9007199254740993', '9223372036854775807', '1e20', 'inf']))), 'packed');
  assert.equal(agree(Z, stringListpack(pairs(['-inf', '-0', '0', '0.1', '0.10000000000000001', ' 3', '3.0', '+7', '1E3', 'infinity']))), 'packed');
  // Equal scores order by member bytes, including a prefix and bytes above 0x7f.
  assert.equal(agree(Z, encodeListpack(['a', '1', 'ab', '1', 'b', '1', '\xff', '1'])), 'packed');
  assert.equal(agree(Z, encodeListpack(['b', '1', 'a', '1'])), 'plain');
  assert.equal(agree(Z, encodeListpack(['a', '2', 'b', '1'])), 'plain');
  assert.equal(agree(Z, encodeListpack(pairs(Array.from({ length: 128 }, (_, i) => String(i))))), 'packed');
  assert.equal(agree(Z, encodeListpack(pairs(Array.from({ length: 129 }, (_, i) => String(i))))), 'plain');
  assert.equal(agree(Z, encodeListpack(['a', 'nan'])), 'error');
  assert.equal(agree(Z, encodeListpack(['a', 'x1'])), 'error');
  assert.equal(agree(Z, encodeListpack(['a', '1', 'b', '2', 'a', '3'])), 'error');
  assert.equal(agree(Z, encodeListpack([...pairs(Array.from({ length: 40 }, (_, i) => String(i))), 'm005', '99'])), 'error');
  assert.equal(agree(Z, encodeListpack(['a', '1', 'b'])), 'error');
});

test('intsets: packed when the width is the narrowest, the plain path otherwise', () => {
  const S = RdbType.SET_INTSET;
  assert.equal(agree(S, intset(2, [-32768n, -1n, 0n, 5n, 32767n])), 'packed');
  assert.equal(agree(S, intset(4, [-70000n, 1n, 70000n])), 'packed');
  assert.equal(agree(S, intset(8, [-(2n ** 63n), 0n, 2n ** 63n - 1n])), 'packed');
  assert.equal(agree(S, intset(8, [1n, 2n ** 40n])), 'packed');
  // Wider than needed (Redis never narrows after SREM), and too many for an intset.
  assert.equal(agree(S, intset(4, [1n, 2n, 3n])), 'plain');
  assert.equal(agree(S, intset(8, [1n, 70000n])), 'plain');
  assert.equal(agree(S, intset(2, Array.from({ length: 513 }, (_, i) => BigInt(i)))), 'plain');
  assert.equal(agree(S, intset(2, [1n, 3n, 2n])), 'error');
  assert.equal(agree(S, intset(8, [5n, 5n])), 'error');
  assert.equal(agree(S, intset(2, [])), 'error');
});
