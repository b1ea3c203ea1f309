/**
 * Differential test of the string commands: the same command sequence to Sonic and to a real
 * redis-server, raw replies compared byte for byte, in RESP2 and RESP3. Covers option parsing and
 * error texts, 64-bit edges, long double INCRBYFLOAT formatting, binary values,
 * GETRANGE/SETRANGE/APPEND and LCS. The cases live in ./cases/string.ts.
 */
import { test } from 'node:test';
import { assertSameReplies, setProtocol, useDifferentialPair } from '../helpers/differential.js';
import { stringCases } from './cases/string.js';

const pair = useDifferentialPair();

async function compare(proto: 2 | 3): Promise<void> {
  await setProtocol(pair, proto);
  await pair.sonic.run([['FLUSHALL']]);
  await pair.redis.run([['FLUSHALL']]);
  await assertSameReplies(pair, stringCases());
}

test('string command replies are byte-identical to redis-server (RESP2)', () => compare(2));
test('string command replies are byte-identical to redis-server (RESP3)', () => compare(3));
