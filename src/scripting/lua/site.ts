/**
 * Source positions for runtime errors. The compiler creates one Site per operation that can
 * fail (call, index, arithmetic ...) and passes it to the runtime helper, so a failing helper
 * can build Lua's exact message ("user_script:3: attempt to index local 't' (a nil value)")
 * without any per-statement line bookkeeping on the fast path.
 */
import { LuaError, LuaTable, numberToString, typeName, type LuaValue } from './value.js';

/** What the runtime needs from the state that loaded a chunk. */
export interface Host {
  /** The metatable shared by all strings (its __index is the string library). */
  stringMetatable: LuaTable | undefined;
}

export class ChunkInfo {
  constructor(
    /** Chunk name as shown in messages ("user_script"). */
    readonly id: string,
    /** Chunk name as given to load ("@user_script"): what debug.getinfo calls `source`. */
    readonly source: string,
    readonly host: Host,
  ) {}
}

export class Site {
  constructor(
    readonly chunk: ChunkInfo,
    readonly line: number,
    /** Lua's name for the first operand / the indexed or called value ("local 't'"). */
    readonly d1: string | undefined,
    /** Lua's name for the second operand of a binary operator. */
    readonly d2: string | undefined,
    /** For calls: the callee's name in "bad argument #1 to 'name'" (undefined: '?'). */
    readonly fname: string | undefined,
    /** For calls: a method call (a:b()), whose argument numbers do not count self. */
    readonly method: boolean,
  ) {}

  /** "chunk:line: " */
  where(): string {
    return `${this.chunk.id}:${this.line}: `;
  }
}

/** Marks `e` as raised while the innermost Lua function was at `site` (for Redis's handler). */
export function notePosition(e: LuaError, site: Site): void {
  if (e.luaLine === undefined) {
    e.luaSource = site.chunk.source;
    e.luaLine = site.line;
  }
}

/** A runtime error raised by Lua code at `site` (luaG_runerror from a Lua function). */
export function runtimeError(site: Site, msg: string): LuaError {
  const e = new LuaError(site.where() + msg);
  notePosition(e, site);
  return e;
}

/** luaG_typeerror: "attempt to <op> <name> (a <type> value)" or "attempt to <op> a <type> value". */
export function typeError(site: Site | undefined, v: LuaValue, op: string, desc: string | undefined): LuaError {
  const msg = desc !== undefined
    ? `attempt to ${op} ${desc} (a ${typeName(v)} value)`
    : `attempt to ${op} a ${typeName(v)} value`;
  return site !== undefined ? runtimeError(site, msg) : new LuaError(msg);
}

/**
 * Resolves a positioned error (needsPosition, level 1) at a Lua call site: prefixes "chunk:line: "
 * and, for argument errors, names the function the way the caller called it.
 */
export function positionAt(e: LuaError, site: Site): void {
  e.needsPosition = false;
  let v = e.value;
  if (typeof v !== 'string' && typeof v !== 'number') return;
  if (e.argInfo !== undefined) v = argMessage(e.argInfo, site.fname, site.method);
  e.value = site.where() + (typeof v === 'number' ? numberToString(v) : v);
}

/** Resolves a positioned error whose level-1 frame is a native: no position is added. */
export function positionNone(e: LuaError): void {
  e.needsPosition = false;
  if (e.argInfo !== undefined) e.value = argMessage(e.argInfo, undefined, false);
  else if (typeof e.value === 'number') e.value = numberToString(e.value);
}

/** luaL_argerror's text, given how the function was called. */
function argMessage(info: { n: number; extra: string }, fname: string | undefined, method: boolean): string {
  let n = info.n;
  const name = fname ?? '?';
  if (method) {
    n--;
    if (n === 0) return `calling '${name}' on bad self (${info.extra})`;
  }
  return `bad argument #${n} to '${name}' (${info.extra})`;
}
