/**
 * Differential test of SORT and SORT_RO: numeric/ALPHA sorts of lists, sets and sorted sets,
 * BY (keys, hash fields, constants, nosort), LIMIT, GET, STORE, parse errors and partial sorts
 * with ties, raw replies compared byte for byte in RESP2 and RESP3 (./cases/sort.ts). The few
 * cases whose order Redis leaves to its hash table are compared as multisets of elements.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerCases, runOnBoth, setProtocol, skipIfPending } from '../helpers/differential.js';
import { splitAggregate } from '../helpers/resp-frames.js';
import { SORT_CASES, SORT_UNORDERED_CASES } from './cases/sort.js';

const pair = registerCases('sort', SORT_CASES);

/** An array reply as its header and sorted elements (errors and scalars unchanged). */
function asMultiset(reply: string): string {
  const a = splitAggregate(reply);
  return a === undefined ? reply : a.header + [...a.items].sort().join('');
}

for (const proto of [2, 3] as const) {
  for (const c of SORT_UNORDERED_CASES) {
    test(`sort (RESP${proto}, unordered): ${c.name}`, { skip: skipIfPending(c.cmds) }, async () => {
      await setProtocol(pair, proto);
      await runOnBoth(pair, [['FLUSHALL']]);
      const { sonic, redis } = await runOnBoth(pair, c.cmds);
      for (let i = 0; i < c.cmds.length; i++) assert.equal(asMultiset(sonic[i]), asMultiset(redis[i]), JSON.stringify(c.cmds[i]));
    });
  }
}
