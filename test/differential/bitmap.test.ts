/**
 * Differential test of the bitmap commands (SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD,
 * BITFIELD_RO): hand-written scenarios and seeded sweeps, each from empty databases, in RESP2 and
 * RESP3, compared byte for byte with redis-server. The cases live in ./cases/bitmap.ts.
 *
 * The wrong-type cases need a key of another type; they run once Sonic implements the command
 * that makes it (the other data-type groups), and are skipped (with the reason) until then.
 */
import { test } from 'node:test';
import { Engine } from '../../src/engine/engine.js';
import { assertSameReplies, registerCases, runOnBoth, setProtocol } from '../helpers/differential.js';
import { BITMAP_CASES, BITMAP_WRONGTYPE_CASES } from './cases/bitmap.js';

const pair = registerCases('bitmap', BITMAP_CASES);

const implemented = new Engine().table;
for (const c of BITMAP_WRONGTYPE_CASES) {
  const maker = c.cmds[0] as string[];
  const ready = implemented.lookup([...maker]) !== undefined;
  for (const proto of [2, 3] as const) {
    test(`bitmap (RESP${proto}): ${c.name}`, ready ? {} : { skip: `${maker[0]} is not implemented yet` }, async () => {
      try {
        await setProtocol(pair, proto);
        await runOnBoth(pair, [['FLUSHALL'], ['SELECT', '0']]);
        await assertSameReplies(pair, c.cmds, `RESP${proto} `);
      } catch (e) {
        await pair.reconnect();
        throw e;
      }
    });
  }
}
