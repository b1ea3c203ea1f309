/**
 * Fails listing every command Sonic implements that no differential test sends to both Sonic and
 * redis-server.
 *
 * How we know what the differential tests send, without running them: each differential test
 * file keeps its cases as data in ./cases/<group>.ts and sends them only through
 * test/helpers/differential.ts; ./cases/index.ts gathers every group. This test imports those
 * data modules (never the test files), maps each case to a command with Sonic's own command table
 * lookup (so case, subcommands and unknown subcommands resolve as the server resolves them), and
 * compares with `engine.table.all()`. A new differential test file must register its cases in
 * ./cases/index.ts to count. The random test (random.test.ts) does not count: coverage must not
 * depend on a seed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/engine/engine.js';
import { SENT_BY_GROUP, commandsInRaw } from './cases/index.js';

/**
 * Commands whose replies legitimately differ between two servers (timing, process state, or they
 * stop the server), each covered by unit tests instead. Keep the test file named for each.
 */
const COVERED_ELSEWHERE: Record<string, string> = {
  // Streams every later command with timestamps and client addresses: test/unit/monitor.test.ts.
  monitor: 'test/unit/monitor.test.ts',
  // Counts the commands the server implements: differs from Redis's 240 by nature while Sonic
  // implements a subset (the reply shape is the same integer).
  'command|count': 'test/unit/command.test.ts',
};

test('every implemented command is sent by some differential test (or allow-listed with a reason)', () => {
  const engine = new Engine();
  const covered = new Set<string>();
  for (const cases of Object.values(SENT_BY_GROUP)) {
    for (const c of cases) {
      for (const argv of typeof c === 'string' ? commandsInRaw(c) : [c]) {
        const cmd = engine.table.lookup([...argv]);
        if (cmd !== undefined) {
          covered.add(cmd.fullname);
          if (cmd.parent) covered.add(cmd.parent.fullname);
        } else if (engine.table.isContainer(argv[0])) covered.add(argv[0].toLowerCase());
      }
    }
  }
  const implemented = engine.table.all().map((c) => c.fullname);
  const missing = implemented.filter((n) => !covered.has(n) && !(n in COVERED_ELSEWHERE)).sort();
  assert.deepEqual(missing, [], `implemented but sent by no differential test: ${missing.join(', ')}`);
  // An allow-list entry for a command that no longer exists is stale.
  const stale = Object.keys(COVERED_ELSEWHERE).filter((n) => !implemented.includes(n));
  assert.deepEqual(stale, [], 'allow-listed but not implemented');
});
