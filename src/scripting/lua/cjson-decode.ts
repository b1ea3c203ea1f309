/**
 * cjson.decode (lua_cjson.c's tokenizer and parser) over a byte string: the same tokens, the same
 * leniency (numbers are read by strtod, so "0x10", "1.", "-inf" pass while decode_invalid_numbers
 * is on; "true"/"false"/"null" are matched by prefix), the same error texts and positions, and
 * the same nesting limits. The text ends at its first NUL byte, as the C string it is.
 */
import { LuaTable, luaError, type LuaValue, type LuaUserdata } from './value.js';
import { MAX_C_STACK } from './lib-args.js';
import { strtodPrefix, strtodEnd } from '../../util/strtod.js';

const T_OBJ_BEGIN = 0;
const T_OBJ_END = 1;
const T_ARR_BEGIN = 2;
const T_ARR_END = 3;
const T_STRING = 4;
const T_NUMBER = 5;
const T_BOOLEAN = 6;
const T_NULL = 7;
const T_COLON = 8;
const T_COMMA = 9;
const T_END = 10;
const T_ERROR = 12;

const TOKEN_NAMES = ['T_OBJ_BEGIN', 'T_OBJ_END', 'T_ARR_BEGIN', 'T_ARR_END', 'T_STRING', 'T_NUMBER', 'T_BOOLEAN', 'T_NULL', 'T_COLON', 'T_COMMA', 'T_END', 'T_WHITESPACE', 'T_ERROR', 'T_UNKNOWN'];

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', t: '\t', n: '\n', f: '\f', r: '\r' };

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** Codepoint to UTF-8 bytes (up to 0x1FFFFF, as the C code allows). */
function utf8(cp: number): string {
  if (cp <= 0x7f) return String.fromCharCode(cp);
  if (cp <= 0x7ff) return String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  if (cp <= 0xffff) return String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  return String.fromCharCode(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

interface Frame {
  t: LuaTable;
  array: boolean;
  index: number;
  key: string;
}

class Parser {
  /** The text up to its first NUL. */
  private readonly end: number;
  private ptr = 0;
  private type = T_END;
  private index = 0;
  private str = '';
  private num = 0;
  private bool = false;
  private depth = 0;

  constructor(
    private readonly s: string,
    private readonly invalidNumbers: boolean,
    private readonly maxDepth: number,
  ) {
    const nul = s.indexOf('\0');
    this.end = nul < 0 ? s.length : nul;
  }

  private ch(i: number): number {
    return i < this.end ? this.s.charCodeAt(i) : 0;
  }

  private error(what: string): void {
    this.type = T_ERROR;
    this.index = this.ptr;
    this.str = what;
  }

  /** json_is_invalid_number: text strtod accepts but strict JSON does not. */
  private isInvalidNumber(): boolean {
    let p = this.ptr;
    const c = this.ch(p);
    if (c === 43) return true; // '+'
    if (c === 45) p++;
    const d = this.ch(p);
    if (d === 48) {
      const d2 = this.ch(p + 1);
      return (d2 | 0x20) === 120 || (d2 >= 48 && d2 <= 57);
    }
    if (d <= 57) return false;
    const word = this.s.slice(p, Math.min(p + 3, this.end)).toLowerCase();
    return word === 'inf' || word === 'nan';
  }

  private number(): void {
    this.type = T_NUMBER;
    this.num = strtodPrefix(this.s, this.ptr); // a NUL ends the number like any non-number byte
    if (strtodEnd === this.ptr) this.error('invalid number');
    else this.ptr = strtodEnd;
  }

  private matches(word: string): boolean {
    return this.s.startsWith(word, this.ptr) && this.ptr + word.length <= this.end;
  }

  /** json_next_token. */
  next(): void {
    let c = this.ch(this.ptr);
    while (c === 32 || c === 9 || c === 10 || c === 13) c = this.ch(++this.ptr);
    this.index = this.ptr;
    switch (c) {
      case 0:
        this.type = T_END;
        return;
      case 123:
        this.type = T_OBJ_BEGIN;
        break;
      case 125:
        this.type = T_OBJ_END;
        break;
      case 91:
        this.type = T_ARR_BEGIN;
        break;
      case 93:
        this.type = T_ARR_END;
        break;
      case 44:
        this.type = T_COMMA;
        break;
      case 58:
        this.type = T_COLON;
        break;
      case 34:
        this.string();
        return;
      default:
        if (c === 45 || (c >= 48 && c <= 57)) {
          if (!this.invalidNumbers && this.isInvalidNumber()) this.error('invalid number');
          else this.number();
          return;
        }
        if (c === 102 || c === 105 || c === 73 || c === 110 || c === 78 || c === 116 || c === 43) {
          if (this.matches('true')) {
            this.type = T_BOOLEAN;
            this.bool = true;
            this.ptr += 4;
          } else if (this.matches('false')) {
            this.type = T_BOOLEAN;
            this.bool = false;
            this.ptr += 5;
          } else if (this.matches('null')) {
            this.type = T_NULL;
            this.ptr += 4;
          } else if (this.invalidNumbers && this.isInvalidNumber()) this.number();
          else this.error('invalid token');
          return;
        }
        this.error('invalid token');
        return;
    }
    this.ptr++;
  }

  /** json_next_string_token: ptr is at the opening quote. */
  private string(): void {
    this.ptr++;
    let out = '';
    for (;;) {
      let runEnd = this.ptr;
      for (;;) {
        const c = this.ch(runEnd);
        if (c === 34 || c === 92 || c === 0) break;
        runEnd++;
      }
      out += this.s.slice(this.ptr, runEnd);
      this.ptr = runEnd;
      const c = this.ch(this.ptr);
      if (c === 34) break;
      if (c === 0) return this.error('unexpected end of string');
      // a backslash escape
      const e = this.s[this.ptr + 1];
      if (this.ptr + 1 < this.end && e === 'u') {
        const cp = this.unicodeEscape();
        if (cp < 0) return this.error('invalid unicode escape code');
        out += utf8(cp);
        continue;
      }
      const mapped = this.ptr + 1 < this.end ? ESCAPES[e] : undefined;
      if (mapped === undefined) return this.error('invalid escape code');
      out += mapped;
      this.ptr += 2;
    }
    this.ptr++;
    this.type = T_STRING;
    this.str = out;
  }

  private hex4(at: number): number {
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const d = hexDigit(this.ch(at + i));
      if (d < 0) return -1;
      v = (v << 4) | d;
    }
    return v;
  }

  /** json_append_unicode_escape: the codepoint of \uXXXX (or a surrogate pair) at ptr, or -1. */
  private unicodeEscape(): number {
    let cp = this.hex4(this.ptr + 2);
    if (cp < 0) return -1;
    let len = 6;
    if ((cp & 0xf800) === 0xd800) {
      if (cp & 0x400) return -1; // a low surrogate first
      if (this.ch(this.ptr + 6) !== 92 || this.ch(this.ptr + 7) !== 117) return -1;
      const low = this.hex4(this.ptr + 8);
      if (low < 0 || (low & 0xfc00) !== 0xdc00) return -1;
      cp = (((cp & 0x3ff) << 10) | (low & 0x3ff)) + 0x10000;
      len = 12;
    }
    this.ptr += len;
    return cp;
  }

  /** The current token type (a method, so TS does not narrow it across next() calls). */
  private tok(): number {
    return this.type;
  }

  private fail(expected: string): never {
    const found = this.type === T_ERROR ? this.str : TOKEN_NAMES[this.type];
    return luaError(`Expected ${expected} but found ${found} at character ${this.index + 1}`);
  }

  /** json_decode_descend: one more level, within the depth limit and Lua's C stack. */
  private descend(slotsInUse: number, need: number): void {
    this.depth++;
    if (this.depth <= this.maxDepth && slotsInUse + need <= MAX_C_STACK) return;
    luaError(`Found too many nested data structures (${this.depth}) at character ${this.ptr}`);
  }

  /** The object key and colon before a member value; leaves the value's first token read. */
  private memberKey(f: Frame): void {
    if (this.tok() !== T_STRING) this.fail('object key string');
    f.key = this.str;
    this.next();
    if (this.tok() !== T_COLON) this.fail('colon');
    this.next();
  }

  /** json_process_value and the object/array contexts, without recursion. */
  parse(nullValue: LuaUserdata): LuaValue {
    const stack: Frame[] = [];
    let slots = 1; // the argument; 1 per open array, 2 per open object (table and key)
    this.next();
    for (;;) {
      let v: LuaValue;
      switch (this.tok()) {
        case T_STRING:
          v = this.str;
          break;
        case T_NUMBER:
          v = this.num;
          break;
        case T_BOOLEAN:
          v = this.bool;
          break;
        case T_NULL:
          v = nullValue;
          break;
        case T_OBJ_BEGIN:
        case T_ARR_BEGIN: {
          const array = this.tok() === T_ARR_BEGIN;
          this.descend(slots, array ? 2 : 3);
          const t = new LuaTable();
          this.next();
          if (this.tok() === (array ? T_ARR_END : T_OBJ_END)) {
            this.depth--;
            v = t;
            break;
          }
          const f: Frame = { t, array, index: 1, key: '' };
          stack.push(f);
          slots += array ? 1 : 2;
          if (!array) this.memberKey(f);
          continue; // the current token starts the first element
        }
        default:
          return this.fail('value');
      }
      // Store v in the enclosing table; close every table that ends here.
      for (;;) {
        const f = stack[stack.length - 1];
        if (f === undefined) return v;
        if (f.array) f.t.set(f.index++, v);
        else f.t.set(f.key, v);
        this.next();
        if (this.tok() === (f.array ? T_ARR_END : T_OBJ_END)) {
          this.depth--;
          stack.pop();
          slots -= f.array ? 1 : 2;
          v = f.t;
          continue;
        }
        if (this.tok() !== T_COMMA) this.fail(f.array ? 'comma or array end' : 'comma or object end');
        this.next();
        if (!f.array) this.memberKey(f);
        break;
      }
    }
  }

  /** After the value: only the end may follow. */
  finish(): void {
    this.next();
    if (this.tok() !== T_END) this.fail('the end');
  }
}

/** cjson.decode of `s` (already a string); `nullValue` stands for JSON null. */
export function decodeJson(s: string, invalidNumbers: boolean, maxDepth: number, nullValue: LuaUserdata): LuaValue {
  if (s.length >= 2 && (s.charCodeAt(0) === 0 || s.charCodeAt(1) === 0)) luaError('JSON parser does not support UTF-16 or UTF-32');
  const p = new Parser(s, invalidNumbers, maxDepth);
  const v = p.parse(nullValue);
  p.finish();
  return v;
}
