/**
 * Differential test: keyspace, expiry and database commands sent to Sonic and to a real
 * redis-server; raw replies must be byte-identical. Only orders Redis fixes are compared
 * (single-key results, errors, counts), never hash order. The cases live in ./cases/keyspace.ts.
 */
import { test } from 'node:test';
import { assertSameReplies, useDifferentialPair } from '../helpers/differential.js';
import { KEYSPACE_CASES } from './cases/keyspace.js';

const pair = useDifferentialPair();

test('keyspace commands reply byte-identically to redis-server', async () => {
  // One command at a time, as before: each reply is compared before the next command is sent.
  for (const argv of KEYSPACE_CASES) await assertSameReplies(pair, [argv]);
});
