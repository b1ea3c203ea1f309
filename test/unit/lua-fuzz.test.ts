/**
 * Robustness fuzz of the Lua front end and compiler: any input either compiles to a function or
 * fails with a LuaError (Lua's syntax message). A JS SyntaxError would mean the compiler emitted
 * invalid JavaScript; anything else is a crash.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LuaState } from '../../src/scripting/lua/state.js';
import { openBase } from '../../src/scripting/lua/lib-base.js';
import { LuaError } from '../../src/scripting/lua/value.js';
import { tokenSoup, randomExpr, randomChunk, EXPR_PRELUDE } from '../helpers/lua-fuzz-gen.js';
import { prng as rng } from '../helpers/prng.js';
import { openTable } from '../../src/scripting/lua/lib-table.js';

function loadOrSyntaxError(L: LuaState, src: string): unknown {
  try {
    return L.load(src, '=fuzz');
  } catch (e) {
    if (e instanceof LuaError && typeof e.value === 'string' && e.value.startsWith('fuzz:')) return e;
    throw new Error(`load of ${JSON.stringify(src)} threw ${String((e as Error)?.stack ?? e)}`);
  }
}

test('lua fuzz: random bytes never crash the lexer/parser', () => {
  const r = rng(1234);
  const L = new LuaState();
  for (let i = 0; i < 3000; i++) {
    const len = Math.floor(r() * 40);
    let s = '';
    for (let j = 0; j < len; j++) s += String.fromCharCode(Math.floor(r() * 256));
    loadOrSyntaxError(L, s);
  }
});

test('lua fuzz: token soups compile to valid JavaScript or fail with a syntax error', () => {
  const r = rng(42);
  const L = new LuaState();
  for (let i = 0; i < 5000; i++) loadOrSyntaxError(L, tokenSoup(r, 16));
});

test('lua fuzz: random valid chunks compile and run', () => {
  const r = rng(4242);
  const L = new LuaState();
  openBase(L, { print: () => {} });
  openTable(L);
  for (let i = 0; i < 300; i++) {
    const src = randomChunk(r);
    const f = loadOrSyntaxError(L, src);
    assert.ok(!(f instanceof LuaError), `generated chunk does not parse: ${String((f as LuaError).value)}\n${src}`);
    try {
      L.call(f as never);
    } catch (e) {
      if (!(e instanceof LuaError)) throw new Error(`${String(e)}\n${src}`);
    }
  }
});

test('lua fuzz: random expressions run to a value or a Lua error', () => {
  const r = rng(7);
  const L = new LuaState();
  openBase(L);
  for (let i = 0; i < 2000; i++) {
    const f = L.load(`${EXPR_PRELUDE}return ${randomExpr(r, 4)}`, '=fuzz');
    assert.ok(f);
    try {
      L.call(f);
    } catch (e) {
      if (!(e instanceof LuaError)) throw e;
    }
  }
});
