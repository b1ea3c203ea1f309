import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addLongDouble,
  formatLongDouble,
  incrLongDoubleString,
  NAN_OR_INFINITY,
  NOT_A_FLOAT,
  parseLongDouble,
} from '../../src/util/float.js';

// [stored value, increment, INCRBYFLOAT reply] as recorded from redis-server 7.0.15 (x86-64).
const FROM_REDIS: [string, string, string][] = [
  ['10.5', '0.1', '10.6'],
  ['1', '-1.1', '-0.1'],
  ['0', '1e-7', '0.0000001'],
  ['0', '1e-20', '0'],
  ['0', '-1e-20', '0'],
  ['0', '0.00000000000000001', '0.00000000000000001'],
  ['0', '0.000000000000000005', '0'],
  ['0', '0.000000000000000015', '0.00000000000000002'],
  ['0', '0.000003814697265625', '0.00000381469726562'],
  ['0', '0.000003814697265625001', '0.00000381469726563'],
  ['17179869184', '1.5', '17179869185.5'],
  ['12345678.123', '0', '12345678.12299999999959255'],
  ['0', '3.0000000000000000000000001', '3'],
  ['0', '4.9999999999999999999', '5'],
  ['1e17', '0.5', '100000000000000000.5'],
  ['1e18', '0.5', '1000000000000000000.5'],
  ['9223372036854775807', '1', '9223372036854775808'],
  ['0', '0x1.8p3', '12'],
  ['0', '+.5', '0.5'],
  ['0', '-0', '0'],
  ['-0', '-0', '0'],
  ['0', '1e-4940', '0'],
  ['1.5', '1.5', '3'],
  ['0.1', '0.2', '0.3'],
  [
    '0',
    '1.7976931348623157e308',
    '179769313486231569995921046774104434048386446944329178485314420765176628523124396354701868608387085564428793419425520689308708363451136055357897278026477617073498977686288394835618163294045594434929537447290627480669417384648879122776218333598953852832103282504751611691208117720159985926376802466863339536384',
  ],
];

test('INCRBYFLOAT arithmetic and formatting match Redis byte for byte', () => {
  for (const [cur, incr, want] of FROM_REDIS) {
    assert.equal(incrLongDoubleString(cur, incr), want, `${cur} + ${incr}`);
  }
});

test('long runs of increments accumulate the same rounding errors as Redis', () => {
  // Results of 10000 INCRBYFLOAT k -1.1 and 100000 INCRBYFLOAT k 0.1 on redis-server 7.0.15.
  let v = '0';
  for (let i = 0; i < 10000; i++) v = incrLongDoubleString(v, '-1.1') as string;
  assert.equal(v, '-10999.99999999999956035');
  v = '0';
  for (let i = 0; i < 100000; i++) v = incrLongDoubleString(v, '0.1') as string;
  assert.equal(v, '9999.99999999999871392');
});

test('values beyond double range behave as 80-bit long doubles', () => {
  const big = incrLongDoubleString('0', '1e400');
  assert.equal(typeof big, 'string');
  assert.equal((big as string).length, 401);
  assert.ok((big as string).startsWith('1000000000000000000028188068394758651458'));
  assert.ok((big as string).endsWith('309734806343732497430221946880'));
  const max = incrLongDoubleString('0', '1.18973149535723176502e4932') as string;
  assert.equal(max.length, 4933);
  assert.ok(max.startsWith('1189731495357231765021263853030970205169'));
  assert.ok(max.endsWith('444156604419552086811989770240'));
  // Past LDBL_MAX the parse overflows (ERANGE) and is rejected; so is underflow to zero.
  assert.equal(incrLongDoubleString('0', '1.18973149535723176509e4932'), NOT_A_FLOAT);
  assert.equal(incrLongDoubleString('0', '1e-5000'), NOT_A_FLOAT);
  assert.equal(incrLongDoubleString('0', '0e-5000'), '0');
  // The sum overflowing is a NaN/Infinity result, not a parse error.
  assert.equal(incrLongDoubleString('1.18973149535723176502e4932', '1.18973149535723176502e4932'), NAN_OR_INFINITY);
});

test('strtold syntax: what parses and what Redis rejects', () => {
  for (const s of ['1', '-1', '+1', '1.', '.5', '007', '1e5', '1E+5', '1e-5', '0x1p3', '0X.8P1', 'inf', '-INF', 'Infinity']) {
    assert.notEqual(parseLongDouble(s), null, s);
  }
  for (const s of ['', ' 1', '\t1', '1 ', '.', '-', '1e', '1e+', '0x', '0xg', '0x1p', 'nan', 'NaN', '-nan', 'nan(1)', 'infinit', '1,5', '1_0', '1\0', 'x1', '1' + '0'.repeat(5200)]) {
    assert.equal(parseLongDouble(s), null, JSON.stringify(s));
  }
  assert.equal(incrLongDoubleString('0', 'inf'), NAN_OR_INFINITY);
  assert.equal(incrLongDoubleString('inf', '-inf'), NAN_OR_INFINITY);
  assert.equal(incrLongDoubleString(' 11', '1'), NOT_A_FLOAT);
  assert.equal(incrLongDoubleString('1\x002', '1'), NOT_A_FLOAT);
});

test('rounding is to nearest even at 64 significant bits', () => {
  // 2^64 + 1 is not representable: it rounds to 2^64 (tie to even), 2^64 + 3 rounds up to 2^64 + 4.
  const p64 = parseLongDouble('18446744073709551616')!;
  assert.equal(formatLongDouble(addLongDouble(p64, parseLongDouble('1')!)), '18446744073709551616');
  assert.equal(formatLongDouble(addLongDouble(p64, parseLongDouble('3')!)), '18446744073709551620');
  assert.equal(formatLongDouble(parseLongDouble('18446744073709551617')!), '18446744073709551616');
  assert.equal(formatLongDouble(parseLongDouble('18446744073709551619')!), '18446744073709551620');
  // Every decimal of up to 19 digits below 2^63 is exact.
  assert.equal(formatLongDouble(parseLongDouble('9223372036854775807')!), '9223372036854775807');
});

test('fast integer path agrees with the exact path', () => {
  let seed = 3;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  for (let i = 0; i < 2000; i++) {
    const a = String(rnd(2000000) - 1000000) + '0'.repeat(rnd(9));
    const b = String(rnd(2000000) - 1000000);
    const exact = formatLongDouble(addLongDouble(parseLongDouble(a)!, parseLongDouble(b)!));
    assert.equal(incrLongDoubleString(a, b), exact, `${a} + ${b}`);
  }
});
