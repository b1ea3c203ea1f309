/**
 * Sonic's Lua 5.1 engine: the public surface for the embedder (EVAL/FUNCTION) and for library
 * modules. Lua source is compiled to JavaScript; values are plain JS values (see value.ts).
 *
 * Typical setup, as Redis does it:
 * ```ts
 * const L = new LuaState();
 * openBase(L); openTable(L); openMath(L, { random, randomseed });
 * setStringLibrary(L, openString()); registerLibrary(L, 'cjson', openCjson()); // bit, struct, cmsgpack
 * const f = L.load(body, '@user_script');          // throws LuaError on syntax errors
 * L.setHook(() => { if (killed) throw uncatchableError('Script killed ...'); }, 100000);
 * try { const results = L.call(f, []); } catch (e) { if (e instanceof LuaError) ... e.value, e.luaLine }
 * ```
 */
export {
  LuaError, LuaFunction, LuaTable, LuaUserdata, NO_VALUES, argError, checkAny, checkInt, checkNumber,
  checkString, checkTable, formatG, luaError, numberToString, optInt, stringToNumber, truthy, typeName,
  uncatchableError, type LuaValue,
} from './value.js';
export { checkInteger, optInteger, toInteger } from './lib-args.js';
export { LuaState, registerLibrary, setMaxCallDepth, setStringLibrary } from './state.js';
export { openBase, protectedCall, rawset, tostring, tostringRaw, type BaseOptions } from './lib-base.js';
export { openTable } from './lib-table.js';
export { openMath, type MathOptions } from './lib-math.js';
export { Rand48 } from './rand48.js';
export { openString, type StringLibOptions } from './lib-string.js';
export { openBit } from './lib-bit.js';
export { openCjson, CJSON_NULL } from './lib-cjson.js';
export { openCmsgpack } from './lib-cmsgpack.js';
export { openStruct } from './lib-struct.js';
export { callFunction, ensureStack, metamethod, metatableOf } from './runtime-call.js';
export { chunkId } from './chunkname.js';
