/**
 * What the scripting layer needs of a Lua interpreter, over Sonic's own Lua 5.1 engine
 * (./lua/): a fresh state with the standard libraries Redis loads, compiling chunks, calling
 * functions with the error location Redis's error handler reports, and an interrupt hook for
 * busy scripts whose error no pcall can catch.
 */
import { LuaError, LuaFunction, LuaTable, type LuaValue } from './lua/value.js';

/** A script error that reached the top: the error object and where it was raised. */
export class LuaFailure extends Error {
  constructor(
    /** The error object (a string with its position, or a table such as {err=...}). */
    readonly value: LuaValue,
    /**
     * Source ("@user_script") and current line of the Lua function running when the error was
     * raised (the caller of the library function that raised it), as Redis's error handler
     * reads them with debug.getinfo; undefined when no Lua function was running.
     */
    readonly source: string | undefined,
    readonly line: number | undefined,
  ) {
    super(typeof value === 'string' ? value : 'lua error');
  }
}

export interface LuaVM {
  /** The state's global table (_G). */
  readonly globals: LuaTable;
  /**
   * Compiles a chunk (luaL_loadbuffer). `chunkname` follows Lua's rules: "@user_script" shows
   * as "user_script:1:" in messages. The chunk's environment is `env` (default: the globals).
   * Throws LuaError with Lua's message on a syntax error.
   */
  load(source: string, chunkname: string, env?: LuaTable): LuaFunction;
  /** Calls `fn` (lua_pcall with Redis's error handler): the results, or throws LuaFailure. */
  call(fn: LuaFunction, args: LuaValue[]): LuaValue[];
  /**
   * Calls `hook` every so many VM steps while `fn` runs (Redis's count hook), or stops when
   * undefined. The hook may call abort() to end the script.
   */
  setHook(hook: (() => void) | undefined): void;
  /** Raises an error that no pcall inside the script can catch (the script is being killed). */
  abort(value: LuaValue): never;
  /** Bytes the state uses, as far as it can tell (INFO used_memory_lua). */
  memoryUsage(): number;
}

/** A native function for a Lua table. */
export function native(name: string, fn: (args: LuaValue[]) => LuaValue[]): LuaFunction {
  return new LuaFunction(name, fn);
}

/** Raises `v` as a Lua error object as is (lua_error: no position is added). */
export function raise(v: LuaValue): never {
  throw new LuaError(v, false);
}
