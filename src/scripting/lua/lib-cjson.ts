/**
 * Redis's bundled lua-cjson 2.1.0 (deps/lua/src/lua_cjson.c): encode, decode, cjson.null, the
 * configuration functions and cjson.new (a module table with its own configuration).
 *
 * Encoding and decoding walk nested tables with explicit stacks, not JS recursion, and count the
 * Lua stack slots the C code would hold, so the nesting limits are exactly Redis's: the configured
 * depth, or Lua's C stack limit (LUAI_MAXCSTACK) when the depth is set higher.
 */
import { LuaFunction, LuaTable, LuaUserdata, argError, checkString, luaError, typeName, type LuaValue } from './value.js';
import { formatG } from './c-printf.js';
import { MAX_C_STACK, checkInteger, toInt32 } from './lib-args.js';
import { decodeJson } from './cjson-decode.js';

/** cjson.null: JSON null, a light userdata (NULL) that equals only itself. */
export const CJSON_NULL = new LuaUserdata('cjson.null');

/** One cjson module's settings (json_config_t). */
export interface CjsonConfig {
  encodeSparseConvert: number;
  encodeSparseRatio: number;
  encodeSparseSafe: number;
  encodeMaxDepth: number;
  /** 0 off, 1 on, 2 "null". */
  encodeInvalidNumbers: number;
  encodeNumberPrecision: number;
  encodeKeepBuffer: number;
  decodeInvalidNumbers: number;
  decodeMaxDepth: number;
}

function defaultConfig(): CjsonConfig {
  return {
    encodeSparseConvert: 0,
    encodeSparseRatio: 2,
    encodeSparseSafe: 10,
    encodeMaxDepth: 1000,
    encodeInvalidNumbers: 0,
    encodeNumberPrecision: 14,
    encodeKeepBuffer: 1,
    decodeInvalidNumbers: 1,
    decodeMaxDepth: 1000,
  };
}

/** char2escape: how each byte appears inside a JSON string ('/' too is escaped). */
const ESCAPE: string[] = [];
for (let c = 0; c < 256; c++) {
  let e = String.fromCharCode(c);
  if (c < 32 || c === 127) e = '\\u' + c.toString(16).padStart(4, '0');
  ESCAPE[c] = e;
}
ESCAPE[8] = '\\b';
ESCAPE[9] = '\\t';
ESCAPE[10] = '\\n';
ESCAPE[12] = '\\f';
ESCAPE[13] = '\\r';
ESCAPE[34] = '\\"';
ESCAPE[47] = '\\/';
ESCAPE[92] = '\\\\';
const NEEDS_ESCAPE = /["\\/\x00-\x1f\x7f]/;

function quote(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  let out = '"';
  for (let i = 0; i < s.length; i++) out += ESCAPE[s.charCodeAt(i)];
  return out + '"';
}

function encodeError(v: LuaValue, reason: string): never {
  return luaError(`Cannot serialise ${typeName(v)}: ${reason}`);
}

function encodeNumber(cfg: CjsonConfig, n: number): string {
  if (n !== n || n === Infinity || n === -Infinity) {
    if (cfg.encodeInvalidNumbers === 0) encodeError(n, 'must not be NaN or Inf');
    if (cfg.encodeInvalidNumbers === 2) return 'null';
    if (n !== n) return 'nan';
  }
  return formatG(n, cfg.encodeNumberPrecision);
}

/** (int)k for an array index candidate: out-of-range values become INT_MIN. */
function intOf(k: number): number {
  return k < 2147483648 ? k : -2147483648;
}

/**
 * lua_array_length: the array size to encode the table as, or -1 for an object (a key that is not
 * a positive integer, or an excessively sparse array with encode_sparse_array's convert on).
 */
function arrayLength(cfg: CjsonConfig, t: LuaTable): number {
  let max = 0;
  let items = 0;
  let k: LuaValue = undefined;
  for (;;) {
    const e = t.next(k);
    if (!e) break;
    k = e[0];
    if (typeof k === 'number' && k !== 0 && Math.floor(k) === k && k >= 1) {
      if (k > max) max = intOf(k);
      items++;
      continue;
    }
    return -1;
  }
  if (cfg.encodeSparseRatio > 0 && max > Math.imul(items, cfg.encodeSparseRatio) && max > cfg.encodeSparseSafe) {
    if (!cfg.encodeSparseConvert) encodeError(t, 'excessively sparse array');
    return -1;
  }
  return max;
}

interface EncodeFrame {
  t: LuaTable;
  /** Array length, or -1 for an object. */
  len: number;
  /** Next array index, or the last object key visited. */
  i: number;
  key: LuaValue;
  first: boolean;
}

/** json_encode's traversal: the JSON text of v. */
function encode(cfg: CjsonConfig, v: LuaValue): string {
  const out: string[] = [];
  const stack: EncodeFrame[] = [];
  let slots = 1; // the argument; then 1 per array element and 2 per object entry being encoded
  let cur = v;
  for (;;) {
    // Append cur.
    if (cur instanceof LuaTable) {
      const depth = stack.length + 1;
      if (depth > cfg.encodeMaxDepth || slots + 3 > MAX_C_STACK) luaError(`Cannot serialise, excessive nesting (${depth})`);
      const len = arrayLength(cfg, cur);
      out.push(len > 0 ? '[' : '{');
      stack.push({ t: cur, len: len > 0 ? len : -1, i: 1, key: undefined, first: true });
    } else if (typeof cur === 'string') out.push(quote(cur));
    else if (typeof cur === 'number') out.push(encodeNumber(cfg, cur));
    else if (typeof cur === 'boolean') out.push(cur ? 'true' : 'false');
    else if (cur === undefined || cur === CJSON_NULL) out.push('null');
    else encodeError(cur, 'type not supported');
    // Find the next value to append, closing finished tables.
    for (;;) {
      const f = stack[stack.length - 1];
      if (f === undefined) return out.join('');
      if (!f.first) slots -= f.len >= 0 ? 1 : 2;
      if (f.len >= 0) {
        if (f.i > f.len) {
          out.push(']');
          stack.pop();
          continue;
        }
        if (!f.first) out.push(',');
        f.first = false;
        cur = f.t.get(f.i++);
        slots += 1;
        break;
      }
      const e = f.t.next(f.key);
      if (!e) {
        out.push('}');
        stack.pop();
        continue;
      }
      if (!f.first) out.push(',');
      f.first = false;
      const k = e[0];
      f.key = k;
      if (typeof k === 'number') out.push('"' + encodeNumber(cfg, k) + '":');
      else if (typeof k === 'string') out.push(quote(k) + ':');
      else encodeError(k, 'table key must be a number or string');
      cur = e[1];
      slots += 2;
      break;
    }
  }
}

/** json_arg_init: at most `n` arguments. */
function argInit(args: LuaValue[], n: number, fname: string): void {
  if (args.length > n) argError(n + 1, fname, 'found too many arguments');
}

/** json_integer_option: sets from argument i when given; returns the setting. */
function integerOption(args: LuaValue[], i: number, fname: string, min: number, max: number, get: () => number, set: (v: number) => void): number {
  if (args[i] !== undefined) {
    const value = toInt32(checkInteger(args, i, fname));
    if (!(min <= value && value <= max)) argError(1, fname, `expected integer between ${min} and ${max}`);
    set(value);
  }
  return get();
}

/** json_enum_option: a boolean or one of `options` (off/on by default); returns the setting. */
function enumOption(args: LuaValue[], i: number, fname: string, get: () => number, set: (v: number) => void, options = ['off', 'on']): LuaValue {
  const v = args[i];
  if (v !== undefined) {
    if (typeof v === 'boolean') set(v ? 1 : 0);
    else {
      const name = checkString(args, i, fname);
      const at = options.indexOf(name);
      if (at < 0) argError(i + 1, fname, `invalid option '${name}'`);
      set(at);
    }
  }
  const s = get();
  return s === 0 || s === 1 ? s === 1 : options[s];
}

/** A new cjson module table with its own configuration (lua_cjson_new). */
export function openCjson(): LuaTable {
  const cfg = defaultConfig();
  const t = new LuaTable();
  const add = (name: string, fn: (args: LuaValue[]) => LuaValue[]): void => t.set(name, new LuaFunction(name, fn));
  add('encode', (args) => {
    if (args.length !== 1) argError(1, 'encode', 'expected 1 argument');
    return [encode(cfg, args[0])];
  });
  add('decode', (args) => {
    if (args.length !== 1) argError(1, 'decode', 'expected 1 argument');
    return [decodeJson(checkString(args, 0, 'decode'), cfg.decodeInvalidNumbers !== 0, cfg.decodeMaxDepth, CJSON_NULL)];
  });
  add('encode_sparse_array', (args) => {
    const f = 'encode_sparse_array';
    argInit(args, 3, f);
    return [
      enumOption(args, 0, f, () => cfg.encodeSparseConvert, (v) => (cfg.encodeSparseConvert = v)),
      integerOption(args, 1, f, 0, 2147483647, () => cfg.encodeSparseRatio, (v) => (cfg.encodeSparseRatio = v)),
      integerOption(args, 2, f, 0, 2147483647, () => cfg.encodeSparseSafe, (v) => (cfg.encodeSparseSafe = v)),
    ];
  });
  const intSetting = (name: string, min: number, max: number, key: 'encodeMaxDepth' | 'decodeMaxDepth' | 'encodeNumberPrecision'): void =>
    add(name, (args) => {
      argInit(args, 1, name);
      return [integerOption(args, 0, name, min, max, () => cfg[key], (v) => (cfg[key] = v))];
    });
  intSetting('encode_max_depth', 1, 2147483647, 'encodeMaxDepth');
  intSetting('decode_max_depth', 1, 2147483647, 'decodeMaxDepth');
  intSetting('encode_number_precision', 1, 14, 'encodeNumberPrecision');
  const enumSetting = (name: string, key: 'encodeKeepBuffer' | 'encodeInvalidNumbers' | 'decodeInvalidNumbers', options?: string[]): void =>
    add(name, (args) => {
      argInit(args, 1, name);
      return [enumOption(args, 0, name, () => cfg[key], (v) => (cfg[key] = v), options)];
    });
  enumSetting('encode_keep_buffer', 'encodeKeepBuffer');
  enumSetting('encode_invalid_numbers', 'encodeInvalidNumbers', ['off', 'on', 'null']);
  enumSetting('decode_invalid_numbers', 'decodeInvalidNumbers');
  add('new', () => [openCjson()]);
  t.set('null', CJSON_NULL);
  t.set('_NAME', 'cjson');
  t.set('_VERSION', '2.1.0');
  return t;
}
