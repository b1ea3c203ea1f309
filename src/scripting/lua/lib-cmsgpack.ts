/**
 * Redis's bundled lua-cmsgpack 0.4.0 (deps/lua/src/lua_cmsgpack.c): pack, unpack, unpack_one,
 * unpack_limit.
 *
 * Encoding choices are the C code's: a number that is an integer in int64 range is packed in the
 * smallest integer form, another one as a float 32 when that is exact, else as a double; a table
 * whose keys are exactly 1..n is an array, any other a map; tables nested 16 deep pack as nil
 * (so circular tables terminate). Decoding knows str8/16/32 but not bin or ext types.
 *
 * Decoding runs on an explicit stack and counts the Lua stack slots the C code would use, so
 * "stack overflow (...)" errors come exactly where Redis raises them (8000 values returned at
 * once, or about 4000 levels of nesting).
 */
import { LuaError, LuaFunction, LuaTable, argError, checkString, luaError, type LuaValue } from './value.js';
import { MAX_C_STACK, checkInteger, optInteger, toInt32 } from './lib-args.js';

const MAX_NESTING = 16;

const f32 = new Float32Array(1);
const u8f32 = new Uint8Array(f32.buffer);
const f64 = new Float64Array(1);
const u8f64 = new Uint8Array(f64.buffer);

function checkStack(slots: number, what: string): void {
  if (slots > MAX_C_STACK) luaError(`stack overflow (${what})`);
}

// ---- encoding --------------------------------------------------------------------------------

function be(n: number, bytes: number): string {
  let s = '';
  for (let i = bytes - 1; i >= 0; i--) s += String.fromCharCode(Math.floor(n / 2 ** (8 * i)) & 0xff);
  return s;
}

function encodeBytes(s: string): string {
  const len = s.length;
  if (len < 32) return String.fromCharCode(0xa0 | len) + s;
  if (len <= 0xff) return '\xd9' + String.fromCharCode(len) + s;
  if (len <= 0xffff) return '\xda' + be(len, 2) + s;
  return '\xdb' + be(len, 4) + s;
}

function bigBytes(n: bigint): string {
  let s = '';
  for (let i = 7; i >= 0; i--) s += String.fromCharCode(Number((n >> BigInt(8 * i)) & 0xffn));
  return s;
}

/** mp_encode_int for an integer-valued double in [-2^63, 2^63). */
function encodeInt(n: number): string {
  if (n >= 0) {
    if (n <= 127) return String.fromCharCode(n);
    if (n <= 0xff) return '\xcc' + String.fromCharCode(n);
    if (n <= 0xffff) return '\xcd' + be(n, 2);
    if (n <= 0xffffffff) return '\xce' + be(n, 4);
    return '\xcf' + bigBytes(BigInt(n));
  }
  if (n >= -32) return String.fromCharCode(n & 0xff);
  if (n >= -128) return '\xd0' + String.fromCharCode(n & 0xff);
  if (n >= -32768) return '\xd1' + be(n & 0xffff, 2);
  if (n >= -2147483648) return '\xd2' + be(n >>> 0, 4);
  return '\xd3' + bigBytes(BigInt.asUintN(64, BigInt(n)));
}

function encodeNumber(n: number): string {
  if (Number.isInteger(n) && n >= -(2 ** 63) && n < 2 ** 63) return encodeInt(n === 0 ? 0 : n);
  let out: string;
  if (Math.fround(n) === n) {
    f32[0] = n;
    out = '\xca';
    for (let i = 3; i >= 0; i--) out += String.fromCharCode(u8f32[i]);
    return out;
  }
  f64[0] = n;
  out = '\xcb';
  // x86 makes NaN with the sign bit set; JS cannot keep a NaN's bits, so write that one
  if (n !== n) return out + '\xff\xf8\0\0\0\0\0\0';
  for (let i = 7; i >= 0; i--) out += String.fromCharCode(u8f64[i]);
  return out;
}

function header(n: number, fix: number, x16: string, x32: string): string {
  if (n <= 15) return String.fromCharCode(fix | n);
  if (n <= 65535) return x16 + be(n, 2);
  return x32 + be(n, 4);
}

/** table_is_an_array: keys exactly 1..n (positive C ints, no holes). */
function isArray(t: LuaTable): boolean {
  let count = 0;
  let max = 0;
  let k: LuaValue = undefined;
  for (;;) {
    const e = t.next(k);
    if (!e) break;
    k = e[0];
    if (typeof k !== 'number' || k <= 0 || !(Number.isInteger(k) && k <= 2147483647)) return false;
    if (k > max) max = k;
    count++;
  }
  return max === count;
}

/** mp_encode_lua_type; `slots` counts the Lua stack with the value on top. */
function encodeValue(out: string[], v: LuaValue, level: number, slots: number): void {
  if (typeof v === 'string') out.push(encodeBytes(v));
  else if (typeof v === 'boolean') out.push(v ? '\xc3' : '\xc2');
  else if (typeof v === 'number') out.push(encodeNumber(v));
  else if (v instanceof LuaTable && level !== MAX_NESTING) {
    checkStack(slots + 2, 'in function table_is_an_array');
    if (isArray(v)) {
      const len = v.length();
      out.push(header(len, 0x90, '\xdc', '\xdd'));
      checkStack(slots + 1, 'in function mp_encode_lua_table_as_array');
      for (let j = 1; j <= len; j++) encodeValue(out, v.get(j), level + 1, slots + 1);
    } else {
      checkStack(slots + 3, 'in function mp_encode_lua_table_as_map');
      let len = 0;
      for (let e = v.next(undefined); e; e = v.next(e[0])) len++;
      out.push(header(len, 0x80, '\xde', '\xdf'));
      for (let e = v.next(undefined); e; e = v.next(e[0])) {
        encodeValue(out, e[0], level + 1, slots + 3);
        encodeValue(out, e[1], level + 1, slots + 2);
      }
    }
  } else out.push('\xc0');
}

function pack(args: LuaValue[]): LuaValue[] {
  const nargs = args.length;
  if (nargs === 0) argError(0, 'pack', 'MessagePack pack needs input.');
  if (nargs > MAX_C_STACK || nargs + nargs > MAX_C_STACK) argError(0, 'pack', 'Too many arguments for MessagePack pack.');
  const out: string[] = [];
  for (let i = 1; i <= nargs; i++) {
    checkStack(nargs + i, 'in function mp_check');
    encodeValue(out, args[i - 1], 0, nargs + i);
  }
  return [out.join('')];
}

// ---- decoding --------------------------------------------------------------------------------

const EOF = 1;
const BADFMT = 2;
const TOO_MANY = 'too many return values at once; use unpack_one or unpack_limit instead.';

/** A table being filled: `left` elements (or pairs) still to read. */
interface Frame {
  t: LuaTable;
  map: boolean;
  left: number;
  index: number;
  /** A map's key, once read. */
  key: LuaValue;
  haveKey: boolean;
  /** Lua stack slots in use below the table. */
  base: number;
}

class Decoder {
  pos: number;
  err = 0;

  constructor(
    private readonly s: string,
    start: number,
  ) {
    this.pos = start;
  }

  get left(): number {
    return this.s.length - this.pos;
  }

  private byte(i: number): number {
    return this.s.charCodeAt(this.pos + i);
  }

  private uint(at: number, bytes: number): number {
    let v = 0;
    for (let i = 0; i < bytes; i++) v = v * 256 + this.byte(at + i);
    return v;
  }

  private int64(at: number): bigint {
    let v = 0n;
    for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(this.byte(at + i));
    return BigInt.asIntN(64, v);
  }

  private need(n: number): boolean {
    if (this.left < n) {
      this.err = EOF;
      return false;
    }
    return true;
  }

  /** A string of l bytes after a header of h bytes. */
  private str(h: number, l: number): string | undefined {
    if (!this.need(h + l)) return undefined;
    const v = this.s.slice(this.pos + h, this.pos + h + l);
    this.pos += h + l;
    return v;
  }

  /**
   * mp_decode_to_lua_type: one value, its tables filled without recursion. `slots` is the Lua
   * stack in use below it. Returns undefined with err set on malformed input.
   */
  value(slots: number): LuaValue {
    const stack: Frame[] = [];
    for (;;) {
      // The stack below the next item: an array holds its table and the pending index, a map
      // its table (and the key while its value is read).
      const f = stack[stack.length - 1];
      const itemTop = f === undefined ? slots : f.map && !f.haveKey ? f.base + 1 : f.base + 2;
      if (!this.need(1)) return undefined;
      checkStack(itemTop + 1, TOO_MANY);
      let v: LuaValue;
      let opened: Frame | undefined;
      const c = this.byte(0);
      switch (c) {
        case 0xcc:
        case 0xd0:
          if (!this.need(2)) return undefined;
          v = c === 0xcc ? this.byte(1) : (this.byte(1) << 24) >> 24;
          this.pos += 2;
          break;
        case 0xcd:
        case 0xd1:
          if (!this.need(3)) return undefined;
          v = this.uint(1, 2);
          if (c === 0xd1) v = (v << 16) >> 16;
          this.pos += 3;
          break;
        case 0xce:
        case 0xd2:
          if (!this.need(5)) return undefined;
          v = this.uint(1, 4);
          if (c === 0xd2) v = v | 0;
          this.pos += 5;
          break;
        case 0xcf:
        case 0xd3:
          // uint64 goes through lua_Integer too: 2^63 and above come out negative
          if (!this.need(9)) return undefined;
          v = Number(this.int64(1));
          this.pos += 9;
          break;
        case 0xc0:
          v = undefined;
          this.pos++;
          break;
        case 0xc3:
        case 0xc2:
          v = c === 0xc3;
          this.pos++;
          break;
        case 0xca:
          if (!this.need(5)) return undefined;
          for (let i = 0; i < 4; i++) u8f32[3 - i] = this.byte(1 + i);
          v = f32[0];
          this.pos += 5;
          break;
        case 0xcb:
          if (!this.need(9)) return undefined;
          for (let i = 0; i < 8; i++) u8f64[7 - i] = this.byte(1 + i);
          v = f64[0];
          this.pos += 9;
          break;
        case 0xd9:
          if (!this.need(2)) return undefined;
          v = this.str(2, this.byte(1));
          if (v === undefined) return undefined;
          break;
        case 0xda:
          if (!this.need(3)) return undefined;
          v = this.str(3, this.uint(1, 2));
          if (v === undefined) return undefined;
          break;
        case 0xdb:
          if (!this.need(5)) return undefined;
          v = this.str(5, this.uint(1, 4));
          if (v === undefined) return undefined;
          break;
        case 0xdc:
        case 0xde:
          if (!this.need(3)) return undefined;
          opened = this.frame(c === 0xde, this.uint(1, 2), 3, itemTop);
          break;
        case 0xdd:
        case 0xdf:
          if (!this.need(5)) return undefined;
          opened = this.frame(c === 0xdf, this.uint(1, 4), 5, itemTop);
          break;
        default:
          if ((c & 0x80) === 0) {
            v = c;
            this.pos++;
          } else if ((c & 0xe0) === 0xe0) {
            v = (c << 24) >> 24;
            this.pos++;
          } else if ((c & 0xe0) === 0xa0) {
            v = this.str(1, c & 0x1f);
            if (v === undefined) return undefined;
          } else if ((c & 0xf0) === 0x90 || (c & 0xf0) === 0x80) {
            opened = this.frame((c & 0xf0) === 0x80, c & 0xf, 1, itemTop);
          } else {
            this.err = BADFMT;
            return undefined;
          }
      }
      if (opened) {
        // lua_newtable; an array then checks room for its index
        if (!opened.map) checkStack(itemTop + 2, 'in function mp_decode_to_lua_array');
        if (opened.left > 0) {
          stack.push(opened);
          continue;
        }
        v = opened.t;
      }
      // Store v in the enclosing tables, closing the ones it completes.
      for (;;) {
        const g = stack[stack.length - 1];
        if (g === undefined) return v;
        if (g.map && !g.haveKey) {
          g.key = v;
          g.haveKey = true;
          break;
        }
        if (g.map) {
          setField(g.t, g.key, v);
          g.haveKey = false;
        } else {
          if (v !== undefined) g.t.set(g.index, v);
          g.index++;
        }
        if (--g.left > 0) break;
        stack.pop();
        v = g.t;
      }
    }
  }

  private frame(map: boolean, left: number, header: number, base: number): Frame {
    this.pos += header;
    return { t: new LuaTable(), map, left, index: 1, key: undefined, haveKey: false, base };
  }
}

/** lua_settable on a fresh table: nil and NaN keys are errors (without a position). */
function setField(t: LuaTable, k: LuaValue, v: LuaValue): void {
  if (k === undefined) throw new LuaError('table index is nil');
  if (k !== k) throw new LuaError('table index is NaN');
  t.set(k, v);
}

/** mp_unpack_full. `base` is the stack in use (the arguments left). */
function unpackFull(args: LuaValue[], fname: string, limit: number, offset: number, base: number): LuaValue[] {
  const s = checkString(args, 0, fname);
  const len = s.length;
  const decodeAll = limit === 0 && offset === 0;
  if (offset < 0 || limit < 0) luaError(`Invalid request to unpack with offset of ${toInt32(offset)} and limit of ${toInt32(len)}.`);
  if (offset > len) luaError(`Start offset ${toInt32(offset)} greater than input length ${toInt32(len)}.`);
  if (decodeAll) limit = 2147483647;
  const d = new Decoder(s, offset);
  const out: LuaValue[] = [];
  for (let cnt = 0; d.left > 0 && cnt < limit; cnt++) {
    out.push(d.value(base + cnt));
    if (d.err === EOF) luaError('Missing bytes in input.');
    if (d.err === BADFMT) luaError('Bad data format in input.');
  }
  if (decodeAll) return out;
  checkStack(base + out.length + 1, 'in function mp_unpack_full');
  return [d.left === 0 ? -1 : len - d.left, ...out];
}

export function openCmsgpack(): LuaTable {
  const t = new LuaTable();
  const add = (name: string, fn: (args: LuaValue[]) => LuaValue[]): void => t.set(name, new LuaFunction(name, fn));
  add('pack', pack);
  add('unpack', (args) => unpackFull(args, 'unpack', 0, 0, Math.max(args.length, 1)));
  add('unpack_one', (args) => {
    const offset = optInteger(args, 1, 'unpack_one', 0);
    return unpackFull(args.slice(0, 1), 'unpack_one', 1, offset, 1);
  });
  add('unpack_limit', (args) => {
    const limit = checkInteger(args, 1, 'unpack_limit');
    const offset = optInteger(args, 2, 'unpack_limit', 0);
    return unpackFull(args.slice(0, 1), 'unpack_limit', limit, offset, 1);
  });
  t.set('_NAME', 'cmsgpack');
  t.set('_VERSION', 'lua-cmsgpack 0.4.0');
  t.set('_COPYRIGHT', 'Copyright (C) 2012, Salvatore Sanfilippo');
  t.set('_DESCRIPTION', 'MessagePack C implementation for Lua');
  return t;
}
