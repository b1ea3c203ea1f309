/**
 * HyperLogLog on Redis's exact byte representation, so HLL strings move between Sonic and Redis
 * (GET/SET, DUMP/RESTORE, RDB) and give the same counts and the same bytes.
 *
 * Layout (Redis's hyperloglog.c): a 16-byte header — "HYLL", an encoding byte (0 dense,
 * 1 sparse), 3 unused bytes, and the cached cardinality as 8 little-endian bytes whose top bit
 * set means "stale" — then the 16384 registers (P = 14):
 * - dense: 6 bits per register packed from the least significant bit of each byte (12288 bytes);
 * - sparse: run-length opcodes ZERO (00xxxxxx: 1..64 zero registers), XZERO (01xxxxxx xxxxxxxx:
 *   1..16384 zero registers) and VAL (1vvvvvxx: 1..4 registers of value 1..32).
 * A sparse HLL is promoted to dense when a register needs a value above 32 or when an update
 * would grow it past hll-sparse-max-bytes. The estimator is Ertl's improved one (Redis >= 5).
 *
 * Walking sparse data stops as soon as an opcode would run past register 16383 and the HLL is
 * then corrupted, as in Redis releases carrying the CVE-2025-32023 fix (the redis-server 7.0.15
 * build Sonic is compared with has it; the 7.0.15 tag checked only VAL opcodes, and only in some
 * walks).
 *
 * Values are MutableStrings changed in place; functions here never reply: they return results
 * (and -1 / false / null for a corrupted representation).
 */
import { MutableString } from './mutable-string.js';
import { murmurHash64A, murmurHash64AWord } from '../util/murmur64.js';

export const HLL_P = 14;
export const HLL_REGISTERS = 1 << HLL_P;
const HLL_P_MASK = HLL_REGISTERS - 1;
const HLL_Q = 64 - HLL_P;
const HLL_REGISTER_MAX = 63;
export const HLL_HDR_SIZE = 16;
export const HLL_DENSE_SIZE = HLL_HDR_SIZE + ((HLL_REGISTERS * 6 + 7) >> 3);
export const HLL_DENSE = 0;
export const HLL_SPARSE = 1;
const HLL_SEED = 0xadc83b19;
const HLL_ALPHA_INF = 0.721347520444481703680;

const SPARSE_VAL_MAX_VALUE = 32;
const SPARSE_VAL_MAX_LEN = 4;
const SPARSE_ZERO_MAX_LEN = 64;
const SPARSE_XZERO_MAX_LEN = 16384;

// --- opcodes ---------------------------------------------------------------------------------

const isZero = (b: number) => (b & 0xc0) === 0;
const isXZero = (b: number) => (b & 0xc0) === 0x40;
const isVal = (b: number) => (b & 0x80) !== 0;
const zeroLen = (b: number) => (b & 0x3f) + 1;
const xzeroLen = (b0: number, b1: number) => (((b0 & 0x3f) << 8) | b1) + 1;
const valValue = (b: number) => ((b >> 2) & 0x1f) + 1;
const valLen = (b: number) => (b & 0x3) + 1;
const valOp = (value: number, len: number) => (((value - 1) << 2) | (len - 1) | 0x80) & 0xff;

// --- dense registers -------------------------------------------------------------------------

/** Register `i` of the dense registers starting at buf[at]. */
function denseGet(buf: Uint8Array, at: number, i: number): number {
  const bitpos = i * 6;
  const byte = at + (bitpos >>> 3);
  const fb = bitpos & 7;
  // The byte after the last register may be read: its bits are shifted out by the mask.
  const b1 = fb > 2 ? buf[byte + 1] : 0;
  return ((buf[byte] >> fb) | (b1 << (8 - fb))) & HLL_REGISTER_MAX;
}

/** Sets register `i` of the dense registers at buf[at] to `val` (0..63). */
function denseSet(buf: Uint8Array, at: number, i: number, val: number): void {
  const bitpos = i * 6;
  const byte = at + (bitpos >>> 3);
  const fb = bitpos & 7;
  buf[byte] = (buf[byte] & ~(HLL_REGISTER_MAX << fb)) | (val << fb);
  if (fb > 2) {
    const fb8 = 8 - fb;
    buf[byte + 1] = (buf[byte + 1] & ~(HLL_REGISTER_MAX >> fb8)) | (val >> fb8);
  }
}

// --- hashing ---------------------------------------------------------------------------------

const hashOut = new Uint32Array(2);

/**
 * Register index and run length ("000..1" pattern length, 1..51) for an element, as
 * index * 64 + count: the low 14 bits of the hash pick the register, the rest give the run.
 */
function patLenOfHash(): number {
  const lo = hashOut[0];
  const hi = hashOut[1];
  const index = lo & HLL_P_MASK;
  const rest = lo >>> HLL_P;
  let count: number;
  if (rest !== 0) count = 31 - Math.clz32(rest & -rest) + 1;
  else if (hi !== 0) count = 32 - HLL_P + (31 - Math.clz32(hi & -hi)) + 1;
  else count = HLL_Q + 1;
  return index * 64 + count;
}

/** index * 64 + count for element `ele` (see patLenOfHash). */
export function hllPatLen(ele: string): number {
  murmurHash64A(ele, HLL_SEED, hashOut);
  return patLenOfHash();
}

// --- header ----------------------------------------------------------------------------------

/** A new empty HLL: sparse, all registers in one XZERO opcode, cached cardinality 0. */
export function createHll(): MutableString {
  const buf = Buffer.alloc(HLL_HDR_SIZE + 2 + 16);
  buf.write('HYLL', 0, 'latin1');
  buf[4] = HLL_SPARSE;
  const l = SPARSE_XZERO_MAX_LEN - 1;
  buf[HLL_HDR_SIZE] = (l >> 8) | 0x40;
  buf[HLL_HDR_SIZE + 1] = l & 0xff;
  return MutableString.fromBuffer(buf, HLL_HDR_SIZE + 2);
}

/** The byte at `i` of a string value. */
function byteOf(v: string | MutableString, i: number): number {
  return typeof v === 'string' ? v.charCodeAt(i) : v.byteAt(i);
}

/**
 * Redis's isHLLObjectOrReply checks on a string value: at least a header, the "HYLL" magic, a
 * known encoding, and exactly HLL_DENSE_SIZE bytes when dense. Sparse data is checked only when
 * it is walked (-1 / false / null results below).
 */
export function isHll(v: string | MutableString): boolean {
  const len = v.length;
  if (len < HLL_HDR_SIZE) return false;
  if (byteOf(v, 0) !== 72 || byteOf(v, 1) !== 89 || byteOf(v, 2) !== 76 || byteOf(v, 3) !== 76) return false;
  const enc = byteOf(v, 4);
  if (enc > HLL_SPARSE) return false;
  return enc !== HLL_DENSE || len === HLL_DENSE_SIZE;
}

/** The encoding byte (HLL_DENSE or HLL_SPARSE) of a valid HLL. */
export function hllEncoding(m: MutableString): number {
  return m.byteAt(4);
}

/** Marks the cached cardinality stale (top bit of its last byte). */
export function invalidateCache(m: MutableString): void {
  m.setByte(15, m.byteAt(15) | 0x80);
}

// --- sparse -> dense -------------------------------------------------------------------------

/**
 * Converts a sparse HLL to dense in place (header, cached cardinality included, kept). Returns
 * false, leaving it unchanged, when the sparse data does not cover exactly 16384 registers.
 * A dense HLL is left as is (true).
 */
export function sparseToDense(m: MutableString): boolean {
  const src = m.bytes();
  if (src[4] === HLL_DENSE) return true;
  const end = m.length;
  const dense = Buffer.alloc(HLL_DENSE_SIZE);
  src.copy(dense, 0, 0, HLL_HDR_SIZE);
  dense[4] = HLL_DENSE;
  let idx = 0;
  let p = HLL_HDR_SIZE;
  while (p < end) {
    const b = src[p];
    if (isZero(b)) {
      idx += zeroLen(b);
      p++;
    } else if (isXZero(b)) {
      idx += xzeroLen(b, src[p + 1]);
      p += 2;
    } else {
      let runlen = valLen(b);
      if (runlen + idx > HLL_REGISTERS) return false;
      const regval = valValue(b);
      while (runlen-- > 0) denseSet(dense, HLL_HDR_SIZE, idx++, regval);
      p++;
    }
    if (idx > HLL_REGISTERS) return false;
  }
  if (idx !== HLL_REGISTERS) return false;
  // One spare byte past the registers, like the C string terminator Redis's register code reads.
  m.reserve(HLL_DENSE_SIZE + 1);
  m.setLength(HLL_DENSE_SIZE);
  dense.copy(m.bytes(), 0);
  return true;
}

// --- setting registers -----------------------------------------------------------------------

/** Dense: raises register `index` to `count` if lower. 1 if changed, else 0. */
function denseRaise(m: MutableString, index: number, count: number): number {
  const buf = m.bytes();
  if (count > denseGet(buf, HLL_HDR_SIZE, index)) {
    denseSet(buf, HLL_HDR_SIZE, index, count);
    return 1;
  }
  return 0;
}

/**
 * Sparse: raises register `index` to `count` if lower, splitting the opcode that covers it, then
 * merging equal adjacent VAL opcodes near the change, exactly as Redis's hllSparseSet (so the
 * bytes stay identical). Promotes to dense when `count` > 32 or the result would pass
 * `maxBytes`. Returns 1 if changed, 0 if not, -1 if the representation is corrupted.
 */
function sparseRaise(m: MutableString, index: number, count: number, maxBytes: number): number {
  if (count > SPARSE_VAL_MAX_VALUE) return promote(m, index, count);
  // Room for the worst case, an XZERO split into XZERO-VAL-XZERO (3 more bytes).
  m.reserve(m.length + 3);
  const buf = m.bytes();
  let end = m.length;
  const sparse = HLL_HDR_SIZE;

  // Step 1: find the opcode covering `index`.
  let p = sparse;
  let first = 0;
  let prev = -1;
  let span = 0;
  // The hot loop of a sparse HLL: opcode tests written out (ZERO < 0x40 <= XZERO < 0x80 <= VAL).
  while (p < end) {
    const b = buf[p];
    let oplen = 1;
    if (b < 0x40) span = (b & 0x3f) + 1;
    else if (b >= 0x80) span = (b & 0x3) + 1;
    else {
      span = (((b & 0x3f) << 8) | buf[p + 1]) + 1;
      oplen = 2;
    }
    if (index < first + span) break;
    prev = p;
    p += oplen;
    first += span;
  }
  if (span === 0 || p >= end) return -1;

  const op = buf[p];
  let next = isXZero(op) ? p + 2 : p + 1;
  if (next >= end) next = -1;
  const zero = isZero(op);
  const xzero = isXZero(op);
  const runlen = zero ? zeroLen(op) : xzero ? xzeroLen(op, buf[p + 1]) : valLen(op);

  // Step 2: the simple cases update one byte in place.
  let updated = false;
  if (!zero && !xzero) {
    if (valValue(op) >= count) return 0;
    if (runlen === 1) {
      buf[p] = valOp(count, 1);
      updated = true;
    }
  }
  if (!updated && zero && runlen === 1) {
    buf[p] = valOp(count, 1);
    updated = true;
  }

  if (!updated) {
    // The general case: replace the opcode with up to three (at most 5 bytes).
    const seq: number[] = [];
    const last = first + span - 1;
    if (zero || xzero) {
      if (index !== first) pushZeros(seq, index - first);
      seq.push(valOp(count, 1));
      if (index !== last) pushZeros(seq, last - index);
    } else {
      const curval = valValue(op);
      if (index !== first) seq.push(valOp(curval, index - first));
      seq.push(valOp(count, 1));
      if (index !== last) seq.push(valOp(curval, last - index));
    }
    // Step 3: put the new sequence in place of the old opcode.
    const oldlen = xzero ? 2 : 1;
    const delta = seq.length - oldlen;
    if (delta > 0 && m.length + delta > maxBytes) return promote(m, index, count);
    if (delta !== 0 && next >= 0) buf.copyWithin(next + delta, next, end);
    m.setLength(m.length + delta);
    for (let k = 0; k < seq.length; k++) buf[p + k] = seq[k];
    end += delta;
  }

  // Step 4: merge adjacent VAL opcodes of equal value, scanning up to 5 opcodes from `prev`.
  p = prev >= 0 ? prev : sparse;
  let scan = 5;
  while (p < end && scan-- > 0) {
    const b = buf[p];
    if (isXZero(b)) {
      p += 2;
      continue;
    }
    if (isZero(b)) {
      p++;
      continue;
    }
    if (p + 1 < end && isVal(buf[p + 1])) {
      const v1 = valValue(b);
      if (v1 === valValue(buf[p + 1])) {
        const len = valLen(b) + valLen(buf[p + 1]);
        if (len <= SPARSE_VAL_MAX_LEN) {
          buf[p + 1] = valOp(v1, len);
          buf.copyWithin(p, p + 1, end);
          m.setLength(m.length - 1);
          end--;
          continue;
        }
      }
    }
    p++;
  }
  invalidateCache(m);
  return 1;
}

/** Appends ZERO or XZERO opcodes for `len` zero registers. */
function pushZeros(seq: number[], len: number): void {
  if (len > SPARSE_ZERO_MAX_LEN) {
    const l = len - 1;
    seq.push((l >> 8) | 0x40, l & 0xff);
  } else {
    seq.push(len - 1);
  }
}

/** Promotes to dense, then sets the register (which necessarily changes). */
function promote(m: MutableString, index: number, count: number): number {
  if (!sparseToDense(m)) return -1;
  denseRaise(m, index, count);
  return 1;
}

/**
 * Raises register `index` to `count` whatever the encoding (PFMERGE). 1 if changed, 0 if not,
 * -1 on a corrupted sparse representation.
 */
export function hllRaise(m: MutableString, index: number, count: number, sparseMaxBytes: number): number {
  return hllEncoding(m) === HLL_DENSE ? denseRaise(m, index, count) : sparseRaise(m, index, count, sparseMaxBytes);
}

/**
 * PFADD of one element: 1 if a register changed, 0 if not, -1 if the HLL is corrupted.
 * `sparseMaxBytes` is hll-sparse-max-bytes.
 */
export function hllAdd(m: MutableString, ele: string, sparseMaxBytes: number): number {
  const pl = hllPatLen(ele);
  return hllRaise(m, pl >>> 6, pl & 63, sparseMaxBytes);
}

// --- registers as bytes (merge, union counts) ------------------------------------------------

/**
 * max[i] = MAX(max[i], register i) over a valid-header HLL. False if its sparse representation
 * is corrupted (max may then be partly updated, as in Redis).
 */
export function hllMergeInto(max: Uint8Array, v: string | MutableString): boolean {
  const m = typeof v === 'string' ? new MutableString(v) : v;
  const buf = m.bytes();
  if (buf[4] === HLL_DENSE) {
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const r = denseGet(buf, HLL_HDR_SIZE, i);
      if (r > max[i]) max[i] = r;
    }
    return true;
  }
  const end = m.length;
  let p = HLL_HDR_SIZE;
  let i = 0;
  while (p < end) {
    const b = buf[p];
    if (isZero(b)) {
      i += zeroLen(b);
      p++;
    } else if (isXZero(b)) {
      i += xzeroLen(b, buf[p + 1]);
      p += 2;
    } else {
      let runlen = valLen(b);
      if (runlen + i > HLL_REGISTERS) return false;
      const regval = valValue(b);
      while (runlen-- > 0) {
        if (regval > max[i]) max[i] = regval;
        i++;
      }
      p++;
    }
    if (i > HLL_REGISTERS) return false;
  }
  return i === HLL_REGISTERS;
}

/** Every register's value (PFDEBUG GETREG), of a dense HLL. */
export function denseRegisters(m: MutableString): number[] {
  const buf = m.bytes();
  const out = new Array<number>(HLL_REGISTERS);
  for (let i = 0; i < HLL_REGISTERS; i++) out[i] = denseGet(buf, HLL_HDR_SIZE, i);
  return out;
}

// --- cardinality -----------------------------------------------------------------------------

/** Ertl's sigma function. */
function sigma(x: number): number {
  if (x === 1) return Infinity;
  let zPrime: number;
  let y = 1;
  let z = x;
  do {
    x *= x;
    zPrime = z;
    z += x * y;
    y += y;
  } while (zPrime !== z);
  return z;
}

/** Ertl's tau function. */
function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let zPrime: number;
  let y = 1.0;
  let z = 1 - x;
  do {
    x = Math.sqrt(x);
    zPrime = z;
    y *= 0.5;
    const d = 1 - x;
    z -= d * d * y;
  } while (zPrime !== z);
  return z / 3;
}

/** The cardinality estimate from a histogram of register values (Ertl's estimator). */
function estimate(histo: Int32Array): number {
  const m = HLL_REGISTERS;
  let z = m * tau((m - histo[HLL_Q + 1]) / m);
  for (let j = HLL_Q; j >= 1; --j) {
    z += histo[j];
    z *= 0.5;
  }
  z += m * sigma(histo[0] / m);
  const e = Math.round((HLL_ALPHA_INF * m * m) / z);
  // Past 2^63 (z = 0 when every register is above 51: a crafted dense HLL) C's llroundl yields
  // INT64_MIN, which Redis then caches and replies as a 64-bit pattern: keep that value.
  return e < 2 ** 63 ? e : INT64_MIN_CARD;
}

/** The cardinality Redis computes when the estimate overflows (see estimate). */
const INT64_MIN_CARD = -(2 ** 63);

const histo = new Int32Array(64);

/** Histogram of a dense HLL's registers: 16 registers per 12 bytes. */
function denseHisto(buf: Uint8Array): void {
  let r = HLL_HDR_SIZE;
  for (let j = 0; j < 1024; j++, r += 12) {
    const b0 = buf[r], b1 = buf[r + 1], b2 = buf[r + 2], b3 = buf[r + 3];
    const b4 = buf[r + 4], b5 = buf[r + 5], b6 = buf[r + 6], b7 = buf[r + 7];
    const b8 = buf[r + 8], b9 = buf[r + 9], b10 = buf[r + 10], b11 = buf[r + 11];
    histo[b0 & 63]++;
    histo[((b0 >> 6) | (b1 << 2)) & 63]++;
    histo[((b1 >> 4) | (b2 << 4)) & 63]++;
    histo[(b2 >> 2) & 63]++;
    histo[b3 & 63]++;
    histo[((b3 >> 6) | (b4 << 2)) & 63]++;
    histo[((b4 >> 4) | (b5 << 4)) & 63]++;
    histo[(b5 >> 2) & 63]++;
    histo[b6 & 63]++;
    histo[((b6 >> 6) | (b7 << 2)) & 63]++;
    histo[((b7 >> 4) | (b8 << 4)) & 63]++;
    histo[(b8 >> 2) & 63]++;
    histo[b9 & 63]++;
    histo[((b9 >> 6) | (b10 << 2)) & 63]++;
    histo[((b10 >> 4) | (b11 << 4)) & 63]++;
    histo[(b11 >> 2) & 63]++;
  }
}

/** Histogram of a sparse HLL; false if the opcodes do not cover exactly 16384 registers. */
function sparseHisto(buf: Uint8Array, end: number): boolean {
  let idx = 0;
  let p = HLL_HDR_SIZE;
  while (p < end) {
    const b = buf[p];
    if (isZero(b)) {
      const n = zeroLen(b);
      idx += n;
      histo[0] += n;
      p++;
    } else if (isXZero(b)) {
      const n = xzeroLen(b, buf[p + 1]);
      idx += n;
      histo[0] += n;
      p += 2;
    } else {
      const n = valLen(b);
      idx += n;
      histo[valValue(b)] += n;
      p++;
    }
    if (idx > HLL_REGISTERS) return false;
  }
  return idx === HLL_REGISTERS;
}

/** The estimate of an HLL's registers, ignoring the cache; null if the sparse data is corrupted. */
export function hllCountRegisters(m: MutableString): number | null {
  histo.fill(0);
  const buf = m.bytes();
  if (buf[4] === HLL_DENSE) denseHisto(buf);
  else if (!sparseHisto(buf, m.length)) return null;
  return estimate(histo);
}

/** The estimate for registers held one per byte (the union built by multi-key PFCOUNT). */
export function countRawRegisters(regs: Uint8Array): number | bigint {
  histo.fill(0);
  for (let i = 0; i < HLL_REGISTERS; i++) histo[regs[i]]++;
  const e = estimate(histo);
  return e === INT64_MIN_CARD ? -9223372036854775808n : e;
}

/**
 * PFCOUNT of one HLL: the cached cardinality when valid, else the estimate, which is then
 * cached (`recomputed` true: the value changed). null if the sparse data is corrupted.
 */
export function hllCardinality(m: MutableString): { card: number | bigint; recomputed: boolean } | null {
  const buf = m.bytes();
  if ((buf[15] & 0x80) === 0) {
    const lo = buf.readUInt32LE(8);
    const hi = buf.readUInt32LE(12);
    const card = hi < 0x200000 ? hi * 0x100000000 + lo : (BigInt(hi) << 32n) | BigInt(lo);
    return { card, recomputed: false };
  }
  const card = hllCountRegisters(m);
  if (card === null) return null;
  if (card === INT64_MIN_CARD) {
    // Cached as 0x8000000000000000: the stale bit stays set, so it is recomputed every time.
    buf.writeUInt32LE(0, 8);
    buf.writeUInt32LE(0x80000000, 12);
    return { card: -9223372036854775808n, recomputed: true };
  }
  buf.writeUInt32LE(card % 0x100000000, 8);
  buf.writeUInt32LE(Math.floor(card / 0x100000000), 12);
  return { card, recomputed: true };
}

/** PFDEBUG DECODE: the sparse opcodes as "z:N", "Z:N" and "v:VALUE,N", space separated. */
export function decodeSparse(m: MutableString): string {
  const buf = m.bytes();
  const end = m.length;
  const parts: string[] = [];
  let p = HLL_HDR_SIZE;
  while (p < end) {
    const b = buf[p];
    if (isZero(b)) {
      parts.push(`z:${zeroLen(b)}`);
      p++;
    } else if (isXZero(b)) {
      parts.push(`Z:${xzeroLen(b, buf[p + 1])}`);
      p += 2;
    } else {
      parts.push(`v:${valValue(b)},${valLen(b)}`);
      p++;
    }
  }
  return parts.join(' ');
}

// --- self test -------------------------------------------------------------------------------

/**
 * PFSELFTEST: the register packing round-trips random values, and over 10M distinct elements a
 * dense and a sparse HLL agree at each power of ten, the sparse one stays sparse while small, and
 * the error stays within 6 standard errors. Returns null on success or the failure text.
 */
export function hllSelfTest(sparseMaxBytes: number, random: () => number = Math.random): string | null {
  const dense = Buffer.alloc(HLL_DENSE_SIZE + 1);
  const bytes = new Uint8Array(HLL_REGISTERS);
  // A xorshift generator for the 16M register values: Math.random per value would dominate.
  let x = ((random() * 0x7fffffff) | 0) || 1;
  for (let j = 0; j < 1000; j++) {
    for (let i = 0; i < HLL_REGISTERS; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      const r = x & HLL_REGISTER_MAX;
      bytes[i] = r;
      denseSet(dense, HLL_HDR_SIZE, i, r);
    }
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const val = denseGet(dense, HLL_HDR_SIZE, i);
      if (val !== bytes[i]) return `TESTFAILED Register ${i} should be ${bytes[i]} but is ${val}`;
    }
  }

  dense.fill(0);
  dense.write('HYLL', 0, 'latin1');
  const d = MutableString.fromBuffer(dense, HLL_DENSE_SIZE);
  const o = createHll();
  const relerr = 1.04 / Math.sqrt(HLL_REGISTERS);
  let checkpoint = 1;
  const seedLo = (random() * 0x100000000) >>> 0;
  const seedHi = (random() * 0x100000000) >>> 0;
  for (let j = 1; j <= 10000000; j++) {
    // The element is the 64-bit integer j ^ seed, hashed as its 8 little-endian bytes.
    murmurHash64AWord((j ^ seedLo) >>> 0, seedHi, HLL_SEED, hashOut);
    const pl = patLenOfHash();
    denseRaise(d, pl >>> 6, pl & 63);
    hllRaise(o, pl >>> 6, pl & 63, sparseMaxBytes);
    if (j !== checkpoint) continue;
    if (j < Math.floor(sparseMaxBytes / 2) && hllEncoding(o) !== HLL_SPARSE) return 'TESTFAILED sparse encoding not used';
    const card = hllCountRegisters(d) as number;
    if (card !== hllCountRegisters(o)) return 'TESTFAILED dense/sparse disagree';
    const maxerr = j === 10 ? 1 : Math.ceil(relerr * 6 * checkpoint);
    const abserr = Math.abs(checkpoint - card);
    if (abserr > maxerr) return `TESTFAILED Too big error. card:${checkpoint} abserr:${abserr}`;
    checkpoint *= 10;
  }
  return null;
}
