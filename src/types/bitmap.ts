/**
 * Bit algorithms over byte buffers, for the bitmap commands (BITCOUNT, BITPOS, BITOP, BITFIELD).
 * Bits are numbered as Redis numbers them: bit 0 is the most significant bit of byte 0.
 *
 * Long ranges are processed 32 bits at a time through a Uint32Array view of the buffer's
 * aligned middle part; only the unaligned edges go byte by byte. Nothing here loops per bit
 * except BITFIELD's (at most 64-bit) fields.
 */

/** Set bits in each byte value. */
const BITS_IN_BYTE = new Uint8Array(256);
for (let i = 1; i < 256; i++) BITS_IN_BYTE[i] = (i & 1) + BITS_IN_BYTE[i >> 1];

/** Number of set bits in one byte. */
export function popcountByte(b: number): number {
  return BITS_IN_BYTE[b & 0xff];
}

/** Below this many bytes a plain byte loop beats creating a word view. */
const WORD_THRESHOLD = 64;

/** Set bits in a 32-bit word (SWAR). */
function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Number of bytes from `start` until the address is 4-byte aligned. */
function misalignment(buf: Uint8Array, start: number): number {
  return (4 - ((buf.byteOffset + start) & 3)) & 3;
}

/** Number of set bits in buf[start, end). */
export function popcount(buf: Uint8Array, start: number, end: number): number {
  let bits = 0;
  let i = start;
  if (end - start >= WORD_THRESHOLD) {
    const head = misalignment(buf, start);
    for (const stop = i + head; i < stop; i++) bits += BITS_IN_BYTE[buf[i]];
    const words = (end - i) >>> 2;
    const w = new Int32Array(buf.buffer, buf.byteOffset + i, words);
    const quads = words & ~3;
    let j = 0;
    // Four words per step, adding their per-byte counts (each <= 8, so <= 32 per byte) before
    // the one multiply that sums the bytes.
    for (; j < quads; j += 4) {
      let a = w[j];
      let b = w[j + 1];
      let c = w[j + 2];
      let d = w[j + 3];
      a = a - ((a >>> 1) & 0x55555555);
      b = b - ((b >>> 1) & 0x55555555);
      c = c - ((c >>> 1) & 0x55555555);
      d = d - ((d >>> 1) & 0x55555555);
      a = (a & 0x33333333) + ((a >>> 2) & 0x33333333);
      b = (b & 0x33333333) + ((b >>> 2) & 0x33333333);
      c = (c & 0x33333333) + ((c >>> 2) & 0x33333333);
      d = (d & 0x33333333) + ((d >>> 2) & 0x33333333);
      const sum = ((a + (a >>> 4)) & 0x0f0f0f0f) + ((b + (b >>> 4)) & 0x0f0f0f0f) + ((c + (c >>> 4)) & 0x0f0f0f0f) + ((d + (d >>> 4)) & 0x0f0f0f0f);
      bits += Math.imul(sum, 0x01010101) >>> 24;
    }
    for (; j < words; j++) bits += popcount32(w[j]);
    i += words * 4;
  }
  for (; i < end; i++) bits += BITS_IN_BYTE[buf[i]];
  return bits;
}

/**
 * Position (relative to bit 0 of byte `start`) of the first bit equal to `bit` in
 * buf[start, start + count). When there is none: -1 when looking for a 1, and count * 8 when
 * looking for a 0 (the string is taken as zero-padded on the right), as Redis's redisBitpos.
 */
export function bitpos(buf: Uint8Array, start: number, count: number, bit: 0 | 1): number {
  const skip = bit === 1 ? 0 : 0xff;
  const end = start + count;
  let i = start;
  if (count >= WORD_THRESHOLD) {
    const head = misalignment(buf, start);
    for (const stop = i + head; i < stop && buf[i] === skip; i++);
    if (i === start + head) {
      const words = (end - i) >>> 2;
      const w = new Int32Array(buf.buffer, buf.byteOffset + i, words);
      let j = 0;
      // Four words per step while they are all skippable, then one at a time.
      if (bit === 1) {
        while (j + 4 <= words && (w[j] | w[j + 1] | w[j + 2] | w[j + 3]) === 0) j += 4;
        while (j < words && w[j] === 0) j++;
      } else {
        while (j + 4 <= words && (w[j] & w[j + 1] & w[j + 2] & w[j + 3]) === -1) j += 4;
        while (j < words && w[j] === -1) j++;
      }
      i += j * 4;
    }
  }
  while (i < end && buf[i] === skip) i++;
  if (i === end) return bit === 1 ? -1 : count * 8;
  // The first byte holding a wanted bit: find it from the most significant bit down.
  const b = bit === 1 ? buf[i] : ~buf[i] & 0xff;
  return (i - start) * 8 + (Math.clz32(b) - 24);
}

/** The four BITOP operations. */
export const enum BitOp {
  And,
  Or,
  Xor,
  Not,
}

/**
 * BITOP: combines `srcs` (missing keys as empty buffers) into a new buffer as long as the longest
 * input, shorter inputs read as zero-padded. NOT takes exactly one source.
 */
export function bitop(op: BitOp, srcs: readonly Uint8Array[]): Buffer {
  let maxlen = 0;
  let minlen = Infinity;
  for (const s of srcs) {
    if (s.length > maxlen) maxlen = s.length;
    if (s.length < minlen) minlen = s.length;
  }
  const res = Buffer.alloc(maxlen);
  if (maxlen === 0) return res;
  if (op === BitOp.Not) {
    const s = srcs[0];
    for (let j = 0; j < maxlen; j++) res[j] = ~s[j] & 0xff;
    return res;
  }
  res.set(srcs[0]);
  for (let k = 1; k < srcs.length; k++) {
    const s = srcs[k];
    const n = s.length;
    if (op === BitOp.And) {
      for (let j = 0; j < n; j++) res[j] &= s[j];
      // Past its end a source reads as zeros: AND clears the rest.
      if (n < maxlen) res.fill(0, n);
    } else if (op === BitOp.Or) {
      for (let j = 0; j < n; j++) res[j] |= s[j];
    } else {
      for (let j = 0; j < n; j++) res[j] ^= s[j];
    }
  }
  return res;
}

// ---------------------------------------------------------------------------------------------
// BITFIELD: integers of 1..64 bits at any bit offset, big-endian bit order.

/** Overflow behaviours of BITFIELD SET/INCRBY. */
export const enum Overflow {
  Wrap,
  Sat,
  Fail,
}

/**
 * Reads `n` (<= 32) bits at bit `offset` as an unsigned number; bytes at or past `len` read
 * as zero (BITFIELD GET beyond the end of the string).
 */
function readBits(buf: Uint8Array, len: number, offset: number, n: number): number {
  let byte = Math.floor(offset / 8);
  let shift = 7 - (offset % 8);
  let v = 0;
  for (let j = 0; j < n; j++) {
    const b = byte < len ? (buf[byte] >> shift) & 1 : 0;
    v = v * 2 + b;
    if (shift === 0) {
      shift = 7;
      byte++;
    } else shift--;
  }
  return v;
}

/** Writes the low `n` (<= 32) bits of `v` at bit `offset`; the bytes must exist. */
function writeBits(buf: Uint8Array, offset: number, n: number, v: number): void {
  // From the last (least significant) bit backwards.
  let pos = offset + n - 1;
  for (let j = 0; j < n; j++, pos--) {
    const byte = Math.floor(pos / 8);
    const mask = 1 << (7 - (pos % 8));
    if (v & 1) buf[byte] |= mask;
    else buf[byte] &= ~mask;
    v >>>= 1;
  }
}

/** The unsigned `bits`-bit integer at bit `offset` (bytes past `len` read as zero). */
export function getUnsignedField(buf: Uint8Array, len: number, offset: number, bits: number): bigint {
  if (bits <= 32) return BigInt(readBits(buf, len, offset, bits));
  const hiBits = bits - 32;
  const hi = readBits(buf, len, offset, hiBits);
  const lo = readBits(buf, len, offset + hiBits, 32);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** The signed (two's complement) `bits`-bit integer at bit `offset`. */
export function getSignedField(buf: Uint8Array, len: number, offset: number, bits: number): bigint {
  return BigInt.asIntN(bits, getUnsignedField(buf, len, offset, bits));
}

/** Stores the low `bits` bits of `value` (two's complement for negatives) at bit `offset`. */
export function setField(buf: Uint8Array, offset: number, bits: number, value: bigint): void {
  const u = BigInt.asUintN(64, value);
  if (bits <= 32) {
    writeBits(buf, offset, bits, Number(u & 0xffffffffn));
    return;
  }
  const hiBits = bits - 32;
  writeBits(buf, offset, hiBits, Number((u >> 32n) & 0xffffffffn));
  writeBits(buf, offset + hiBits, 32, Number(u & 0xffffffffn));
}

/**
 * The value a signed field of `bits` bits gets from `value + incr` under `mode`, or null when the
 * result does not fit and the mode is FAIL. Wrapping keeps the low `bits` bits; saturation
 * clamps to the field's range.
 *
 * The range test follows Redis's exactly, including its 64-bit wrap-around when computing the
 * room left above `value`: a SET of a value close to INT64_MIN into a field narrower than 64 bits
 * is classed as an overflow upwards (so SAT stores the maximum), as Redis 7.0 does.
 */
export function signedFieldResult(value: bigint, incr: bigint, bits: number, mode: Overflow): bigint | null {
  const max = (1n << BigInt(bits - 1)) - 1n;
  const min = -max - 1n;
  const maxincr = BigInt.asIntN(64, max - value);
  const minincr = BigInt.asIntN(64, min - value);
  let dir = 0;
  if (value > max || (bits !== 64 && incr > maxincr) || (value >= 0n && incr > 0n && incr > maxincr)) dir = 1;
  else if (value < min || (bits !== 64 && incr < minincr) || (value < 0n && incr < 0n && incr < minincr)) dir = -1;
  if (dir === 0) return value + incr;
  if (mode === Overflow.Fail) return null;
  if (mode === Overflow.Sat) return dir > 0 ? max : min;
  return BigInt.asIntN(bits, value + incr);
}

/**
 * The same for an unsigned field. `value` is taken as a 64-bit unsigned integer (as Redis casts
 * a SET argument), so a negative SET value overflows upwards and saturates to the maximum.
 */
export function unsignedFieldResult(value: bigint, incr: bigint, bits: number, mode: Overflow): bigint | null {
  const max = (1n << BigInt(bits)) - 1n;
  const u = BigInt.asUintN(64, value);
  const sum = u + incr;
  if (u <= max && sum >= 0n && sum <= max) return sum;
  if (mode === Overflow.Fail) return null;
  if (mode === Overflow.Sat) return u > max || sum > max ? max : 0n;
  return BigInt.asUintN(bits, sum);
}
