/**
 * The one place that knows the Lua engine's API (./lua/): opens a state with the libraries
 * Redis loads (base, table, string, math, cjson, struct, cmsgpack, bit) and adapts it to LuaVM.
 */
import {
  LuaError, LuaState, Rand48, openBase, openBit, openCjson, openCmsgpack, openMath, openString, openStruct, openTable,
  registerLibrary, setStringLibrary, uncatchableError, type LuaFunction, type LuaTable, type LuaValue,
} from './lua/index.js';
import { LuaFailure, type LuaVM } from './lua-vm.js';

/**
 * VM steps (function calls and loop iterations) between two calls of the busy hook. Redis counts
 * 100000 VM instructions; a step here is roughly ten of them, and a step that calls redis.call()
 * far more, so the hook runs more often to keep servicing other clients responsive.
 */
const HOOK_EVERY = 10000;

/** The start of a Lua 5.1 binary chunk (ESC "Lua" version 5.1, format, endianness, sizes). */
const BYTECODE_HEADER = '\x1bLuaQ\x00\x01\x04\x08\x04\x08\x00';

/** Rough bytes per compiled chunk, for INFO's interpreter memory (Sonic cannot measure it). */
const CHUNK_BYTES = 1024;

class StateVM implements LuaVM {
  private chunks = 0;

  constructor(private readonly state: LuaState) {}

  get globals(): LuaTable {
    return this.state.globals;
  }

  load(source: string, chunkname: string, env?: LuaTable): LuaFunction {
    const fn = this.state.load(source, chunkname, env ?? this.state.globals);
    this.chunks++;
    return fn;
  }

  call(fn: LuaFunction, args: LuaValue[]): LuaValue[] {
    try {
      return this.state.call(fn, args);
    } catch (e) {
      if (!(e instanceof LuaError)) throw e;
      throw new LuaFailure(e.value, e.luaSource, e.luaLine);
    }
  }

  setHook(hook: (() => void) | undefined): void {
    this.state.setHook(hook, HOOK_EVERY);
  }

  abort(value: LuaValue): never {
    throw uncatchableError(value);
  }

  memoryUsage(): number {
    return 32768 + this.chunks * CHUNK_BYTES;
  }
}

/**
 * A new state with Redis's libraries (the sandbox then trims and locks its globals). math.random
 * draws from `rand`: Redis has one generator for the whole server, which SCRIPT FLUSH does not
 * reset and EVAL and FCALL share.
 */
export function openLuaVM(rand: Rand48): LuaVM {
  const state = new LuaState();
  openBase(state);
  registerLibrary(state, 'table', openTable(state));
  // string.dump works, as in Redis, but what it returns can never be loaded back (Redis's Lua
  // refuses bytecode): a Lua 5.1 header is enough for that.
  setStringLibrary(state, openString({ dump: () => BYTECODE_HEADER }));
  registerLibrary(state, 'math', openMath(state, { random: () => rand.random(), randomseed: (seed) => rand.seed(seed) }));
  registerLibrary(state, 'cjson', openCjson());
  registerLibrary(state, 'struct', openStruct());
  registerLibrary(state, 'cmsgpack', openCmsgpack());
  registerLibrary(state, 'bit', openBit());
  return new StateVM(state);
}
