/**
 * formatG17 is C's `%.17g`, which Redis uses for doubles in replies and for Lua numbers passed to
 * redis.call. Expectations come from printf('%.17g') (Python's `'%.17g' % x`, which calls it).
 * Safe integers take a fast path (String()); the cases around 2^53 and 1e17 pin where it stops.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatG17 } from '../../src/protocol/reply.js';

const CASES: [number, string][] = [
  [0.5, '0.5'],
  [1, '1'],
  [-7, '-7'],
  [-0, '-0'],
  [1e16, '10000000000000000'],
  [1795486044051, '1795486044051'],
  [-123456789012, '-123456789012'],
  [9007199254740991, '9007199254740991'],
  [9007199254740992, '9007199254740992'],
  [9007199254740994, '9007199254740994'],
  // Past 2^53 printf prints the double's exact value, not the shortest digits that round-trip.
  [99999999999999984, '99999999999999984'],
  [1e17, '1e+17'],
  [3.14159, '3.1415899999999999'],
  [1e-5, '1.0000000000000001e-05'],
  [2.5e20, '2.5e+20'],
];

test('formatG17 prints what printf %.17g prints', () => {
  for (const [x, want] of CASES) assert.equal(formatG17(x), want, `formatG17(${x})`);
});
