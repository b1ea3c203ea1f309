/**
 * A script's result turned into the reply to its caller (Redis's luaReplyToRedisReply):
 *
 * string -> bulk; number -> integer (truncated toward zero; NaN, infinities and values out of
 * range give INT64_MIN as C's cast does on x86); true -> 1 and false -> null when the script
 * speaks RESP2 (redis.setresp), booleans when it speaks RESP3; a table with a string `err` ->
 * error, `ok` -> status, `double`, `big_number`, `verbatim_string`, `map`, `set` -> those RESP3
 * types (each degrading to RESP2 for a RESP2 caller); any other table -> array of t[1], t[2] ...
 * up to the first nil; anything else (nil, functions, userdata) -> null.
 *
 * Fields are read raw (no metamethods), as Redis does. Nesting deeper than Lua's C stack allows
 * ends that element with "-ERR reached lua stack limit", as in Redis.
 */
import { LuaTable, type LuaValue } from './lua/value.js';
import type { ReplyBuffer } from '../protocol/reply.js';
import { extractErrorInfo } from './script-errors.js';
import { cString } from '../util/bytes.js';

/**
 * Redis converts nested tables recursively on the Lua stack and stops with "reached lua stack
 * limit" once lua_checkstack(4) fails (LUAI_MAXCSTACK is 8000 slots). The conversion counts the
 * slots the C code would hold: 2 at the top, then 1 more per array level, 3 per set level, and
 * for a map 4 while its key converts and 3 for its value; more than MAX_SLOTS fails. (Checked on
 * redis-server 7.0.15: 7995 nested arrays convert, 2665 nested maps or sets.)
 */
const MAX_SLOTS = 7996;
const ROOT_SLOTS = 2;

const TWO_63 = 9223372036854775808;

/** C's (long long) cast of a double, as x86 performs it. */
export function luaNumberToInteger(n: number): number | bigint {
  if (Number.isSafeInteger(n)) return n + 0;
  if (!(n > -TWO_63 - 1 && n < TWO_63)) return -9223372036854775808n;
  const t = Math.trunc(n) + 0;
  return Number.isSafeInteger(t) ? t : BigInt(t);
}

/** Status and big-number texts cannot carry CR/LF: Redis maps them to spaces. */
function noCrLf(s: string): string {
  return s.indexOf('\r') < 0 && s.indexOf('\n') < 0 ? s : s.replace(/[\r\n]/g, ' ');
}

/** The error line for an error object's message (see addReplyErrorFormatEx with "-%s"). */
export function errorLineOf(msg: string): string {
  let end = msg.length;
  while (end > 0 && (msg.charCodeAt(end - 1) === 13 || msg.charCodeAt(end - 1) === 10)) end--;
  return noCrLf(msg.slice(0, end));
}

/**
 * Writes a Lua value as a reply; `scriptResp` is the protocol the script chose (2 or 3). Nested
 * tables are walked with an explicit stack (in the order Redis's recursion writes them), so a
 * deep table cannot overflow the JS stack.
 */
export function luaToReply(out: ReplyBuffer, root: LuaValue, scriptResp: 2 | 3): void {
  // The usual results need no walk.
  if (typeof root === 'string') return out.bulk(root);
  if (typeof root === 'number') return out.int(luaNumberToInteger(root));
  const values: LuaValue[] = [root];
  const slotsOf: number[] = [ROOT_SLOTS];
  while (values.length !== 0) {
    const v = values.pop();
    const slots = slotsOf[slotsOf.length - 1];
    // Redis checks the stack on entry, whatever the value's type.
    if (slotsOf.pop()! > MAX_SLOTS) {
      out.error('ERR reached lua stack limit');
      continue;
    }
    switch (typeof v) {
      case 'string':
        out.bulk(v);
        continue;
      case 'number':
        out.int(luaNumberToInteger(v));
        continue;
      case 'boolean':
        if (scriptResp === 3) out.bool(v);
        else if (v) out.int(1);
        else out.nullBulk();
        continue;
    }
    if (!(v instanceof LuaTable)) out.nullBulk();
    else tableToReply(out, v, slots, values, slotsOf);
  }
}

/** Writes a table's own reply, pushing the values it contains (last first) for the caller. */
function tableToReply(out: ReplyBuffer, t: LuaTable, slots: number, values: LuaValue[], slotsOf: number[]): void {
  const err = t.get('err');
  if (typeof err === 'string') {
    const info = extractErrorInfo(t);
    out.errorLine(errorLineOf(info.msg ?? ''), info.counted);
    return;
  }
  const ok = t.get('ok');
  if (typeof ok === 'string') {
    out.simple(noCrLf(cString(ok)));
    return;
  }
  const dbl = t.get('double');
  if (typeof dbl === 'number') {
    // Lua's 0/0 has its sign bit set on x86: C prints it "-nan".
    if (dbl !== dbl) {
      if (out.proto === 3) out.raw(',-nan\r\n');
      else out.bulk('-nan');
    } else {
      out.double(dbl);
    }
    return;
  }
  const big = t.get('big_number');
  if (typeof big === 'string') {
    out.bigNumber(noCrLf(big));
    return;
  }
  const verbatim = t.get('verbatim_string');
  if (verbatim instanceof LuaTable) {
    const format = verbatim.get('format');
    const text = verbatim.get('string');
    if (typeof format === 'string' && typeof text === 'string') {
      out.verbatim(text, (cString(format) + '   ').slice(0, 3));
      return;
    }
  }
  const map = t.get('map');
  if (map instanceof LuaTable) {
    const entries: [LuaValue, LuaValue][] = [];
    for (let e = map.next(undefined); e; e = map.next(e[0])) entries.push(e);
    out.mapLen(entries.length);
    for (let i = entries.length - 1; i >= 0; i--) {
      values.push(entries[i][1], entries[i][0]);
      slotsOf.push(slots + 3, slots + 4);
    }
    return;
  }
  const set = t.get('set');
  if (set instanceof LuaTable) {
    const members: LuaValue[] = [];
    for (let e = set.next(undefined); e; e = set.next(e[0])) members.push(e[0]);
    out.setLen(members.length);
    for (let i = members.length - 1; i >= 0; i--) {
      values.push(members[i]);
      slotsOf.push(slots + 3);
    }
    return;
  }
  let n = 0;
  while (t.get(n + 1) !== undefined) n++;
  out.arrayLen(n);
  for (let i = n; i >= 1; i--) {
    values.push(t.get(i));
    slotsOf.push(slots + 1);
  }
}
