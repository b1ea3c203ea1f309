/**
 * Multi-connection scenarios of XREAD BLOCK and XREADGROUP BLOCK
 * (test/differential/stream-blocking.test.ts): waiters served by a later XADD first blocked
 * first, "$", COUNT, timeouts, and the ways a blocked XREADGROUP is woken with an error (key
 * deleted, overwritten, flushed, group destroyed).
 */
import type { MultiCase } from '../../helpers/multi-connection.js';

export const STREAM_BLOCKING_CASES: MultiCase[] = [
  {
    name: 'XREAD BLOCK served by a later XADD, first blocked first, each from its own ID',
    conns: 4,
    steps: [
      { on: 3, send: [['XADD', 's', '1-0', 'f', 'v']] },
      { on: 0, block: ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'] },
      { on: 1, block: ['XREAD', 'BLOCK', '0', 'COUNT', '1', 'STREAMS', 'other', 's', '0', '1-0'] },
      { on: 2, block: ['XREAD', 'BLOCK', '0', 'STREAMS', 's', 's', '1-0', '0'] },
      { on: 3, send: [['MULTI'], ['XADD', 's', '2-0', 'a', '1'], ['XADD', 's', '3-0', 'b', '2'], ['EXEC']] },
      { on: 0, read: 1 },
      { on: 1, read: 1 },
      { on: 2, read: 1 },
    ],
  },
  {
    name: 'XREAD BLOCK on a missing key waits for it; other types and deletions do not wake it',
    conns: 2,
    steps: [
      { on: 0, block: ['XREAD', 'BLOCK', '0', 'STREAMS', 'k', '$'] },
      { on: 1, send: [['SET', 'k', 'x'], ['DEL', 'k'], ['LPUSH', 'k', 'a'], ['DEL', 'k'], ['XADD', 'k', '1-0', 'f', 'v'], ['DEL', 'k']] },
      { on: 0, read: 1 },
      { on: 0, block: ['XREAD', 'BLOCK', '0', 'STREAMS', 'k', '$'] },
      { on: 1, send: [['MULTI'], ['XADD', 'k', '5-0', 'f', 'v'], ['DEL', 'k'], ['EXEC'], ['XADD', 'k', '6-0', 'g', 'w']] },
      { on: 0, read: 1 },
    ],
  },
  {
    name: 'XREAD BLOCK timeouts reply a null array; pipelined commands run after',
    conns: 1,
    steps: [
      { on: 0, block: ['XREAD', 'BLOCK', '30', 'STREAMS', 's', '$'], pipeline: [['PING']] },
      { on: 0, read: 2 },
      { on: 0, send: [['XADD', 's', '1-0', 'f', 'v'], ['XDEL', 's', '1-0']] },
      { on: 0, block: ['XREAD', 'BLOCK', '20', 'STREAMS', 's', '0'] },
      { on: 0, read: 1 },
    ],
  },
  {
    name: 'XREADGROUP BLOCK: served with new entries (PEL, NOACK, COUNT), consumers created when served',
    conns: 4,
    steps: [
      { on: 3, send: [['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM']] },
      { on: 0, block: ['XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>'] },
      { on: 1, block: ['XREADGROUP', 'GROUP', 'g', 'bob', 'BLOCK', '0', 'NOACK', 'COUNT', '1', 'STREAMS', 's', '>'] },
      { on: 2, block: ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'] },
      { on: 3, send: [['XINFO', 'GROUPS', 's'], ['XADD', 's', '1-0', 'f', 'v'], ['XADD', 's', '2-0', 'f', 'w']] },
      { on: 0, read: 1 },
      { on: 2, read: 1 },
      { on: 3, send: [['XADD', 's', '3-0', 'f', 'x']] },
      { on: 1, read: 1 },
      { on: 3, send: [['XPENDING', 's', 'g'], ['XINFO', 'GROUPS', 's'], ['XLEN', 's']] },
    ],
  },
  {
    name: 'a blocked XREADGROUP is woken with an error: key deleted, overwritten, group destroyed, FLUSHALL',
    conns: 2,
    steps: [
      { on: 1, send: [['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM']] },
      { on: 0, block: ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'] },
      { on: 1, send: [['DEL', 's']] },
      { on: 0, read: 1 },
      { on: 1, send: [['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM']] },
      { on: 0, block: ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'] },
      { on: 1, send: [['SET', 's', 'x']] },
      { on: 0, read: 1 },
      { on: 1, send: [['DEL', 's'], ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM']] },
      { on: 0, block: ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'] },
      { on: 1, send: [['XGROUP', 'DESTROY', 's', 'g']] },
      { on: 0, read: 1 },
      { on: 1, send: [['XGROUP', 'CREATE', 's', 'g', '$']] },
      { on: 0, block: ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'] },
      { on: 1, send: [['MULTI'], ['DEL', 's'], ['XADD', 's', '1-0', 'f', 'v'], ['EXEC']] },
      { on: 0, read: 1 },
      { on: 1, send: [['XGROUP', 'CREATE', 's', 'g', '$']] },
      { on: 0, block: ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'] },
      { on: 1, send: [['FLUSHALL']] },
      { on: 0, read: 1 },
    ],
  },
  {
    name: 'XREADGROUP BLOCK times out with a null array; CLIENT UNBLOCK',
    conns: 2,
    steps: [
      { on: 1, send: [['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM']] },
      { on: 0, block: ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '20', 'STREAMS', 's', '>'] },
      { on: 0, read: 1 },
      { on: 0, block: ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'] },
      { on: 1, send: [['CLIENT', 'UNBLOCK', '{id:0}', 'ERROR']] },
      { on: 0, read: 1 },
      { on: 1, send: [['XINFO', 'CONSUMERS', 's', 'g']] },
    ],
  },
  {
    name: 'RENAME and SWAPDB move streams under blocked readers',
    conns: 3,
    steps: [
      { on: 2, send: [['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'], ['XADD', 'other', '1-0', 'f', 'v']] },
      { on: 0, block: ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'] },
      { on: 1, block: ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'] },
      // The group's stream is replaced by one without the group: -NOGROUP; XREAD is served.
      { on: 2, send: [['RENAME', 'other', 's']] },
      { on: 0, read: 1 },
      { on: 1, read: 1 },
      { on: 2, send: [['XGROUP', 'CREATE', 's', 'g', '$']] },
      { on: 0, block: ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'] },
      { on: 2, send: [['RENAME', 's', 'moved']] },
      { on: 0, read: 1 },
      { on: 2, send: [['SELECT', '1'], ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'], ['SELECT', '0'], ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM']] },
      { on: 0, block: ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'] },
      { on: 1, block: ['XREAD', 'BLOCK', '0', 'STREAMS', 'moved', '$'] },
      { on: 2, send: [['SWAPDB', '0', '1'], ['SELECT', '0'], ['XADD', 's', '5-0', 'f', 'v'], ['XADD', 'moved', '9-0', 'f', 'v'], ['SWAPDB', '0', '1']] },
      { on: 0, read: 1 },
      { on: 1, read: 1 },
    ],
  },
];
