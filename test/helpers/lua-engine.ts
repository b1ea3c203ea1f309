/**
 * Running Lua source on Sonic's engine and on the reference lua5.1 interpreter, with the same
 * observable output: what the script prints, then (if it fails) "lua5.1: <first line of the
 * error>" as lua.c reports it. Missing lua5.1 is a failure, never a skip.
 */
import { spawnSync } from 'node:child_process';
import { LuaState, setStringLibrary } from '../../src/scripting/lua/state.js';
import { openBase } from '../../src/scripting/lua/lib-base.js';
import { openTable } from '../../src/scripting/lua/lib-table.js';
import { openMath } from '../../src/scripting/lua/lib-math.js';
import { LuaError, LuaFunction, LuaTable } from '../../src/scripting/lua/value.js';
import { openString } from '../../src/scripting/lua/lib-string.js';

export const LUA51_MISSING = 'lua5.1 is not installed: the Lua differential tests need it (apt-get install lua5.1)';

export function requireLua51(): void {
  if (spawnSync('lua5.1', ['-v']).status !== 0) throw new Error(LUA51_MISSING);
}

/** A state with base (with print into `out`), table, math and string. */
export function testState(out: string[]): LuaState {
  const L = new LuaState();
  openBase(L, { print: (line) => out.push(line + '\n') });
  openTable(L);
  openMath(L);
  setStringLibrary(L, openString());
  return L;
}

function errorLine(msg: string): string {
  return `lua5.1: ${msg.split('\n')[0]}\n`;
}

/** Runs `src` (a byte string) as lua5.1 would run it from stdin. */
export function runSonic(src: string): string {
  const out: string[] = [];
  const L = testState(out);
  // luaL_loadfile skips a first line starting with '#' (keeping its newline)
  if (src.startsWith('#')) src = src.replace(/^[^\n]*/, '');
  try {
    L.call(L.load(src, '=stdin'));
  } catch (e) {
    if (!(e instanceof LuaError)) throw e;
    const v = e.value;
    if (typeof v === 'string' || typeof v === 'number') out.push(errorLine(String(v)));
    else if (v !== undefined) out.push(errorLine('(error object is not a string)'));
  }
  return out.join('');
}

/** Runs `src` with the reference interpreter. */
export function runReference(src: string): string {
  const r = spawnSync('lua5.1', ['-'], { input: Buffer.from(src, 'latin1'), timeout: 20000 });
  let out = r.stdout.toString('latin1');
  const err = r.stderr.toString('latin1');
  if (r.status !== 0 && err.length > 0) out += errorLine(err.replace(/^lua5\.1: /, ''));
  return out;
}

/**
 * A state shaped like Redis 7.0's EVAL environment (no redis.* API, cjson ... here): base without
 * print, table, string, math, globals behind Redis's "nonexistent global variable" __index, every
 * table reachable from _G (and the strings' metatable) read-only, then writable KEYS and ARGV.
 */
export function redisLikeState(): LuaState {
  const L = new LuaState();
  openBase(L);
  openTable(L);
  setStringLibrary(L, openString());
  openMath(L);
  const mt = new LuaTable();
  mt.setStr('__index', new LuaFunction('__index', (args) => {
    throw new LuaError(`Script attempted to access nonexistent global variable '${String(args[1])}'`, true);
  }));
  L.globals.metatable = mt;
  const seal = (t: LuaTable) => {
    if (t.readonly) return;
    t.readonly = true;
    for (let c = t.nextCursor(-1); c >= 0; c = t.nextCursor(c)) {
      const v = t.cursorValue(c);
      if (v instanceof LuaTable) seal(v);
    }
    if (t.metatable) seal(t.metatable);
  };
  seal(L.globals);
  // the reference redis-server also refuses changes to the strings' shared metatable
  if (L.stringMetatable) seal(L.stringMetatable);
  // Redis sets KEYS and ARGV for each call after sealing, so they stay writable
  L.setGlobal('KEYS', new LuaTable());
  L.setGlobal('ARGV', new LuaTable());
  return L;
}
