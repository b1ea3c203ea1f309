/**
 * Redis's bundled struct library (Roberto Ierusalimschy's struct.c, 2018): pack, unpack, size,
 * with the sizes and alignment of Redis's x86-64 build (short 2, int 4, long and size_t 8,
 * native little endian, maximum alignment 8).
 *
 * Format letters: > < (endianness), ![n] (alignment), x (pad byte), b/B h/H l/L T i[n]/I[n]
 * (integers; i and I take sizes up to 32 bytes), f d (float, double), c[n] (n chars; c0 is the
 * whole string when packing and a length taken from the previous result when unpacking),
 * s (zero-terminated string), ' ' (ignored). Integers go through the C conversions: a negative
 * number through (long), others through (unsigned long), and back as (long) or (unsigned long).
 */
import { LuaFunction, LuaTable, argError, checkString, luaError, numberToString, stringToNumber, typeName, type LuaValue } from './value.js';
import { MAX_C_STACK, optInteger } from './lib-args.js';
import { doubleToInt64, doubleToUint64 } from './c-printf.js';

const MAXINTSIZE = 32;
const MAXALIGN = 8;
const BIG = 0;
const LITTLE = 1;

interface Header {
  endian: number;
  align: number;
}

/** The format with a cursor (a C string: it ends at its first NUL). */
class Fmt {
  i = 0;
  readonly end: number;
  constructor(readonly s: string) {
    const nul = s.indexOf('\0');
    this.end = nul < 0 ? s.length : nul;
  }
  more(): boolean {
    return this.i < this.end;
  }
  next(): string {
    return this.s[this.i++];
  }
  digit(): boolean {
    if (this.i >= this.end) return false;
    const c = this.s.charCodeAt(this.i);
    return c >= 48 && c <= 57;
  }
}

/** getnum: a decimal count after an option, or `df`. */
function getnum(fmt: Fmt, df: number): number {
  if (!fmt.digit()) return df;
  let a = 0;
  do {
    const d = fmt.s.charCodeAt(fmt.i) - 48;
    if (a > Math.floor(2147483647 / 10) || a * 10 > 2147483647 - d) luaError('integral size overflow');
    a = a * 10 + d;
    fmt.i++;
  } while (fmt.digit());
  return a;
}

function optsize(opt: string, fmt: Fmt): number {
  switch (opt) {
    case 'B':
    case 'b':
    case 'x':
      return 1;
    case 'H':
    case 'h':
      return 2;
    case 'f':
      return 4;
    case 'L':
    case 'l':
    case 'T':
    case 'd':
      return 8;
    case 'c':
      return getnum(fmt, 1);
    case 'i':
    case 'I': {
      const sz = getnum(fmt, 4);
      if (sz > MAXINTSIZE) luaError(`integral size ${sz} is larger than limit of ${MAXINTSIZE}`);
      return sz;
    }
    default:
      return 0;
  }
}

/** gettoalign: padding before an item of `size` at offset `len`. */
function gettoalign(len: number, h: Header, opt: string, size: number): number {
  if (size === 0 || opt === 'c') return 0;
  if (size > h.align) size = h.align;
  return (size - (len & (size - 1))) & (size - 1);
}

function controloptions(opt: string, fmt: Fmt, h: Header, fname: string): void {
  switch (opt) {
    case ' ':
      return;
    case '>':
      h.endian = BIG;
      return;
    case '<':
      h.endian = LITTLE;
      return;
    case '!': {
      const a = getnum(fmt, MAXALIGN);
      if (!(a > 0 && (a & (a - 1)) === 0)) luaError(`alignment ${a} is not a power of 2`);
      h.align = a;
      return;
    }
    default:
      argError(1, fname, `invalid format option '${opt}'`);
  }
}

function isInteger(opt: string): boolean {
  return 'bBhHlLTiI'.indexOf(opt) >= 0;
}

/**
 * Argument i (1-based) of pack: b_pack pushes a nil after its arguments, so the first missing one
 * reads as nil ("got nil"); a check never gets further than that.
 */
function packArgType(args: LuaValue[], i: number): string {
  return i <= args.length ? typeName(args[i - 1]) : 'nil';
}

function packNumber(args: LuaValue[], i: number): number {
  const v = args[i - 1];
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = stringToNumber(v);
    if (n !== undefined) return n;
  }
  return argError(i, 'pack', `number expected, got ${packArgType(args, i)}`);
}

function packString(args: LuaValue[], i: number): string {
  const v = args[i - 1];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  return argError(i, 'pack', `string expected, got ${packArgType(args, i)}`);
}

/** putinteger: `size` bytes of the 64-bit C value of n (zeros beyond 8 bytes). */
function putInteger(n: number, endian: number, size: number): string {
  let value = n < 0 ? BigInt.asUintN(64, doubleToInt64(n)) : doubleToUint64(n);
  const bytes: string[] = new Array(size);
  for (let i = 0; i < size; i++) {
    const b = String.fromCharCode(Number(value & 0xffn));
    value >>= 8n;
    bytes[endian === LITTLE ? i : size - 1 - i] = b;
  }
  return bytes.join('');
}

const f32 = new Float32Array(1);
const f64 = new Float64Array(1);
const u8f32 = new Uint8Array(f32.buffer);
const u8f64 = new Uint8Array(f64.buffer);

/** The native (little-endian) bytes of a float or double, reversed for big endian. */
function floatBytes(n: number, size: number, endian: number): string {
  const u8 = size === 4 ? u8f32 : u8f64;
  if (size === 4) f32[0] = n;
  else f64[0] = n;
  let out = '';
  for (let i = 0; i < size; i++) out += String.fromCharCode(u8[endian === LITTLE ? i : size - 1 - i]);
  // x86 makes NaN with the sign bit set; JS cannot keep a NaN's bits, so write that one
  if (n !== n) {
    const nan = size === 4 ? '\x00\x00\xc0\xff' : '\x00\x00\x00\x00\x00\x00\xf8\xff';
    return endian === LITTLE ? nan : nan.split('').reverse().join('');
  }
  return out;
}

function pack(args: LuaValue[]): LuaValue[] {
  const fmt = new Fmt(checkString(args, 0, 'pack'));
  const h: Header = { endian: LITTLE, align: 1 };
  let arg = 2;
  let total = 0;
  const out: string[] = [];
  while (fmt.more()) {
    const opt = fmt.next();
    let size = optsize(opt, fmt);
    const toalign = gettoalign(total, h, opt, size);
    total += toalign;
    if (toalign > 0) out.push('\0'.repeat(toalign));
    if (isInteger(opt)) out.push(putInteger(packNumber(args, arg++), h.endian, size));
    else if (opt === 'x') out.push('\0');
    else if (opt === 'f' || opt === 'd') out.push(floatBytes(packNumber(args, arg++), size, h.endian));
    else if (opt === 'c' || opt === 's') {
      const s = packString(args, arg++);
      if (size === 0) size = s.length;
      if (s.length < size) argError(arg, 'pack', 'string too short'); // arg already moved on (as in C)
      out.push(s.slice(0, size));
      if (opt === 's') {
        out.push('\0');
        size++;
      }
    } else controloptions(opt, fmt, h, 'pack');
    total += size;
  }
  return [out.join('')];
}

/** getinteger: the bytes as a 64-bit C value (bytes beyond 8 shift out), signed or not. */
function getInteger(data: string, at: number, endian: number, signed: boolean, size: number): number {
  let l = 0n;
  for (let k = 0; k < size; k++) {
    const i = endian === BIG ? k : size - 1 - k;
    l = BigInt.asUintN(64, (l << 8n) | BigInt(data.charCodeAt(at + i)));
  }
  if (!signed) return Number(l);
  // the sign mask's shift count wraps modulo 64 on x86 (sizes 0 and above 8)
  const mask = BigInt.asUintN(64, ~0n << BigInt((size * 8 - 1) & 63));
  if (l & mask) l |= mask;
  return Number(BigInt.asIntN(64, l));
}

function readFloat(data: string, at: number, size: number, endian: number): number {
  const u8 = size === 4 ? u8f32 : u8f64;
  for (let i = 0; i < size; i++) u8[endian === LITTLE ? i : size - 1 - i] = data.charCodeAt(at + i);
  return size === 4 ? f32[0] : f64[0];
}

function unpack(args: LuaValue[]): LuaValue[] {
  const fmt = new Fmt(checkString(args, 0, 'unpack'));
  const data = checkString(args, 1, 'unpack');
  const ld = data.length;
  const start = optInteger(args, 2, 'unpack', 1);
  // pos is a size_t: a negative offset wraps to a huge one, which no data is long enough for
  if (start === 0) argError(3, 'unpack', 'offset must be 1 or greater');
  const huge = start < 0;
  let pos = start - 1;
  const h: Header = { endian: LITTLE, align: 1 };
  const out: LuaValue[] = [];
  while (fmt.more()) {
    const opt = fmt.next();
    let size = optsize(opt, fmt);
    pos += gettoalign(pos, h, opt, size);
    if (huge || !(size <= ld && pos <= ld - size)) argError(2, 'unpack', 'data string too short');
    if (args.length + out.length + 2 > MAX_C_STACK) luaError('stack overflow (too many results)');
    if (isInteger(opt)) out.push(getInteger(data, pos, h.endian, opt >= 'a', size));
    else if (opt === 'f' || opt === 'd') out.push(readFloat(data, pos, size, h.endian));
    else if (opt === 'c') {
      if (size === 0) {
        const prev = out[out.length - 1];
        const n = typeof prev === 'number' ? prev : typeof prev === 'string' ? stringToNumber(prev) : undefined;
        if (out.length === 0 || n === undefined) luaError("format 'c0' needs a previous size");
        out.pop();
        const sz = doubleToUint64(n!);
        if (!(sz <= BigInt(ld) && BigInt(pos) <= BigInt(ld) - sz)) argError(2, 'unpack', 'data string too short');
        size = Number(sz);
      }
      out.push(data.slice(pos, pos + size));
    } else if (opt === 's') {
      const e = data.indexOf('\0', pos);
      if (e < 0) luaError('unfinished string in data');
      size = e - pos + 1;
      out.push(data.slice(pos, e));
    } else if (opt !== 'x') controloptions(opt, fmt, h, 'unpack');
    pos += size;
  }
  out.push(pos + 1);
  return out;
}

function isAlnum(opt: string): boolean {
  const c = opt.charCodeAt(0);
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function size(args: LuaValue[]): LuaValue[] {
  const fmt = new Fmt(checkString(args, 0, 'size'));
  const h: Header = { endian: LITTLE, align: 1 };
  let pos = 0;
  while (fmt.more()) {
    const opt = fmt.next();
    const sz = optsize(opt, fmt);
    pos += gettoalign(pos, h, opt, sz);
    if (opt === 's') argError(1, 'size', "option 's' has no fixed size");
    else if (opt === 'c' && sz === 0) argError(1, 'size', "option 'c0' has no fixed size");
    if (!isAlnum(opt)) controloptions(opt, fmt, h, 'size');
    pos += sz;
  }
  return [pos];
}

export function openStruct(): LuaTable {
  const t = new LuaTable();
  t.set('pack', new LuaFunction('pack', pack));
  t.set('unpack', new LuaFunction('unpack', unpack));
  t.set('size', new LuaFunction('size', size));
  return t;
}
