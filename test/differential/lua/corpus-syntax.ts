/**
 * Lexer and parser cases: every case is compiled by both interpreters, so successful parses print
 * "ok" (or run) and syntax errors must match Lua 5.1's message byte for byte.
 */
export type Case = [name: string, src: string];

/** Snippets loaded with loadstring: prints "ok" or the error message. */
const SNIPPETS: string[] = [
  'x = ', 'x = 1 +', 'local = 1', 'local 1 = 2', 'x y', 'x = }', 'f(', 'f(1,', 'f(1 2)', 'a.b:c',
  'a:b', 'a.1 = 2', 'return return', 'return 1 x = 2', 'break', 'if x then', 'if x then else',
  'if x then elseif', 'if x end', 'while true', 'while true do', 'for i = 1 do end', 'for i = 1, 2 end',
  'for i in do end', 'for 1 = 1, 2 do end', 'for i, 2 in x do end', 'for i do end', 'repeat', 'repeat until',
  'function', 'function f', 'function f(', 'function f(a,) end', 'function f(a b) end', 'function f(...,a) end',
  'function f() return ... end', 'local function f() return ... end', 'local function', 'local function 1() end',
  'function a.b.c:d.e() end', 'function a:b:c() end', 'do', 'do end end', 'end', 'x = {', 'x = {1, 2', 'x = {[1] 2}',
  'x = {[1] = }', 'x = {a = }', 'x = {,}', 'x = {1,,2}', 'x = {;}', 'x = {1;2;}', 'x = {1,2,}', 'x = (1', 'x = ()',
  'x = 1 2', 'x = a..', 'x = not', 'x = #', 'x = -', 'x = 1 == == 2', 'x = "abc', "x = 'abc", 'x = "a\nb"',
  'x = "\\300"', 'x = "\\256"', 'x = "\\255"', 'x = [[abc', 'x = [==[abc]=]', 'x = [=[a]]', 'x = [[a[[b]]', 'x = [=x',
  '--[[ unfinished', '--[==[ ok ]==] x = 1', 'x = 3..2', 'x = 1e', 'x = 1e+', 'x = 0x', 'x = 0xg', 'x = 1.2.3',
  'x = 08', 'x = .5', 'x = 5.', 'x = 1e10', 'x = 0x1p4', 'x = 3abc', 'x = 1__', 'x = @', 'x = $', 'x = `', 'x = \\',
  'x = !', 'x = 1 ~ 2', 'x = 1 ~= 2', 'x = a.b.c.d', 'x = a[1][2]', 'x = a:b()', 'x = a:b "s"', 'x = a:b {1}',
  'a.b.c = 1', 'a[1], b.c = 1, 2', '(a) = 1', 'a() = 1', 'a, b() = 1', 'a, (b) = 1', 'x = function() end',
  'x = function(...) return ... end', 'x = function(a, ...) return arg end', 'local a <const> = 1', 'goto x',
  '::x::', 'x = 1 // 2', 'x = 1 & 2', 'x = a and or b', 'x = ...', 'f()\n(g)()', 'f\n()', 'local x = f\n(g)',
  'return', 'return;', 'return 1;', 'return 1; x = 2', ';', 'x = 1;;', 'local a, b, c', 'local a, = 1',
  'x = {f()}', 'x = {f(), g()}', 'x = {[f()] = g()}', 'for i = 1, 2, 3, 4 do end', 'for a, b, c in x, y, z, w do end',
  'if a then elseif b then else end', 'while a do break end', 'repeat break until x', 'repeat local x until x',
  'do break end', 'if x then break end', 'function f() break end', 'while 1 do function f() break end end',
  'local function f() end f()', 'a.b.c()', 'a["b"]()', 'a.b["c"]:d(1)(2)', 'x = #a + -b ^ c ^ d * e',
  'x = not not nil', 'x = 1 < 2 < 3', 'x = "a" .. "b" .. "c"', 'x = a.b.c.d.e.f', 'x = #"abc"',
  'x = 1 --[[c]] + --[==[d]==] 2', '#!/bin/lua\nx = 1', '\xef\xbb\xbfx = 1', 'x = "\\z"', 'x = "\\x41"',
  'x = "a\\\nb"', 'x = \'\\\'\'', 'x = "\\""', 'x = "\\a\\b\\f\\n\\r\\t\\v\\\\"', 'x = "\\0\\00\\000"', 'x = "\\1234"',
  'x = "\\q"', 'local \xe9 = 1', 'x = "\xe9"', 'x = 1\n+\n2', 'x =\n\n\n', 'local t = {\n1,\n2\n', 'f(\n1,\n2\n',
  'if x then\n\nelse\n\n', 'function f()\n\nreturn 1\n\n', 'while x do\nlocal y\n', 'x = [[\nline1\nline2]] y',
  'x = "abc\\\n', 'for i = 1, 2 do\n', 'repeat\nx = 1\n', 'x = a.\nb', 'x = a:\nb()', 'x = 1 + \n',
];

function quote(s: string): string {
  let eq = '';
  while (s.includes(`]${eq}]`) || s.endsWith(`]${eq}`)) eq += '=';
  return `[${eq}[${s.startsWith('\n') ? '\n' : ''}${s}]${eq}]`;
}

function snippetCases(): Case[] {
  const cases: Case[] = [];
  const per = 8;
  for (let i = 0; i < SNIPPETS.length; i += per) {
    const group = SNIPPETS.slice(i, i + per);
    const src = group
      .map((s) => `do local f, e = loadstring(${quote(s)}) print(f and "ok" or e) end`)
      .join('\n');
    cases.push([`loadstring snippets ${i}..${i + group.length - 1}`, src]);
  }
  return cases;
}

const TOP_LEVEL: Case[] = [
  ['top-level unexpected symbol', 'print(1)\nx = = 2'],
  ['top-level unfinished string', 'print("abc)'],
  ['top-level missing end', 'function f()\n  return 1\n'],
  ['top-level missing end for if', 'if true then\n print(1)\n\n'],
  ['top-level end at other line', 'while true do\n x = 1\n until false'],
  ['top-level = expected', 'x'],
  ['top-level long string', 'x = [==[\nabc'],
  ['top-level long comment', '--[[ abc\n\n'],
  ['top-level malformed number', 'x = 1.5e'],
  ['top-level char', 'x = 1\x01'],
  ['top-level high byte', 'x = \xff'],
  ['top-level string with zero near', 'x = "a\\0b" "c"'],
  ['top-level near number', 'x = 1 2'],
  ['top-level near string', 'x = 1 "s"'],
  ['top-level near name', 'x = 1 y'],
  ['top-level near long string', 'x = 1 [[long\nstring]]'],
  ['top-level ambiguous', 'local f = print\nf\n("x")'],
  ['top-level ... outside vararg', 'function f() return ... end'],
  ['top-level no loop to break', 'if true then break end'],
  ['top-level break not last', 'while true do break print(1) end'],
  ['top-level return not last', 'do return 1 print(2) end'],
  ['top-level shebang', '#!/usr/bin/lua\nprint("shebang skipped")'],
  ['top-level crlf lines', 'print(1)\r\nprint(2)\r\nx = = 1'],
  ['top-level cr lines', 'print(1)\rprint(2)\rx = = 1'],
  ['deep parens ok', `print(${'('.repeat(150)}1${')'.repeat(150)})`],
  ['deep parens fail', `print(${'('.repeat(250)}1${')'.repeat(250)})`],
  ['deep blocks fail', `${'do '.repeat(250)}${'end '.repeat(250)}`],
  ['deep concat fail', `x = 1${' .. 1'.repeat(300)}`],
  ['long left-assoc chain ok', `x = 1${' + 1'.repeat(500)} print(x)`],
  ['many locals', `${Array.from({ length: 201 }, (_, i) => `local v${i} = ${i}`).join('\n')}`],
  ['many locals ok', `${Array.from({ length: 199 }, (_, i) => `local v${i} = ${i}`).join('\n')}\nprint(v198)`],
  ['many locals in function', `function f()\n${Array.from({ length: 201 }, (_, i) => `local v${i}`).join('\n')}\nend`],
  ['many upvalues', `${Array.from({ length: 70 }, (_, i) => `local u${i} = ${i}`).join(' ')}\nfunction f() return ${Array.from({ length: 70 }, (_, i) => `u${i}`).join(' + ')} end print(f())`],
  ['upvalues ok', `${Array.from({ length: 60 }, (_, i) => `local u${i} = ${i}`).join(' ')}\nfunction f() return ${Array.from({ length: 60 }, (_, i) => `u${i}`).join(' + ')} end print(f())`],
  ['chunkname truncation', 'local f, e = loadstring("x = = 1 -- a very long first line that is longer than the limit of the chunk id")\nprint(e)'],
  ['chunkname newline', 'local f, e = loadstring("local a = 1\\nx = = 1") print(e)'],
  ['chunkname custom', 'print(select(2, loadstring("x = = 1", "=custom")))\nprint(select(2, loadstring("x = = 1", "@file.lua")))\nprint(select(2, loadstring("x = = 1", "@" .. string.rep("d/", 40) .. "f.lua")))\nprint(select(2, loadstring("x = = 1", "=" .. string.rep("n", 80))))'],
  ['load with reader', 'local parts = {"return ", "1 + ", "2"} local i = 0\nlocal f = load(function() i = i + 1 return parts[i] end)\nprint(f())\nprint(type(load(function() return nil end)))'],
  ['load syntax error name', 'print(select(2, load(function() return nil end, "=named")))\nlocal done = false print(select(2, load(function() if done then return nil end done = true return "x = = 1" end)))'],
];

export const SYNTAX_CASES: Case[] = [...snippetCases(), ...TOP_LEVEL];
