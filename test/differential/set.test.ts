/**
 * Differential test of the set commands against a real redis-server, in RESP2 and RESP3. The
 * cases live in ./cases/set.ts: byte-for-byte cases (loose only where hashtable order is
 * unspecified, see test/helpers/loose.ts), intset cases compared byte for byte including member
 * order, and SRANDMEMBER/SPOP cases whose random replies are compared by shape and properties.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerCases, runOnBoth, setProtocol, describe } from '../helpers/differential.js';
import { comparable } from '../helpers/loose.js';
import { parseResp, respText, type RespNode } from '../helpers/resp-frames.js';
import { SET_CASES, SET_EXACT_CASES, SET_RANDOM_CASES, type RandomCase } from './cases/set.js';

const pair = registerCases('set', SET_CASES);

for (const proto of [2, 3] as const) {
  for (const c of SET_EXACT_CASES) {
    test(`set exact order (RESP${proto}): ${c.name}`, async () => {
      try {
        await setProtocol(pair, proto);
        await runOnBoth(pair, [['FLUSHALL'], ['SELECT', '0']]);
        const { sonic, redis } = await runOnBoth(pair, c.cmds);
        for (let i = 0; i < c.cmds.length; i++) assert.equal(sonic[i], redis[i], `command ${i}: ${describe(c.cmds[i])}`);
      } catch (e) {
        await pair.reconnect();
        throw e;
      }
    });
  }
}

/** The type byte and length of a reply (elements replaced), for replies whose content is random. */
function shape(node: RespNode): string {
  if (node.items !== undefined) return `${node.type}${node.items.length}`;
  return node.type === '$' && node.payload !== undefined ? '$' : node.type + node.head;
}

/** Members of a random reply, after checking they come from `c.universe` (and are distinct if promised). */
function checkRandom(c: RandomCase, node: RespNode, who: string, label: string): void {
  const items = node.items ?? (node.payload !== undefined ? [node] : []);
  const members = items.map((n) => respText(n) ?? '');
  assert.ok(!members.includes('') || c.universe.includes(''), `${who} ${label}: not a member reply`);
  for (const m of members) assert.ok(c.universe.includes(m), `${who} ${label}: ${JSON.stringify(m)} is not a member`);
  if (c.distinct) assert.equal(new Set(members).size, members.length, `${who} ${label}: repeated members`);
}

for (const proto of [2, 3] as const) {
  for (const c of SET_RANDOM_CASES) {
    test(`set random (RESP${proto}): ${c.name}`, async () => {
      try {
        await setProtocol(pair, proto);
        await runOnBoth(pair, [['FLUSHALL'], ['SELECT', '0']]);
        const { sonic, redis } = await runOnBoth(pair, c.cmds);
        for (let i = 0; i < c.cmds.length; i++) {
          const label = `command ${i}: ${describe(c.cmds[i]).slice(0, 120)}`;
          if (!c.random.includes(i)) {
            assert.equal(comparable(c.cmds[i], sonic[i]), comparable(c.cmds[i], redis[i]), label);
            continue;
          }
          const [s, r] = [parseResp(sonic[i]), parseResp(redis[i])];
          assert.equal(shape(s), shape(r), label);
          checkRandom(c, r, 'redis', label);
          checkRandom(c, s, 'sonic', label);
        }
      } catch (e) {
        await pair.reconnect();
        throw e;
      }
    });
  }
}
