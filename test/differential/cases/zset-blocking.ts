/**
 * Multi-connection scenarios of BZPOPMIN, BZPOPMAX and BZMPOP
 * (test/differential/zset-blocking.test.ts): immediate replies, clients served by a later write
 * first blocked first, timeouts, wrong types and errors.
 */
import type { MultiCase } from '../../helpers/multi-connection.js';

export const ZSET_BLOCKING_CASES: MultiCase[] = [
  {
    name: 'served at once when a key holds a sorted set; errors and wrong types',
    conns: 1,
    steps: [
      {
        on: 0,
        send: [
          ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['BZPOPMIN', 'nokey', 'z', '0'], ['BZPOPMAX', 'z', '0'],
          ['BZMPOP', '0', '2', 'nokey', 'z', 'MIN', 'COUNT', '5'], ['EXISTS', 'z'], ['BZPOPMIN', 'z', 'x'], ['BZPOPMIN', 'z', '-1'],
          ['BZMPOP', 'x', '1', 'z', 'MIN'], ['BZMPOP', '0', '0', 'z', 'MIN'], ['BZMPOP', 'x', '0', 'z', 'MIN'], ['BZMPOP', '0', '1', 'z', 'bogus'],
          ['BZMPOP', '0', '1', 'z', 'MAX', 'COUNT', '0'], ['SET', 's', 'x'], ['BZPOPMIN', 's', '0'], ['BZPOPMIN', 'nokey', 's', '0'],
          ['BZMPOP', '0', '2', 's', 'z', 'MIN'], ['ZADD', 'z2', '5', 'x'], ['BZPOPMAX', 'z2', 's', '0'], ['BZPOPMIN', 'z', '1e400'],
        ],
      },
    ],
  },
  {
    name: 'a later ZADD serves the waiters first blocked first, each from its own end',
    conns: 4,
    steps: [
      { on: 0, block: ['BZPOPMIN', 'z', '0'] },
      { on: 1, block: ['BZPOPMAX', 'other', 'z', '0'] },
      { on: 2, block: ['BZMPOP', '0', '1', 'z', 'MIN', 'COUNT', '10'] },
      { on: 3, send: [['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', 'inf', 'e']] },
      { on: 0, read: 1 },
      { on: 1, read: 1 },
      { on: 2, read: 1 },
      { on: 3, send: [['EXISTS', 'z'], ['ZCARD', 'z']] },
    ],
  },
  {
    name: 'keys made by ZINCRBY, ZUNIONSTORE and ZRANGESTORE serve waiters; other types do not',
    conns: 2,
    steps: [
      { on: 0, block: ['BZPOPMAX', 'k', '0'] },
      { on: 1, send: [['SET', 'k', 'str'], ['DEL', 'k'], ['ZINCRBY', 'k', '2.5', 'm']] },
      { on: 0, read: 1 },
      { on: 1, send: [['ZADD', 'src', '1', 'x', '2', 'y']] },
      { on: 0, block: ['BZMPOP', '0', '2', 'u', 'r', 'MAX', 'COUNT', '1'] },
      { on: 1, send: [['ZUNIONSTORE', 'u', '1', 'src', 'WEIGHTS', '3']] },
      { on: 0, read: 1 },
      { on: 0, block: ['BZPOPMIN', 'r', '0'] },
      { on: 1, send: [['ZRANGESTORE', 'r', 'src', '0', '0'], ['EXISTS', 'r']] },
      { on: 0, read: 1 },
    ],
  },
  {
    name: 'timeouts reply a null array, and pipelined commands run after',
    conns: 1,
    steps: [
      { on: 0, block: ['BZPOPMIN', 'z', '0.05'], pipeline: [['PING']] },
      { on: 0, read: 2 },
      { on: 0, block: ['BZPOPMAX', 'z', 'y', '0.02'] },
      { on: 0, read: 1 },
      { on: 0, block: ['BZMPOP', '0.02', '2', 'z', 'y', 'MAX', 'COUNT', '3'] },
      { on: 0, read: 1 },
    ],
  },
];
