import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { RDB_VERSION, RdbType, RdbOpcode, RdbEnc, RdbLen, QuicklistContainer, DoubleLen, ModuleOpcode } from '../../src/persistence/rdb/constants.js';
import { crc64 } from '../../src/persistence/rdb/crc64.js';
import { lzfCompress, lzfDecompress } from '../../src/persistence/rdb/lzf.js';
import { RdbReader } from '../../src/persistence/rdb/reader.js';
import { RdbWriter } from '../../src/persistence/rdb/writer.js';
import { decodeListpack, encodeListpack } from '../../src/persistence/rdb/listpack.js';
import { decodeIntset, encodeIntset } from '../../src/persistence/rdb/intset.js';
import { formatG17, scoreText } from '../../src/persistence/rdb/object-write.js';
import { moduleTypeName } from '../../src/persistence/rdb/object-read.js';
import { RdbError } from '../../src/persistence/rdb/errors.js';

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

test('RDB format numbers never change (they are on disk and in DUMP payloads)', () => {
  assert.equal(RDB_VERSION, 10);
  assert.deepEqual(RdbType, {
    STRING: 0, LIST: 1, SET: 2, ZSET: 3, HASH: 4, ZSET_2: 5, MODULE: 6, MODULE_2: 7, HASH_ZIPMAP: 9, LIST_ZIPLIST: 10,
    SET_INTSET: 11, ZSET_ZIPLIST: 12, HASH_ZIPLIST: 13, LIST_QUICKLIST: 14, STREAM_LISTPACKS: 15, HASH_LISTPACK: 16,
    ZSET_LISTPACK: 17, LIST_QUICKLIST_2: 18, STREAM_LISTPACKS_2: 19, STREAM_LISTPACKS_3: 21,
  });
  assert.deepEqual(RdbOpcode, {
    FUNCTION2: 245, FUNCTION: 246, MODULE_AUX: 247, IDLE: 248, FREQ: 249, AUX: 250, RESIZEDB: 251, EXPIRETIME_MS: 252,
    EXPIRETIME: 253, SELECTDB: 254, EOF: 255,
  });
  assert.deepEqual(RdbEnc, { INT8: 0, INT16: 1, INT32: 2, LZF: 3 });
  assert.deepEqual(RdbLen, { BITS6: 0, BITS14: 1, BITS32: 0x80, BITS64: 0x81, ENCVAL: 3 });
  assert.deepEqual(QuicklistContainer, { PLAIN: 1, PACKED: 2 });
  assert.deepEqual(DoubleLen, { NAN: 253, POS_INF: 254, NEG_INF: 255 });
  assert.deepEqual(ModuleOpcode, { EOF: 0, SINT: 1, UINT: 2, FLOAT: 3, DOUBLE: 4, STRING: 5 });
});

test('CRC64 is Redis\'s Jones variant (known check values)', () => {
  assert.equal(crc64(Buffer.from('123456789')).value(), 0xe9c6d914c4b8d9can);
  assert.equal(crc64(Buffer.alloc(0)).value(), 0n);
  // Chunked updates equal one pass, whatever the split (the 8-byte fast path and the tail).
  const data = randomBytes(1000);
  const whole = crc64(data).value();
  for (const cut of [0, 1, 7, 8, 9, 500, 999]) {
    const c = crc64(data, 0, cut);
    c.update(data, cut);
    assert.equal(c.value(), whole, `cut ${cut}`);
  }
});

test('LZF round-trips and compresses repetitive data; corrupt streams are rejected', () => {
  const samples = [Buffer.from('a'.repeat(100)), Buffer.from('abcabcabcabcabcabcabcabc'.repeat(50)), Buffer.from(ALL_BYTES.repeat(20), 'latin1')];
  for (const s of samples) {
    const c = lzfCompress(s, s.length - 4);
    assert.ok(c !== null && c.length < s.length - 4);
    assert.deepEqual(lzfDecompress(c, s.length), s);
  }
  for (let i = 0; i < 200; i++) {
    // Mixed random/repeated content of random sizes, including long runs past 264 bytes.
    const parts: Buffer[] = [];
    const n = 1 + (i % 7);
    for (let k = 0; k < n; k++) parts.push(k % 2 ? Buffer.alloc((i * 37) % 900, k) : randomBytes((i * 13) % 300));
    const s = Buffer.concat(parts);
    if (s.length < 5) continue;
    const c = lzfCompress(s, s.length - 4);
    if (c !== null) assert.deepEqual(lzfDecompress(c, s.length), s);
  }
  assert.equal(lzfCompress(randomBytes(100), 96), null);
  assert.equal(lzfDecompress(Buffer.from([0x20, 0x00]), 3), null); // back reference before the start
  assert.equal(lzfDecompress(Buffer.from([0x05, 1, 2]), 6), null); // literal past the input
  assert.equal(lzfDecompress(Buffer.from([0x00, 65]), 2), null); // wrong output length
});

test('lengths use 6, 14, 32 and 64-bit forms at Redis\'s boundaries', () => {
  const cases: [number, number][] = [[0, 1], [63, 1], [64, 2], [16383, 2], [16384, 5], [0xffffffff, 5], [0x100000000, 9], [2 ** 40 + 5, 9]];
  for (const [n, size] of cases) {
    const w = new RdbWriter();
    w.len(n);
    assert.equal(w.pos, size, `size of ${n}`);
    assert.equal(new RdbReader(w.result()).len(), n);
  }
  assert.deepEqual([...(() => { const w = new RdbWriter(); w.len(16383); return w.result(); })()], [0x7f, 0xff]);
});

test('strings: canonical integers are int-encoded, long compressible strings LZF\'d, the rest verbatim', () => {
  const enc = (s: string, compress = true) => {
    const w = new RdbWriter({ compress });
    w.string(s);
    return w.result();
  };
  assert.deepEqual([...enc('0')], [0xc0, 0]);
  assert.deepEqual([...enc('-128')], [0xc0, 0x80]);
  assert.deepEqual([...enc('127')], [0xc0, 0x7f]);
  assert.deepEqual([...enc('128')], [0xc1, 0x80, 0x00]);
  assert.deepEqual([...enc('-32768')], [0xc1, 0x00, 0x80]);
  assert.deepEqual([...enc('32768')], [0xc2, 0x00, 0x80, 0x00, 0x00]);
  assert.deepEqual([...enc('-2147483648')], [0xc2, 0, 0, 0, 0x80]);
  // Not int-encodable: out of int32, leading zero, plus sign, "-0", spaces.
  for (const s of ['2147483648', '-2147483649', '01', '+1', '-0', ' 1', '1 ', '', '-']) {
    assert.equal(enc(s)[0], s.length, s);
  }
  assert.equal(enc('a'.repeat(21))[0], 0xc3);
  assert.equal(enc('a'.repeat(20))[0], 20);
  assert.equal(enc('a'.repeat(21), false)[0], 21);
  const rnd = randomBytes(100).toString('latin1');
  assert.deepEqual([...enc(rnd).subarray(0, 2)], [0x40, 100]); // incompressible: verbatim, 14-bit length
  for (const s of ['0', '-128', '32768', '-2147483648', 'a'.repeat(500), rnd, ALL_BYTES, ALL_BYTES.repeat(10), '']) {
    assert.equal(new RdbReader(enc(s)).string(), s);
  }
});

test('listpacks round-trip every entry encoding and reject structural damage', () => {
  const ints = ['0', '127', '128', '-1', '-4096', '4095', '4096', '-32768', '32767', '32768', '-8388608', '8388607', '8388608',
    '-2147483648', '2147483647', '2147483648', '-9223372036854775808', '9223372036854775807', '9007199254740993'];
  const strs = ['', 'a', 'x'.repeat(63), 'x'.repeat(64), 'y'.repeat(4095), 'y'.repeat(4096), ALL_BYTES, '01', '+5', '-0', '9223372036854775808'];
  const items = [...ints, ...strs];
  const lp = encodeListpack(items);
  assert.deepEqual(decodeListpack(lp), items);
  assert.equal(lp.readUInt32LE(0), lp.length);
  assert.equal(lp.readUInt16LE(4), items.length);
  assert.equal(lp[lp.length - 1], 0xff);
  assert.deepEqual(decodeListpack(encodeListpack([])), []);
  const bad = (b: Buffer) => assert.throws(() => decodeListpack(b), RdbError);
  const copy = () => Buffer.from(lp);
  let b = copy(); b.writeUInt32LE(lp.length + 1, 0); bad(b);
  b = copy(); b.writeUInt16LE(items.length + 1, 4); bad(b);
  b = copy(); b[b.length - 1] = 0; bad(b);
  b = copy(); b[6] = 0xf5; bad(b);
  bad(lp.subarray(0, 10));
});

test('intsets pick the narrowest width and reject unsorted or mis-sized blobs', () => {
  assert.equal(encodeIntset(['1', '-5', '3']).readUInt32LE(0), 2);
  assert.equal(encodeIntset(['1', '40000']).readUInt32LE(0), 4);
  assert.equal(encodeIntset(['1', '-9223372036854775808']).readUInt32LE(0), 8);
  assert.deepEqual(decodeIntset(encodeIntset(['3', '-5', '1'])), ['-5', '1', '3']);
  assert.deepEqual(decodeIntset(encodeIntset(['9223372036854775807', '0'])), ['0', '9223372036854775807']);
  const b = encodeIntset(['1', '2']);
  b.writeInt16LE(1, 10);
  assert.throws(() => decodeIntset(b), RdbError);
  assert.throws(() => decodeIntset(encodeIntset(['1', '2']).subarray(0, 11)), RdbError);
});

test('scores are written as Redis writes them into listpacks', () => {
  assert.equal(scoreText(1), '1');
  assert.equal(scoreText(-0), '0');
  assert.equal(scoreText(1.5), '1.5');
  assert.equal(scoreText(0.1), '0.10000000000000001');
  assert.equal(scoreText(Infinity), 'inf');
  assert.equal(scoreText(-Infinity), '-inf');
  assert.equal(scoreText(1e300), '1.0000000000000001e+300');
  // C compares against LLONG_MAX/2 converted to a double (2^62), so 2^62 still counts as an integer.
  assert.equal(scoreText(2 ** 62), '4611686018427387904');
  assert.equal(scoreText(2 ** 63), '9.2233720368547758e+18');
  assert.equal(formatG17(123456789012345680000), '1.2345678901234568e+20');
  assert.equal(formatG17(0.0001), '0.0001');
  assert.equal(formatG17(0.00001), '1.0000000000000001e-05');
  assert.equal(formatG17(3479099956230698), '3479099956230698');
});

test('module type ids decode to their 9-char names', () => {
  // "MBbloom--" with encoding version 1, as RedisBloom registers it.
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let id = 0n;
  for (const ch of 'MBbloom--') id = (id << 6n) | BigInt(chars.indexOf(ch));
  id = (id << 10n) | 1n;
  assert.equal(moduleTypeName(id), 'MBbloom--');
});
