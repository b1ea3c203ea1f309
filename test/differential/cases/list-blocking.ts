/**
 * Multi-connection scenarios of the blocking list commands (test/differential/list-blocking.test.ts):
 * connection 0 (and 1) block, the last connection makes keys ready, and the blocked replies are
 * read and compared byte for byte on both servers.
 */
import { idOf, type MultiCase } from '../../helpers/multi-connection.js';

export const LIST_BLOCKING_CASES: MultiCase[] = [
  {
    name: 'BLPOP is served by a later RPUSH, after the whole command',
    conns: 2,
    steps: [
      { on: 0, block: ['BLPOP', 'k', '0'] },
      { on: 1, send: [['RPUSH', 'k', 'a', 'b'], ['LRANGE', 'k', '0', '-1']] },
      { on: 0, read: 1 },
      { on: 1, send: [['LLEN', 'k']] },
    ],
  },
  {
    name: 'BLPOP/BRPOP waiters are served first blocked first, from their own end',
    conns: 3,
    steps: [
      { on: 0, block: ['BLPOP', 'k', '0'] },
      { on: 1, block: ['BRPOP', 'k', '0'] },
      { on: 2, send: [['RPUSH', 'k', '1', '2', '3'], ['LRANGE', 'k', '0', '-1']] },
      { on: 0, read: 1 },
      { on: 1, read: 1 },
    ],
  },
  {
    name: 'LPUSH of several elements serves the head element; leftovers stay',
    conns: 3,
    steps: [
      { on: 0, block: ['BLPOP', 'k', '0'] },
      { on: 1, block: ['BLPOP', 'k', '0'] },
      { on: 2, send: [['LPUSH', 'k', 'a']] },
      { on: 0, read: 1 },
      { on: 2, send: [['LPUSH', 'k', 'b', 'c', 'd'], ['LRANGE', 'k', '0', '-1']] },
      { on: 1, read: 1 },
    ],
  },
  {
    name: 'several keys: served from the key that got a value; duplicate keys count once',
    conns: 2,
    steps: [
      { on: 0, block: ['BRPOP', 'k1', 'k2', 'k1', 'k3', '0'] },
      { on: 1, send: [['RPUSH', 'k3', 'x', 'y'], ['RPUSH', 'k1', 'z'], ['LRANGE', 'k3', '0', '-1'], ['LRANGE', 'k1', '0', '-1']] },
      { on: 0, read: 1 },
      { on: 0, block: ['BLPOP', 'k', 'k', 'k', '0'] },
      { on: 1, send: [['RPUSH', 'k', 'a', 'b'], ['LRANGE', 'k', '0', '-1']] },
      { on: 0, read: 1 },
    ],
  },
  {
    name: 'commands pipelined behind a blocked one wait, then run',
    conns: 2,
    steps: [
      { on: 0, block: ['BLPOP', 'k', '0'], pipeline: [['PING'], ['LLEN', 'k'], ['RPUSH', 'k', 'mine'], ['LRANGE', 'k', '0', '-1']] },
      { on: 1, send: [['LLEN', 'k'], ['RPUSH', 'k', 'v']] },
      { on: 0, read: 5 },
    ],
  },
  {
    name: 'timeouts reply null (and pipelined commands run after)',
    conns: 1,
    steps: [
      { on: 0, block: ['BLPOP', 'k', '0.05'], pipeline: [['PING']] },
      { on: 0, read: 2 },
      { on: 0, block: ['BLMOVE', 'k', 'd', 'LEFT', 'RIGHT', '0.02'] },
      { on: 0, read: 1 },
      { on: 0, block: ['BRPOPLPUSH', 'k', 'd', '0.02'] },
      { on: 0, read: 1 },
      { on: 0, block: ['BLMPOP', '0.02', '2', 'k', 'j', 'LEFT', 'COUNT', '5'] },
      { on: 0, read: 1 },
      { on: 0, send: [['EXISTS', 'k', 'd', 'j']] },
    ],
  },
  {
    name: 'BLMOVE chain: a served move serves the destination waiters in the same round',
    conns: 4,
    steps: [
      { on: 0, block: ['BLMOVE', 'a', 'b', 'RIGHT', 'LEFT', '0'] },
      { on: 1, block: ['BRPOPLPUSH', 'b', 'c', '0'] },
      { on: 2, block: ['BLPOP', 'c', '0'] },
      { on: 3, send: [['RPUSH', 'a', 'v1', 'v2'], ['LRANGE', 'a', '0', '-1'], ['EXISTS', 'b', 'c']] },
      { on: 0, read: 1 },
      { on: 1, read: 1 },
      { on: 2, read: 1 },
    ],
  },
  {
    name: 'BLMOVE onto itself and onto an existing list',
    conns: 2,
    steps: [
      { on: 0, block: ['BLMOVE', 'k', 'k', 'LEFT', 'RIGHT', '0'] },
      { on: 1, send: [['RPUSH', 'k', 'only'], ['LRANGE', 'k', '0', '-1']] },
      { on: 0, read: 1 },
      { on: 1, send: [['DEL', 'k'], ['RPUSH', 'dst', 'd1']] },
      { on: 0, block: ['BLMOVE', 'k', 'dst', 'RIGHT', 'RIGHT', '0'] },
      { on: 1, send: [['LPUSH', 'k', 'x', 'y'], ['LRANGE', 'k', '0', '-1'], ['LRANGE', 'dst', '0', '-1']] },
      { on: 0, read: 1 },
    ],
  },
  {
    name: 'BLMOVE to a destination of another type: WRONGTYPE when served, nothing popped',
    conns: 2,
    steps: [
      { on: 0, block: ['BRPOPLPUSH', 'src', 'dst', '0'] },
      { on: 1, send: [['SET', 'dst', 'string'], ['RPUSH', 'src', 'v'], ['LRANGE', 'src', '0', '-1']] },
      { on: 0, read: 1 },
      { on: 0, send: [['PING']] },
    ],
  },
  {
    name: 'BLMPOP served with COUNT; a drained key serves nobody else',
    conns: 3,
    steps: [
      { on: 0, block: ['BLMPOP', '0', '2', 'k1', 'k2', 'RIGHT', 'COUNT', '5'] },
      { on: 1, block: ['BLMPOP', '0', '1', 'k2', 'LEFT'] },
      { on: 2, send: [['RPUSH', 'k2', 'a', 'b', 'c'], ['EXISTS', 'k2']] },
      { on: 0, read: 1 },
      { on: 2, send: [['RPUSH', 'k2', 'd', 'e'], ['LRANGE', 'k2', '0', '-1']] },
      { on: 1, read: 1 },
    ],
  },
  {
    name: 'a key of another type keeps waiters blocked until it is a list again',
    conns: 2,
    steps: [
      { on: 0, block: ['BLPOP', 'k', '0'] },
      { on: 1, send: [['SET', 'k', 'str'], ['SET', 'k2', 'v'], ['RENAME', 'k2', 'k']] },
      { on: 1, send: [['DEL', 'k'], ['RPUSH', 'k', 'now'], ['EXISTS', 'k']] },
      { on: 0, read: 1 },
    ],
  },
  {
    name: 'keys created by RENAME, COPY, MOVE and SWAPDB serve waiters',
    conns: 2,
    steps: [
      { on: 0, block: ['BLPOP', 'k', '0'] },
      { on: 1, send: [['RPUSH', 'tmp', 'renamed'], ['RENAME', 'tmp', 'k'], ['EXISTS', 'k', 'tmp']] },
      { on: 0, read: 1 },
      { on: 0, block: ['BLPOP', 'k', '0'] },
      { on: 1, send: [['RPUSH', 'tmp', 'copied'], ['COPY', 'tmp', 'k'], ['LRANGE', 'tmp', '0', '-1']] },
      { on: 0, read: 1 },
      { on: 0, block: ['BLPOP', 'k', '0'] },
      { on: 1, send: [['SELECT', '1'], ['RPUSH', 'k', 'moved'], ['MOVE', 'k', '0'], ['SELECT', '0']] },
      { on: 0, read: 1 },
      { on: 0, block: ['BLPOP', 'k', '0'] },
      { on: 1, send: [['SELECT', '2'], ['RPUSH', 'k', 'swapped', 'two'], ['SWAPDB', '0', '2'], ['SELECT', '0'], ['LRANGE', 'k', '0', '-1']] },
      { on: 0, read: 1 },
      { on: 1, send: [['FLUSHALL']] },
    ],
  },
  {
    name: 'FLUSHALL and DEL while blocked keep the client waiting',
    conns: 2,
    steps: [
      { on: 0, block: ['BLPOP', 'k', '0'] },
      { on: 1, send: [['SET', 'k', 'x'], ['DEL', 'k'], ['FLUSHALL'], ['RPUSH', 'k', 'after-flush']] },
      { on: 0, read: 1 },
    ],
  },
  {
    name: 'waiters are per database',
    conns: 2,
    steps: [
      { on: 0, send: [['SELECT', '1']] },
      { on: 0, block: ['BLPOP', 'k', '0'] },
      { on: 1, send: [['RPUSH', 'k', 'db0'], ['SELECT', '1'], ['RPUSH', 'k', 'db1'], ['LLEN', 'k'], ['SELECT', '0'], ['LLEN', 'k']] },
      { on: 0, read: 1 },
    ],
  },
  {
    name: 'a disconnected waiter is forgotten; the next one is served',
    conns: 3,
    steps: [
      { on: 0, block: ['BLPOP', 'k', '0'] },
      { on: 1, block: ['BLPOP', 'k', '0'] },
      { on: 0, close: true },
      { on: 2, send: [['RPUSH', 'k', 'v'], ['LLEN', 'k']] },
      { on: 1, read: 1 },
    ],
  },
  {
    name: 'CLIENT UNBLOCK with TIMEOUT and ERROR, and on clients not blocked',
    conns: 2,
    steps: [
      { on: 1, send: [['CLIENT', 'UNBLOCK', idOf(0)], ['CLIENT', 'UNBLOCK', idOf(1)], ['CLIENT', 'UNBLOCK', '999999'], ['CLIENT', 'UNBLOCK', 'x'],
        ['CLIENT', 'UNBLOCK', idOf(0), 'bogus'], ['CLIENT', 'UNBLOCK', 'x', 'bogus'], ['CLIENT', 'UNBLOCK', idOf(0), 'TIMEOUT', 'x'],
        ['CLIENT', 'UNBLOCK', '-1'], ['CLIENT', 'UNBLOCK', '0', 'ERROR']] },
      { on: 0, block: ['BLPOP', 'k', '0'], pipeline: [['PING']] },
      { on: 1, send: [['CLIENT', 'UNBLOCK', idOf(0)]] },
      { on: 0, read: 2 },
      { on: 0, block: ['BLMOVE', 'k', 'd', 'LEFT', 'LEFT', '0'] },
      { on: 1, send: [['CLIENT', 'UNBLOCK', idOf(0), 'timeout']] },
      { on: 0, read: 1 },
      { on: 0, block: ['BRPOP', 'k', '100'] },
      { on: 1, send: [['CLIENT', 'UNBLOCK', idOf(0), 'ERROR'], ['CLIENT', 'UNBLOCK', idOf(0), 'ERROR']] },
      { on: 0, read: 1 },
      { on: 0, block: ['BLMPOP', '0', '1', 'k', 'LEFT'] },
      { on: 1, send: [['CLIENT', 'UNBLOCK', idOf(0), 'error'], ['RPUSH', 'k', 'v']] },
      { on: 0, read: 1 },
      { on: 0, send: [['LRANGE', 'k', '0', '-1']] },
    ],
  },
];
