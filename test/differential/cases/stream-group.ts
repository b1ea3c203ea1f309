/**
 * Consumer-group cases (XGROUP, XREADGROUP without BLOCK, XACK, XPENDING, XCLAIM, XAUTOCLAIM,
 * XINFO GROUPS / CONSUMERS / STREAM FULL), compared byte for byte in RESP2 and RESP3 except the
 * clock readings test/helpers/loose.ts masks (idle and delivery times). Idle-time conditions use
 * thresholds far from the few milliseconds a case takes, so both servers decide alike.
 */
import type { DiffCase } from '../../helpers/differential.js';

/** XADD of entries ms-0 for ms = first ... first+n-1. */
function adds(key: string, first: number, n: number): string[][] {
  return Array.from({ length: n }, (_, i) => ['XADD', key, `${first + i}-0`, 'f', String(first + i)]);
}

const HOUR = '3600000';

export const STREAM_GROUP_CASES: DiffCase[] = [
  {
    name: 'XGROUP CREATE / SETID / DESTROY / CREATECONSUMER / DELCONSUMER and their errors',
    cmds: [
      ['XGROUP', 'CREATE', 's', 'g', '$'], ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'], ['XGROUP', 'CREATE', 's', 'g', '$'],
      ['XGROUP', 'CREATE', 's', 'g2', '0', 'ENTRIESREAD', '5'], ['XGROUP', 'CREATE', 's', 'g3', '0', 'ENTRIESREAD', '-2'],
      ['XGROUP', 'CREATE', 's', 'g3', '0', 'ENTRIESREAD', 'x'], ['XGROUP', 'CREATE', 's', 'g3', '0', 'ENTRIESREAD'], ['XGROUP', 'CREATE', 's', 'g3', 'bad'],
      ['XGROUP', 'CREATE', 's', 'g3', '+'], ['XGROUP', 'CREATE', 's', 'g3', '0', 'BOGUS'], ['XGROUP', 'CREATE', 's', 'g3', '0', 'MKSTREAM', 'MKSTREAM', 'ENTRIESREAD', '1', 'x'],
      ['XGROUP', 'CREATE', 's', 'g3', '0', 'MKSTREAM', 'MKSTREAM', 'ENTRIESREAD', '1'], ['XGROUP', 'CREATE', 's', 'g4', '0', 'MKSTREAM', 'MKSTREAM', 'ENTRIESREAD', '-1', 'MKSTREAM'],
      ['XGROUP', 'CREATE', 'nokey', 'g', '0'], ['XGROUP', 'CREATE', 's'], ['SET', 'str', 'x'], ['XGROUP', 'CREATE', 'str', 'g', '$', 'MKSTREAM'],
      ['XGROUP', 'SETID', 's', 'g', '5-5'], ['XGROUP', 'SETID', 's', 'g', '-'], ['XGROUP', 'SETID', 's', 'g', '+', 'ENTRIESREAD', '3'], ['XGROUP', 'SETID', 's', 'g', 'bad'],
      ['XGROUP', 'SETID', 's', 'nogroup', '0'], ['XGROUP', 'SETID', 'nokey', 'g', '0'], ['XGROUP', 'SETID', 's', 'g', '0', 'MKSTREAM'],
      ['XGROUP', 'SETID', 's', 'g', '0', 'ENTRIESREAD'], ['XGROUP', 'SETID', 's', 'g', '$', 'ENTRIESREAD', '1', 'ENTRIESREAD', '2'], ['XINFO', 'GROUPS', 's'],
      ['XGROUP', 'CREATECONSUMER', 's', 'g', 'alice'], ['XGROUP', 'CREATECONSUMER', 's', 'g', 'alice'], ['XGROUP', 'CREATECONSUMER', 's', 'nogroup', 'alice'],
      ['XGROUP', 'CREATECONSUMER', 'nokey', 'g', 'alice'], ['XINFO', 'CONSUMERS', 's', 'g'], ['XGROUP', 'DELCONSUMER', 's', 'g', 'bob'],
      ['XGROUP', 'DELCONSUMER', 's', 'g', 'alice'], ['XGROUP', 'DELCONSUMER', 's', 'nogroup', 'alice'], ['XGROUP', 'DESTROY', 's', 'g2'],
      ['XGROUP', 'DESTROY', 's', 'g2'], ['XGROUP', 'DESTROY', 'nokey', 'g'], ['XGROUP', 'DESTROY', 'str', 'g'], ['XINFO', 'GROUPS', 's'],
      ['XGROUP', 'HELP'], ['xgroup', 'help'], ['XGROUP', 'HELP', 'x'], ['XGROUP', 'BOGUS'], ['XGROUP'], ['XGROUP', 'DESTROY', 's'],
      ['XGROUP', 'CREATECONSUMER', 's', 'g'], ['XGROUP', 'CREATE', 's', 'g9', '$', 'MKSTREAM', 'ENTRIESREAD', '1', 'MKSTREAM', 'x'],
    ],
  },
  {
    name: 'XREADGROUP: new entries, history, NOACK, COUNT, several streams, errors',
    cmds: [
      ...adds('s', 1, 5), ['XGROUP', 'CREATE', 's', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '2', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '1', 'STREAMS', 's', '>'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'STREAMS', 's', '1-0'], ['XREADGROUP', 'GROUP', 'g', 'carol', 'NOACK', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'carol', 'STREAMS', 's', '>'], ['XREADGROUP', 'GROUP', 'g', 'carol', 'STREAMS', 's', '0'], ['XINFO', 'GROUPS', 's'],
      ['XINFO', 'CONSUMERS', 's', 'g'], ['XPENDING', 's', 'g'], ['XDEL', 's', '2-0'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'dave', 'STREAMS', 's', '0'], ['XINFO', 'CONSUMERS', 's', 'g'],
      ...adds('t', 1, 2), ['XGROUP', 'CREATE', 't', 'g', '$'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', 't', '>', '>'],
      ['XADD', 't', '3-0', 'f', 'v'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', 't', '0', '>'],
      ['XREADGROUP', 'STREAMS', 's', '>'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '$'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 'nokey', '>'],
      ['XREADGROUP', 'GROUP', 'nogroup', 'alice', 'STREAMS', 's', '>'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', 'bad'],
      ['XREADGROUP', 'GROUP', 'g', 'STREAMS', 's', '>'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's'], ['SET', 'str', 'x'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 'str', '>'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', 'x', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '100', 'STREAMS', 's', '0'],
    ],
  },
  {
    name: 'entries-read and lag through reads, deletions, trims, SETID and XSETID',
    cmds: [
      ...adds('s', 1, 6), ['XGROUP', 'CREATE', 's', 'g1', '0'], ['XGROUP', 'CREATE', 's', 'g2', '$'], ['XGROUP', 'CREATE', 's', 'g3', '3-0'],
      ['XINFO', 'GROUPS', 's'], ['XREADGROUP', 'GROUP', 'g1', 'c', 'COUNT', '2', 'STREAMS', 's', '>'], ['XINFO', 'GROUPS', 's'],
      ['XDEL', 's', '4-0'], ['XINFO', 'GROUPS', 's'], ['XREADGROUP', 'GROUP', 'g1', 'c', 'COUNT', '3', 'STREAMS', 's', '>'], ['XINFO', 'GROUPS', 's'],
      ['XTRIM', 's', 'MAXLEN', '2'], ['XINFO', 'GROUPS', 's'], ['XADD', 's', '7-0', 'f', 'v'], ['XREADGROUP', 'GROUP', 'g3', 'c', 'STREAMS', 's', '>'],
      ['XINFO', 'GROUPS', 's'], ['XGROUP', 'SETID', 's', 'g2', '0', 'ENTRIESREAD', '0'], ['XINFO', 'GROUPS', 's'], ['XSETID', 's', '7-0', 'ENTRIESADDED', '50'],
      ['XINFO', 'GROUPS', 's'], ['XINFO', 'STREAM', 's', 'FULL'], ['XGROUP', 'CREATE', 'e', 'g', '$', 'MKSTREAM'], ['XINFO', 'GROUPS', 'e'],
      ['XADD', 'e', '1-0', 'f', 'v'], ['XDEL', 'e', '1-0'], ['XINFO', 'GROUPS', 'e'], ['XGROUP', 'SETID', 'e', 'g', '0'], ['XINFO', 'GROUPS', 'e'],
    ],
  },
  {
    name: 'XACK and XPENDING (summary, extended, IDLE, per consumer, exclusive bounds, errors)',
    cmds: [
      ...adds('s', 1, 8), ['XGROUP', 'CREATE', 's', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '3', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '3', 'STREAMS', 's', '>'], ['XPENDING', 's', 'g'], ['XPENDING', 's', 'g', '-', '+', '10'],
      ['XPENDING', 's', 'g', '-', '+', '10', 'bob'], ['XPENDING', 's', 'g', '(2', '(5', '10'], ['XPENDING', 's', 'g', '-', '+', '2'],
      ['XPENDING', 's', 'g', '-', '+', '0'], ['XPENDING', 's', 'g', '-', '+', '-3'], ['XPENDING', 's', 'g', '-', '+', '10', 'nobody'],
      ['XPENDING', 's', 'g', 'IDLE', HOUR, '-', '+', '10'], ['XPENDING', 's', 'g', 'IDLE', '0', '-', '+', '10', 'alice'],
      ['XPENDING', 's', 'g', 'IDLE', '-5', '-', '+', '10'], ['XPENDING', 's', 'g', 'IDLE', 'x', '-', '+', '10'], ['XPENDING', 's', 'g', 'IDLE', '1', '-', '+'],
      ['XPENDING', 's', 'g', '-', '+'], ['XPENDING', 's', 'g', '-'], ['XPENDING', 's', 'g', '-', '+', 'x'], ['XPENDING', 's', 'g', 'bad', '+', '1'],
      ['XPENDING', 's', 'g', '(-', '+', '1'], ['XPENDING', 's', 'g', '-', `(0-0`, '1'], ['XPENDING', 's', 'g', '-', '+', '10', 'alice', 'extra'],
      ['XPENDING', 's', 'nogroup'], ['XPENDING', 'nokey', 'g'], ['XPENDING', 'nokey', 'g', 'bad', '+', '1'],
      ['XACK', 's', 'g', '1-0', '2-0', '2-0', '9-0'], ['XACK', 's', 'g', '3-0', 'bad'], ['XACK', 's', 'g', 'bad'], ['XACK', 's', 'nogroup', 'bad'],
      ['XACK', 'nokey', 'g', '1-0'], ['XPENDING', 's', 'g'], ['XPENDING', 's', 'g', '-', '+', '10'], ['XACK', 's', 'g', '3-0', '4-0', '5-0', '6-0'],
      ['XPENDING', 's', 'g'], ['XINFO', 'CONSUMERS', 's', 'g'], ['SET', 'str', 'x'], ['XACK', 'str', 'g', '1-0'], ['XPENDING', 'str', 'g'],
      ['XINFO', 'CONSUMERS', 's', 'nogroup'],
    ],
  },
  {
    name: 'XCLAIM: min-idle, IDLE, TIME, RETRYCOUNT, FORCE, JUSTID, LASTID, deleted entries, errors',
    cmds: [
      ...adds('s', 1, 6), ['XGROUP', 'CREATE', 's', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '4', 'STREAMS', 's', '>'],
      ['XCLAIM', 's', 'g', 'bob', HOUR, '1-0'], ['XCLAIM', 's', 'g', 'bob', '0', '1-0', '2-0'], ['XPENDING', 's', 'g', '-', '+', '10'],
      ['XCLAIM', 's', 'g', 'bob', '0', '3-0', 'JUSTID'], ['XCLAIM', 's', 'g', 'carol', '0', '3-0', 'RETRYCOUNT', '7', 'IDLE', '500000'],
      ['XPENDING', 's', 'g', 'IDLE', '400000', '-', '+', '10'], ['XCLAIM', 's', 'g', 'carol', '400000', '3-0', '4-0', 'JUSTID'],
      ['XCLAIM', 's', 'g', 'dave', '0', '4-0', 'TIME', '1000', 'RETRYCOUNT', '-2'], ['XPENDING', 's', 'g', 'IDLE', HOUR, '-', '+', '10'],
      ['XCLAIM', 's', 'g', 'dave', '0', '5-0'], ['XCLAIM', 's', 'g', 'dave', '0', '5-0', '6-0', '99-0', 'FORCE'], ['XPENDING', 's', 'g', '-', '+', '10'],
      ['XDEL', 's', '1-0'], ['XCLAIM', 's', 'g', 'eve', '0', '1-0', '2-0'], ['XPENDING', 's', 'g'], ['XINFO', 'GROUPS', 's'],
      ['XCLAIM', 's', 'g', 'eve', '0', '2-0', 'LASTID', '100-0'], ['XINFO', 'GROUPS', 's'], ['XCLAIM', 's', 'g', 'eve', '0', '9-0', 'LASTID', '200-0'],
      ['XINFO', 'GROUPS', 's'], ['XCLAIM', 's', 'g', 'eve', '0', '2-0', 'LASTID', 'bad'], ['XCLAIM', 's', 'g', 'eve', '0', '2-0', 'IDLE', 'x'],
      ['XCLAIM', 's', 'g', 'eve', '0', '2-0', 'TIME', 'x'], ['XCLAIM', 's', 'g', 'eve', '0', '2-0', 'RETRYCOUNT', 'x'], ['XCLAIM', 's', 'g', 'eve', '0', '2-0', 'BOGUS'],
      ['XCLAIM', 's', 'g', 'eve', '0', '2-0', 'IDLE'], ['XCLAIM', 's', 'g', 'eve', 'x', '2-0'], ['XCLAIM', 's', 'g', 'eve', '-5', '2-0', 'JUSTID'],
      ['XCLAIM', 's', 'nogroup', 'eve', '0', '2-0'], ['XCLAIM', 'nokey', 'g', 'eve', 'x', '2-0'], ['XCLAIM', 's', 'g', 'eve', '0', 'bad', '2-0'],
      ['XCLAIM', 's', 'g', 'eve', '0', '2-0', 'IDLE', '-100', 'JUSTID'], ['XCLAIM', 's', 'g', 'eve', '0', '2-0', 'TIME', '99999999999999', 'JUSTID'],
      ['XPENDING', 's', 'g', 'IDLE', '10000', '-', '+', '10'], ['XINFO', 'CONSUMERS', 's', 'g'], ['SET', 'str', 'x'], ['XCLAIM', 'str', 'g', 'c', '0', '1-0'],
    ],
  },
  {
    name: 'XAUTOCLAIM: cursor, COUNT, JUSTID, min-idle, deleted entries, errors',
    cmds: [
      ...adds('s', 1, 10), ['XGROUP', 'CREATE', 's', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>'],
      ['XAUTOCLAIM', 's', 'g', 'bob', HOUR, '0'], ['XAUTOCLAIM', 's', 'g', 'bob', '0', '0', 'COUNT', '3'], ['XAUTOCLAIM', 's', 'g', 'bob', '0', '4-0', 'COUNT', '2', 'JUSTID'],
      ['XDEL', 's', '6-0', '8-0'], ['XAUTOCLAIM', 's', 'g', 'carol', '0', '(5-0', 'COUNT', '3'], ['XAUTOCLAIM', 's', 'g', 'carol', '0', '-'],
      ['XPENDING', 's', 'g', '-', '+', '20'], ['XCLAIM', 's', 'g', 'dave', '0', '1-0', '2-0', 'IDLE', '500000', 'JUSTID'],
      ['XAUTOCLAIM', 's', 'g', 'eve', '400000', '0', 'JUSTID'], ['XAUTOCLAIM', 's', 'g', 'eve', '0', `(18446744073709551615-18446744073709551615`],
      ['XAUTOCLAIM', 's', 'g', 'eve', '0', '0', 'COUNT', '0'], ['XAUTOCLAIM', 's', 'g', 'eve', '0', '0', 'COUNT', 'x'],
      ['XAUTOCLAIM', 's', 'g', 'eve', '0', '0', 'COUNT', '576460752303423488'], ['XAUTOCLAIM', 's', 'g', 'eve', '0', '0', 'COUNT'],
      ['XAUTOCLAIM', 's', 'g', 'eve', '0', '0', 'BOGUS'], ['XAUTOCLAIM', 's', 'g', 'eve', 'x', '0'], ['XAUTOCLAIM', 's', 'g', 'eve', '-1', 'bad'],
      ['XAUTOCLAIM', 's', 'nogroup', 'eve', '0', '0'], ['XAUTOCLAIM', 'nokey', 'g', 'eve', '0', '0'], ['SET', 'str', 'x'], ['XAUTOCLAIM', 'str', 'g', 'c', '0', '0'],
      ['XINFO', 'CONSUMERS', 's', 'g'], ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '3'],
    ],
  },
];
