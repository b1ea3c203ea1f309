/**
 * Unit tests of the HyperLogLog representation (types/hyperloglog.ts) and its hash
 * (util/murmur64.ts): the 32-bit-halves MurmurHash64A against a BigInt reference, the empty
 * HLL's bytes, sparse opcodes after known updates (split, merge of adjacent VALs), promotion to
 * dense by value and by hll-sparse-max-bytes, corrupted sparse data, the cached cardinality and
 * the self test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { murmurHash64A, murmurHash64AWord } from '../../src/util/murmur64.js';
import {
  createHll,
  decodeSparse,
  denseRegisters,
  HLL_DENSE,
  HLL_DENSE_SIZE,
  HLL_SPARSE,
  hllAdd,
  hllCardinality,
  hllEncoding,
  hllMergeInto,
  hllPatLen,
  hllRaise,
  hllSelfTest,
  invalidateCache,
  isHll,
  sparseToDense,
} from '../../src/types/hyperloglog.js';
import { MutableString } from '../../src/types/mutable-string.js';

/** MurmurHash64A written directly from its definition with BigInt (slow, obviously right). */
function referenceMurmur(bytes: number[], seed: bigint): bigint {
  const M = 0xc6a4a7935bd1e995n;
  const mask = (1n << 64n) - 1n;
  const len = bytes.length;
  let h = (seed ^ ((BigInt(len) * M) & mask)) & mask;
  const blocks = len - (len & 7);
  for (let i = 0; i < blocks; i += 8) {
    let k = 0n;
    for (let j = 7; j >= 0; j--) k = (k << 8n) | BigInt(bytes[i + j]);
    k = (k * M) & mask;
    k ^= k >> 47n;
    k = (k * M) & mask;
    h ^= k;
    h = (h * M) & mask;
  }
  const rest = len & 7;
  if (rest > 0) {
    for (let j = rest - 1; j >= 0; j--) h ^= BigInt(bytes[blocks + j]) << BigInt(8 * j);
    h = (h * M) & mask;
  }
  h ^= h >> 47n;
  h = (h * M) & mask;
  h ^= h >> 47n;
  return h;
}

const out = new Uint32Array(2);
const hashOf = (s: string) => {
  murmurHash64A(s, 0xadc83b19, out);
  return (BigInt(out[1]) << 32n) | BigInt(out[0]);
};

test('MurmurHash64A in 32-bit halves equals the 64-bit definition, every length and byte', () => {
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  for (let len = 0; len <= 40; len++) {
    for (let k = 0; k < 20; k++) {
      const bytes = Array.from({ length: len }, () => rnd(256));
      const s = String.fromCharCode(...bytes);
      assert.equal(hashOf(s), referenceMurmur(bytes, 0xadc83b19n), `len ${len}`);
    }
  }
  const all = Array.from({ length: 256 }, (_, i) => i);
  assert.equal(hashOf(String.fromCharCode(...all)), referenceMurmur(all, 0xadc83b19n));
  const ff = new Array<number>(16).fill(255);
  assert.equal(hashOf(String.fromCharCode(...ff)), referenceMurmur(ff, 0xadc83b19n));
  // The 8-byte integer form used by PFSELFTEST.
  murmurHash64AWord(0x89abcdef, 0x01234567, 0xadc83b19, out);
  assert.equal((BigInt(out[1]) << 32n) | BigInt(out[0]), referenceMurmur([0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01], 0xadc83b19n));
});

test('register index and run length come from the hash as Redis computes them', () => {
  for (const ele of ['', 'a', 'hello', 'x'.repeat(100)]) {
    const h = hashOf(ele);
    const index = Number(h & 0x3fffn);
    let rest = (h >> 14n) | (1n << 50n);
    let count = 1;
    while ((rest & 1n) === 0n) {
      count++;
      rest >>= 1n;
    }
    const pl = hllPatLen(ele);
    assert.equal(pl >>> 6, index, ele);
    assert.equal(pl & 63, count, ele);
  }
});

test('an empty HLL is the 18-byte sparse string Redis creates', () => {
  const m = createHll();
  assert.equal(m.toString(), 'HYLL\x01\0\0\0\0\0\0\0\0\0\0\0\x7f\xff');
  assert.equal(decodeSparse(m), 'Z:16384');
  assert.ok(isHll(m));
  assert.deepEqual(hllCardinality(m), { card: 0, recomputed: false });
});

test('sparse updates split opcodes and merge equal adjacent VALs', () => {
  const m = createHll();
  assert.equal(hllRaise(m, 100, 3, 3000), 1);
  assert.equal(decodeSparse(m), 'Z:100 v:3,1 Z:16283');
  assert.equal(hllRaise(m, 100, 2, 3000), 0, 'lower value: no change');
  assert.equal(hllRaise(m, 101, 3, 3000), 1);
  assert.equal(decodeSparse(m), 'Z:100 v:3,2 Z:16282', 'merged with its left neighbour');
  assert.equal(hllRaise(m, 99, 3, 3000), 1);
  assert.equal(hllRaise(m, 102, 3, 3000), 1);
  assert.equal(decodeSparse(m), 'Z:99 v:3,4 Z:16281', 'VAL run length tops out at 4');
  assert.equal(hllRaise(m, 103, 3, 3000), 1);
  assert.equal(decodeSparse(m), 'Z:99 v:3,4 v:3,1 Z:16280');
  assert.equal(hllRaise(m, 0, 1, 3000), 1);
  assert.equal(hllRaise(m, 30, 32, 3000), 1);
  assert.equal(decodeSparse(m), 'v:1,1 z:29 v:32,1 Z:68 v:3,4 v:3,1 Z:16280', 'zero runs up to 64 use ZERO opcodes');
  assert.equal(hllEncoding(m), HLL_SPARSE);
  assert.equal(m.byteAt(15) & 0x80, 0x80, 'the cached cardinality is marked stale');
});

test('promotion to dense: a value above 32, or growth past hll-sparse-max-bytes', () => {
  const a = createHll();
  hllRaise(a, 5, 7, 3000);
  assert.equal(hllRaise(a, 9, 33, 3000), 1);
  assert.equal(hllEncoding(a), HLL_DENSE);
  assert.equal(a.length, HLL_DENSE_SIZE);
  const regs = denseRegisters(a);
  assert.equal(regs[5], 7);
  assert.equal(regs[9], 33);
  assert.equal(regs.reduce((x, y) => x + y, 0), 40);

  const b = createHll();
  // 18 bytes now; an XZERO split into XZERO-VAL-XZERO adds 3.
  assert.equal(hllRaise(b, 1000, 1, 21), 1);
  assert.equal(hllEncoding(b), HLL_SPARSE);
  assert.equal(b.length, 21);
  assert.equal(hllRaise(b, 5000, 1, 21), 1);
  assert.equal(hllEncoding(b), HLL_DENSE, 'a 24-byte sparse HLL would pass 21');
  assert.equal(denseRegisters(b)[1000], 1);
  assert.equal(denseRegisters(b)[5000], 1);
  // The header (magic, cached cardinality bytes) survives the conversion.
  assert.equal(b.toString().slice(0, 4), 'HYLL');
});

test('corrupted sparse data: detected when walked, with Redis results', () => {
  const hdr = 'HYLL\x01\0\0\0\0\0\0\0\0\0\0\x80';
  const short = new MutableString(hdr + '\x7f\xfe'); // 16383 registers
  assert.equal(hllCardinality(short), null);
  assert.equal(hllMergeInto(new Uint8Array(16384), short), false);
  assert.equal(hllRaise(short, 16383, 1, 3000), -1, 'the register is not covered');
  assert.equal(hllRaise(short, 0, 1, 3000), 1, 'a covered register is still updated, as in Redis');
  const over = new MutableString(hdr + '\x7f\xff\x80'); // 16385 registers
  assert.equal(hllCardinality(over), null);
  assert.equal(sparseToDense(over), false);
  assert.equal(over.length, 19, 'left unchanged');
  const tail = new MutableString(hdr + '\x7f\xffhello');
  assert.equal(hllCardinality(tail), null);
  // Header checks.
  assert.equal(isHll('HYLL\x01'), false);
  assert.equal(isHll(hdr.replace('HYLL', 'HYLX') + '\x7f\xff'), false);
  assert.equal(isHll('HYLL\x02' + hdr.slice(5) + '\x7f\xff'), false);
  assert.equal(isHll('HYLL\x00' + hdr.slice(5) + '\x7f\xff'), false, 'dense must be 12304 bytes');
  assert.equal(isHll('HYLL\x00' + hdr.slice(5) + '\0'.repeat(12288)), true);
});

test('cardinality is cached in the header and recomputed only when stale', () => {
  const m = createHll();
  for (let i = 0; i < 1000; i++) hllAdd(m, `e${i}`, 3000);
  invalidateCache(m);
  const first = hllCardinality(m);
  assert.ok(first !== null && first.recomputed);
  const card = first.card as number;
  assert.ok(Math.abs(card - 1000) < 30, `estimate ${card}`);
  assert.equal(m.bytes().readUInt32LE(8), card);
  assert.equal(m.byteAt(15), 0);
  assert.deepEqual(hllCardinality(m), { card, recomputed: false });
  // Dense and sparse HLLs of the same elements estimate the same.
  const d = createHll();
  sparseToDense(d);
  for (let i = 0; i < 1000; i++) hllAdd(d, `e${i}`, 3000);
  invalidateCache(d);
  assert.equal(hllCardinality(d)?.card, card);
});

test('PFSELFTEST passes', () => {
  assert.equal(hllSelfTest(3000), null);
});
