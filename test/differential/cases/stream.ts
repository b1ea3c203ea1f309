/**
 * Stream cases (XADD, XRANGE, XREVRANGE, XLEN, XDEL, XTRIM, XSETID, XREAD without BLOCK, XINFO
 * STREAM): the same commands to Sonic and redis-server, replies compared byte for byte in RESP2
 * and RESP3. IDs are explicit wherever a reply shows them ("*" IDs carry each server's clock, see
 * test/helpers/loose.ts). Cases that change a config restore it at their end.
 */
import type { DiffCase } from '../../helpers/differential.js';
import { prng } from '../../helpers/prng.js';

const BIN = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
const MAX = '18446744073709551615';

/** XADD of `n` entries ms-0 (ms from `first`) with the same two fields. */
function adds(key: string, first: number, n: number, extra: string[] = []): string[][] {
  return Array.from({ length: n }, (_, i) => ['XADD', key, ...extra, `${first + i}-0`, 'f', String(i), 'g', `v${i}`]);
}

export const STREAM_CASES: DiffCase[] = [
  {
    name: 'XADD explicit, partial and ms-* IDs; XRANGE/XREVRANGE read them back',
    cmds: [
      ['XADD', 's', '1-1', 'a', '1', 'b', '2'], ['XADD', 's', '1-2', 'a', '3'], ['XADD', 's', '2', 'c', BIN], ['XADD', 's', '2-*', 'd', ''],
      ['XADD', 's', '5-*', '', 'e'], ['XADD', 's', '5-*', 'a', '1', 'b', '2'], ['XADD', 's', '0-*', 'x', 'y'],
      ['XRANGE', 's', '-', '+'], ['XREVRANGE', 's', '+', '-'], ['XLEN', 's'], ['TYPE', 's'], ['OBJECT', 'ENCODING', 's'],
      ['XADD', 'z', '0-*', 'a', 'b'], ['XADD', 'z', '0-*', 'a', 'b'], ['XRANGE', 'z', '-', '+'],
    ],
  },
  {
    name: 'XADD errors, in Redis order',
    cmds: [
      ['XADD', 's'], ['XADD', 's', '1-1'], ['XADD', 's', '1-1', 'a'], ['XADD', 's', '1-1', 'a', 'b', 'c'], ['XADD', 's', '*', 'a'],
      ['XADD', 's', '0-0', 'a', 'b'], ['XADD', 's', '0', 'a', 'b'], ['EXISTS', 's'], ['XADD', 's', 'x-1', 'a', 'b'], ['XADD', 's', '1-x', 'a', 'b'],
      ['XADD', 's', '-', 'a', 'b'], ['XADD', 's', '+', 'a', 'b'], ['XADD', 's', '1-1-1', 'a', 'b'], ['XADD', 's', '-1', 'a', 'b'],
      ['XADD', 's', '5-5', 'a', 'b'], ['XADD', 's', '5-5', 'a', 'b'], ['XADD', 's', '5-4', 'a', 'b'], ['XADD', 's', '4-*', 'a', 'b'],
      ['XADD', 's', '4', 'a', 'b'], ['XADD', 's', '5', 'a', 'b'], ['XADD', 's', 'MAXLEN', '-1', '*', 'a', 'b'], ['XADD', 's', 'MAXLEN', 'x', '*', 'a', 'b'],
      ['XADD', 's', 'MAXLEN', '1', 'MINID', '1', '*', 'a', 'b'], ['XADD', 's', 'MINID', 'bad', '*', 'a', 'b'], ['XADD', 's', 'MINID', '+', '*', 'a', 'b'],
      ['XADD', 's', 'LIMIT', '10', '*', 'a', 'b'], ['XADD', 's', 'MAXLEN', '1', 'LIMIT', '10', '*', 'a', 'b'],
      ['XADD', 's', 'MAXLEN', '~', '1', 'LIMIT', '-1', '*', 'a', 'b'], ['XADD', 's', 'MAXLEN', '~', '1', 'LIMIT', 'x', '*', 'a', 'b'],
      ['XADD', 's', 'LIMIT', '0', '6-0', 'a', 'b'], ['XADD', 's', 'NOMKSTREAM', 'MAXLEN', '*', 'a', 'b'], ['XADD', 's', 'MAXLEN'],
      ['SET', 'str', 'x'], ['XADD', 'str', '1-1', 'a', 'b'], ['XADD', 'str', 'bad', 'a', 'b'], ['XLEN', 's'],
    ],
  },
  {
    name: 'XADD ID parsing edges: leading zeros, signs, spaces, 64-bit limits, NUL bytes, long IDs',
    cmds: [
      ['XADD', 'a', '05-01', 'f', 'v'], ['XADD', 'a', '+6-+1', 'f', 'v'], ['XADD', 'a', ' 7- 1', 'f', 'v'], ['XADD', 'a', '-0', 'f', 'v'],
      ['XADD', 'a', '8-\x009', 'f', 'v'], ['XADD', 'a', '9\x00-1', 'f', 'v'], ['XADD', 'a', '10 ', 'f', 'v'], ['XADD', 'a', '', 'f', 'v'],
      ['XADD', 'a', `${MAX}5-0`, 'f', 'v'], ['XADD', 'a', '18446744073709551616-0', 'f', 'v'], ['XADD', 'a', '1'.repeat(128), 'f', 'v'],
      ['XADD', 'a', '-05-1', 'f', 'v'], ['XADD', 'a', `9007199254740993-${MAX}`, 'f', 'v'], ['XADD', 'a', '9007199254740993-*', 'f', 'v'],
      ['XADD', 'a', '9223372036854775808-1', 'f', 'v'], ['XADD', 'a', '-9223372036854775809-1', 'f', 'v'],
      ['XRANGE', 'a', '-', '+'], ['XADD', 'b', `${MAX}-${MAX}`, 'f', 'v'], ['XADD', 'b', '*', 'f', 'v'], ['XADD', 'b', `${MAX}-*`, 'f', 'v'],
      ['XADD', 'c', `5-${MAX}`, 'f', 'v'], ['XADD', 'c', '6-*', 'f', 'v'], ['XRANGE', 'c', '-', '+'], ['XINFO', 'STREAM', 'b'],
    ],
  },
  {
    name: 'XADD NOMKSTREAM, MAXLEN and MINID (exact) trims',
    cmds: [
      ['XADD', 's', 'NOMKSTREAM', '1-1', 'f', 'v'], ['EXISTS', 's'], ...adds('s', 1, 10), ['XADD', 's', 'NOMKSTREAM', '20-0', 'f', 'v'],
      ['XADD', 's', 'MAXLEN', '5', '21-0', 'f', 'v'], ['XRANGE', 's', '-', '+'], ['XADD', 's', 'MAXLEN', '=', '3', '22-0', 'f', 'v'],
      ['XADD', 's', 'MINID', '21', '23-0', 'f', 'v'], ['XRANGE', 's', '-', '+'], ['XADD', 's', 'minid', '=', '30', '24-0', 'f', 'v'],
      ['XLEN', 's'], ['XINFO', 'STREAM', 's'], ['XADD', 's', 'MAXLEN', '0', '25-0', 'f', 'v'], ['XINFO', 'STREAM', 's'], ['XRANGE', 's', '-', '+'],
      ['XADD', 's', 'NOMKSTREAM', 'MAXLEN', '~', '0', 'LIMIT', '0', '26-0', 'f', 'v'], ['XINFO', 'STREAM', 's'],
    ],
  },
  {
    name: 'XRANGE / XREVRANGE: bounds, incomplete and exclusive IDs, COUNT, errors',
    cmds: [
      ...adds('s', 1, 5), ['XADD', 's', '3-1', 'x', 'y'], ['XADD', 's', '3-2', 'x', 'y'],
      ['XRANGE', 's', '3', '3'], ['XRANGE', 's', '(3-0', '+'], ['XRANGE', 's', '-', '(3'], ['XRANGE', 's', '(3-1', '(4'], ['XREVRANGE', 's', '(5', '(2-0'],
      ['XRANGE', 's', '-', '+', 'COUNT', '2'], ['XRANGE', 's', '-', '+', 'COUNT', '0'], ['XRANGE', 's', '-', '+', 'COUNT', '-1'],
      ['XREVRANGE', 's', '+', '-', 'count', '3'], ['XRANGE', 's', '-', '+', 'COUNT', '1', 'COUNT', '3'], ['XRANGE', 's', '5', '1'],
      ['XRANGE', 's', '-', '+', 'COUNT'], ['XRANGE', 's', '-', '+', 'LIMIT', '1'], ['XRANGE', 's', '-', '+', 'COUNT', 'x'],
      ['XRANGE', 's', '(-', '+'], ['XRANGE', 's', '(+', '+'], ['XRANGE', 's', '-', `(${MAX}-${MAX}`], ['XRANGE', 's', `(${MAX}-${MAX}`, '+'],
      ['XRANGE', 's', '-', '(0-0'], ['XRANGE', 's', '(', '+'], ['XRANGE', 's', 'x', '+'], ['XRANGE', 's', '-', 'y'], ['XREVRANGE', 's', 'x', '-'],
      ['XRANGE', 'nokey', '-', '+'], ['XRANGE', 'nokey', '-', '+', 'COUNT', '0'], ['XREVRANGE', 'nokey', '+', '-'],
      ['SET', 'str', 'x'], ['XRANGE', 'str', '-', '+'], ['XRANGE', 'str', 'bad', '+'], ['XLEN', 'str'], ['XLEN', 'nokey'],
    ],
  },
  {
    name: 'XDEL: tombstones, first/last entry bookkeeping, whole nodes going, errors',
    cmds: [
      ...adds('s', 1, 6), ['XDEL', 's', '1-0'], ['XINFO', 'STREAM', 's'], ['XDEL', 's', '6-0', '5-0', '5-0', '99-0'], ['XINFO', 'STREAM', 's'],
      ['XRANGE', 's', '-', '+'], ['XREVRANGE', 's', '+', '-', 'COUNT', '1'], ['XDEL', 's', 'bad'], ['XDEL', 's', '2-0', 'bad'], ['XLEN', 's'],
      ['XDEL', 'nokey', 'bad'], ['XDEL', 's', '+'], ['XDEL', 's', '2-0', '3-0', '4-0'], ['XINFO', 'STREAM', 's'], ['EXISTS', 's'],
      ['XADD', 's', '7-0', 'f', 'v'], ['XINFO', 'STREAM', 's'], ['SET', 'str', 'x'], ['XDEL', 'str', '1-0'],
    ],
  },
  {
    name: 'XTRIM: MAXLEN/MINID, exact and approximate, LIMIT, errors',
    cmds: [
      ['CONFIG', 'SET', 'stream-node-max-entries', '10'], ...adds('s', 1, 55),
      ['XTRIM', 's', 'MAXLEN', '~', '50'], ['XTRIM', 's', 'MAXLEN', '~', '39'], ['XLEN', 's'], ['XTRIM', 's', 'MAXLEN', '37'], ['XINFO', 'STREAM', 's'],
      ['XTRIM', 's', 'MINID', '~', '30'], ['XTRIM', 's', 'MINID', '=', '33'], ['XRANGE', 's', '-', '(36', 'COUNT', '3'], ['XINFO', 'STREAM', 's'],
      ['XTRIM', 's', 'MAXLEN', '~', '0', 'LIMIT', '10'], ['XTRIM', 's', 'MAXLEN', '~', '0', 'LIMIT', '11'], ['XLEN', 's'],
      ['XTRIM', 's', 'MAXLEN', '0', 'LIMIT', '0'], ['XTRIM', 's', 'MINID', '~', '1000', 'LIMIT', '0'], ['XINFO', 'STREAM', 's'],
      ['XTRIM', 's'], ['XTRIM', 's', 'LIMIT', '1'], ['XTRIM', 's', 'MAXLEN', '1', 'LIMIT', '1'], ['XTRIM', 's', 'MAXLEN', '-1'],
      ['XTRIM', 's', 'MAXLEN', '1', 'MINID', '1'], ['XTRIM', 's', 'bogus'], ['XTRIM', 's', 'MINID', 'x'], ['XTRIM', 's', 'NOMKSTREAM', 'MAXLEN', '1'],
      ['XTRIM', 'nokey', 'MAXLEN', '1'], ['XTRIM', 'nokey', 'MAXLEN', 'x'], ['SET', 'str', 'x'], ['XTRIM', 'str', 'MAXLEN', '1'],
      ['CONFIG', 'SET', 'stream-node-max-entries', '100'],
    ],
  },
  {
    name: 'nodes split like Redis: by entries and by listpack bytes; XINFO radix-tree figures',
    cmds: [
      ['CONFIG', 'SET', 'stream-node-max-entries', '3'], ...adds('s', 1, 10), ['XINFO', 'STREAM', 's'],
      ['CONFIG', 'SET', 'stream-node-max-bytes', '200'], ['CONFIG', 'SET', 'stream-node-max-entries', '0'],
      ...Array.from({ length: 40 }, (_, i) => ['XADD', 'b', `${i + 1}-${i}`, 'field', 'x'.repeat(i * 3), 'n', String(i * 1000 - 20000)]),
      ['XINFO', 'STREAM', 'b'], ['XTRIM', 'b', 'MAXLEN', '~', '20'], ['XINFO', 'STREAM', 'b'],
      ['CONFIG', 'SET', 'stream-node-max-bytes', '4096'], ['CONFIG', 'SET', 'stream-node-max-entries', '100'],
      ...Array.from({ length: 130 }, (_, i) => ['XADD', 'c', `${1000000 + i * 7919}-${i % 3}`, `f${i % 4}`, 'v', 'g', String(i)]),
      ['XINFO', 'STREAM', 'c'], ['XDEL', 'c', '1000000-0', '1007919-1'], ['XTRIM', 'c', 'MINID', '~', '1300000'], ['XINFO', 'STREAM', 'c'],
      ['CONFIG', 'SET', 'rdbcompression', 'no'], ['DUMP', 's'], ['DUMP', 'b'], ['DUMP', 'c'], ['CONFIG', 'SET', 'rdbcompression', 'yes'],
    ],
  },
  {
    name: 'XSETID: last ID, ENTRIESADDED, MAXDELETEDID and their errors',
    cmds: [
      ['XSETID', 'nokey', '1-1'], ['XADD', 's', '5-5', 'f', 'v'], ['XSETID', 's', '5-4'], ['XSETID', 's', '5-5'], ['XSETID', 's', '10-10'],
      ['XINFO', 'STREAM', 's'], ['XADD', 's', '10-10', 'f', 'v'], ['XADD', 's', '10-*', 'f', 'v'],
      ['XSETID', 's', '20-0', 'ENTRIESADDED', '1'], ['XSETID', 's', '20-0', 'ENTRIESADDED', '-1'], ['XSETID', 's', '20-0', 'ENTRIESADDED', 'x'],
      ['XSETID', 's', '20-0', 'MAXDELETEDID', '21-0'], ['XSETID', 's', '20-0', 'MAXDELETEDID', 'bad'], ['XSETID', 's', '20-0', 'ENTRIESADDED'],
      ['XSETID', 's', '20-0', 'ENTRIESADDED', '100', 'MAXDELETEDID', '15-0'], ['XINFO', 'STREAM', 's'], ['XSETID', 's', '20-0', 'MAXDELETEDID', '0-0'],
      ['XSETID', 's', '20-0', 'bogus', '1'], ['XSETID', 's', '-'], ['XSETID', 's', 'x'], ['XDEL', 's', '5-5', '10-11'], ['XSETID', 's', '0-0'],
      ['XINFO', 'STREAM', 's'], ['SET', 'str', 'x'], ['XSETID', 'str', '1-1'], ['XSETID', 's', '9223372036854775807-0', 'ENTRIESADDED', '9223372036854775807'],
      ['XINFO', 'STREAM', 's'],
    ],
  },
  {
    name: 'XREAD without BLOCK: several streams, $, COUNT, ids past the end, errors',
    cmds: [
      ...adds('a', 1, 3), ...adds('b', 10, 2), ['XREAD', 'STREAMS', 'a', 'b', '0', '0'], ['XREAD', 'COUNT', '1', 'STREAMS', 'a', 'b', '1', '10-0'],
      ['XREAD', 'STREAMS', 'a', 'b', '$', '$'], ['XREAD', 'STREAMS', 'a', 'nokey', '2', '0'], ['XREAD', 'STREAMS', 'a', 'a', '0', '2'],
      ['XREAD', 'COUNT', '-5', 'STREAMS', 'a', '0'], ['XREAD', 'COUNT', 'x', 'STREAMS', 'a', '0'], ['XREAD', 'STREAMS', 'a'], ['XREAD', 'STREAMS', 'a', 'b', '0'],
      ['XREAD', 'a', '0'], ['XREAD', 'COUNT', '1'], ['XREAD', 'GROUP', 'g', 'c', 'STREAMS', 'a', '0'], ['XREAD', 'NOACK', 'STREAMS', 'a', '0'],
      ['XREAD', 'STREAMS', 'a', '>'], ['XREAD', 'STREAMS', 'a', 'bad'], ['XREAD', 'STREAMS', 'a', '-'], ['XREAD', 'BLOCK', 'x', 'STREAMS', 'a', '0'],
      ['XREAD', 'BLOCK', '-1', 'STREAMS', 'a', '0'], ['SET', 'str', 'x'], ['XREAD', 'STREAMS', 'a', 'str', '0', '0'], ['XREAD', 'STREAMS', 'str', 'a', 'bad', '0'],
      ['XADD', 'd', '1-0', 'f', 'v'], ['XADD', 'd', '2-0', 'f', 'v'], ['XDEL', 'd', '2-0'], ['XREAD', 'STREAMS', 'd', '1-0'], ['XREAD', 'STREAMS', 'd', '0-0'],
      ['MULTI'], ['XREAD', 'BLOCK', '0', 'STREAMS', 'd', '$'], ['XREAD', 'BLOCK', '10', 'STREAMS', 'a', '0'], ['EXEC'],
    ],
  },
  {
    name: 'XINFO STREAM summary and FULL with COUNT; XINFO errors and HELP',
    cmds: [
      ...adds('s', 1, 15), ['XINFO', 'STREAM', 's'], ['XINFO', 'STREAM', 's', 'FULL'], ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '2'],
      ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '0'], ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '-1'], ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', 'x'],
      ['XINFO', 'STREAM', 's', 'FULL', 'COUNT'], ['XINFO', 'STREAM', 's', 'COUNT', '1'], ['XINFO', 'STREAM', 's', 'FULL', 'LIMIT', '1'], ['XINFO', 'STREAM', 's', 'x'],
      ['XINFO', 'STREAM', 'nokey'], ['XINFO', 'STREAM', 'nokey', 'FULL'], ['XINFO', 'GROUPS', 'nokey'], ['XINFO', 'CONSUMERS', 'nokey', 'g'],
      ['SET', 'str', 'x'], ['XINFO', 'STREAM', 'str'], ['XINFO', 'HELP'], ['xinfo', 'help'], ['XINFO', 'HELP', 'x'], ['XINFO', 'BOGUS', 's'], ['XINFO', 'STREAM'],
      ['XGROUP', 'CREATE', 'e', 'g', '$', 'MKSTREAM'], ['XINFO', 'STREAM', 'e'], ['XINFO', 'STREAM', 'e', 'FULL'],
    ],
  },
  {
    name: 'streams in the keyspace: TYPE, SCAN TYPE, COPY, RENAME, DUMP/RESTORE, MOVE',
    cmds: [
      ...adds('s', 1, 3), ['XGROUP', 'CREATE', 's', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '2', 'STREAMS', 's', '>'],
      ['TYPE', 's'], ['SCAN', '0', 'TYPE', 'stream'], ['COPY', 's', 'copy'], ['XADD', 'copy', '9-0', 'f', 'v'], ['XLEN', 's'], ['XLEN', 'copy'],
      ['XINFO', 'GROUPS', 'copy'], ['XACK', 'copy', 'g', '1-0'], ['XINFO', 'GROUPS', 's'], ['RENAME', 'copy', 'renamed'], ['XRANGE', 'renamed', '-', '+'],
      // Groups hold delivery times (clock readings): DUMP is compared on a stream without any.
      ...adds('plain', 1, 4), ['XDEL', 'plain', '2-0'], ['XSETID', 'plain', '7-7', 'ENTRIESADDED', '9', 'MAXDELETEDID', '3-0'],
      ['CONFIG', 'SET', 'rdbcompression', 'no'], ['DUMP', 'plain'], ['CONFIG', 'SET', 'rdbcompression', 'yes'], ['DUMP', 'nokey'],
      ['MOVE', 's', '1'], ['SELECT', '1'], ['XINFO', 'STREAM', 's'], ['XPENDING', 's', 'g'], ['SELECT', '0'], ['OBJECT', 'ENCODING', 'renamed'],
    ],
  },
  ...[1, 2, 3].map(randomCase),
];

/**
 * A seeded random sequence of XADD / XDEL / XTRIM (exact and approximate, LIMIT) under a node
 * config, with XINFO STREAM (node counts: radix-tree-keys and -nodes) and XRANGE checked along
 * the way: node boundaries, tombstones and trims must fall exactly where Redis puts them.
 */
function randomCase(seed: number): DiffCase {
  const rand = prng(seed);
  const cfg = [['2', '0'], ['10', '512'], ['100', '4096']][seed - 1];
  const cmds: string[][] = [['CONFIG', 'SET', 'stream-node-max-entries', cfg[0]], ['CONFIG', 'SET', 'stream-node-max-bytes', cfg[1]]];
  let ms = 1;
  let top = 1;
  for (let i = 0; i < 400; i++) {
    const r = rand();
    if (r < 0.7) {
      ms += Math.floor(rand() * 2) * Math.floor(1 + rand() * 1e6);
      const fields = rand() < 0.8 ? ['a', String(i), 'b', 'x'.repeat(Math.floor(rand() * 20))] : [`k${i % 3}`, String(-i * 7919)];
      cmds.push(['XADD', 'r', `${ms}-*`, ...fields]);
      top = ms;
    } else if (r < 0.85) {
      cmds.push(['XDEL', 'r', `${Math.floor(rand() * top)}-0`, `${top}-0`, `${top}-1`]);
    } else if (r < 0.93) {
      const approx = rand() < 0.5 ? ['~'] : rand() < 0.5 ? ['='] : [];
      const limit = approx[0] === '~' && rand() < 0.5 ? ['LIMIT', String(Math.floor(rand() * 30))] : [];
      cmds.push(['XTRIM', 'r', 'MAXLEN', ...approx, String(Math.floor(rand() * 150)), ...limit]);
    } else {
      const approx = rand() < 0.5 ? ['~'] : [];
      cmds.push(['XTRIM', 'r', 'MINID', ...approx, String(Math.floor(rand() * top))]);
    }
    if (i % 40 === 39) cmds.push(['XINFO', 'STREAM', 'r'], ['XRANGE', 'r', '-', '+', 'COUNT', '5'], ['XREVRANGE', 'r', '+', '-', 'COUNT', '5']);
  }
  cmds.push(['XINFO', 'STREAM', 'r'], ['XRANGE', 'r', '-', '+'], ['CONFIG', 'SET', 'rdbcompression', 'no'], ['DUMP', 'r'], ['CONFIG', 'SET', 'rdbcompression', 'yes']);
  cmds.push(['CONFIG', 'SET', 'stream-node-max-entries', '100'], ['CONFIG', 'SET', 'stream-node-max-bytes', '4096']);
  return { name: `random XADD/XDEL/XTRIM sequence ${seed} (nodes of ${cfg[0]} entries, ${cfg[1]} bytes)`, cmds };
}
