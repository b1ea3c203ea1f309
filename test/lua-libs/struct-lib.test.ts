/** Unit tests of struct: sizes and alignment of the x86-64 build, C conversions, error texts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertLuaError } from '../helpers/lua-oracle.js';
import { LuaFunction, type LuaValue } from '../../src/scripting/lua/value.js';
import { openStruct } from '../../src/scripting/lua/lib-struct.js';

const S = openStruct();
const fn = (name: string) => (...args: LuaValue[]) => (S.getStr(name) as LuaFunction).call(args);
const pack = fn('pack');
const unpack = fn('unpack');
const size = fn('size');
const hex = (s: LuaValue) => Buffer.from(s as string, 'latin1').toString('hex');

const err = assertLuaError;

test('sizes, alignment and byte order', () => {
  assert.deepEqual(size('bhilTfd'), [1 + 2 + 4 + 8 + 8 + 4 + 8]);
  assert.deepEqual(size('!bd'), [16]); // ! alone: maximum alignment 8
  assert.deepEqual(size('!4bd'), [12]);
  assert.equal(hex(pack('>i2<i2', 1, 1)[0]), '00010100');
  assert.equal(hex(pack('!4 b i', 1, 2)[0]), '0100000002000000');
  assert.equal(hex(pack('i16', -1)[0]), 'ff'.repeat(8) + '00'.repeat(8)); // beyond 8 bytes: zeros
  assert.deepEqual(unpack('i16', '\xff'.repeat(16)), [-1, 17]); // the low 8 bytes, sign-extended
  assert.deepEqual(unpack('>I3', '\x01\x02\x03'), [0x010203, 4]);
  assert.deepEqual(unpack('<i3', '\xff\xff\xff'), [-1, 4]);
  assert.deepEqual(unpack('s c1 c0', 'ab\x002xy'), ['ab', 'xy', 7]); // c0: the length is the previous result
  assert.deepEqual(unpack('', 'x', -5), [-5]); // a negative offset wraps; with nothing to read it comes back
});

test('C integer conversions', () => {
  assert.equal(hex(pack('<L', -1)[0]), 'ff'.repeat(8));
  assert.equal(hex(pack('<L', 2 ** 64)[0]), '00'.repeat(8)); // (unsigned long) of 2^64 is 0 on x86-64
  assert.equal(hex(pack('<l', NaN)[0]), '0000000000000080');
  assert.equal(hex(pack('<b', 1.9)[0]), '01');
  assert.deepEqual(unpack('<L', '\xff'.repeat(8)), [2 ** 64, 9]);
});

test('errors', () => {
  err(() => pack('i33', 1), 'integral size 33 is larger than limit of 32');
  err(() => pack('i99999999999', 1), 'integral size overflow');
  err(() => pack('!3'), 'alignment 3 is not a power of 2');
  err(() => pack('q'), "bad argument #1 to 'pack' (invalid format option 'q')");
  err(() => pack('c3', 'ab'), "bad argument #3 to 'pack' (string too short)");
  err(() => pack('i'), "bad argument #2 to 'pack' (number expected, got nil)");
  err(() => unpack('i', 'ab'), "bad argument #2 to 'unpack' (data string too short)");
  err(() => unpack('i', 'abcd', 0), "bad argument #3 to 'unpack' (offset must be 1 or greater)");
  err(() => unpack('s', 'ab'), 'unfinished string in data');
  err(() => unpack('c0', 'ab'), "format 'c0' needs a previous size");
  err(() => size('s'), "bad argument #1 to 'size' (option 's' has no fixed size)");
  err(() => size('c0'), "bad argument #1 to 'size' (option 'c0' has no fixed size)");
  err(() => unpack('b'.repeat(7998), '\x01'.repeat(7998)), 'stack overflow (too many results)');
});
