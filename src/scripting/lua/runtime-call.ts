/**
 * Calls and error plumbing. Compiled Lua functions have no try/catch: before every call they
 * record the call site in CT.site, and on entry each function stores the site it was called
 * from in CT.sites[depth]. An error therefore unwinds untouched to the nearest boundary
 * (pcall, a native calling back into Lua, the embedder's call), which still sees the depth and
 * sites of the moment it was thrown and can add Lua's "chunk:line:" for any error() level.
 * Keeping frames small this way also lets Lua recursion go about twice as deep on V8's stack.
 */
import { LuaError, LuaFunction, LuaTable, type LuaValue } from './value.js';
import { notePosition, positionAt, positionNone, typeError, type Host, type Site } from './site.js';

/** Lua 5.1's LUAI_MAXCCALLS: nesting of native-initiated calls (pcall, metamethods, sort ...). */
export const MAX_CCALLS = 200;

const DEFAULT_MAX_DEPTH = 2500;

/**
 * Global execution state (JS is single-threaded and Lua calls are synchronous, so every Lua
 * state shares one stack). `depth` counts active Lua functions; past `max` a call fails with
 * "stack overflow" before V8's own stack limit. `site` is the call site most recently entered
 * from Lua code, `sites[d]` the site the function at depth d was called from (undefined when a
 * native called it). `ccalls` counts native-initiated calls.
 */
export const CT = {
  depth: 0,
  max: DEFAULT_MAX_DEPTH,
  ccalls: 0,
  site: undefined as Site | undefined,
  sites: new Array<Site | undefined>(DEFAULT_MAX_DEPTH + 2).fill(undefined),
};

/** Changes the depth limit (see {@link CT}). */
export function setMaxDepth(n: number): void {
  CT.max = n;
  CT.sites = new Array<Site | undefined>(n + 2).fill(undefined);
}

/**
 * Per-state interrupt hook: `n` counts down on every Lua function entry and loop iteration;
 * at zero the runtime calls `fn` (which may throw, e.g. an uncatchable SCRIPT KILL error) and
 * restarts the countdown from `every`.
 */
export interface HookState {
  n: number;
  every: number;
  fn: (() => void) | undefined;
}

export const NO_HOOK = 0x3fffffff;

export function newHookState(): HookState {
  return { n: NO_HOOK, every: NO_HOOK, fn: undefined };
}

/** The metatable of any value (tables and strings have one; nothing else does here). */
export function metatableOf(v: LuaValue, host: Host): LuaTable | undefined {
  if (v instanceof LuaTable) return v.metatable;
  if (typeof v === 'string') return host.stringMetatable;
  return undefined;
}

/** A metamethod (raw lookup in the metatable), or undefined. */
export function metamethod(v: LuaValue, event: string, host: Host): LuaValue {
  const mt = metatableOf(v, host);
  return mt === undefined ? undefined : mt.getStr(event);
}

/** Compiled code's call of a value that is not a LuaFunction (CT.site is already set). */
export function call(f: LuaValue, args: LuaValue[], site: Site): LuaValue[] {
  if (f instanceof LuaFunction) return f.call(args);
  return callNonFunction(f, args, site, site.d1);
}

function callNonFunction(f: LuaValue, args: LuaValue[], site: Site | undefined, desc: string | undefined): LuaValue[] {
  // __call must be a function in Lua 5.1 (no chaining)
  const h = f instanceof LuaTable ? (f.metatable === undefined ? undefined : f.metatable.getStr('__call'))
    : site !== undefined ? metamethod(f, '__call', site.chunk.host) : undefined;
  if (h instanceof LuaFunction) return h.call([f, ...args]);
  throw typeError(site, f, 'call', desc);
}

/** Counts a native-initiated call (luaD_call's nCcalls); boundaries restore the count on errors. */
function enterC(): void {
  if (++CT.ccalls >= MAX_CCALLS) {
    if (CT.ccalls === MAX_CCALLS) throw new LuaError('C stack overflow', true);
    throw new LuaError('error in error handling');
  }
}

/**
 * Calls a metamethod (or __index/__newindex function) for an operation at `site`. The VM's own
 * frame is the caller, so no boundary: errors carry on to the enclosing one with CT.site = site.
 */
export function callMeta(h: LuaValue, args: LuaValue[], site: Site): LuaValue[] {
  enterC();
  CT.site = site;
  const r = h instanceof LuaFunction ? h.call(args) : callNonFunction(h, args, site, undefined);
  CT.ccalls--;
  return r;
}

/**
 * Calls a Lua value from native code (lua_call): library functions that take callbacks (sort,
 * gsub, pcall ...) use this. The native is a frame of its own: errors are resolved here.
 */
export function callFunction(f: LuaValue, args: LuaValue[]): LuaValue[] {
  const site = CT.site;
  const d0 = CT.depth;
  const c0 = CT.ccalls;
  try {
    enterC();
    CT.site = undefined; // the callee was called by a native
    const r = f instanceof LuaFunction ? f.call(args) : callNonFunction(f, args, undefined, undefined);
    CT.site = site;
    CT.ccalls = c0;
    return r;
  } catch (e) {
    const err = resolveError(e, d0);
    CT.site = site;
    CT.depth = d0;
    CT.ccalls = c0;
    throw err;
  }
}

/**
 * At a boundary entered at depth `d0`, while CT still describes the moment of the throw: turns
 * engine errors into Lua errors and resolves positions for errors whose level falls between
 * the innermost Lua function and this boundary (the boundary itself, a native, adds none).
 * Errors aimed further out keep `needsPosition` with their level counted from outside.
 */
export function resolveError(e: unknown, d0: number): unknown {
  let err: LuaError;
  if (e instanceof LuaError) err = e;
  else {
    const le = asLuaError(e);
    if (le === undefined) return e;
    err = le;
    err.needsPosition = true;
  }
  const depth = CT.depth;
  const inner = depth - d0; // Lua frames between the boundary and the throw
  const cur = CT.site;
  if (inner > 0 && cur !== undefined) notePosition(err, cur);
  if (!err.needsPosition) return err;
  const j = err.level;
  if (j <= inner) {
    const x = depth - j + 1; // the Lua frame the level designates
    const site = x === depth ? cur : CT.sites[x + 1];
    if (site !== undefined) positionAt(err, site);
    else positionNone(err);
  } else if (j === inner + 1) {
    positionNone(err); // the native at this boundary
  } else {
    err.level = j - inner - 1;
  }
  return err;
}

/**
 * For a native that catches errors (pcall): an error still pending a position is aimed at the
 * Lua code that called the native (level 1) or further out.
 */
export function resolveOutside(err: LuaError): void {
  if (!err.needsPosition) return;
  const j = err.level;
  const site = j === 1 ? CT.site : CT.depth - j + 2 >= 1 ? CT.sites[CT.depth - j + 2] : undefined;
  if (site !== undefined) positionAt(err, site);
  else positionNone(err);
}

/** Converts JS engine limits into Lua errors (stack overflow, string too long); else undefined. */
export function asLuaError(e: unknown): LuaError | undefined {
  if (e instanceof RangeError) {
    const m = String(e.message);
    if (m.indexOf('call stack') >= 0) return new LuaError('stack overflow');
    if (m.indexOf('length') >= 0 || m.indexOf('allocation') >= 0) return new LuaError('not enough memory');
  }
  return undefined;
}

/** Function entry when the depth limit or the hook countdown tripped. */
export function enter(h: HookState, site: Site): void {
  if (CT.depth > CT.max) {
    // Lua raises this in the caller's frame: level 2 from the function being entered.
    const e = new LuaError('stack overflow', true);
    e.level = 2;
    throw e;
  }
  hook(h, site);
}

/** Loop back-edge / entry countdown expired: run the embedder's hook. */
export function hook(h: HookState, site: Site): void {
  h.n = h.every;
  const fn = h.fn;
  if (fn === undefined) return;
  try {
    fn();
  } catch (e) {
    if (e instanceof LuaError) notePosition(e, site);
    throw e;
  }
}

/**
 * Checks that the JS stack has room for a native that must not fail half-way (redis.call
 * running a command): throws Lua's "stack overflow" when about `frames` more frames of a
 * typical size would not fit. Cheap: one call of a function with a large frame.
 */
export function ensureStack(): void {
  try {
    probe(0);
  } catch (e) {
    if (e instanceof RangeError) throw new LuaError('stack overflow', true);
    throw e;
  }
}

function probe(n: number): number {
  // A few nested calls with many live locals reserve stack the way a command's call chain would.
  let a = n + 1, b = a * 2, c = b + a, d = c * b, f = d - a, g = f + c, h = g * 2, i = h - b, j = i + d;
  if (n < 100) return probe(n + 1) + a + b + c + d + f + g + h + i + j;
  return a + b + c + d + f + g + h + i + j;
}
