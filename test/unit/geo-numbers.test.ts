/** The double parser, the fixed-point formats and the partial quicksort used by geo and SORT. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDouble } from '../../src/util/parse-double.js';
import { formatDistance, formatFixed, formatHumanDouble } from '../../src/util/fixed-format.js';
import { pqsort } from '../../src/util/pqsort.js';

test('parseDouble accepts what strtod reads entirely and refuses the rest', () => {
  const ok: [string, number][] = [
    ['1', 1], ['-1.5', -1.5], ['+.5', 0.5], ['1.', 1], ['1e3', 1000], ['1E-3', 0.001], ['0x10', 16], ['0x1.8p3', 12],
    ['-0x.8', -0.5], ['inf', Infinity], ['-Infinity', -Infinity], ['4.9e-324', 5e-324], ['0e-999', 0], ['-0', -0],
    ['1.7976931348623157e308', 1.7976931348623157e308], ['0x1p-1074', 5e-324],
  ];
  for (const [s, v] of ok) assert.ok(Object.is(parseDouble(s), v), `${s} -> ${parseDouble(s)}`);
  for (const s of ['', ' 1', '1 ', 'nan', '-nan', '1e', '1e+', '.', '-', '0x', '0x.', '0xg', '1e400', '-1e400', '1e-400', '0x1p-1080', 'abc', '1\0', '1,5', 'infinit', '0x1p']) {
    assert.equal(parseDouble(s), null, JSON.stringify(s));
  }
});

test('parseDouble rounds hexadecimal floats to nearest, ties to even', () => {
  assert.equal(parseDouble('0x1.00000000000008p0'), 1); // exactly half an ulp above 1: to even
  assert.equal(parseDouble('0x1.00000000000018p0'), 1 + 2 * 2 ** -52); // half above an odd: up
  assert.equal(parseDouble('0x1.000000000000081p0'), 1 + 2 ** -52);
});

test('distances print with 4 decimals, rounding halves to even', () => {
  assert.equal(formatDistance(0), '0.0000');
  assert.equal(formatDistance(166274.15156960033), '166274.1516');
  assert.equal(formatDistance(0.00004), '0.0000');
  assert.equal(formatDistance(0.03125), '0.0312'); // exactly 312.5 after scaling: to even
  assert.equal(formatDistance(0.09375), '0.0938'); // 937.5: to even
  assert.equal(formatDistance(0.00015), '0.0001'); // 0.00015 * 10^4 is 1.4999... in doubles
  assert.equal(formatDistance(0.7), '0.7000');
  assert.equal(formatDistance(-1.5), '-1.5000');
});

test('%f formats are exact with ties to even, and keep the sign of -0', () => {
  assert.equal(formatFixed(200.0078125, 6), '200.007812');
  assert.equal(formatFixed(-200.0078125, 6), '-200.007812');
  assert.equal(formatFixed(0.01171875, 7), '0.0117188');
  assert.equal(formatFixed(2.5, 0), '2');
  assert.equal(formatFixed(-0, 6), '-0.000000');
  assert.equal(formatFixed(Infinity, 6), 'inf');
  assert.equal(formatFixed(1e22, 2), '10000000000000000000000.00');
  assert.equal(formatHumanDouble(13.361389338970184), '13.36138933897018433');
  assert.equal(formatHumanDouble(0.000003814697265625), '0.00000381469726562');
  assert.equal(formatHumanDouble(-0), '0');
  assert.equal(formatHumanDouble(180), '180');
});

test('pqsort puts the wanted range in full-sort order', () => {
  let seed = 7;
  const r = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  for (let round = 0; round < 300; round++) {
    const n = r(120);
    const a = Array.from({ length: n }, () => r(30));
    const sorted = [...a].sort((x, y) => x - y);
    const lo = r(n + 1);
    const hi = Math.min(n - 1, lo + r(20));
    const b = [...a];
    pqsort(b, (x, y) => x - y, lo, hi);
    assert.deepEqual(b.slice(lo, hi + 1), sorted.slice(lo, hi + 1), `n=${n} range ${lo}..${hi}`);
    assert.deepEqual([...b].sort((x, y) => x - y), sorted, 'a permutation');
  }
});
