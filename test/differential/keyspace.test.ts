/**
 * Differential test: keyspace, expiry and database commands sent to Sonic and to a real
 * redis-server; raw replies must be byte-identical. KEYS/SCAN replies are compared as sorted
 * sets (test/helpers/loose.ts), everything else byte for byte. The cases live in ./cases/keyspace.ts.
 */
import { test } from 'node:test';
import { assertSameReplies, setProtocol, useDifferentialPair } from '../helpers/differential.js';
import { KEYSPACE_CASES } from './cases/keyspace.js';

const pair = useDifferentialPair();

for (const proto of [2, 3] as const) {
  test(`keyspace commands reply byte-identically to redis-server (RESP${proto})`, async () => {
    await setProtocol(pair, proto);
    // One command at a time: each reply is compared before the next command is sent.
    for (const argv of KEYSPACE_CASES) await assertSameReplies(pair, [argv]);
  });
}
