/**
 * The globals scripts get, as Redis 7.0 sets them up (script_lua.c): only the allowed
 * builtins and libraries (no os, io, debug, package, print, dofile, loadfile), Redis's pcall
 * (an error object {err=...} comes back as its message), math.random/randomseed on Redis's
 * rand48 usable only inside a script, and finally every reachable table read-only and a
 * metatable on _G that makes reading an undeclared global an error.
 */
import { LuaFunction, LuaTable, luaError, numberToString, type LuaValue } from './lua/value.js';
import { openLuaVM } from './lua-adapter.js';
import type { LuaVM } from './lua-vm.js';
import type { ScriptHost } from './redis-api.js';

/** Globals Redis keeps from the standard libraries (its allow lists, minus the redis API). */
const ALLOWED = new Set([
  'string',
  'cjson',
  'bit',
  'cmsgpack',
  'math',
  'table',
  'struct',
  'xpcall',
  'tostring',
  'getfenv',
  'setmetatable',
  'next',
  'assert',
  'tonumber',
  'rawequal',
  'collectgarbage',
  'getmetatable',
  'rawset',
  'pcall',
  'coroutine',
  'type',
  '_G',
  'select',
  'unpack',
  'gcinfo',
  'pairs',
  'rawget',
  'loadstring',
  'ipairs',
  '_VERSION',
  'setfenv',
  'load',
  'error',
  'newproxy',
]);

/**
 * A new interpreter with the globals Redis allows, math.random bound to `host` (it needs a
 * running script, as Redis's does) and Redis's pcall. The caller adds its `redis` table, then
 * calls lockGlobals().
 */
export function createScriptingVM(host: ScriptHost): LuaVM {
  const vm = openLuaVM(host.engine.scripting.rand);
  const g = vm.globals;
  for (let e = g.next(undefined); e; e = g.next(e[0])) {
    if (typeof e[0] !== 'string' || !ALLOWED.has(e[0])) g.set(e[0], undefined);
  }
  const math = g.get('math');
  if (math instanceof LuaTable) {
    for (const name of ['random', 'randomseed']) {
      const inner = math.get(name);
      if (!(inner instanceof LuaFunction)) continue;
      math.set(
        name,
        new LuaFunction(name, (args) => {
          if (host.run === null) luaError(`math.${name} can only be called inside a script invocation`);
          return inner.call(args);
        }),
      );
    }
  }
  const pcall = g.get('pcall');
  if (pcall instanceof LuaFunction) g.set('pcall', redisPcall(pcall));
  return vm;
}

/**
 * Redis's pcall: like Lua's, except that a failed call whose error object is a table with an
 * `err` field returns that field, so scripts written for Redis 6 (where errors were strings)
 * keep working.
 */
function redisPcall(pcall: LuaFunction): LuaFunction {
  return new LuaFunction('pcall', (args) => {
    const r = pcall.call(args);
    if (r[0] === false && r[1] instanceof LuaTable) {
      const err = r[1].get('err');
      if (typeof err === 'string' || typeof err === 'number') return [false, err];
    }
    return r;
  });
}

/**
 * A metatable whose __index raises Redis's error for a missing global (or missing field of a
 * protected API table).
 */
export function errorMetatable(): LuaTable {
  const mt = new LuaTable();
  mt.set(
    '__index',
    new LuaFunction('__index', (args: LuaValue[]) => {
      const key = args[1];
      const name = typeof key === 'string' ? key : typeof key === 'number' ? numberToString(key) : undefined;
      if (name === undefined) luaError('Second argument to luaProtectedTableError must be a string or number');
      luaError(`Script attempted to access nonexistent global variable '${name}'`);
    }),
  );
  return mt;
}

/** Marks `t`, every table reachable from it and their metatables read-only (Redis 7.0). */
export function protectRecursively(root: LuaTable): void {
  const stack = [root];
  while (stack.length !== 0) {
    const t = stack.pop()!;
    if (t.readonly) continue;
    t.readonly = true;
    for (let e = t.next(undefined); e; e = t.next(e[0])) if (e[1] instanceof LuaTable && !e[1].readonly) stack.push(e[1]);
    if (t.metatable !== undefined && !t.metatable.readonly) stack.push(t.metatable);
  }
}

/** Locks the globals: the nonexistent-global error, then everything read-only. */
export function lockGlobals(vm: LuaVM): void {
  vm.globals.metatable = errorMetatable();
  protectRecursively(vm.globals);
}
