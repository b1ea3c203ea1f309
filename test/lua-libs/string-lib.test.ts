/**
 * Unit tests of the string library, the pattern matcher and the C printf conversions: edge cases
 * and every error message with its exact text (the differential tests check them against Redis
 * too; these pin them without a server).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertLuaError } from '../helpers/lua-oracle.js';
import { LuaFunction, LuaTable, numberToString, stringToNumber, type LuaValue } from '../../src/scripting/lua/value.js';
import { openString } from '../../src/scripting/lua/lib-string.js';
import { formatG, formatFloat, NO_FLAGS, doubleToInt64, doubleToUint64 } from '../../src/scripting/lua/c-printf.js';
import { matchClass } from '../../src/scripting/lua/lua-pattern.js';

const S = openString();
function fn(name: string): (...args: LuaValue[]) => LuaValue[] {
  const f = S.getStr(name) as LuaFunction;
  return (...args) => f.call(args);
}
const find = fn('find');
const match = fn('match');
const gsub = fn('gsub');
const format = fn('format');

const err = (f: () => unknown, message: string, positioned = true): void => assertLuaError(f, message, positioned);

test('pattern errors, raised only when the matcher reaches the bad part', () => {
  err(() => find('abc', 'a%'), "malformed pattern (ends with '%')");
  assert.deepEqual(find('abc', 'x%'), [undefined]); // never reached
  err(() => find('abc', '[a'), "malformed pattern (missing ']')");
  err(() => find('abc', '[%'), "malformed pattern (missing ']')");
  err(() => match('abc', 'a)'), 'invalid pattern capture');
  assert.deepEqual(find('abc', 'a)'), [undefined]); // no specials: a plain search
  err(() => find('abc', '(a'), 'unfinished capture');
  err(() => find('abc', '%1'), 'invalid capture index');
  err(() => find('abc', '(a%1)'), 'invalid capture index');
  err(() => gsub('abc', '(b)', '%2'), 'invalid capture index');
  err(() => find('abc', 'a%b'), 'unbalanced pattern');
  err(() => find('abc', '%fa'), "missing '[' after '%f' in pattern");
  err(() => find('abc', '()'.repeat(33)), 'too many captures');
  err(() => gsub('abc', '%w', () => undefined), "bad argument #3 to 'gsub' (string/function/table expected)");
  const bad = new LuaFunction('f', () => [new LuaTable()]);
  err(() => gsub('abc', '%w', bad), 'invalid replacement value (a table)');
});

test('pattern semantics of 5.1', () => {
  assert.deepEqual(find('hello', '()ll()'), [3, 4, 3, 5]);
  assert.deepEqual(match('key = val', '(%w+)%s*=%s*(%w+)'), ['key', 'val']);
  assert.deepEqual(match('f(a(b)c)d', '%b()'), ['(a(b)c)']);
  assert.deepEqual(match('THE (quick) fox', '%f[%a]%a+', 5), ['quick']);
  assert.deepEqual(match('a\0b', 'a\0x'), ['a']); // the pattern ends at its NUL
  assert.deepEqual(find('a\0b', '\0b'), [2, 3]); // no specials: a plain search of all the bytes
  assert.deepEqual(match('abc', '()a()%1'), [undefined]); // a position capture never repeats
  assert.deepEqual(find('abc', '', 10), [4, 3]); // 5.1 clamps init to the end
  assert.deepEqual(gsub('abc', 'b', '%'), ['a\0c', 1]); // a trailing % copies the NUL after it
  assert.deepEqual(gsub('abc', '', '-'), ['-a-b-c-', 4]);
  assert.deepEqual(gsub('abc', '%w', '%0%0', 2), ['aabbc', 2]);
  assert.deepEqual(gsub('hello world', '%w+', '%1'), ['hello world', 2]); // %1 without captures: the match
  assert.deepEqual(match('^a', '^a'), [undefined]);
  const it = fn('gmatch')('^a^a', '^a')[0] as LuaFunction; // gmatch has no anchor: '^' is literal
  assert.deepEqual(it.call([]), ['^a']);
  assert.equal(S.getStr('gfind'), S.getStr('gmatch'));
});

test('character classes follow the C locale over all 256 bytes', () => {
  let alpha = 0;
  let punct = 0;
  let space = 0;
  let ctrl = 0;
  for (let c = 0; c < 256; c++) {
    if (matchClass(c, 97)) alpha++;
    if (matchClass(c, 112)) punct++;
    if (matchClass(c, 115)) space++;
    if (matchClass(c, 99)) ctrl++;
    assert.equal(matchClass(c, 65), !matchClass(c, 97));
  }
  assert.deepEqual([alpha, punct, space, ctrl], [52, 32, 6, 33]);
  assert.equal(matchClass(0, 122), true);
  assert.equal(matchClass(46, 46), true); // %. is a literal dot
});

test('string.format errors', () => {
  err(() => format('%y', 1), "invalid option '%y' to 'format'");
  err(() => format('%', 1), "invalid option '%' to 'format'");
  err(() => format('%d'), "bad argument #2 to 'format' (no value)");
  err(() => format('%d', 'x'), "bad argument #2 to 'format' (number expected, got string)");
  err(() => format('%s', new LuaTable()), "bad argument #2 to 'format' (string expected, got table)");
  err(() => format('%-+ #0-d', 1), 'invalid format (repeated flags)');
  err(() => format('%100d', 1), 'invalid format (width or precision too long)');
  err(() => format('%.100f', 1), 'invalid format (width or precision too long)');
  err(() => format(), "bad argument #1 to 'format' (string expected, got no value)");
});

test('string.format conversions', () => {
  assert.deepEqual(format('%5.2f|%-5d|%05d|%+d|% d|%x|%X|%#o|%#x|%e|%g', 3.14159, 42, -42, 5, 5, 255, 255, 8, 255, 12345.678, 1e20), [
    ' 3.14|42   |-0042|+5| 5|ff|FF|010|0xff|1.234568e+04|1e+20',
  ]);
  assert.deepEqual(format('%d|%d|%x', 3.9, -3.9, -1), ['3|-3|ffffffffffffffff']);
  assert.deepEqual(format('%d|%x|%d', 2 ** 63, 2 ** 64, NaN), ['-9223372036854775808|0|-9223372036854775808']);
  assert.deepEqual(format('%c%c', 65, 256 + 66), ['AB']);
  assert.deepEqual(format('[%c][%3c][%-3c]', 0, 0, 0), ['[][  ][]']); // a NUL ends the item (strlen)
  assert.deepEqual(format('%s|%.2s|%5s', 'a\0b', 'abc', 1.5), ['a|ab|  1.5']);
  assert.deepEqual(format('%-99s|', 'x'.repeat(100)), ['x'.repeat(100) + '|']); // long strings are kept as they are
  assert.deepEqual(format('%q', '"\\\n\r\0x'), ['"\\"\\\\\\\n\\r\\000x"']);
  assert.deepEqual(format('%.0f %.0f %.0f %.1f %.2f', 0.5, 1.5, 2.5, 0.25, 1.005), ['0 2 2 0.2 1.00']);
  assert.deepEqual(format('%f %e %g %5.1f', Infinity, -Infinity, NaN, NaN), ['inf -inf -nan  -nan']);
});

test('C printf: exact ties, %g forms, conversions', () => {
  assert.equal(formatG(123456789012345, 14), '1.2345678901234e+14'); // a tie, to even
  assert.equal(formatG(123456789012355, 14), '1.2345678901236e+14');
  assert.equal(numberToString(123456789012345), '1.2345678901234e+14');
  assert.equal(formatG(0.1, 17), '0.10000000000000001');
  assert.equal(formatG(1e-5, 14), '1e-05');
  assert.equal(formatG(123456, 3), '1.23e+05');
  assert.equal(formatG(0.0001, 1), '0.0001');
  assert.equal(formatG(5e-324, 17), '4.9406564584124654e-324');
  assert.equal(formatFloat(2.5, 'e', { ...NO_FLAGS, precision: 0 }), '2e+00');
  assert.equal(formatFloat(9.995, 'f', { ...NO_FLAGS, precision: 2 }), '9.99'); // 9.995 is below the tie in binary
  assert.equal(formatFloat(0.5, 'g', { ...NO_FLAGS, precision: 0 }), '0.5');
  assert.equal(formatFloat(1, 'g', { ...NO_FLAGS, alt: true }), '1.00000');
  assert.equal(formatFloat(1e300, 'f', { ...NO_FLAGS, precision: 0 }).length, 301);
  assert.equal(doubleToInt64(-1e300), -(2n ** 63n));
  assert.equal(doubleToUint64(-1), 2n ** 64n - 1n);
  assert.equal(doubleToUint64(NaN), 2n ** 63n);
  assert.equal(doubleToUint64(1.5 * 2 ** 63), 3n * 2n ** 62n);
});

test('sub/byte/rep/char conversions and limits', () => {
  assert.deepEqual(fn('sub')('hello', 2 ** 63), ['hello']); // (long) of 2^63 is LONG_MIN: the start clamps to 1
  assert.deepEqual(fn('rep')('ab', 2 ** 32 + 2), ['abab']); // luaL_checkint keeps the low 32 bits
  assert.deepEqual(fn('char')(-0.5, 65.9), ['\0A']);
  err(() => fn('char')(256), "bad argument #1 to 'char' (invalid value)");
  err(() => fn('byte')('x'.repeat(8000), 1, -1), 'stack overflow (string slice too long)');
  assert.equal(fn('byte')('x'.repeat(7997), 1, -1).length, 7997);
  err(() => fn('rep')('x', 2 ** 30), 'not enough memory', false);
  err(() => fn('dump')(), "bad argument #1 to 'dump' (function expected, got no value)");
  err(() => fn('dump')(new LuaFunction('f', () => [])), 'unable to dump given function');
  const withDump = openString({ dump: () => '\x1bLua' });
  assert.deepEqual((withDump.getStr('dump') as LuaFunction).call([new LuaFunction('f', () => [])]), ['\x1bLua']);
});

test('string to number coercion reads like C strtod up to the first NUL', () => {
  const cases: [string, number | undefined][] = [
    ['1\0x', 1], ['0x1p4', 16], ['0x1.8', 1.5], [' 0x10 ', 16], ['-0x10', -16], ['.5', 0.5], ['5.', 5], ['\t5\v', 5], ['1e400', Infinity],
    ['1e', undefined], ['0x', undefined], ['', undefined], ['  ', undefined], ['5 x', undefined], ['x5', undefined],
  ];
  for (const [s, n] of cases) assert.equal(stringToNumber(s), n, JSON.stringify(s));
});
