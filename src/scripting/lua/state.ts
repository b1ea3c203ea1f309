/**
 * The embedder's entry point: a Lua state with its global table, chunk loading (compiling to
 * JavaScript), protected calls and the interrupt hook.
 *
 * @example
 * const L = new LuaState();
 * openBase(L); openTable(L); openMath(L);
 * const f = L.load('return 1 + 2', '@user_script');
 * L.call(f, []); // [3]
 */
import { LuaError, LuaTable, type LuaFunction, type LuaValue } from './value.js';
import { parse } from './parser.js';
import { instantiate } from './compile.js';
import { chunkId } from './chunkname.js';
import { ChunkInfo, positionNone, type Host } from './site.js';
import { CT, NO_HOOK, callFunction, newHookState, setMaxDepth, type HookState } from './runtime-call.js';

export class LuaState implements Host {
  /** The global table (_G) chunks loaded by this state use by default. */
  globals = new LuaTable();
  /** The metatable shared by all strings; see {@link setStringLibrary}. */
  stringMetatable: LuaTable | undefined = undefined;
  /** @internal the hook countdown compiled code decrements. */
  readonly hookState: HookState = newHookState();

  /**
   * Compiles `source` (a byte string) into a function. `chunkname` follows Lua: "@name" for a
   * file-like name ("@user_script" shows as "user_script:1:"), "=name" verbatim, otherwise the
   * source itself is the name ([string "..."]). Bytecode is never accepted (Redis disables it).
   * Globals of the chunk are looked up in `env` (default: {@link globals}).
   * @throws LuaError whose value is Lua's syntax error message.
   */
  load(source: string, chunkname: string = source, env: LuaTable = this.globals): LuaFunction {
    const proto = parse(source, chunkname, CT.ccalls);
    return instantiate(proto, new ChunkInfo(chunkId(chunkname), chunkname, this), env, this.hookState);
  }

  /**
   * Calls a Lua value (function, or table with __call) like lua_pcall without a handler.
   * @returns all results.
   * @throws LuaError with the final error value (positions resolved); `luaSource`/`luaLine`
   *   tell where in Lua code it was raised, `uncatchable` marks hook errors.
   */
  call(fn: LuaValue, args: LuaValue[] = []): LuaValue[] {
    try {
      return callFunction(fn, args);
    } catch (e) {
      if (e instanceof LuaError && e.needsPosition) positionNone(e);
      throw e;
    }
  }

  /**
   * Installs (or with `fn` undefined, removes) the interrupt hook: `fn` runs once every `every`
   * steps (Lua function calls and loop iterations). It may throw; throw an error made with
   * `uncatchableError` (value.ts) to stop the script in a way pcall cannot intercept.
   */
  setHook(fn: (() => void) | undefined, every = 100000): void {
    const h = this.hookState;
    if (fn === undefined) {
      h.fn = undefined;
      h.every = h.n = NO_HOOK;
      return;
    }
    h.fn = fn;
    h.every = h.n = Math.max(1, Math.floor(every));
  }

  /** Sets a global (raw, ignoring read-only flags: for the embedder's setup). */
  setGlobal(name: string, value: LuaValue): void {
    this.globals.setStr(name, value);
  }

  getGlobal(name: string): LuaValue {
    return this.globals.getStr(name);
  }
}

/**
 * Registers the string library table: strings get a shared metatable whose __index is `lib`
 * (so s:upper() works) and `string` becomes a global. Called by whoever opens the string library.
 */
export function setStringLibrary(state: LuaState, lib: LuaTable): void {
  const mt = new LuaTable();
  mt.setStr('__index', lib);
  state.stringMetatable = mt;
  state.globals.setStr('string', lib);
}

/** Sets `name` in the globals to a library table (cjson, bit, struct ...). */
export function registerLibrary(state: LuaState, name: string, lib: LuaTable): void {
  state.globals.setStr(name, lib);
}

/**
 * Sets the maximum depth of nested Lua calls before "stack overflow" (all states share it).
 * The default keeps well clear of V8's stack limit at Node's default stack size.
 */
export function setMaxCallDepth(n: number): void {
  setMaxDepth(n);
}
