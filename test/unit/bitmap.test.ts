/**
 * Unit tests of the bit algorithms (types/bitmap.ts) against naive per-bit references, at every
 * alignment and around the 32-bit word boundaries the fast paths use; BITFIELD overflow modes
 * against hand-worked values; and the bitmap commands' in-place behaviour (SETBIT never copies
 * the value, dirty counting).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BitOp,
  bitop,
  bitpos,
  getSignedField,
  getUnsignedField,
  Overflow,
  popcount,
  setField,
  signedFieldResult,
  unsignedFieldResult,
} from '../../src/types/bitmap.js';
import { MutableString } from '../../src/types/mutable-string.js';
import { connect, newEngine, ReplyError } from './server-harness.js';

function rng(seed: number): (n: number) => number {
  return (n) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
}

function naivePopcount(b: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) for (let k = 0; k < 8; k++) n += (b[i] >> k) & 1;
  return n;
}

function naiveBitpos(b: Uint8Array, start: number, count: number, bit: 0 | 1): number {
  for (let i = 0; i < count * 8; i++) {
    if (((b[start + (i >> 3)] >> (7 - (i & 7))) & 1) === bit) return i;
  }
  return bit === 1 ? -1 : count * 8;
}

/** A buffer that is a view at byte offset `shift` into a larger one, so word alignment varies. */
function shifted(bytes: number[], shift: number): Buffer {
  const big = Buffer.alloc(bytes.length + 16);
  const b = big.subarray(shift, shift + bytes.length);
  b.set(bytes);
  return b;
}

test('popcount matches a per-bit count at every alignment, length and range', () => {
  const rnd = rng(3);
  for (const len of [0, 1, 3, 4, 5, 63, 64, 65, 67, 100, 131, 300]) {
    const bytes = Array.from({ length: len }, () => rnd(256));
    for (let shift = 0; shift < 8; shift++) {
      const b = shifted(bytes, shift);
      assert.equal(popcount(b, 0, len), naivePopcount(b, 0, len), `len ${len} shift ${shift}`);
      for (let k = 0; k < 20 && len > 0; k++) {
        const s = rnd(len);
        const e = s + rnd(len - s + 1);
        assert.equal(popcount(b, s, e), naivePopcount(b, s, e), `len ${len} shift ${shift} [${s},${e})`);
      }
    }
  }
  const ones = Buffer.alloc(1000, 0xff);
  assert.equal(popcount(ones, 1, 999), 998 * 8);
});

test('bitpos matches a per-bit search, incl. runs of 0x00/0xff across word boundaries', () => {
  const rnd = rng(5);
  for (const len of [1, 2, 7, 8, 9, 63, 64, 65, 70, 128, 200]) {
    for (let shift = 0; shift < 8; shift++) {
      for (const fill of [0, 0xff]) {
        for (const at of [-1, 0, 3, 4, 7, len - 1, len >> 1]) {
          if (at >= len) continue;
          const bytes = new Array<number>(len).fill(fill);
          if (at >= 0) bytes[at] = fill ^ (1 << rnd(8));
          const b = shifted(bytes, shift);
          for (const bit of [0, 1] as const) {
            for (const start of [0, 1, 5]) {
              if (start > len) continue;
              const count = len - start;
              assert.equal(bitpos(b, start, count, bit), naiveBitpos(b, start, count, bit), `len ${len} shift ${shift} fill ${fill} at ${at} bit ${bit} start ${start}`);
            }
          }
        }
      }
    }
  }
  // Nothing found: -1 for a 1, the first padding bit for a 0.
  assert.equal(bitpos(Buffer.alloc(100), 0, 100, 1), -1);
  assert.equal(bitpos(Buffer.alloc(100, 0xff), 0, 100, 0), 800);
  assert.equal(bitpos(Buffer.alloc(100, 0xff), 10, 90, 0), 720);
});

test('bitop: AND/OR/XOR/NOT, shorter inputs zero-padded, empty inputs', () => {
  const a = Buffer.from([0xf0, 0x0f, 0xff]);
  const b = Buffer.from([0x3c]);
  assert.deepEqual([...bitop(BitOp.And, [a, b])], [0x30, 0, 0]);
  assert.deepEqual([...bitop(BitOp.Or, [a, b])], [0xfc, 0x0f, 0xff]);
  assert.deepEqual([...bitop(BitOp.Xor, [a, b, b])], [0xf0, 0x0f, 0xff]);
  assert.deepEqual([...bitop(BitOp.Not, [a])], [0x0f, 0xf0, 0x00]);
  assert.equal(bitop(BitOp.Or, [new Uint8Array(0), new Uint8Array(0)]).length, 0);
  assert.deepEqual([...bitop(BitOp.And, [new Uint8Array(0), a])], [0, 0, 0]);
});

test('bitfield get/set at unaligned offsets, 1 to 64 bits, past the end reading zeros', () => {
  // Redis's own example: u5 = 23 at offset 7 -> 00000001 01110000.
  const b = Buffer.alloc(2);
  setField(b, 7, 5, 23n);
  assert.deepEqual([...b], [0x01, 0x70]);
  assert.equal(getUnsignedField(b, 2, 7, 5), 23n);
  assert.equal(getSignedField(b, 2, 7, 5), -9n);
  const rnd = rng(11);
  for (let bits = 1; bits <= 64; bits++) {
    for (const off of [0, 1, 7, 8, 31, 32, 33, 63]) {
      const buf = Buffer.alloc(20);
      for (let i = 0; i < 20; i++) buf[i] = rnd(256);
      const copy = Buffer.from(buf);
      const v = BigInt.asUintN(bits, (BigInt(rnd(0x7fffffff)) << 33n) ^ BigInt(rnd(0x7fffffff)));
      setField(buf, off, bits, v);
      assert.equal(getUnsignedField(buf, 20, off, bits), v, `u${bits} @${off}`);
      assert.equal(getSignedField(buf, 20, off, bits), BigInt.asIntN(bits, v), `i${bits} @${off}`);
      // The bits around the field are untouched.
      for (let i = 0; i < 160; i++) {
        if (i >= off && i < off + bits) continue;
        assert.equal((buf[i >> 3] >> (7 - (i & 7))) & 1, (copy[i >> 3] >> (7 - (i & 7))) & 1, `bit ${i} u${bits} @${off}`);
      }
    }
  }
  const short = Buffer.from([0xff, 0xff, 0xff]);
  assert.equal(getUnsignedField(short, 2, 8, 16), 0xff00n, 'bytes past len read as zero');
  assert.equal(getSignedField(short, 3, 0, 64), -(1n << 40n));
});

test('BITFIELD overflow: hand-worked WRAP / SAT / FAIL values', () => {
  const u = (v: bigint, incr: bigint, bits: number, m: Overflow) => unsignedFieldResult(v, incr, bits, m);
  const s = (v: bigint, incr: bigint, bits: number, m: Overflow) => signedFieldResult(v, incr, bits, m);
  // u2 holds 0..3.
  assert.equal(u(2n, 3n, 2, Overflow.Wrap), 1n); // 5 mod 4
  assert.equal(u(1n, -7n, 2, Overflow.Wrap), 2n); // -6 mod 4
  assert.equal(u(2n, 3n, 2, Overflow.Sat), 3n);
  assert.equal(u(1n, -7n, 2, Overflow.Sat), 0n);
  assert.equal(u(2n, 3n, 2, Overflow.Fail), null);
  assert.equal(u(3n, -3n, 2, Overflow.Fail), 0n);
  // SET of a negative into an unsigned field is a 2^64 - n upward overflow.
  assert.equal(u(-1n, 0n, 8, Overflow.Wrap), 255n);
  assert.equal(u(-1n, 0n, 8, Overflow.Sat), 255n);
  assert.equal(u(-256n, 0n, 8, Overflow.Sat), 255n);
  assert.equal(u(-256n, 0n, 8, Overflow.Wrap), 0n);
  assert.equal(u(300n, 0n, 8, Overflow.Wrap), 44n);
  assert.equal(u(0n, -1n, 63, Overflow.Wrap), (1n << 63n) - 1n);
  assert.equal(u((1n << 63n) - 1n, 1n, 63, Overflow.Sat), (1n << 63n) - 1n);
  // i8 holds -128..127.
  assert.equal(s(127n, 1n, 8, Overflow.Wrap), -128n);
  assert.equal(s(-128n, -1n, 8, Overflow.Wrap), 127n);
  assert.equal(s(100n, 100n, 8, Overflow.Sat), 127n);
  assert.equal(s(-100n, -100n, 8, Overflow.Sat), -128n);
  assert.equal(s(127n, 1n, 8, Overflow.Fail), null);
  assert.equal(s(200n, 0n, 8, Overflow.Wrap), -56n);
  assert.equal(s(-200n, 0n, 8, Overflow.Wrap), 56n);
  assert.equal(s(-200n, 0n, 8, Overflow.Sat), -128n);
  // Redis's 64-bit wrap in the "room above" computation: very negative SETs saturate upwards.
  assert.equal(s(-(1n << 63n), 0n, 8, Overflow.Sat), 127n);
  assert.equal(s(-(1n << 63n) + 127n, 0n, 8, Overflow.Sat), 127n);
  assert.equal(s(-(1n << 63n) + 128n, 0n, 8, Overflow.Sat), -128n);
  // i64: the full range.
  const max = (1n << 63n) - 1n;
  assert.equal(s(max, 1n, 64, Overflow.Wrap), -max - 1n);
  assert.equal(s(max, 1n, 64, Overflow.Sat), max);
  assert.equal(s(-max - 1n, -1n, 64, Overflow.Sat), -max - 1n);
  assert.equal(s(-max - 1n, -1n, 64, Overflow.Fail), null);
  assert.equal(s(-5n, max, 64, Overflow.Fail), max - 5n);
  // i1 holds -1..0.
  assert.equal(s(0n, 1n, 1, Overflow.Wrap), -1n);
  assert.equal(s(-1n, -1n, 1, Overflow.Sat), -1n);
  assert.equal(s(0n, 1n, 1, Overflow.Sat), 0n);
});

test('SETBIT changes one MutableString in place, growing by doubling', () => {
  const e = newEngine();
  const a = connect(e);
  assert.equal(a.run('SETBIT', 'b', '0', '1'), 0);
  const v = e.dbs[0].peek('b');
  assert.ok(v instanceof MutableString);
  for (let i = 1; i < 100000; i += 7) a.run('SETBIT', 'b', String(i), '1');
  assert.equal(e.dbs[0].peek('b'), v, 'same value object: never copied');
  assert.equal((v as MutableString).length, Math.floor(99996 / 8) + 1);
  // Capacity grew geometrically, so it is at most twice the length (plus the initial size).
  assert.ok((v as MutableString).bytes().length <= 2 * (v as MutableString).length + 16);
  // A plain string becomes a MutableString once, then stays the same object.
  a.run('SET', 's', 'abc');
  a.run('SETBIT', 's', '100', '1');
  const s = e.dbs[0].peek('s');
  a.run('BITFIELD', 's', 'SET', 'u8', '200', '7');
  assert.equal(e.dbs[0].peek('s'), s);
  assert.equal(a.run('OBJECT', 'ENCODING', 's'), 'raw');
});

test('SETBIT/BITFIELD count a change only when the value changes or grows (dirty)', () => {
  const e = newEngine();
  const a = connect(e);
  const d0 = e.dirty;
  a.run('SETBIT', 'k', '7', '0'); // creates the key: a change
  assert.equal(e.dirty, d0 + 1);
  a.run('SETBIT', 'k', '7', '0'); // same bit, same length
  assert.equal(e.dirty, d0 + 1);
  a.run('SETBIT', 'k', '7', '1');
  assert.equal(e.dirty, d0 + 2);
  a.run('BITFIELD', 'k', 'SET', 'u8', '0', '2', 'SET', 'u8', '0', '2'); // second SET changes nothing
  assert.equal(e.dirty, d0 + 3);
  a.run('BITFIELD', 'k', 'SET', 'u8', '8', '0', 'SET', 'u8', '8', '0'); // grows: both count
  assert.equal(e.dirty, d0 + 5);
  a.run('BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '8', '300');
  assert.equal(e.dirty, d0 + 5);
});

test('offsets past what a string can hold are refused, reads far past the end give 0', () => {
  const e = newEngine();
  const a = connect(e);
  const err = new ReplyError('ERR bit offset is not an integer or out of range');
  assert.deepEqual(a.run('SETBIT', 'k', '4294967296', '1'), err);
  assert.deepEqual(a.run('GETBIT', 'k', '4294967295'), 0);
  a.run('CONFIG', 'SET', 'proto-max-bulk-len', '9223372036854775807');
  assert.deepEqual(a.run('GETBIT', 'k', '9223372036854775807'), 0);
  assert.deepEqual(a.run('BITFIELD', 'k', 'GET', 'i64', '9223372036854775000'), [0]);
  // Sonic's strings stop short of 2^29 bytes (V8's string limit): a write beyond is refused.
  assert.deepEqual(a.run('SETBIT', 'k', '8589934592', '1'), err);
  assert.equal(a.run('EXISTS', 'k'), 0);
});
