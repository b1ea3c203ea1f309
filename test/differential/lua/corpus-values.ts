/**
 * Values: number formatting (%.14g), arithmetic and its string coercion, comparison, equality,
 * concatenation, length, truthiness, tostring/tonumber edge cases.
 */
import type { Case } from './corpus-syntax.js';

/** Prints each expression on its own line, through pcall so errors print too. */
function exprs(name: string, list: string[], per = 12): Case[] {
  const cases: Case[] = [];
  for (let i = 0; i < list.length; i += per) {
    const group = list.slice(i, i + per);
    const body = group.map((e) => `print(pcall(function() return ${e} end))`).join('\n');
    cases.push([`${name} ${i}..${i + group.length - 1}`, body]);
  }
  return cases;
}

const NUMBERS = [
  '1', '-1', '0', '-0', '0.1', '1/3', '-1/3', '2/3', '10/2', '7/2', '1e15', '1e14', '1e16', '123456789012345',
  '1234567890123456', '12345678901234567', '2^53', '2^53 + 1', '2^63', '2^64', '-2^63', '2^-1074', '2^1023 * 2',
  '1e308 * 10', '-1e308 * 10', '1e-5', '1e-4', '0.0001234', '123.456', '100', '1e100', '1.5e300 * 1.5e10',
  '3.14159265358979', '1e21', '1e22', '99999999999999.5', '999999999999995', '0.1 + 0.2', '1 - 0.9', '4.35 * 100',
  '1/0', '-1/0', '0/0', '2^0.5', '8^(1/3)', '(-8)^(1/3)', '0^0', '0^-1', '(-2)^2', '-2^2', '2^-2', '2^3^2',
  '5 % 3', '-5 % 3', '5 % -3', '-5 % -3', '5.5 % 2', '-5.5 % 2', '5 % 0', '5 % 1/0', '5 % math.huge', '-5 % math.huge',
  'math.huge % 5', '0 % 5', '1e308 % 3', '3 % 1e308', '7 % 2.5', '10 / 3 * 3', '0.1 * 3', '1e-320', '5e-324',
  '4503599627370496.5', '9007199254740993', '0x10', '0xff', '0XA', '0x7fffffff', '0xffffffff', '0x100000000',
  '0x1p4', '1e2', '1E2', '.5', '5.', '3e-2', '0.5e1', '1 + 2 * 3', '(1 + 2) * 3', '2 * 3 ^ 2', '-3 ^ 2', '- - 3',
  '10 - 2 - 3', '100 / 10 / 5', '2 ^ 2 ^ 3', '1 .. 2', '1.5 .. ""', '-0 .. ""', '1e100 .. ""', '2^63 .. ""',
  '0.1 .. 0.2', '12 .. 34 .. 56',
];

const COERCION = [
  '"10" + 1', '"10" * "2"', '"3" - 1', '"2" ^ "3"', '"7" % "4"', '"1e2" + 0', '" 12 " + 0', '"0x10" + 0',
  '"10" / "4"', '-"3"', '-"-3"', '"1" + "1"', '"abc" + 1', '1 + "abc"', '"" + 1', '" " + 1', '"1 2" + 1', '"0x" + 1',
  '"1e" + 1', '"inf" + 0', '"-inf" + 0', '"infinity" + 0', '"nan" + 0 ~= "nan" + 0', '"1." + 0', '".5" + 0',
  '"5e-1" + 0', '"\\t5\\n" + 0', '"5\\0" + 0', '"0x1P-2" + 0', '"+5" + 0', '"--5" + 0', '"1_000" + 0',
  '10 == "10"', '"10" == 10', '"a" < "b"', '"a" < "B"', '"abc" < "abd"', '"ab" < "abc"', '"" < "a"', '"Z" < "a"',
  '"\\0" < "\\1"', '"a\\0b" < "a\\0c"', '"a" < "a\\0"', '"\\255" > "a"', '1 < 2', '2 <= 2', '3 > 2', '2 >= 3',
  '-0 == 0', '0/0 == 0/0', '1/0 > 1e308', '"10" < "9"', '10 < 9', '1 < "2"', '"1" < 2', '{} < {}', 'nil < 1',
  'true < false', '1 <= nil', 'nil > 1', '"x" >= 1', 'print < print',
];

const EQUALITY = [
  '1 == 1.0', '"1" == 1', 'nil == false', '{} == {}', 'print == print', 'math == math', '"a" .. "b" == "ab"',
  '1 ~= 1', 'nil ~= nil', 'not nil', 'not 0', 'not ""', 'not false', 'not not 1', 'nil and 1', 'false and nil',
  '0 and 1', '"" and 2', 'nil or 1', 'false or false', 'nil or nil', '1 or error("no")', 'false and error("no")',
  '1 and 2 or 3', 'nil and 2 or 3', 'false or nil and 1', '1 == 1 and "yes" or "no"', '(1 < 2) == true',
  'type(1 < 2)', '#"hello"', '#""', '#"\\0\\0"', '#{1, 2, 3}', '#{}', '#{nil}', '#{1, nil}', '#{nil, 2}',
  '#{1, nil, 3}', '#{n = 1}', '#{1, 2, 3, nil, 5}', '#nil', '#5', '-nil', '-{}', '-"x"', '"a" .. nil', 'nil .. "a"',
  '"a" .. {}', '{} .. "a"', '"a" .. true', '1 .. false', '#print',
];

const TONUMBER = [
  'tonumber("42")', 'tonumber("  42  ")', 'tonumber("4 2")', 'tonumber("0x1F")', 'tonumber("-0x10")',
  'tonumber("1e3")', 'tonumber("1e")', 'tonumber("")', 'tonumber(" ")', 'tonumber("abc")', 'tonumber(nil)',
  'tonumber(true)', 'tonumber({})', 'tonumber(12)', 'tonumber("12", 10)', 'tonumber("ff", 16)', 'tonumber("FF", 16)',
  'tonumber("0xff", 16)', 'tonumber("z", 36)', 'tonumber("Z", 36)', 'tonumber("10", 2)', 'tonumber("12", 2)',
  'tonumber("777", 8)', 'tonumber("8", 8)', 'tonumber("-10", 2)', 'tonumber(" 11 ", 2)', 'tonumber("1 1", 2)',
  'tonumber("", 2)', 'tonumber("10", 1)', 'tonumber("10", 37)', 'tonumber("10", 36)', 'tonumber(10, 16)',
  'tonumber("ffffffffffffffffff", 16)', 'tonumber("-1", 16)', 'tonumber("1.5", 10)', 'tonumber("1.5", 16)',
  'tonumber("0x", 16)', 'tonumber("+7", 8)', 'tonumber("7fffffff", 16)', 'tonumber("100000000", 16)',
  'tonumber("1e500")', 'tonumber("-1e500")', 'tonumber("0x1.8p1")', 'tonumber(".")', 'tonumber("-.5")',
  'tonumber("5\\0")', 'tonumber()', 'tonumber("10", "16")', 'tonumber("10", 16.9)', 'tonumber("1", nil)',
];

const TOSTRING = [
  'tostring(nil)', 'tostring(true)', 'tostring(false)', 'tostring(0)', 'tostring(-0)', 'tostring(1e15)',
  'tostring(0.1)', 'tostring(1/0)', 'tostring(-1/0)', 'tostring("s")', 'tostring(123456789012)', 'tostring()',
  'tostring(2^31)', 'tostring(-2^31)', 'tostring(2^32 + 0.5)', 'tostring(1e-10)', 'tostring(12.0)',
  'tostring(setmetatable({}, {__tostring = function() return "custom" end}))',
  'tostring(setmetatable({}, {__tostring = function() return 42 end}))',
  'type(tostring({}))', 'type(tostring(print))', 'string.sub(tostring({}), 1, 7)', 'string.sub(tostring(print), 1, 10)',
  'type(nil)', 'type(1)', 'type("")', 'type({})', 'type(print)', 'type(type)', 'type(true)', 'type()',
];

const STRINGS: Case[] = [
  ['escapes', 'print("a\\tb", "c\\\\d", "e\\"f", \'g\\\'h\', "i\\65j", "\\0491", #"\\0", #"\\255\\0\\1")'],
  ['decimal escapes', 'print(string.byte("\\1\\12\\123\\1234", 1, -1))'],
  ['long strings', 'print([[abc]], [==[a]]b]==], #[[\nx]], [[\r\nline]], #[[\n\n]])'],
  ['backslash newline', 'print("a\\\nb")'],
  ['all bytes round trip', 'local t = {} for i = 0, 255 do t[#t + 1] = string.char(i) end local s = table.concat(t)\nprint(#s) for i = 1, 256, 37 do print(i, string.byte(s, i)) end'],
  ['string methods', 'local s = "Hello" print(s:upper(), s:lower(), s:len(), s:sub(2, 3), s:rep(2), s:byte(1), ("x"):rep(3))'],
  ['number methods fail', 'print(pcall(function() local n = 5 return n:foo() end))'],
  ['string index', 'local s = "abc" print(type(s.len), s.len == string.len, s.nothing)'],
  ['string concat numbers', 'print(1 .. "", 1.5 .. "|", -1 .. "", 2^60 .. "", 0.1 .. "")'],
  ['concat chain', 'local a, b, c = "x", 1, 2.5 print(a .. b .. c, b .. c .. a)'],
  ['string compare bytes', 'local t = {"b", "a", "B", "A", "\\255", "\\0", "ab", "a\\0", ""} table.sort(t) for i, v in ipairs(t) do io_write = nil print(i, string.byte(v, 1, -1)) end'],
];

export const VALUE_CASES: Case[] = [
  ...exprs('numbers', NUMBERS),
  ...exprs('coercion', COERCION),
  ...exprs('equality', EQUALITY),
  ...exprs('tonumber', TONUMBER),
  ...exprs('tostring', TOSTRING),
  ...STRINGS,
];
