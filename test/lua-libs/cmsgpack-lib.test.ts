/**
 * Unit tests of cmsgpack: the encodings the C code picks, errors, and a fuzz over random bytes
 * (unpack either returns or raises a Lua error, never anything else, and never recurses).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LuaError, LuaFunction, LuaTable, type LuaValue } from '../../src/scripting/lua/value.js';
import { openCmsgpack } from '../../src/scripting/lua/lib-cmsgpack.js';
import { assertLuaError } from '../helpers/lua-oracle.js';
import { prng } from '../helpers/prng.js';

const M = openCmsgpack();
const fn = (name: string) => (...args: LuaValue[]) => (M.getStr(name) as LuaFunction).call(args);
const pack = fn('pack');
const unpack = fn('unpack');
const hex = (s: LuaValue) => Buffer.from(s as string, 'latin1').toString('hex');

const err = assertLuaError;

test('pack picks the encodings of the C code', () => {
  assert.equal(hex(pack(0.1)[0]), 'cb3fb999999999999a'); // the upstream "pack double" test
  assert.equal(hex(pack(-1099511627776)[0]), 'd3ffffff0000000000'); // "pack negative int64"
  assert.equal(hex(pack(1.5)[0]), 'ca3fc00000'); // exact as a float
  assert.equal(hex(pack(-0)[0]), '00');
  assert.equal(hex(pack(2 ** 63)[0]), 'ca5f000000'); // not an int64: a float
  assert.equal(hex(pack(NaN)[0]), 'cbfff8000000000000');
  assert.equal(hex(pack('x'.repeat(32))[0]).slice(0, 4), 'd920');
  const t = new LuaTable();
  t.set(1, 'a');
  t.set(3, 'c');
  assert.equal(hex(pack(t)[0]), '8201a161' + '03a163'); // not 1..n: a map
  const loop = new LuaTable();
  loop.set(1, loop);
  assert.equal(hex(pack(loop)[0]), '91'.repeat(16) + 'c0'); // 16 levels, then nil
});

test('unpack conventions and errors', () => {
  assert.deepEqual(unpack('\xcf\xff\xff\xff\xff\xff\xff\xff\xff'), [-1]); // through lua_Integer
  assert.deepEqual(fn('unpack_one')('\x01\x02', 0), [1, 1]);
  assert.deepEqual(fn('unpack_one')('\x01\x02', 1), [-1, 2]);
  assert.deepEqual(fn('unpack_limit')('\x01\x02\x03', 0), [1, 2, 3]); // limit 0, offset 0: everything
  err(() => unpack('\x92\x01'), 'Missing bytes in input.');
  err(() => unpack('\xc1'), 'Bad data format in input.');
  err(() => unpack('\x81\xc0\x01'), 'table index is nil');
  err(() => fn('unpack_one')('abc', -1), 'Invalid request to unpack with offset of -1 and limit of 3.');
  err(() => fn('unpack_one')('abc', 4), 'Start offset 4 greater than input length 3.');
  err(() => pack(), "bad argument #0 to 'pack' (MessagePack pack needs input.)");
  err(() => unpack('\x01'.repeat(8000)), 'stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)');
  err(() => unpack('\x91'.repeat(100000)), 'stack overflow (in function mp_decode_to_lua_array)');
});

test('fuzz: unpack of random bytes returns values or raises a Lua error', () => {
  const rnd = prng(2718);
  for (let k = 0; k < 20000; k++) {
    let s = '';
    for (let i = Math.floor(rnd() * 16); i > 0; i--) s += String.fromCharCode(rnd() < 0.5 ? 0x80 + Math.floor(rnd() * 32) : Math.floor(rnd() * 256));
    try {
      unpack(s);
    } catch (e) {
      assert.ok(e instanceof LuaError, `unpack(${hex(s)}) threw ${String(e)}`);
    }
  }
});
