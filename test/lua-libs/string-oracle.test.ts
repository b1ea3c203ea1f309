/**
 * Differential: Sonic's Lua string library against Redis 7.0.15's own Lua (EVAL on a real
 * redis-server), case by case: every byte value through every function, string.format over
 * generated specs and awkward numbers, the pattern matcher over generated patterns and subjects
 * (find, match, gmatch, gsub), and every error message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LuaFunction, LuaTable, type LuaValue } from '../../src/scripting/lua/value.js';
import { openString } from '../../src/scripting/lua/lib-string.js';
import { assertSameAsRedis, call, expr, useRedisLua, type Libs, type OracleCase } from '../helpers/lua-oracle.js';
import { prng } from '../helpers/prng.js';

const libs = (): Libs => ({ string: openString() });
const redis = useRedisLua();
const c = (fn: string, ...args: Parameters<typeof call>[2][]) => call(libs, fn, ...args);

async function check(cases: OracleCase[]): Promise<void> {
  await assertSameAsRedis(redis.conn(), cases);
}

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
const CLASSES = 'acdlpsuwxzACDLPSUWXZ';

test('every byte value through byte/char/len/lower/upper/reverse/rep/sub/format', async () => {
  const cases: OracleCase[] = [];
  for (let b = 0; b < 256; b++) {
    const ch = String.fromCharCode(b);
    cases.push(c('string.byte', ch), c('string.char', b), c('string.upper', ch + 'aZ'), c('string.lower', ch + 'aZ'));
    cases.push(c('string.format', '%q', 'x' + ch + 'y'), c('string.format', '%s|%5s|%-3s|%.1s', ch, ch, ch, ch + 'z'));
    cases.push(c('string.format', '%c|%5c|%-5c', b, b, b), c('string.rep', ch, 3), c('string.reverse', 'a' + ch + 'b'));
    cases.push(c('string.find', ALL_BYTES, ch), c('string.find', ALL_BYTES, ch, 1, true), c('string.len', ch + ch));
  }
  cases.push(c('string.byte', ALL_BYTES, 1, -1), c('string.upper', ALL_BYTES), c('string.lower', ALL_BYTES));
  cases.push(c('string.reverse', ALL_BYTES), c('string.format', '%q', ALL_BYTES), c('string.sub', ALL_BYTES, 100, 200));
  for (const k of CLASSES) {
    cases.push(c('string.gsub', ALL_BYTES, '%' + k, ''), c('string.gsub', ALL_BYTES, '[%' + k + ']', '.'));
    cases.push(c('string.gsub', ALL_BYTES, '[^%' + k + 'x]+', '#'));
  }
  for (let b = 0; b < 256; b++) {
    const ch = String.fromCharCode(b);
    // escaped bytes, bytes in sets, ranges and frontiers
    cases.push(c('string.gsub', ALL_BYTES, '%' + ch, '!'), c('string.find', ALL_BYTES, '[' + ch + ']'));
    cases.push(c('string.gsub', ALL_BYTES, '[a-' + ch + ']', ''), c('string.gsub', ALL_BYTES, '%f[' + ch + ']', '|'));
  }
  await check(cases);
});

test('sub/byte/find/rep/char with relative, huge, fractional and invalid positions', async () => {
  const nums = [0, 1, 2, 3, 4, 5, -1, -2, -3, -4, -5, 1.5, -1.5, 2.9, 1e10, -1e10, 2 ** 31, 2 ** 32 + 2, 2 ** 63, -(2 ** 63), 1e300, NaN, Infinity, -Infinity];
  const cases: OracleCase[] = [];
  for (const i of nums) {
    cases.push(c('string.sub', 'hello', i), c('string.byte', 'hello', i), c('string.find', 'hello', 'l', i), c('string.match', 'hello', '.', i));
    cases.push(c('string.find', 'hello', '', i), c('string.match', 'hello', '()', i), c('string.char', i));
    // (int) of the count: 2^32 + 2 repeats twice; counts that stay huge are left out (Redis would build them)
    if (Math.abs(i) < 1e6 || i === 2 ** 32 + 2 || i !== i || i === 2 ** 63 || Math.abs(i) === Infinity) cases.push(c('string.rep', 'ab', i));
    for (const j of nums) cases.push(c('string.sub', 'hello', i, j), c('string.byte', 'hello', i, j));
  }
  cases.push(c('string.sub', 'hello', '2', '3'), c('string.sub', 'hello', ' 0x2 ', '3'), c('string.rep', 'x', '3'), c('string.sub', 123456, 2, 4));
  // numeric strings as C's strtod reads them (up to a NUL; hexadecimal floats)
  cases.push(c('string.rep', 'a', '2\0zz'), c('string.sub', 'hello', '0x1p1'), c('string.sub', 'hello', ' 0x.8p2 '), c('string.rep', 'a', '0x'), c('string.rep', 'a', '3 x'));
  cases.push(c('string.byte', ''), c('string.byte', 'a', 2), c('string.char'), c('string.rep', '', 1e9), c('string.len', 12.5));
  // the C stack limit on results
  cases.push(c('string.byte', 'x'.repeat(7997), 1, -1), c('string.byte', 'x'.repeat(7998), 1, -1), c('string.byte', 'x'.repeat(7999)), c('string.byte', 'x'.repeat(9000), 2, 8000));
  await check(cases);
});

test('argument errors of every function', async () => {
  const t = expr('{}', () => new LuaTable());
  const f = expr('function() end', () => new LuaFunction('f', () => []));
  const cases: OracleCase[] = [];
  for (const fn of ['byte', 'char', 'find', 'format', 'gmatch', 'gsub', 'len', 'lower', 'match', 'rep', 'reverse', 'sub', 'upper', 'dump']) {
    cases.push(c('string.' + fn), c('string.' + fn, t), c('string.' + fn, 'abc', t), c('string.' + fn, true, 1), c('string.' + fn, 'abc', 'b', t));
    cases.push(c('string.' + fn, undefined), c('string.' + fn, 'abc', undefined), c('string.' + fn, 'a', 'a', 'x', 'y'));
    // dumping a Lua function returns its bytecode, which is the engine's business (the dump option)
    if (fn !== 'dump') cases.push(c('string.' + fn, f));
  }
  cases.push(c('string.char', 256), c('string.char', -1), c('string.char', 65, 'x'), c('string.char', 65, -0.5), c('string.char', 255.9));
  cases.push(c('string.gsub', 'a', 'a', undefined), c('string.gsub', 'a', 'a', true), c('string.gsub', 'a', 'a', undefined, 'x'), c('string.gsub', 'a', 'a', 'b', 'x'));
  await check(cases);
});

const FORMAT_NUMBERS = [
  0, -0, 1, -1, 7, 42, -42, 255, 256, 65, 0.5, 1.5, 2.5, -2.5, 0.125, 0.1, 1 / 3, -2 / 3, 3.14159265358979, 100, 1e5, 123456, 1234567, 1e15, 1e16,
  123456789012345, 2 ** 53, 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 2 ** 64, 1.8e19, -1.8e19, 2 ** 31, -(2 ** 31), 2 ** 32, 1e100, 1e300, 1.7976931348623157e308,
  5e-324, 2.2250738585072014e-308, 1e-5, 0.0001, 0.00001234, 9.5, 0.95, 0.995, 99.5, 999.5, 1e21, 1e22, 4.35, 2.675, 1.005, 0.045, 1e-10, -1e-300,
  Infinity, -Infinity, NaN, 1.25, 1.375, 0.0625, 1024.5, 12345.6789, 65.7, 3.5e-7,
];

test('string.format over generated specs and awkward numbers', async () => {
  const rnd = prng(20261201);
  const cases: OracleCase[] = [];
  const convs = 'cdiouxXeEfgG';
  const flagChars = '-+ #0';
  for (let k = 0; k < 3000; k++) {
    let flags = '';
    const nf = Math.floor(rnd() * 4);
    for (let i = 0; i < nf; i++) flags += flagChars[Math.floor(rnd() * flagChars.length)];
    const width = rnd() < 0.5 ? '' : String(Math.floor(rnd() * (rnd() < 0.8 ? 12 : 99)));
    const prec = rnd() < 0.5 ? '' : '.' + (rnd() < 0.2 ? '' : String(Math.floor(rnd() * (rnd() < 0.8 ? 20 : 99))));
    const conv = convs[Math.floor(rnd() * convs.length)];
    const n = rnd() < 0.7 ? FORMAT_NUMBERS[Math.floor(rnd() * FORMAT_NUMBERS.length)] : (rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20);
    cases.push(c('string.format', `[%${flags}${width}${prec}${conv}]`, n));
  }
  for (const n of FORMAT_NUMBERS) {
    for (const f of ['%d', '%i', '%u', '%o', '%x', '%X', '%c', '%e', '%E', '%f', '%g', '%G', '%.14g', '%.17g', '%.0f', '%.1f', '%.2f', '%.3e', '%#.0e', '%#x', '%#o', '%.99f', '%99.99f', '%.0e', '%.1g', '%#g', '%+.3g', '% 09.2f']) {
      cases.push(c('string.format', f, n));
    }
    cases.push(c('string.format', '%s', n), c('string.format', '%q', n), c('string.format', '%5.1s', n));
  }
  await check(cases);
});

test('string.format strings, %q, arguments, and its errors', async () => {
  const long = 'y'.repeat(150);
  const cases: OracleCase[] = [
    c('string.format', '%s %s', 'a\0b', long), c('string.format', '%-200s|', long), c('string.format', '%.120s|', long), c('string.format', '%5s|', 'a\0b'),
    c('string.format', '%.0s|%.1s|%.3s', 'abc', 'abc', 'abc'), c('string.format', '%s', 'x'.repeat(99)), c('string.format', '%3s', 'x'.repeat(100) + '\0z'),
    c('string.format', '%q', 'a\r\n\\"\0\x1a\xff'), c('string.format', '%5q', 'ab'), c('string.format', 'plain'), c('string.format', ''), c('string.format', '%%'),
    c('string.format', '%% %d %%', 1), c('string.format', '%d', '10'), c('string.format', '%d', ' 0x1f '), c('string.format', '%f', '1e2'), c('string.format', '%d'),
    c('string.format', '%d', 'x'), c('string.format', '%s'), c('string.format', '%s', undefined), c('string.format', '%y', 1), c('string.format', '%y'),
    c('string.format', '%', 1), c('string.format', 'abc%'), c('string.format', '%\0d', 1), c('string.format', '%F', 1), c('string.format', '%a', 1),
    c('string.format', '%ld', 1), c('string.format', '%hd', 1), c('string.format', '%n', 1), c('string.format', '%p', 1), c('string.format', '%-+ #0d', 1),
    c('string.format', '%-+ #00d', 1), c('string.format', '%000000d', 1), c('string.format', '%123d', 1), c('string.format', '%.123d', 1), c('string.format', '%12.123d', 1),
    c('string.format', '%99.99d', 1), c('string.format', '%1.1.1d', 1), c('string.format', '%d %d', 1), c('string.format', '%s', expr('{}', () => new LuaTable())),
    c('string.format', '%d', true), c('string.format', '%c%c%c', 72, 105, 0), c('string.format', '%5c|', 0), c('string.format', '%-5c|', 0), c('string.format', '%.0c|', 65),
    c('string.format', '%s', 1e15), c('string.format', '%s', 2 ** 63), c('string.format', '%s', -0), c('string.format', '%s %s %s', 1 / 0, -1 / 0, 0.1),
    c('string.format', '%\xffd', 1), c('string.format', '%5', 1), c('string.format', '%.', 1), c('string.format', '%d', 1, 2, 3),
  ];
  await check(cases);
});

/** Random pattern pieces: classes, sets, quantifiers, captures, anchors, specials. */
const ATOMS = ['a', 'b', 'c', '.', '%a', '%d', '%s', '%w', '%p', '%A', '%S', '[ab]', '[^a]', '[a-c]', '[%a_]', '[]]', '[^]]', '[a-]', '%%', '%.', '%(', ' ', '(', ')', '%'];
const QUANT = ['', '', '', '*', '+', '-', '?'];
const SPECIAL = ['()', '%b()', '%b""', '%f[%w]', '%f[%W]', '%1', '%2', '%0', '$', '^', '%z', '[%z]', '%bxy'];

function randomPattern(rnd: () => number): string {
  let p = rnd() < 0.2 ? '^' : '';
  const n = 1 + Math.floor(rnd() * 6);
  let open = 0;
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.05) p += String.fromCharCode(Math.floor(rnd() * 256));
    else if (r < 0.1 && open < 3) {
      p += '(';
      open++;
    } else if (r < 0.15 && open > 0) {
      p += ')';
      open--;
    } else if (rnd() < 0.15) p += SPECIAL[Math.floor(rnd() * SPECIAL.length)];
    else if (rnd() < 0.15) p += '(' + ATOMS[Math.floor(rnd() * 12)] + QUANT[Math.floor(rnd() * QUANT.length)] + ')';
    else p += ATOMS[Math.floor(rnd() * ATOMS.length)] + QUANT[Math.floor(rnd() * QUANT.length)];
  }
  if (rnd() < 0.8) p += ')'.repeat(open);
  if (rnd() < 0.15) p += '$';
  return p;
}

function randomSubject(rnd: () => number): string {
  const alphabet = 'abc() _1x"y%]\n\0';
  let s = '';
  const n = Math.floor(rnd() * 14);
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
  return s;
}

const GMATCH_ALL = `function(A) local out = {} for a, b in string.gmatch(A[1], A[2]) do out[#out + 1] = a; out[#out + 1] = b or '-' end return out end`;
function gmatchAll(A: LuaValue[]): LuaValue[] {
  const it = (openString().getStr('gmatch') as LuaFunction).call(A)[0] as LuaFunction;
  const out = new LuaTable();
  let n = 0;
  for (;;) {
    const r = it.call([]);
    if (r[0] === undefined) break;
    out.set(++n, r[0]);
    out.set(++n, r[1] ?? '-');
  }
  return [out];
}

test('patterns: generated patterns and subjects through find/match/gmatch/gsub', async () => {
  const rnd = prng(777);
  const cases: OracleCase[] = [];
  for (let k = 0; k < 4000; k++) {
    const p = randomPattern(rnd);
    const s = randomSubject(rnd);
    const init = rnd() < 0.7 ? undefined : Math.floor(rnd() * 20) - 10;
    cases.push(init === undefined ? c('string.find', s, p) : c('string.find', s, p, init));
    cases.push(c('string.match', s, p), c('string.gsub', s, p, '<%0>'), c('string.gsub', s, p, '[%1]', 2));
    cases.push({ lua: GMATCH_ALL, ts: gmatchAll, args: [s, p] });
  }
  await check(cases);
});

test('patterns: hand-picked edge cases and every error message', async () => {
  const P: [string, string][] = [
    ['hello world', '(o)(.-)%1'], ['hello', '()ll()'], ['  x', '^%s*()'], ['THE (quick) fox', '%((%a+)%)'], ['f(a(b)c)d', '%b()'], ['abc', '%bac'],
    ['THE (quick) fox', '%f[%a]%a+'], ['aaa', 'a-$'], ['aaa', '^a-'], ['aaab', 'a*b'], ['aaab', 'a+?b'], ['x', '[%]]'], ['a]b', '[]]'], ['a-b', '[a-]+'],
    ['a^b', '[b^]+'], ['a^b', 'a^b'], ['$x', '$x'], ['x$', 'x$$'], ['abc', '%'], ['abc', 'a%'], ['abc', 'x%'], ['abc', '[a'], ['abc', '[a%'], ['abc', '[%'],
    ['abc', '[^'], ['abc', '('], ['abc', '(()'], ['abc', ')'], ['abc', 'a)'], ['abc', '%1'], ['abc', '(a)%2'], ['abc', '(a%1)'], ['abc', '%b'], ['abc', '%ba'],
    ['abc', '%f'], ['abc', '%fa'], ['abc', '%f[a'], ['abc', '(((((((((((((((((((((((((((((((((a)))))))))))))))))))))))))))))))))'],
    ['abc', '()()()()()()()()()()()()()()()()()()()()()()()()()()()()()()()()'], ['a\0b', 'a\0b'], ['a\0b', '%z'], ['a\0b', '[%z]'], ['a\0b', '.\0x'],
    ['abc', '[%a-z]'], ['abc', '[a-%%]'], ['b', '[a-]'], ['-', '[a-]'], ['abc', '[]'], ['abc', '[^]'], ['', ''], ['', '^$'], ['', '.-'], ['abc', '()a()'],
    ['abc', '(a)(b)(c)'], ['hello', '(h)(e)(l)(l)(o)'], ['aaa', '(a*(.)%w(%s*))'], ['key = value', '(%w+)%s*=%s*(%w+)'], ['x', '%f[%z]'], ['x', 'x%f[%z]'],
    ['[[]]', '%b[]'], ['((', '%b()'], [')(', '%b)('], ['aXb', '%u'], ['a.b', '%.'], ['a.b', '%W'], ['abc', '.-b'], ['abc', 'a.-'], ['abc', '^(a)'],
  ];
  const cases: OracleCase[] = [];
  for (const [s, p] of P) {
    cases.push(c('string.find', s, p), c('string.match', s, p), c('string.gsub', s, p, '%0%0'), { lua: GMATCH_ALL, ts: gmatchAll, args: [s, p] });
    cases.push(c('string.find', s, p, 1, true), c('string.find', s, p, -2), c('string.gsub', s, p, '%1'));
  }
  await check(cases);
});

test('gsub replacements: strings with escapes, tables, functions, counts', async () => {
  const tbl = () => {
    const t = new LuaTable();
    t.set('hello', 'HI');
    t.set('a', 1.5);
    t.set('b', false);
    t.set('c', new LuaTable());
    return t;
  };
  const T = expr("{hello = 'HI', a = 1.5, b = false, c = {}}", tbl);
  const upper = expr('function(x, y) return string.upper(x) .. (y or "") end', () => new LuaFunction('f', (a) => [String(a[0]).toUpperCase() + (a[1] === undefined ? '' : String(a[1]))]));
  const ret = (lua: string, v: () => LuaValue) => expr(`function() return ${lua} end`, () => new LuaFunction('f', () => [v()]));
  const cases: OracleCase[] = [
    c('string.gsub', 'hello world', '(%w+)', '<%1>'), c('string.gsub', 'hello world', '%w+', '%0 %0', 1), c('string.gsub', 'abc', '', '-'),
    c('string.gsub', 'abc', '.', '%%'), c('string.gsub', 'abc', '.', '%x'), c('string.gsub', 'abc', 'b', '%'), c('string.gsub', 'abc', 'b', 'x%'),
    c('string.gsub', 'abc', 'b', '%2'), c('string.gsub', 'abc', '(b)', '%2'), c('string.gsub', 'abc', '()b', '%1'), c('string.gsub', 'abc', 'b', '%1'),
    c('string.gsub', 'abc', 'b', 5), c('string.gsub', 'abc', 'b', 0.5), c('string.gsub', 'abc', '%w', '%0', 0), c('string.gsub', 'abc', '%w', '%0', -1),
    c('string.gsub', 'abc', '%w', '%0', 2.7), c('string.gsub', 'abc', '^%w', 'X'), c('string.gsub', 'abc', '^', 'X'), c('string.gsub', 'abc', '$', 'X'),
    c('string.gsub', 'abc', '%w*', 'X'), c('string.gsub', 'abc', '%w-', 'X'), c('string.gsub', 'hello a b c', '%w+', T),
    c('string.gsub', 'hello world', '(%w+) (%w+)', upper), c('string.gsub', 'abc', '%w', upper), c('string.gsub', 'abc', '()(%w)', upper),
    c('string.gsub', 'abc', '%w', ret('nil', () => undefined)), c('string.gsub', 'abc', '%w', ret('false', () => false)),
    c('string.gsub', 'abc', '%w', ret('{}', () => new LuaTable())), c('string.gsub', 'abc', '%w', ret('true', () => true)),
    c('string.gsub', 'abc', '%w', ret('12.5', () => 12.5)), c('string.gsub', 'abc', '(', 'x'), c('string.gsub', 'abc', '%w', '%9'),
    c('string.gsub', 'a.b', '.', expr('{}', () => new LuaTable())), c('string.gsub', 'x', 'x', '\0%0\0'),
  ];
  await check(cases);
});

test('string.gfind is string.gmatch; dump needs a function', async () => {
  const cases: OracleCase[] = [
    {
      lua: 'function() return string.gfind == string.gmatch end',
      ts: () => {
        const l = openString();
        return [l.getStr('gfind') === l.getStr('gmatch')];
      },
      args: [],
    },
    c('string.dump', 1),
  ];
  await check(cases);
});

test('pattern matching is iterative: huge patterns and subjects do not overflow the stack', () => {
  const find = openString().getStr('find') as LuaFunction;
  const n = 200000;
  const s = 'a'.repeat(n);
  assert.deepEqual(find.call([s, 'a?'.repeat(n) + '$']), [1, n]);
  assert.deepEqual(find.call(['a'.repeat(2000), '(a-)b']), [undefined]);
  assert.deepEqual(find.call([s + 'b', 'a*b']), [1, n + 1]);
  assert.deepEqual(find.call([s, '.-$']), [1, n]);
});
