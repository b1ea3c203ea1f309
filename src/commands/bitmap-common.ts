/** Pieces shared by the bitmap command files (bitmap.ts, bitfield.ts). */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { MutableString } from '../types/mutable-string.js';
import { isString } from '../types/value.js';
import { writeBytes } from '../util/bytes.js';
import { parseInt64 } from '../util/int64.js';
import { MAX_STRING_BYTES, toMutable } from './string-common.js';

export const BIT_OFFSET_ERR = 'ERR bit offset is not an integer or out of range';

/**
 * Redis's getBitOffsetFromArgument: the bit offset in `arg`, or null after replying the error.
 * With `hashBits` > 0 the BITFIELD form "#N" is accepted and means N * hashBits (multiplied with
 * 64-bit wrap-around, as Redis's C does). The byte holding the bit must be below
 * proto-max-bulk-len. Offsets past 2^53 (only reachable with a huge proto-max-bulk-len) come back
 * rounded: they are far past the end of any string, which is all that matters to the callers.
 */
export function parseBitOffset(c: Client, arg: string, hashBits = 0): number | null {
  const usehash = hashBits > 0 && arg.charCodeAt(0) === 35; /* # */
  let off = parseInt64(usehash ? arg.slice(1) : arg);
  if (off === null) {
    c.reply.error(BIT_OFFSET_ERR);
    return null;
  }
  if (usehash) {
    const p = typeof off === 'number' ? off * hashBits : undefined;
    off = p !== undefined && Number.isSafeInteger(p) ? p : BigInt.asIntN(64, BigInt(off) * BigInt(hashBits));
  }
  const max = c.engine.config.num('proto-max-bulk-len');
  const n = Number(off);
  // The AOF loader and a primary's link skip the user limit (stringForBitWrite still caps the size).
  if (n < 0 || (!c.mustObey && Math.floor(n / 8) >= max)) {
    c.reply.error(BIT_OFFSET_ERR);
    return null;
  }
  return n;
}

/**
 * Redis's lookupStringForBitCommand: the string at `key` as a MutableString at least long enough
 * to address bit `maxbit` (created or zero-padded as needed, growing by doubling so SETBIT runs
 * cost O(1) amortized). `grown` tells whether the key was created or lengthened. Returns null
 * after replying: WRONGTYPE, or the offset error when the string would pass what Sonic can hold.
 */
export function stringForBitWrite(c: Client, key: string, maxbit: number): { m: MutableString; grown: boolean } | null {
  const v = c.db.lookup(key);
  if (v !== undefined && !isString(v)) {
    c.reply.error(Errors.wrongType);
    return null;
  }
  const size = Math.floor(maxbit / 8) + 1;
  if (size > MAX_STRING_BYTES) {
    c.reply.error(BIT_OFFSET_ERR);
    return null;
  }
  if (v === undefined) {
    const m = new MutableString('', size);
    m.growTo(size);
    c.db.set(key, m);
    return { m, grown: true };
  }
  const m = toMutable(c, key, v);
  const grown = m.length < size;
  m.growTo(size);
  return { m, grown };
}

/** A reusable buffer for reading plain string values as bytes (kept only while small). */
let scratch = Buffer.allocUnsafe(4096);

/**
 * Bytes [from, to) of a string value for reading, valid until the next call: a MutableString's
 * own storage, or just that part of a plain string copied into a scratch buffer (so a short
 * range of a large value costs only its length). Byte i of the value is `buf[i - shift]`.
 */
export function readableBytes(v: string | MutableString, from: number, to: number): { buf: Buffer; shift: number } {
  if (typeof v !== 'string') return { buf: v.bytes(), shift: 0 };
  const n = Math.max(0, to - from);
  let buf = scratch;
  if (n > buf.length) {
    buf = Buffer.allocUnsafe(n);
    if (n <= 1 << 20) scratch = buf;
  }
  if (n > 0) writeBytes(buf, from === 0 && to === v.length ? v : v.slice(from, to), 0);
  return { buf, shift: from };
}
