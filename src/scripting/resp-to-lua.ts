/**
 * A command's reply, as the script client's reply buffer holds it (RESP2 or RESP3 bytes), turned
 * into the Lua value redis.call() returns (Redis's redisProtocolToLuaType):
 *
 * integer -> number; bulk -> string; null bulk and null array -> false; status -> {ok=...};
 * error -> {err="CODE msg"}; array -> table 1..n; RESP3: map -> {map={k=v}}, set -> {set={m=true}},
 * null -> nil, boolean -> boolean, double -> {double=n}, big number -> {big_number="..."},
 * verbatim -> {verbatim_string={format="txt", string="..."}}; attributes are skipped.
 *
 * The reply was produced by Sonic's own encoder, so it is well formed; the parser still never
 * reads past the end.
 */
import { LuaTable, type LuaValue } from './lua/value.js';
import { errorTable } from './script-errors.js';
import { strtodPrefix } from '../util/strtod.js';

/** Parses one reply starting at `pos`; returns the value and leaves the cursor after it. */
class ReplyReader {
  pos = 0;
  constructor(readonly s: string) {}

  private line(): string {
    const end = this.s.indexOf('\r\n', this.pos);
    const stop = end < 0 ? this.s.length : end;
    const text = this.s.slice(this.pos, stop);
    this.pos = stop + 2;
    return text;
  }

  private bulkBody(len: number): string {
    const v = this.s.slice(this.pos, this.pos + len);
    this.pos += len + 2;
    return v;
  }

  read(): LuaValue {
    const type = this.s.charCodeAt(this.pos++);
    switch (type) {
      case 58: // ':'
        return Number(this.line());
      case 36: {
        // '$'
        const len = Number(this.line());
        return len < 0 ? false : this.bulkBody(len);
      }
      case 43: {
        // '+'
        const t = new LuaTable();
        t.set('ok', this.line());
        return t;
      }
      case 45: // '-'
        return errorTable('-' + this.line(), true);
      case 42: {
        // '*'
        const n = Number(this.line());
        if (n < 0) return false;
        const t = new LuaTable();
        for (let i = 1; i <= n; i++) t.set(i, this.read());
        return t;
      }
      case 37: {
        // '%'
        const n = Number(this.line());
        const m = new LuaTable();
        for (let i = 0; i < n; i++) {
          const k = this.read();
          const v = this.read();
          if (k !== undefined && k === k) m.set(k, v);
        }
        return wrap('map', m);
      }
      case 126: {
        // '~'
        const n = Number(this.line());
        const m = new LuaTable();
        for (let i = 0; i < n; i++) {
          const k = this.read();
          if (k !== undefined && k === k) m.set(k, true);
        }
        return wrap('set', m);
      }
      case 95: // '_'
        this.line();
        return undefined;
      case 35: // '#'
        return this.line() === 't';
      case 44: {
        // ','
        const text = this.line();
        return wrap('double', strtodPrefix(text, 0));
      }
      case 40: // '('
        return wrap('big_number', this.line());
      case 61: {
        // '=': "fmt:" then the text
        const len = Number(this.line());
        const body = this.bulkBody(len);
        const v = new LuaTable();
        v.set('string', body.slice(4));
        v.set('format', body.slice(0, 3));
        return wrap('verbatim_string', v);
      }
      case 124: {
        // '|': attributes are not shown to scripts; the reply follows them.
        const n = Number(this.line());
        for (let i = 0; i < 2 * n; i++) this.read();
        return this.read();
      }
      default:
        // Nothing left (a command that replied nothing) reads as nil.
        this.pos = this.s.length;
        return undefined;
    }
  }
}

function wrap(field: string, v: LuaValue): LuaTable {
  const t = new LuaTable();
  t.set(field, v);
  return t;
}

/** The Lua value of the first reply in `resp`. */
export function replyToLua(resp: string): LuaValue {
  // The two replies scripts see most, without a reader.
  const c = resp.charCodeAt(0);
  if (c === 58) return Number(resp.slice(1, resp.length - 2));
  if (c === 36 && resp.charCodeAt(1) !== 45) {
    const nl = resp.indexOf('\r\n');
    const len = Number(resp.slice(1, nl));
    if (nl + 2 + len + 2 === resp.length) return resp.slice(nl + 2, nl + 2 + len);
  }
  return new ReplyReader(resp).read();
}
