/**
 * Bitmap commands on string values (the bitmap group of Redis 7.0): SETBIT, GETBIT, BITCOUNT,
 * BITPOS, BITOP here, BITFIELD and BITFIELD_RO in bitfield.ts. The bit algorithms live in
 * types/bitmap.ts. Writes make the value a MutableString (Redis's "raw" encoding) and change it in
 * place, so SETBIT on a large bitmap costs O(1) amortized.
 */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { BitOp, bitop, bitpos, popcount, popcountByte } from '../types/bitmap.js';
import { MutableString } from '../types/mutable-string.js';
import { isString, type Value } from '../types/value.js';
import { parseInt64, type Int64 } from '../util/int64.js';
import { bitfieldCommands } from './bitfield.js';
import { parseBitOffset, readableBytes, stringForBitWrite } from './bitmap-common.js';
import { defineCommands } from './define.js';
import { notify, Notify } from '../engine/notify.js';
import { optionIs } from './string-common.js';

const BIT_VALUE_ERR = 'ERR bit is not an integer or out of range';

/** The byte at `i` of a string value. */
function byteAt(v: string | MutableString, i: number): number {
  return typeof v === 'string' ? v.charCodeAt(i) : v.byteAt(i);
}

/** BIT (true) / BYTE (false) unit argument (compared as C strings), or null when it is neither. */
function parseUnit(arg: string): boolean | null {
  if (optionIs(arg, 'bit')) return true;
  if (optionIs(arg, 'byte')) return false;
  return null;
}

/** a > b, exactly even past 2^53. */
function greater(a: Int64, b: Int64): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a > b : BigInt(a) > BigInt(b);
}

/**
 * A BITCOUNT/BITPOS range resolved against a string, in bytes. In BIT units the edge bytes carry
 * masks of the bits that lie outside the range.
 */
interface ByteRange {
  start: number;
  end: number;
  /** Bits of the first / last byte before / after the range (BIT unit only). */
  firstMask: number;
  lastMask: number;
}

/**
 * Redis's range rules: negative indexes count from the end, then both are clamped into the
 * string (of `strlen` bytes). Indexes past 2^53 arrive rounded, which keeps their sign and their
 * order against any string length: the result is the same.
 */
function resolveRange(start: number, end: number, strlen: number, isBit: boolean): ByteRange {
  const totlen = isBit ? strlen * 8 : strlen;
  if (start < 0) start += totlen;
  if (end < 0) end += totlen;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= totlen) end = totlen - 1;
  let firstMask = 0;
  let lastMask = 0;
  if (isBit && start <= end) {
    firstMask = ~((1 << (8 - (start & 7))) - 1) & 0xff;
    lastMask = (1 << (7 - (end & 7))) - 1;
    start = Math.floor(start / 8);
    end = Math.floor(end / 8);
  }
  return { start, end, firstMask, lastMask };
}

/** BITCOUNT key [start end [BYTE|BIT]] */
function bitcount(c: Client, argv: string[]): void {
  // Redis looks the key up first: a missing key counts 0 whatever the arguments.
  const v = c.db.lookupRead(argv[1]);
  if (v === undefined) return c.reply.int(0);
  if (!isString(v)) return c.reply.error(Errors.wrongType);
  const strlen = v.length;
  let range: ByteRange;
  if (argv.length === 4 || argv.length === 5) {
    const s = parseInt64(argv[2]);
    if (s === null) return c.reply.error(Errors.notInteger);
    const e = parseInt64(argv[3]);
    if (e === null) return c.reply.error(Errors.notInteger);
    // Before the unit is even parsed.
    if (s < 0 && e < 0 && greater(s, e)) return c.reply.int(0);
    let isBit = false;
    if (argv.length === 5) {
      const u = parseUnit(argv[4]);
      if (u === null) return c.reply.error(Errors.syntax);
      isBit = u;
    }
    range = resolveRange(Number(s), Number(e), strlen, isBit);
  } else if (argv.length === 2) {
    range = { start: 0, end: strlen - 1, firstMask: 0, lastMask: 0 };
  } else {
    return c.reply.error(Errors.syntax);
  }
  const { start, end, firstMask, lastMask } = range;
  if (start > end) return c.reply.int(0);
  const { buf, shift } = readableBytes(v, start, end + 1);
  let count = popcount(buf, start - shift, end + 1 - shift);
  // Take back the bits of the edge bytes that lie outside a BIT range.
  if (firstMask !== 0) count -= popcountByte(buf[start - shift] & firstMask);
  if (lastMask !== 0) count -= popcountByte(buf[end - shift] & lastMask);
  c.reply.int(count);
}

/** BITPOS key bit [start [end [BYTE|BIT]]] */
function bitposCommand(c: Client, argv: string[]): void {
  const b = parseInt64(argv[2]);
  if (b === null) return c.reply.error(Errors.notInteger);
  if (b !== 0 && b !== 1) return c.reply.error('ERR The bit argument must be 1 or 0.');
  const bit = b === 1 ? 1 : 0;
  const v = c.db.lookupRead(argv[1]);
  // A missing key is an infinite run of zeros.
  if (v === undefined) return c.reply.int(bit ? -1 : 0);
  if (!isString(v)) return c.reply.error(Errors.wrongType);
  const strlen = v.length;
  let endGiven = false;
  let range: ByteRange;
  if (argv.length >= 4 && argv.length <= 6) {
    const s = parseInt64(argv[3]);
    if (s === null) return c.reply.error(Errors.notInteger);
    // The unit is parsed before the end, as Redis does.
    let isBit = false;
    if (argv.length === 6) {
      const u = parseUnit(argv[5]);
      if (u === null) return c.reply.error(Errors.syntax);
      isBit = u;
    }
    let e: number;
    if (argv.length >= 5) {
      const pe = parseInt64(argv[4]);
      if (pe === null) return c.reply.error(Errors.notInteger);
      e = Number(pe);
      endGiven = true;
    } else {
      e = isBit ? strlen * 8 + 7 : strlen - 1;
    }
    range = resolveRange(Number(s), e, strlen, isBit);
  } else if (argv.length === 3) {
    range = { start: 0, end: strlen - 1, firstMask: 0, lastMask: 0 };
  } else {
    return c.reply.error(Errors.syntax);
  }
  // An empty range holds neither a 0 nor a 1.
  if (range.start > range.end) return c.reply.int(-1);
  c.reply.int(findBit(v, range, bit, endGiven));
}

/** The first `bit` in one byte, or (as bitpos) -1 / 8 when there is none. */
function bitposByte(byte: number, bit: 0 | 1): number {
  return bitpos(Uint8Array.of(byte & 0xff), 0, 1, bit);
}

/**
 * BITPOS's search over a non-empty resolved range. In BIT units the edge bytes are searched
 * alone, with the bits outside the range forced to the value not looked for.
 */
function findBit(v: string | MutableString, range: ByteRange, bit: 0 | 1, endGiven: boolean): number {
  const { buf, shift } = readableBytes(v, range.start, range.end + 1);
  const { firstMask, lastMask } = range;
  // Positions below are in `buf`; `shift` maps them back to the value.
  const end = range.end - shift;
  let start = range.start - shift;
  let bytes = end - start + 1;
  let pos = -1;
  let found = false;
  if (firstMask !== 0) {
    let ch = bit ? buf[start] & ~firstMask : buf[start] | firstMask;
    if (lastMask !== 0 && bytes === 1) ch = bit ? ch & ~lastMask : ch | lastMask;
    pos = bitposByte(ch, bit);
    if (bytes === 1 || (pos !== -1 && pos !== 8)) found = true;
    else {
      start++;
      bytes--;
    }
  }
  if (!found) {
    const cur = bytes - (lastMask !== 0 ? 1 : 0);
    if (cur > 0) {
      pos = bitpos(buf, start, cur, bit);
      if (bytes === cur || (pos !== -1 && pos !== cur * 8)) found = true;
      else {
        start += cur;
        bytes -= cur;
      }
    }
  }
  if (!found) pos = bitposByte(bit ? buf[end] & ~lastMask : buf[end] | lastMask, bit);
  // With an explicit end, the bits right of the range are not zero padding: no 0 was found.
  if (endGiven && bit === 0 && pos === bytes * 8) return -1;
  return pos === -1 ? -1 : pos + (start + shift) * 8;
}

const EMPTY = new Uint8Array(0);

/** BITOP AND|OR|XOR|NOT destkey key [key ...] */
function bitopCommand(c: Client, argv: string[]): void {
  const name = argv[1];
  let op: BitOp;
  if (optionIs(name, 'and')) op = BitOp.And;
  else if (optionIs(name, 'or')) op = BitOp.Or;
  else if (optionIs(name, 'xor')) op = BitOp.Xor;
  else if (optionIs(name, 'not')) op = BitOp.Not;
  else return c.reply.error(Errors.syntax);
  if (op === BitOp.Not && argv.length !== 4) return c.reply.error('ERR BITOP NOT must be called with a single source key.');
  const srcs: Uint8Array[] = [];
  for (let j = 3; j < argv.length; j++) {
    const v: Value | undefined = c.db.lookupRead(argv[j]);
    if (v === undefined) {
      srcs.push(EMPTY);
      continue;
    }
    if (!isString(v)) return c.reply.error(Errors.wrongType);
    srcs.push(typeof v === 'string' ? Buffer.from(v, 'latin1') : v.bytes().subarray(0, v.length));
  }
  const res = bitop(op, srcs);
  const dest = argv[2];
  if (res.length > 0) {
    // A new value ("raw" in Redis, whatever its length), replacing the key and its TTL.
    c.db.set(dest, MutableString.fromBuffer(res));
    notify(c, Notify.String, 'set', dest);
    c.engine.dirty++;
  } else if (c.db.delete(dest)) {
    notify(c, Notify.Generic, 'del', dest);
    c.engine.dirty++;
  }
  c.reply.int(res.length);
}

export const bitmapCommands = defineCommands({
  /** SETBIT key offset value: replies with the bit's previous value. */
  setbit: (c, argv) => {
    const offset = parseBitOffset(c, argv[2]);
    if (offset === null) return;
    const on = parseInt64(argv[3]);
    if (on === null || (on !== 0 && on !== 1)) return c.reply.error(BIT_VALUE_ERR);
    const w = stringForBitWrite(c, argv[1], offset);
    if (w === null) return;
    const byte = Math.floor(offset / 8);
    const mask = 1 << (7 - (offset % 8));
    const old = w.m.byteAt(byte);
    const was = (old & mask) !== 0 ? 1 : 0;
    // A created or lengthened string counts as a change even when the bit stays 0.
    if (w.grown || was !== on) {
      w.m.setByte(byte, on ? old | mask : old & ~mask);
      c.db.signalModified(argv[1]);
      notify(c, Notify.String, 'setbit', argv[1]);
      c.engine.dirty++;
    }
    c.reply.int(was);
  },

  /** GETBIT key offset */
  getbit: (c, argv) => {
    const offset = parseBitOffset(c, argv[2]);
    if (offset === null) return;
    const v = c.db.lookupRead(argv[1]);
    if (v === undefined) return c.reply.int(0);
    if (!isString(v)) return c.reply.error(Errors.wrongType);
    const byte = Math.floor(offset / 8);
    if (byte >= v.length) return c.reply.int(0);
    c.reply.int((byteAt(v, byte) >> (7 - (offset % 8))) & 1);
  },

  bitcount,
  bitpos: bitposCommand,
  bitop: bitopCommand,
  ...bitfieldCommands,
});
