import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addInt64, INT64_MAX, INT64_MIN, int64ToString, parseInt64, shortDigits } from '../../src/util/int64.js';

/** An independent statement of Redis's string2ll rule, for comparison. */
function reference(s: string): bigint | null {
  if (s.length === 0 || s.length > 20) return null;
  if (!/^(0|-?[1-9][0-9]*)$/.test(s)) return null;
  const v = BigInt(s);
  return v > INT64_MAX || v < INT64_MIN ? null : v;
}

test('parseInt64 accepts canonical integers and returns numbers when safe', () => {
  assert.equal(parseInt64('0'), 0);
  assert.equal(parseInt64('-1'), -1);
  assert.equal(parseInt64('123456789012345'), 123456789012345);
  assert.equal(parseInt64('9007199254740991'), 9007199254740991);
  assert.equal(parseInt64('-9007199254740991'), -9007199254740991);
  assert.equal(parseInt64('9007199254740992'), 9007199254740992n);
  assert.equal(parseInt64('9223372036854775807'), 9223372036854775807n);
  assert.equal(parseInt64('-9223372036854775808'), -9223372036854775808n);
});

test('parseInt64 rejects what string2ll rejects', () => {
  for (const s of ['', '-', '+1', ' 1', '1 ', '01', '-0', '00', '1.0', '1e3', '0x10', '9223372036854775808',
    '-9223372036854775809', '99999999999999999999', '-99999999999999999999', '123456789012345678901', '1\0', '١']) {
    assert.equal(parseInt64(s), null, JSON.stringify(s));
  }
});

test('parseInt64 agrees with the reference on edge and random inputs', () => {
  const samples: string[] = [];
  for (let d = 1; d <= 21; d++) {
    samples.push('9'.repeat(d), '-' + '9'.repeat(d), '1' + '0'.repeat(d - 1), '-1' + '0'.repeat(d - 1));
  }
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  const alphabet = '0123456789-+ .x';
  for (let i = 0; i < 20000; i++) {
    let s = '';
    const len = rnd(22);
    for (let j = 0; j < len; j++) s += alphabet[rnd(j === 0 ? alphabet.length : 10)];
    samples.push(s);
  }
  for (const s of samples) {
    const got = parseInt64(s);
    const want = reference(s);
    assert.equal(got === null ? null : BigInt(got), want, JSON.stringify(s));
    if (typeof got === 'bigint') assert.ok(got > 9007199254740991n || got < -9007199254740991n, 'safe values are numbers');
  }
});

test('addInt64 detects signed 64-bit overflow exactly', () => {
  assert.equal(addInt64(1, 2), 3);
  assert.equal(addInt64(9007199254740991, 1), 9007199254740992n);
  assert.equal(addInt64(9223372036854775806n, 1), 9223372036854775807n);
  assert.equal(addInt64(9223372036854775807n, 1), null);
  assert.equal(addInt64(-9223372036854775807n, -1), -9223372036854775808n);
  assert.equal(addInt64(-9223372036854775808n, -1), null);
  assert.equal(addInt64(9223372036854775807n, -9223372036854775808n), -1);
  assert.equal(addInt64(9007199254740992n, -1), 9007199254740991);
  assert.equal(int64ToString(-9223372036854775808n), '-9223372036854775808');
  assert.equal(int64ToString(-0), '0');
});

test('shortDigits reads 1 to 15 plain digits, leading zeros included, and nothing else', () => {
  assert.equal(shortDigits('0'), 0);
  assert.equal(shortDigits('007'), 7);
  assert.equal(shortDigits('999999999999999'), 999999999999999);
  for (const bad of ['', '-1', '+1', ' 1', '1 ', '1.0', '1e3', '1000000000000000', 'abc']) assert.equal(shortDigits(bad), -1, JSON.stringify(bad));
});
