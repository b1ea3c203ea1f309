/**
 * MEMORY subcommands. Figures differ by nature (V8 heap vs jemalloc), so USAGE, STATS, DOCTOR and
 * MALLOC-STATS are compared by shape (test/helpers/loose.ts says how); HELP, option parsing,
 * errors and missing keys byte for byte.
 */
import type { DiffCase } from '../../helpers/differential.js';

export const MEMORY_CASES: readonly DiffCase[] = [
  { name: 'MEMORY HELP', cmds: [['MEMORY', 'HELP'], ['memory', 'help']] },
  {
    name: 'MEMORY USAGE of each type, missing and expired keys',
    cmds: [
      ['SET', 's', 'v'], ['SET', 'i', '12345'], ['SET', 'big', 'x'.repeat(5000)], ['HSET', 'h', 'f', 'v'], ['RPUSH', 'l', 'a', 'b'], ['SADD', 'st', '1', 'x'],
      ['MEMORY', 'USAGE', 's'], ['MEMORY', 'USAGE', 'i'], ['MEMORY', 'USAGE', 'big'], ['MEMORY', 'USAGE', 'h'], ['MEMORY', 'USAGE', 'l'], ['MEMORY', 'USAGE', 'st'],
      ['MEMORY', 'USAGE', 'nokey'], ['MEMORY', 'USAGE', 's', 'SAMPLES', '0'], ['MEMORY', 'USAGE', 'h', 'samples', '100'],
    ],
  },
  {
    name: 'MEMORY USAGE option errors, in Redis order',
    cmds: [
      ['SET', 's', 'v'],
      ['MEMORY', 'USAGE', 's', 'SAMPLES'], ['MEMORY', 'USAGE', 's', 'SAMPLES', '-1'], ['MEMORY', 'USAGE', 's', 'SAMPLES', 'x'],
      ['MEMORY', 'USAGE', 's', 'SAMPLES', '1', 'extra'], ['MEMORY', 'USAGE', 's', 'bogus', '1'], ['MEMORY', 'USAGE', 'nokey', 'SAMPLES', '-1'],
      ['MEMORY', 'USAGE', 'nokey', 'SAMPLES', '99999999999999999999'],
      ['MEMORY', 'USAGE'], ['MEMORY', 'STATS', 'x'], ['MEMORY', 'DOCTOR', 'x'], ['MEMORY', 'PURGE', 'x'], ['MEMORY', 'MALLOC-STATS', 'x'], ['MEMORY', 'NOSUCH'],
    ],
  },
  {
    name: 'MEMORY STATS fields with data in two databases; DOCTOR, MALLOC-STATS, PURGE',
    cmds: [['SET', 'a', '1'], ['SELECT', '3'], ['SET', 'b', '2'], ['PEXPIRE', 'b', '100000'], ['SELECT', '0'], ['MEMORY', 'STATS'], ['MEMORY', 'DOCTOR'], ['MEMORY', 'MALLOC-STATS'], ['MEMORY', 'PURGE']],
  },
];
