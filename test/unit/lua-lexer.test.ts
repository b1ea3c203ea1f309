import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lexer, Tok } from '../../src/scripting/lua/lexer.js';
import { LuaError } from '../../src/scripting/lua/value.js';
import { chunkId } from '../../src/scripting/lua/chunkname.js';
import { str2number } from '../../src/scripting/lua/number.js';

/** All tokens of `src` as [token, value] pairs. */
function lex(src: string): [number, string | number | undefined][] {
  const lx = new Lexer(src, '=t');
  const out: [number, string | number | undefined][] = [];
  for (;;) {
    lx.advance();
    if (lx.token === Tok.Eos) return out;
    out.push([lx.token, lx.token === Tok.Number ? lx.nval : lx.token === Tok.Name || lx.token === Tok.String ? lx.sval : undefined]);
  }
}

function lexError(src: string): string {
  try {
    lex(src);
  } catch (e) {
    assert.ok(e instanceof LuaError);
    return String(e.value);
  }
  return assert.fail(`no error for ${JSON.stringify(src)}`);
}

test('lua lexer: operators, keywords and names', () => {
  assert.deepEqual(lex('a..b ... == ~= <= >= < > = # %'), [
    [Tok.Name, 'a'], [Tok.Concat, undefined], [Tok.Name, 'b'], [Tok.Dots, undefined], [Tok.Eq, undefined],
    [Tok.Ne, undefined], [Tok.Le, undefined], [Tok.Ge, undefined], [60, undefined], [62, undefined],
    [61, undefined], [35, undefined], [37, undefined],
  ]);
  assert.deepEqual(lex('local function end_ _x x1'), [
    [Tok.Local, undefined], [Tok.Function, undefined], [Tok.Name, 'end_'], [Tok.Name, '_x'], [Tok.Name, 'x1'],
  ]);
});

test('lua lexer: numbers', () => {
  const nums = (s: string) => lex(s).map(([, v]) => v);
  assert.deepEqual(nums('1 1.5 .5 5. 1e3 1E-2 0x10 0XfF 0x1p4 3e+2'), [1, 1.5, 0.5, 5, 1000, 0.01, 16, 255, 16, 300]);
  assert.equal(lexError('x = 1e'), "t:1: malformed number near '1e'");
  assert.equal(lexError('x = 0x'), "t:1: malformed number near '0x'");
  assert.equal(lexError('x = 3abc'), "t:1: malformed number near '3abc'");
  assert.equal(lexError('x = 1.2.3'), "t:1: malformed number near '1.2.3'");
});

test('lua lexer: strings, escapes and all byte values', () => {
  const strs = (s: string) => lex(s).map(([, v]) => v);
  assert.deepEqual(strs(String.raw`"a\tb" 'c\'d' "\65\066\0677" "\\" "x\
y"`), ['a\tb', "c'd", 'AB' + 'C7', '\\', 'x\ny']);
  assert.deepEqual(strs('"\\a\\b\\f\\n\\r\\t\\v\\"\\q"'), ['\x07\b\f\n\r\t\v"q']);
  let all = '';
  for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
  const escaped = Array.from(all, (c) => `\\${c.charCodeAt(0)}`).join('');
  assert.deepEqual(strs(`"${escaped}"`), [all]);
  // raw bytes (except the delimiter, backslash and newlines) pass through untouched
  const raw = all.replace(/["\\\n\r]/g, '');
  assert.deepEqual(strs(`"${raw}"`), [raw]);
  assert.equal(lexError('"\\256"'), `t:1: escape sequence too large near '"'`);
  assert.equal(lexError('x = "abc'), "t:1: unfinished string near '<eof>'");
  assert.equal(lexError('x = "abc\ndef"'), `t:1: unfinished string near '"abc'`);
});

test('lua lexer: long strings and comments', () => {
  const strs = (s: string) => lex(s).map(([, v]) => v);
  assert.deepEqual(strs('[[abc]] [==[a]]b]=]c]==] [[\nfirst newline skipped]] [[a\r\nb]]'), [
    'abc', 'a]]b]=]c', 'first newline skipped', 'a\nb',
  ]);
  assert.deepEqual(lex('--[[ comment\n]] x -- line\n--[==[ ]] ]==] y'), [[Tok.Name, 'x'], [Tok.Name, 'y']]);
  assert.equal(lexError('x = [[abc'), "t:1: unfinished long string near '<eof>'");
  assert.equal(lexError('--[[ abc'), "t:1: unfinished long comment near '<eof>'");
  assert.equal(lexError('x = [[a[[b]]'), "t:1: nesting of [[...]] is deprecated near '['");
  assert.equal(lexError('x = [=x'), "t:1: invalid long string delimiter near '[='");
});

test('lua lexer: line counting and odd characters', () => {
  const lx = new Lexer('a\nb\r\nc\rd\n\re', '@f');
  const lines: number[] = [];
  for (lx.advance(); lx.token !== Tok.Eos; lx.advance()) lines.push(lx.line);
  assert.deepEqual(lines, [1, 2, 3, 4, 5]);
  assert.deepEqual(lex('\x01'), [[1, undefined]]);
});

test('lua chunk names as Lua shows them', () => {
  assert.equal(chunkId('@user_script'), 'user_script');
  assert.equal(chunkId('=stdin'), 'stdin');
  assert.equal(chunkId('return 1'), '[string "return 1"]');
  assert.equal(chunkId('local a\nreturn a'), '[string "local a..."]');
  assert.equal(chunkId('x'.repeat(70)), `[string "${'x'.repeat(63)}..."]`);
  assert.equal(chunkId('@' + 'd'.repeat(80)), '...' + 'd'.repeat(72));
});

test('lua string to number conversion (luaO_str2d)', () => {
  const cases: [string, number | undefined][] = [
    ['10', 10], [' 10 ', 10], ['\t\n1e2\v', 100], ['0x1F', 31], ['-0x10', -16], ['0x1.8p1', 3], ['.5', 0.5],
    ['5.', 5], ['1e', undefined], ['1e+', undefined], ['', undefined], [' ', undefined], ['abc', undefined],
    ['inf', Infinity], ['-Infinity', -Infinity], ['1 2', undefined], ['0x', undefined], ['5\0junk', 5],
    ['+3', 3], ['--3', undefined], ['1_0', undefined], ['123456789012345678', 123456789012345680],
  ];
  for (const [s, want] of cases) assert.equal(str2number(s), want, JSON.stringify(s));
  assert.ok(Number.isNaN(str2number('nan')!));
  assert.ok(Number.isNaN(str2number('-nan(123)')!));
});
