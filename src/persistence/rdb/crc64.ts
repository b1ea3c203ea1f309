/**
 * CRC-64 as Redis computes it (crc64.c): the Jones polynomial 0xad93d23594c935a9, reflected
 * input and output, initial value 0, no final xor. crc64(0, "123456789") = 0xe9c6d914c4b8d9ca.
 *
 * The 64-bit register is kept as two unsigned 32-bit halves so no BigInt is touched per byte;
 * eight tables (slicing-by-8) let the main loop consume eight input bytes per step.
 */

/** The bit-reversed polynomial, as the reflected algorithm uses it. */
const POLY_HI = 0x95ac9329;
const POLY_LO = 0xac4bc9b5;

const SLICES = 8;
const LO = new Uint32Array(256 * SLICES);
const HI = new Uint32Array(256 * SLICES);

for (let n = 0; n < 256; n++) {
  let lo = n;
  let hi = 0;
  for (let k = 0; k < 8; k++) {
    const carry = lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi >>>= 1;
    if (carry) {
      lo = (lo ^ POLY_LO) >>> 0;
      hi = (hi ^ POLY_HI) >>> 0;
    }
  }
  LO[n] = lo;
  HI[n] = hi;
}
// Table s maps a byte to its CRC after s further zero bytes.
for (let s = 1; s < SLICES; s++) {
  for (let n = 0; n < 256; n++) {
    const plo = LO[(s - 1) * 256 + n];
    const phi = HI[(s - 1) * 256 + n];
    const idx = plo & 0xff;
    LO[s * 256 + n] = (LO[idx] ^ ((plo >>> 8) | (phi << 24))) >>> 0;
    HI[s * 256 + n] = (HI[idx] ^ (phi >>> 8)) >>> 0;
  }
}

/** A running CRC-64: feed it chunks with update(), read it with value(). */
export class Crc64 {
  lo = 0;
  hi = 0;

  /** Adds `buf[start..end)` to the checksum. */
  update(buf: Uint8Array, start = 0, end = buf.length): this {
    let lo = this.lo;
    let hi = this.hi;
    let i = start;
    while (end - i >= 8) {
      const a = (lo ^ (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24))) >>> 0;
      const b = (hi ^ (buf[i + 4] | (buf[i + 5] << 8) | (buf[i + 6] << 16) | (buf[i + 7] << 24))) >>> 0;
      const i7 = 7 * 256 + (a & 0xff);
      const i6 = 6 * 256 + ((a >>> 8) & 0xff);
      const i5 = 5 * 256 + ((a >>> 16) & 0xff);
      const i4 = 4 * 256 + (a >>> 24);
      const i3 = 3 * 256 + (b & 0xff);
      const i2 = 2 * 256 + ((b >>> 8) & 0xff);
      const i1 = 256 + ((b >>> 16) & 0xff);
      const i0 = b >>> 24;
      lo = (LO[i7] ^ LO[i6] ^ LO[i5] ^ LO[i4] ^ LO[i3] ^ LO[i2] ^ LO[i1] ^ LO[i0]) >>> 0;
      hi = (HI[i7] ^ HI[i6] ^ HI[i5] ^ HI[i4] ^ HI[i3] ^ HI[i2] ^ HI[i1] ^ HI[i0]) >>> 0;
      i += 8;
    }
    for (; i < end; i++) {
      const idx = (lo ^ buf[i]) & 0xff;
      lo = (LO[idx] ^ ((lo >>> 8) | (hi << 24))) >>> 0;
      hi = (HI[idx] ^ (hi >>> 8)) >>> 0;
    }
    this.lo = lo;
    this.hi = hi;
    return this;
  }

  /** The checksum as Redis stores it: 8 bytes little-endian. */
  bytes(): Buffer {
    const b = Buffer.allocUnsafe(8);
    b.writeUInt32LE(this.lo, 0);
    b.writeUInt32LE(this.hi, 4);
    return b;
  }

  /** The checksum as an unsigned 64-bit integer. */
  value(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** True if the 8 bytes at `buf[at..]` (little-endian) equal this checksum. */
  matches(buf: Uint8Array, at: number): boolean {
    const lo = (buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16) | (buf[at + 3] << 24)) >>> 0;
    const hi = (buf[at + 4] | (buf[at + 5] << 8) | (buf[at + 6] << 16) | (buf[at + 7] << 24)) >>> 0;
    return lo === this.lo && hi === this.hi;
  }
}

/** CRC-64 of `buf[start..end)`. */
export function crc64(buf: Uint8Array, start = 0, end = buf.length): Crc64 {
  return new Crc64().update(buf, start, end);
}
