/**
 * AOF commands that leave no files behind (the in-process Sonic runs in the repository's
 * directory): argument errors only. (DEBUG LOADAOF, whatever its arguments, makes Redis exit when there
 * is no AOF; it is tested in test/integration/aof.test.ts.) Writing, rewriting and loading real AOF directories is
 * tested against redis-server in test/integration/aof.test.ts.
 */
import type { DiffCase } from '../../helpers/differential.js';

export const AOF_CASES: readonly DiffCase[] = [
  { name: 'BGREWRITEAOF arity', cmds: [['BGREWRITEAOF', 'now'], ['bgrewriteaof', 'a', 'b']] },
];
