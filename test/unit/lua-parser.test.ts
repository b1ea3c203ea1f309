import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../src/scripting/lua/parser.js';
import type { Expr, Stat } from '../../src/scripting/lua/ast.js';
import { LuaError } from '../../src/scripting/lua/value.js';

function syntaxError(src: string, level = 0): string {
  try {
    parse(src, '@user_script', level);
  } catch (e) {
    assert.ok(e instanceof LuaError);
    return String(e.value);
  }
  return assert.fail(`no error for ${JSON.stringify(src)}`);
}

function returned(src: string): Expr {
  const body = parse(`return ${src}`, '=t').body;
  const ret = body[0] as Stat & { k: 'return' };
  return ret.exprs[0];
}

/** A compact rendering of an expression tree for assertions. */
function show(e: Expr): string {
  switch (e.k) {
    case 'num': return String(e.v);
    case 'str': return JSON.stringify(e.v);
    case 'global': return e.name;
    case 'local': case 'upval': return `${e.k}:${e.v.name}`;
    case 'bin': return `(${show(e.a)} ${e.op} ${show(e.b)})`;
    case 'and': case 'or': return `(${show(e.a)} ${e.k} ${show(e.b)})`;
    case 'not': case 'unm': case 'len': return `${e.k}(${show(e.a)})`;
    case 'paren': return `[${show(e.e)}]`;
    case 'index': return `${show(e.obj)}.${show(e.key)}`;
    case 'call': return `${show(e.fn)}(${e.args.map(show).join(',')})`;
    case 'method': return `${show(e.obj)}:${e.name}(${e.args.map(show).join(',')})`;
    default: return e.k;
  }
}

test('lua parser: precedence and associativity', () => {
  assert.equal(show(returned('a + b * c ^ d ^ e')), '(a add (b mul (c pow (d pow e))))');
  assert.equal(show(returned('a .. b .. c')), '(a concat (b concat c))');
  assert.equal(show(returned('-a ^ b')), 'unm((a pow b))');
  assert.equal(show(returned('not a == b')), '(not(a) eq b)');
  assert.equal(show(returned('a or b and c')), '(a or (b and c))');
  assert.equal(show(returned('a < b == c')), '((a lt b) eq c)');
  assert.equal(show(returned('#a.b[c]')), 'len(a."b".c)');
  assert.equal(show(returned('a.b:c(1)("s"){x}')), 'a."b":c(1)("s")(table)');
});

test('lua parser: constant folding as Lua 5.1 does it', () => {
  assert.equal(show(returned('2 ^ 3 * 4')), '32');
  assert.equal(show(returned('-(2)')), '-2');
  assert.equal(show(returned('1 / 0')), '(1 div 0)'); // division by zero is left to run time
  assert.equal(show(returned('5 % 0')), '(5 mod 0)');
  assert.equal(show(returned('0 / 0 + 1')), '((0 div 0) add 1)');
  assert.equal(show(returned('a + 1 + 2')), '((a add 1) add 2)');
});

test('lua parser: scoping resolves locals, upvalues and globals', () => {
  const chunk = parse('local a = 1 local function f() return a, b end local a = a', '=t');
  const f = (chunk.body[1] as Stat & { k: 'localfunc' }).f;
  const ret = f.body[0] as Stat & { k: 'return' };
  assert.equal(show(ret.exprs[0]), 'upval:a');
  assert.equal(show(ret.exprs[1]), 'b');
  const second = chunk.body[2] as Stat & { k: 'local' };
  assert.equal(show(second.exprs[0]), 'local:a'); // the first a, still in scope
  assert.notEqual(second.vars[0].id, (chunk.body[0] as Stat & { k: 'local' }).vars[0].id);
  assert.equal((chunk.body[0] as Stat & { k: 'local' }).vars[0].captured, true);
});

test('lua parser: repeat-until sees the body locals; vararg rules', () => {
  const chunk = parse('repeat local x = 1 until x', '=t');
  const rep = chunk.body[0] as Stat & { k: 'repeat' };
  assert.equal(show(rep.cond), 'local:x');
  const fn = (parse('local function f(...) return arg end', '=t').body[0] as Stat & { k: 'localfunc' }).f;
  assert.equal(fn.isVararg, true);
  assert.equal(fn.usesVararg, false);
  assert.ok(fn.argVar);
});

test('lua parser: syntax errors match Lua 5.1', () => {
  const cases: [string, string][] = [
    ['x = ', "user_script:1: unexpected symbol near '<eof>'"],
    ['x', "user_script:1: '=' expected near '<eof>'"],
    ['local 1 = 2', "user_script:1: '<name>' expected near '1'"],
    ['f(1 2)', "user_script:1: ')' expected near '2'"],
    ['f(\n1\n', "user_script:3: ')' expected (to close '(' at line 1) near '<eof>'"],
    ['function f()\n return 1\n', "user_script:3: 'end' expected (to close 'function' at line 1) near '<eof>'"],
    ['if x then', "user_script:1: 'end' expected near '<eof>'"],
    ['for i do end', "user_script:1: '=' or 'in' expected near 'do'"],
    ['function f(a,) end', "user_script:1: <name> or '...' expected near ')'"],
    ['function f(1) end', "user_script:1: <name> or '...' expected near '1'"],
    ['function f() return ... end', "user_script:1: cannot use '...' outside a vararg function near '...'"],
    ['break', "user_script:1: no loop to break near '<eof>'"],
    ['return 1 x = 2', "user_script:1: '<eof>' expected near 'x'"],
    ['(a) = 1', "user_script:1: syntax error near '='"],
    ['a, f() = 1', "user_script:1: syntax error near '='"],
    ['local f = print\nf\n("x")', "user_script:3: ambiguous syntax (function call x new statement) near '('"],
    ['x = a:b', "user_script:1: function arguments expected near '<eof>'"],
    ['x = {[1] 2}', "user_script:1: '=' expected near '2'"],
    ['goto x', "user_script:1: '=' expected near 'x'"],
  ];
  for (const [src, msg] of cases) assert.equal(syntaxError(src), msg, src);
});

test('lua parser: nesting and variable limits', () => {
  assert.equal(syntaxError(`return ${'('.repeat(199)}1${')'.repeat(199)}`), 'user_script:1: chunk has too many syntax levels');
  parse(`return ${'('.repeat(198)}1${')'.repeat(198)}`, '@user_script');
  // the caller's C-call depth counts against the limit (loadstring inside a script)
  assert.equal(syntaxError(`return ${'('.repeat(198)}1${')'.repeat(198)}`, 1), 'user_script:1: chunk has too many syntax levels');
  const locals = (n: number) => Array.from({ length: n }, (_, i) => `local v${i}`).join('\n');
  parse(locals(200), '=t');
  assert.equal(syntaxError(locals(201)), 'user_script:201: main function has more than 200 local variables');
  assert.equal(syntaxError(`function f()\n${locals(201)}\nend`), 'user_script:203: function at line 1 has more than 200 local variables');
  const ups = Array.from({ length: 61 }, (_, i) => `local u${i}`).join(' ');
  const use = Array.from({ length: 61 }, (_, i) => `u${i}`).join(', ');
  assert.equal(syntaxError(`${ups}\nfunction f() return ${use} end`), 'user_script:2: function at line 2 has more than 60 upvalues');
});
