/**
 * Unit tests of cjson: exact error texts, the null value, configuration, and a fuzz over random
 * bytes (decode either returns or raises a Lua error, never anything else).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LuaError, LuaFunction, LuaTable, type LuaValue } from '../../src/scripting/lua/value.js';
import { CJSON_NULL, openCjson } from '../../src/scripting/lua/lib-cjson.js';
import { assertLuaError } from '../helpers/lua-oracle.js';
import { prng } from '../helpers/prng.js';

function lib(): (name: string, ...args: LuaValue[]) => LuaValue[] {
  const t = openCjson();
  return (name, ...args) => (t.getStr(name) as LuaFunction).call(args);
}

const err = assertLuaError;

test('encode and decode basics', () => {
  const j = lib();
  assert.deepEqual(j('encode', 'a/b"\x01\x7f\xff'), ['"a\\/b\\"\\u0001\\u007f\xff"']);
  assert.deepEqual(j('encode', CJSON_NULL), ['null']);
  const t = new LuaTable();
  t.set(1, 1.5);
  t.set(3, true);
  assert.deepEqual(j('encode', t), ['[1.5,null,true]']);
  assert.deepEqual(j('encode', new LuaTable()), ['{}']);
  assert.equal(j('decode', 'null')[0], CJSON_NULL);
  const arr = j('decode', '[1,null,"x"]')[0] as LuaTable;
  assert.deepEqual([arr.get(1), arr.get(2), arr.get(3), arr.length()], [1, CJSON_NULL, 'x', 3]);
  assert.deepEqual(j('decode', '"\\ud83d\\ude00\\u00e9"'), ['\xf0\x9f\x98\x80\xc3\xa9']);
});

test('error messages', () => {
  const j = lib();
  err(() => j('decode', ''), 'Expected value but found T_END at character 1');
  err(() => j('decode', '{"a" 1}'), 'Expected colon but found T_NUMBER at character 6');
  err(() => j('decode', '[1 2]'), 'Expected comma or array end but found T_NUMBER at character 4');
  err(() => j('decode', '"\\q"'), 'Expected value but found invalid escape code at character 2');
  err(() => j('decode', '"abc'), 'Expected value but found unexpected end of string at character 5');
  err(() => j('decode', 'a\0'), 'JSON parser does not support UTF-16 or UTF-32');
  err(() => j('decode'), "bad argument #1 to 'decode' (expected 1 argument)");
  err(() => j('encode', new LuaFunction('f', () => [])), 'Cannot serialise function: type not supported');
  const bad = new LuaTable();
  bad.set(true, 1);
  err(() => j('encode', bad), 'Cannot serialise boolean: table key must be a number or string');
  const sparse = new LuaTable();
  sparse.set(100, 1);
  err(() => j('encode', sparse), 'Cannot serialise table: excessively sparse array');
  err(() => j('encode', NaN), 'Cannot serialise number: must not be NaN or Inf');
  err(() => j('encode_number_precision', 15), "bad argument #1 to 'encode_number_precision' (expected integer between 1 and 14)");
  err(() => j('encode_invalid_numbers', 'maybe'), "bad argument #1 to 'encode_invalid_numbers' (invalid option 'maybe')");
  const loop = new LuaTable();
  loop.set(1, loop);
  err(() => j('encode', loop), 'Cannot serialise, excessive nesting (1001)');
  err(() => j('decode', '['.repeat(1001)), 'Found too many nested data structures (1001) at character 1001');
});

test('deep structures with raised limits stop at the Lua stack bound without recursion', () => {
  const j = lib();
  j('encode_max_depth', 1e9);
  j('decode_max_depth', 1e9);
  const loop = new LuaTable();
  loop.set(1, loop);
  err(() => j('encode', loop), 'Cannot serialise, excessive nesting (7998)');
  err(() => j('decode', '['.repeat(100000)), 'Found too many nested data structures (7999) at character 7999');
});

test('configuration returns', () => {
  const j = lib();
  assert.deepEqual(j('encode_sparse_array'), [false, 2, 10]);
  assert.deepEqual(j('encode_sparse_array', true, 3), [true, 3, 10]);
  assert.deepEqual(j('encode_invalid_numbers', 'null'), ['null']);
  assert.deepEqual(j('encode_invalid_numbers', 'on'), [true]);
  assert.deepEqual(j('encode_keep_buffer', false), [false]);
  assert.deepEqual(j('encode_number_precision', 3), [3]);
  assert.deepEqual(j('encode', 1 / 3), ['0.333']);
  // cjson.new has its own settings
  const fresh = j('new')[0] as LuaTable;
  assert.deepEqual((fresh.getStr('encode_number_precision') as LuaFunction).call([]), [14]);
});

test('fuzz: decode of random bytes returns a value or raises a Lua error', () => {
  const j = lib();
  const rnd = prng(8080);
  const alphabet = '{}[],:"\\ \t\n0123456789.eE+-truefalsnlxu\0\xff';
  for (let k = 0; k < 20000; k++) {
    let s = '';
    const n = Math.floor(rnd() * 24);
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    try {
      j('decode', s);
    } catch (e) {
      assert.ok(e instanceof LuaError, `decode(${JSON.stringify(s)}) threw ${String(e)}`);
    }
  }
});
