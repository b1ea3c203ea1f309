import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LuaState, setMaxCallDepth } from '../../src/scripting/lua/state.js';
import { openBase } from '../../src/scripting/lua/lib-base.js';
import { openTable } from '../../src/scripting/lua/lib-table.js';
import { openMath } from '../../src/scripting/lua/lib-math.js';
import { CT } from '../../src/scripting/lua/runtime-call.js';
import { redisLikeState } from '../helpers/lua-engine.js';
import { LuaError, LuaFunction, LuaTable, uncatchableError, type LuaValue } from '../../src/scripting/lua/value.js';

function run(L: LuaState, src: string, args: LuaValue[] = []): LuaValue[] {
  return L.call(L.load(src, '@user_script'), args);
}

function fails(L: LuaState, src: string): LuaError {
  try {
    run(L, src);
  } catch (e) {
    assert.ok(e instanceof LuaError, String(e));
    return e;
  }
  return assert.fail(`no error: ${src}`);
}

test('lua runtime: Redis-style protected globals', () => {
  const L = redisLikeState();
  let e = fails(L, 'return a');
  assert.equal(e.value, "user_script:1: Script attempted to access nonexistent global variable 'a'");
  assert.equal(e.luaSource, '@user_script');
  assert.equal(e.luaLine, 1);
  e = fails(L, '\n\na = 5');
  assert.equal(e.value, 'user_script:3: Attempt to modify a readonly table');
  assert.equal(e.luaLine, 3);
  assert.equal(fails(L, 'math.x = 1').value, 'user_script:1: Attempt to modify a readonly table');
  assert.equal(fails(L, 'function f() end').value, 'user_script:1: Attempt to modify a readonly table');
  assert.equal(fails(L, 'rawset(_G, "x", 1)').value, 'Attempt to modify a readonly table');
  assert.equal(fails(L, 'table.insert(math, 1)').value, 'Attempt to modify a readonly table');
  assert.equal(fails(L, 'setmetatable(_G, nil)').value, 'Attempt to modify a readonly table');
  assert.equal(fails(L, 'local t = {} ; t.x.y = 1').value, "user_script:1: attempt to index field 'x' (a nil value)");
  assert.deepEqual(run(L, 'local t = {} t.x = 1 return t.x, type(math.floor)'), [1, 'function']);
  assert.deepEqual(run(L, 'return pcall(function() return nothing end)'), [false, "user_script:1: Script attempted to access nonexistent global variable 'nothing'"]);
});

test('lua runtime: error values and positions for the embedder', () => {
  const L = redisLikeState();
  const e = fails(L, 'local x = 1\nerror({err = "ERR custom"})');
  assert.ok(e.value instanceof LuaTable);
  assert.equal((e.value as LuaTable).getStr('err'), 'ERR custom');
  assert.equal(e.luaLine, 2);
  const e2 = fails(L, 'local function f()\n  local t\n  return t.x\nend\nreturn f()');
  assert.equal(e2.value, "user_script:3: attempt to index local 't' (a nil value)");
  assert.equal(e2.luaLine, 3);
  const e3 = fails(L, 'local function check(x) if not x then error("bad input", 2) end end\n\ncheck(false)');
  assert.equal(e3.value, 'user_script:3: bad input');
  assert.equal(fails(L, 'error("plain", 0)').value, 'plain');
  assert.equal(fails(L, 'local s = "abc" return s + 1').value, "user_script:1: attempt to perform arithmetic on local 's' (a string value)");
});

test('lua runtime: bytecode is refused (Redis disables binary chunks)', () => {
  const L = new LuaState();
  assert.throws(() => L.load('\x1bLua\x51\x00', '@user_script'), (e: unknown) =>
    e instanceof LuaError && e.value === "user_script:1: unexpected symbol near 'char(27)'");
  openBase(L);
  assert.deepEqual(run(L, 'local f, e = loadstring("\\27Lua") return f, e'), [undefined, `[string "\x1bLua"]:1: unexpected symbol near 'char(27)'`]);
});

test('lua runtime: interrupt hook runs every N steps and can kill uncatchably', () => {
  const L = redisLikeState();
  let calls = 0;
  L.setHook(() => {
    calls++;
    if (calls >= 5) throw uncatchableError('Script killed by user with SCRIPT KILL...');
  }, 1000);
  for (const src of [
    'while true do end',
    'repeat until false',
    'for i = 1, math.huge do end',
    'local function f() end while true do f() end',
    'while true do pcall(function() while true do end end) end',
    'local t = setmetatable({}, {__index = function(t, k) return k end}) while true do local x = t.x end',
    'local function f() return pcall(f) end while true do f() end',
  ]) {
    calls = 0;
    const e = fails(L, src);
    assert.equal(e.value, 'Script killed by user with SCRIPT KILL...', src);
    assert.equal(e.uncatchable, true);
    assert.equal(e.luaLine, 1);
    assert.equal(CT.depth, 0);
    assert.equal(CT.ccalls, 0);
  }
  // function calls count as steps too
  calls = 0;
  L.setHook(() => { calls++; }, 10);
  run(L, 'local function f() end for i = 1, 5 do f() end');
  assert.ok(calls >= 1);
  L.setHook(undefined);
  calls = 0;
  run(L, 'for i = 1, 100000 do end');
  assert.equal(calls, 0);
});

test('lua runtime: runaway recursion is a Lua error, never a crash', () => {
  const L = redisLikeState();
  let e = fails(L, 'local function f(n) return f(n + 1) + 1 end\nreturn f(1)');
  assert.equal(e.value, 'user_script:1: stack overflow');
  assert.equal(CT.depth, 0);
  assert.deepEqual(run(L, 'local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end return f(1000)'), [1000]);
  assert.deepEqual(run(L, 'local ok, e = pcall(function() local function g() return 1 + g() end return g() end) return ok, e'), [false, 'user_script:1: stack overflow']);
  // recursion through metamethods and natives hits Lua's C-call limit
  e = fails(L, 'local t = setmetatable({}, {}) getmetatable(t).__index = function(t, k) return t[k] end return t.x');
  assert.match(String(e.value), /stack overflow/);
  e = fails(L, 'local function f() local ok, e = pcall(f) if not ok then error(e, 0) end end f()');
  assert.match(String(e.value), /C stack overflow|error in error handling/);
  assert.equal(CT.depth, 0);
  assert.equal(CT.ccalls, 0);
  // a deeper limit than V8 can take still ends in a Lua error
  setMaxCallDepth(1_000_000);
  try {
    e = fails(L, 'local function f(n) local a, b, c, d = n, n, n, n return f(n + 1) + a + b + c + d end return f(1)');
    assert.match(String(e.value), /stack overflow/);
  } finally {
    setMaxCallDepth(2500);
  }
  assert.deepEqual(run(L, 'return 1 + 1'), [2]);
});

test('lua runtime: natives called back from Lua keep positions right', () => {
  const L = new LuaState();
  openBase(L);
  openTable(L);
  const e = fails(L, 'local t = {3, 1, 2}\ntable.sort(t, function(a, b)\n  return a.x < b\nend)');
  assert.equal(e.value, "user_script:3: attempt to index local 'a' (a number value)");
  assert.equal(fails(L, 'table.sort({1, 2, 3, 4, 5}, function() return true end)').value, 'user_script:1: invalid order function for sorting');
  assert.deepEqual(run(L, 'return pcall(error, "x", 2)'), [false, 'user_script:1: x']);
  assert.deepEqual(run(L, 'return select(2, pcall(error))'), [undefined]);
});

test('lua runtime: tables keep Lua 5.1 layout rules', () => {
  const L = new LuaState();
  openBase(L);
  openTable(L);
  // #t is the border Lua's binary search finds in its own array layout
  assert.deepEqual(run(L, 'local t = {1, 2, nil, 4} return #t'), [4]);
  assert.deepEqual(run(L, 'local t = {} for i = 1, 8 do t[i] = i end t[8] = nil t[4] = nil return #t'), [3]); // lua5.1 agrees: the search lands on 3
  assert.deepEqual(run(L, 'local t = {1, nil, 3} table.remove(t, 1) return #t'), [0]);
  assert.deepEqual(run(L, 'local t = {[1] = 1, [2] = 2, [4] = 4} return #t'), [4]);
  assert.deepEqual(run(L, 'local t = {n = 1} t[1] = 1 t[2] = 2 t[3] = 3 return #t, t[3]'), [3, 3]);
  const t = new LuaTable();
  for (let i = 1; i <= 100; i++) t.set(i, i * 2);
  t.set('k', 'v');
  t.set(-0, 'zero');
  t.set(1.5, 'half');
  assert.equal(t.get(0), 'zero');
  assert.equal(t.get(1.5), 'half');
  assert.equal(t.length(), 100);
  // clearing entries while traversing (allowed in Lua) visits every entry once
  let seen = 0;
  let k: LuaValue = undefined;
  for (;;) {
    const r = t.next(k);
    assert.notEqual(r, false);
    if (!r) break;
    k = r[0];
    t.set(k, undefined);
    seen++;
  }
  assert.equal(seen, 103);
  assert.equal(t.length(), 0);
  assert.equal(t.hashIsEmpty(), true);
  assert.equal(t.next(undefined), undefined);
});

test('lua runtime: Redis math.random sequence (rand48)', () => {
  const L = new LuaState();
  openBase(L);
  openMath(L);
  // the values a freshly started redis-server 7.0 returns
  assert.deepEqual(run(L, 'return math.random(100), math.random(100)'), [40, 85]);
  assert.deepEqual(run(L, 'math.randomseed(42) return math.random(100), tostring(math.random())'), [75, '0.34270147855519']);
  let seedSeen = 0;
  const L2 = new LuaState();
  openMath(L2, { random: () => 0.5, randomseed: (n) => { seedSeen = n; } });
  openBase(L2);
  assert.deepEqual(run(L2, 'math.randomseed(2^32 + 7) return math.random(), math.random(10), math.random(3, 5)'), [0.5, 6, 4]);
  assert.equal(seedSeen, 7);
});

test('lua runtime: values cross the boundary as byte strings', () => {
  const L = new LuaState();
  openBase(L);
  let all = '';
  for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
  const echo = new LuaFunction('echo', (args) => args);
  L.setGlobal('echo', echo);
  assert.deepEqual(run(L, 'local s = ... return echo(s .. s), #s', [all]), [all + all, 256]);
});
