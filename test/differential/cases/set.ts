/**
 * Cases of the set differential test (test/differential/set.test.ts), as data.
 *
 * - SET_CASES: replies compared byte for byte, except SMEMBERS/SINTER/SUNION/SDIFF/SSCAN, which
 *   test/helpers/loose.ts compares as sorted multisets (hashtable order is unspecified).
 * - SET_EXACT_CASES: intset-encoded sets only, whose members Redis keeps sorted: every reply,
 *   SMEMBERS and SSCAN included, is compared byte for byte, order and all.
 * - SET_RANDOM_CASES: SRANDMEMBER/SPOP on sets of several members. The replies marked random
 *   are compared by shape (type, length) and checked for properties on both servers (members
 *   of the set, distinct when Redis promises it); all the others byte for byte (or loose as
 *   above), so the state they leave (SCARD, encoding, EXISTS) must agree.
 */
import type { DiffCase } from '../../helpers/differential.js';

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i));
const range = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));
const enc = (k: string) => ['OBJECT', 'ENCODING', k];

/** Integer texts string2ll accepts (intset members) and near misses it refuses. */
const INT_EDGES = ['0', '-1', '1', '32767', '32768', '-32768', '-32769', '2147483647', '2147483648', '-2147483648', '-2147483649',
  '4294967296', '9007199254740991', '9007199254740992', '9007199254740993', '-9007199254740993', '9223372036854775807',
  '-9223372036854775808', '9223372036854775806', '-9223372036854775807'];
const NOT_INTS = ['-0', '01', '+1', ' 1', '1 ', '9223372036854775808', '-9223372036854775809', '1.0', '0x1', '', '1\0', '１'];

export const SET_CASES: DiffCase[] = [
  {
    name: 'SADD/SCARD/SISMEMBER/SMISMEMBER/SMEMBERS, both encodings',
    cmds: [
      ['SADD', 's', 'a', 'b', 'c', 'a'], ['SCARD', 's'], ['SISMEMBER', 's', 'a'], ['SISMEMBER', 's', 'z'], ['SMISMEMBER', 's', 'a', 'z', 'c'],
      ['SMEMBERS', 's'], enc('s'), ['SADD', 'i', '3', '1', '2', '1'], ['SCARD', 'i'], ['SISMEMBER', 'i', '2'], ['SISMEMBER', 'i', '02'],
      ['SISMEMBER', 'i', 'x'], ['SMISMEMBER', 'i', '1', '01', '4'], enc('i'), ['SADD', 'i', 'x'], enc('i'), ['SMEMBERS', 'i'],
      ['SMISMEMBER', 'nokey', 'a', 'b'], ['SISMEMBER', 'nokey', 'a'], ['SCARD', 'nokey'], ['SMEMBERS', 'nokey'], ['TYPE', 'i'],
    ],
  },
  {
    name: 'intset membership: only canonical 64-bit integers; anything else converts to hashtable',
    cmds: NOT_INTS.flatMap((m, i) => [['SADD', `n${i}`, '5'], ['SISMEMBER', `n${i}`, m], ['SREM', `n${i}`, m], ['SADD', `n${i}`, m], enc(`n${i}`),
      ['SISMEMBER', `n${i}`, m], ['SISMEMBER', `n${i}`, '5'], ['SMEMBERS', `n${i}`]]),
  },
  {
    name: 'a first member decides the encoding; int64 edges stay intset',
    cmds: [['SADD', 'a', 'x', '1'], enc('a'), ['SADD', 'b', '1', 'x'], enc('b'), ['SADD', 'c', ...INT_EDGES], enc('c'), ['SCARD', 'c'],
      ...INT_EDGES.map((m) => ['SISMEMBER', 'c', m]), ['SMISMEMBER', 'c', ...NOT_INTS]],
  },
  {
    name: 'set-max-intset-entries: conversion at the limit, never back; limit 0',
    cmds: [
      ['CONFIG', 'SET', 'set-max-intset-entries', '4'], ['SADD', 's', '1', '2', '3', '4'], enc('s'), ['SADD', 's', '5'], enc('s'),
      ['SREM', 's', '5', '4', '3'], enc('s'), ['SMEMBERS', 's'], ['SADD', 'v', '1', '2', '3', '4', '5', '6'], enc('v'),
      ['CONFIG', 'SET', 'set-max-intset-entries', '0'], ['SADD', 'z', '1'], enc('z'), ['SADD', 'y', 'a'], enc('y'),
      ['CONFIG', 'SET', 'set-max-intset-entries', '512'], ['SADD', 'big', ...range(512, (i) => String(i * 3))], enc('big'),
      ['SADD', 'big', '1'], enc('big'), ['SCARD', 'big'], ['SADD', 'big2', ...range(513, String)], enc('big2'),
    ],
  },
  {
    name: 'SREM: counts, key deleted with its last member (remaining arguments ignored), encodings kept',
    cmds: [
      ['SADD', 's', 'a', 'b', 'c'], ['SREM', 's', 'a', 'a', 'z'], ['SREM', 's', 'b', 'c', 'b'], ['EXISTS', 's'], ['SREM', 's', 'a'],
      ['SADD', 'i', '1', '2', '3'], ['SREM', 'i', '1', 'x', '01', '2'], enc('i'), ['SREM', 'i', '3', '3'], ['EXISTS', 'i'],
      ['SADD', 'h', '1', 'x'], ['SREM', 'h', 'x'], enc('h'), ['SMEMBERS', 'h'], ['INFO', 'keyspace'],
    ],
  },
  {
    name: 'SMOVE: every path',
    cmds: [
      ['SADD', 'src', '1', 'a', 'b'], ['SADD', 'dst', '2', '3', '4'], enc('src'), enc('dst'), ['SMOVE', 'src', 'dst', 'a'], enc('dst'),
      ['SMEMBERS', 'dst'], ['SMOVE', 'src', 'dst', 'zz'], ['SMOVE', 'dst', 'src', '2'], ['SMEMBERS', 'src'], ['SMOVE', 'src', 'src', 'b'],
      ['SMOVE', 'src', 'src', 'zz'], ['SMOVE', 'nokey', 'dst', 'a'], ['SMOVE', 'src', 'new1', '1'], enc('new1'),
      ['SMOVE', 'src', 'new2', 'b'], enc('new2'), ['SMEMBERS', 'src'], ['SMOVE', 'src', 'dst', '2'], ['EXISTS', 'src'],
      ['SMOVE', 'dst', 'new1', '1'], ['SCARD', 'new1'], ['SET', 'str', 'x'], ['SMOVE', 'str', 'dst', 'a'], ['SMOVE', 'dst', 'str', 'a'],
      ['SMOVE', 'nokey', 'str', 'a'], ['SMOVE', 'dst', 'str', 'notamember'], ['SMEMBERS', 'dst'],
    ],
  },
  {
    name: 'WRONGTYPE for every set command; STORE destinations of another type are overwritten',
    cmds: [
      ['SET', 'str', 'v'], ['SADD', 's', 'a'], ['SADD', 'str', 'a'], ['SREM', 'str', 'a'], ['SCARD', 'str'], ['SISMEMBER', 'str', 'a'],
      ['SMISMEMBER', 'str', 'a'], ['SMEMBERS', 'str'], ['SRANDMEMBER', 'str'], ['SRANDMEMBER', 'str', '2'], ['SPOP', 'str'], ['SPOP', 'str', '2'],
      ['SINTER', 'nokey', 'str'], ['SINTER', 's', 'str'], ['SINTERCARD', '2', 'nokey', 'str'], ['SINTERSTORE', 'd', 'nokey', 'str'],
      ['SUNION', 's', 'str'], ['SUNIONSTORE', 'd', 'nokey', 'str'], ['SDIFF', 'nokey', 'str'], ['SDIFF', 's', 'str'], ['SDIFFSTORE', 'd', 's', 'str'],
      ['SSCAN', 'str', '0'], ['SSCAN', 'str', 'x'], ['SSCAN', 'str', '0', 'COUNT', '0'], ['EXISTS', 'd'],
      ['SUNIONSTORE', 'str', 's'], ['TYPE', 'str'], ['SET', 'str', 'v'], ['SINTERSTORE', 'str', 's', 'nokey'], ['EXISTS', 'str'],
    ],
  },
  {
    name: 'SINTER/SINTERSTORE/SINTERCARD',
    cmds: [
      ['SADD', 'a', '1', '2', '3', '4', 'x', 'y'], ['SADD', 'b', '2', '3', '4', '5', 'y'], ['SADD', 'c', '3', '4', '6', 'y', 'z'],
      ['SINTER', 'a', 'b', 'c'], ['SINTER', 'a', 'a'], ['SINTER', 'a'], ['SINTER', 'a', 'nokey'], ['SINTERCARD', '3', 'a', 'b', 'c'],
      ['SINTERCARD', '3', 'a', 'b', 'c', 'LIMIT', '0'], ['SINTERCARD', '3', 'a', 'b', 'c', 'LIMIT', '2'], ['SINTERCARD', '1', 'a', 'limit', '100'],
      ['SINTERCARD', '2', 'a', 'nokey'], ['SINTERCARD', '1', 'a', 'LIMIT', '1', 'LIMIT', '3'],
      ['SINTERSTORE', 'd', 'a', 'b', 'c'], enc('d'), ['SMEMBERS', 'd'], ['SINTERSTORE', 'd', 'a', 'b'], ['SINTERSTORE', 'e', '1', 'a'],
      ['SADD', 'ints1', '1', '2', '3'], ['SADD', 'ints2', '2', '3', 'q'], ['SINTERSTORE', 'f', 'ints1', 'ints2'], enc('f'), ['SMEMBERS', 'f'],
      ['SINTERSTORE', 'f', 'ints1', 'nokey'], ['EXISTS', 'f'], ['SINTERSTORE', 'f', 'ints1', 'nokey'], ['SADD', 'g', 'v'], ['EXPIRE', 'g', '100'],
      ['SINTERSTORE', 'g', 'a', 'b'], ['TTL', 'g'], ['SINTERSTORE', 'a', 'a', 'b'], ['SMEMBERS', 'a'],
    ],
  },
  {
    name: 'SINTERCARD argument errors',
    cmds: [
      ['SADD', 'a', '1'], ['SINTERCARD', '0', 'a'], ['SINTERCARD', '-1', 'a'], ['SINTERCARD', 'x', 'a'], ['SINTERCARD', '2', 'a'],
      ['SINTERCARD', '9223372036854775808', 'a'], ['SINTERCARD', '1', 'a', 'LIMIT'], ['SINTERCARD', '1', 'a', 'LIMIT', '-1'],
      ['SINTERCARD', '1', 'a', 'LIMIT', 'x'], ['SINTERCARD', '1', 'a', 'BOGUS', '1'], ['SINTERCARD', '1', 'a', 'LIMIT\0x', '1'],
      ['SINTERCARD', '1', 'a', 'LIMIT', '9223372036854775807'], ['SINTERCARD', '1', 'a', 'LIMIT', '9223372036854775808'], ['SINTERCARD', '1'],
    ],
  },
  {
    name: 'SUNION/SUNIONSTORE/SDIFF/SDIFFSTORE',
    cmds: [
      ['SADD', 'a', '1', '2', '3', 'x'], ['SADD', 'b', '3', '4', 'x', 'y'], ['SADD', 'c', '5', 'y'],
      ['SUNION', 'a', 'b', 'c'], ['SUNION', 'a', 'nokey'], ['SUNION', 'nokey'], ['SDIFF', 'a', 'b', 'c'], ['SDIFF', 'a', 'a'], ['SDIFF', 'a', 'nokey', 'a'],
      ['SDIFF', 'nokey', 'a'], ['SDIFF', 'a'], ['SDIFF', 'b', 'a', 'c'],
      ['SUNIONSTORE', 'u', 'a', 'b'], enc('u'), ['SMEMBERS', 'u'], ['SDIFFSTORE', 'd', 'a', 'b'], enc('d'), ['SMEMBERS', 'd'],
      ['SDIFFSTORE', 'd', 'a', 'a'], ['EXISTS', 'd'], ['SUNIONSTORE', 'u', 'nokey', 'nokey2'], ['EXISTS', 'u'], ['SDIFFSTORE', 'u', 'nokey', 'a'],
      ['SADD', 'h1', 'p', '10', '20'], ['SREM', 'h1', 'p'], enc('h1'), ['SUNIONSTORE', 'u2', 'h1'], enc('u2'), ['SDIFFSTORE', 'd2', 'h1', 'a'], enc('d2'),
      ['SUNIONSTORE', 'a', 'a', 'c'], ['SMEMBERS', 'a'], ['SADD', 't', '1'], ['EXPIRE', 't', '100'], ['SUNIONSTORE', 't', 'c'], ['TTL', 't'],
      ['SDIFFSTORE', 'c', 'c', 'b'], ['SMEMBERS', 'c'],
    ],
  },
  {
    name: 'SRANDMEMBER/SPOP: argument errors, missing keys, count 0, single-member sets',
    cmds: [
      ['SRANDMEMBER', 'nokey'], ['SRANDMEMBER', 'nokey', '5'], ['SRANDMEMBER', 'nokey', '-5'], ['SRANDMEMBER', 'nokey', '0'],
      ['SRANDMEMBER', 'nokey', 'x'], ['SRANDMEMBER', 'nokey', '-9223372036854775808'], ['SRANDMEMBER', 'nokey', '1', '2'],
      ['SPOP', 'nokey'], ['SPOP', 'nokey', '5'], ['SPOP', 'nokey', '0'], ['SPOP', 'nokey', '-1'], ['SPOP', 'nokey', 'x'], ['SPOP', 'nokey', '1', '2'],
      ['SPOP', 'nokey', '9223372036854775808'],
      ['SADD', 's', 'only'], ['SRANDMEMBER', 's'], ['SRANDMEMBER', 's', '1'], ['SRANDMEMBER', 's', '5'], ['SRANDMEMBER', 's', '-3'],
      ['SRANDMEMBER', 's', '0'], ['SRANDMEMBER', 's', '-9223372036854775808'], ['SRANDMEMBER', 's', '9223372036854775807'],
      ['SPOP', 's', '0'], ['SPOP', 's', '-1'], ['SPOP', 's'], ['EXISTS', 's'], ['SADD', 's', '7'], ['SPOP', 's', '1'], ['EXISTS', 's'],
      ['SADD', 's', 'x'], ['SPOP', 's', '9223372036854775807'], ['EXISTS', 's'], ['SADD', 's', '-3'], ['SPOP', 's', '3'], ['SPOP', 's', '3'],
    ],
  },
  {
    name: 'SSCAN: cursor and option errors (options parsed after the key), small sets in one call',
    cmds: [
      ['SSCAN', 'nokey', 'x'], ['SSCAN', 'nokey', '0'], ['SSCAN', 'nokey', '0', 'COUNT', '0'], ['SSCAN', 'nokey', '0', 'BOGUS'],
      ['SADD', 's', 'a', 'b', 'ab', 'c'], ['SSCAN', 's', '0', 'COUNT', '0'], ['SSCAN', 's', '0', 'COUNT', 'x'], ['SSCAN', 's', '0', 'MATCH'],
      // (A made-up non-zero cursor on a hashtable is not compared: Redis reads buckets from that
      // position, Sonic restarts the iteration - see src/keyspace/scan-cursor.ts.)
      ['SSCAN', 's', '0', 'TYPE', 'set'], ['SSCAN', 's', '18446744073709551616'], ['SSCAN', 's', '1.5'],
      ['SSCAN', 's', '0', 'COUNT', '1000'], ['SSCAN', 's', '0', 'MATCH', 'a*', 'COUNT', '1000'], ['SSCAN', 's', '0', 'match', '*', 'count', '100'],
      ['SADD', 'i', '10', '2', '33', '-4'], ['SSCAN', 'i', '0'], ['SSCAN', 'i', '999', 'MATCH', '*3*'], ['SSCAN', 'i', '0', 'COUNT', '1'], ['SSCAN', 'i', '-1'],
    ],
  },
  {
    name: 'binary members: all 256 byte values, integer look-alikes with NUL bytes',
    cmds: [
      ['SADD', 'b', ...ALL_BYTES], ['SCARD', 'b'], ['SMEMBERS', 'b'], ['SMISMEMBER', 'b', '\0', '\xff', '\r\n'], ['SREM', 'b', ...ALL_BYTES.slice(0, 128)],
      ['SCARD', 'b'], ['SADD', 'n', '1', '1\0', '\x001'], enc('n'), ['SCARD', 'n'], ['SISMEMBER', 'n', '1'], ['SMEMBERS', 'n'],
      ['SADD', ALL_BYTES.join(''), ALL_BYTES.join('')], ['SMEMBERS', ALL_BYTES.join('')], ['SRANDMEMBER', ALL_BYTES.join('')],
    ],
  },
  {
    name: 'COPY, TYPE, OBJECT ENCODING, DEL of sets; copies are independent',
    cmds: [
      ['SADD', 'i', '1', '2'], ['SADD', 'h', 'a', 'b'], ['COPY', 'i', 'i2'], ['COPY', 'h', 'h2'], enc('i2'), enc('h2'), ['SADD', 'i2', '3'],
      ['SREM', 'h2', 'a'], ['SMEMBERS', 'i'], ['SMEMBERS', 'h'], ['SMEMBERS', 'i2'], ['SMEMBERS', 'h2'], ['TYPE', 'h'], ['DEL', 'i', 'h'],
      ['EXISTS', 'i', 'h', 'i2', 'h2'], ['OBJECT', 'ENCODING', 'nokey'],
    ],
  },
];

/** Intset-encoded sets only: every reply is compared byte for byte, member order included. */
export const SET_EXACT_CASES: DiffCase[] = [
  {
    name: 'intset members are replied in ascending numeric order',
    cmds: [
      ['SADD', 's', ...[...INT_EDGES].reverse()], ['SMEMBERS', 's'], ['SSCAN', 's', '0'], ['SSCAN', 's', '0', 'MATCH', '-*'],
      ['SRANDMEMBER', 's', '100'], ['SRANDMEMBER', 's', String(INT_EDGES.length)], ['SINTER', 's'], ['SUNION', 's', 'nokey'], ['SDIFF', 's', 'nokey'],
      ['SADD', 't', '5', '-5', '0', '32768'], ['SUNION', 't', 's'], ['SDIFF', 's', 't'], ['SINTER', 't', 's'], ['SINTERCARD', '2', 's', 't'],
      ['SUNIONSTORE', 'u', 's', 't'], ['SMEMBERS', 'u'], ['OBJECT', 'ENCODING', 'u'], ['SDIFFSTORE', 'd', 't', 's'], ['SMEMBERS', 'd'],
      ['SREM', 's', '0', '-1', '9223372036854775807'], ['SMEMBERS', 's'], ['SPOP', 't', '10'], ['EXISTS', 't'],
    ],
  },
  {
    name: 'unions of hashtable sets holding only integers are intsets (sorted)',
    cmds: [
      ['SADD', 'h', 'x', '30', '10', '20'], ['SREM', 'h', 'x'], ['OBJECT', 'ENCODING', 'h'], ['SUNION', 'h'], ['SDIFF', 'h', 'nokey'],
      ['SUNIONSTORE', 'u', 'h'], ['OBJECT', 'ENCODING', 'u'], ['SMEMBERS', 'u'], ['SPOP', 'h', '3'], ['EXISTS', 'h'],
    ],
  },
];

/** A case with random replies (see the module comment). */
export interface RandomCase {
  readonly name: string;
  readonly cmds: readonly (readonly string[])[];
  /** Indexes of the commands whose replies are random. */
  readonly random: readonly number[];
  /** Every member the random replies may contain. */
  readonly universe: readonly string[];
  /** Random replies hold distinct members (positive counts, SPOP). */
  readonly distinct: boolean;
}

const INTS = range(50, String);
// No integers among the words: SPOP may rebuild the rest from random members, and a rest that
// happened to be all integers would be an intset on one server only.
const WORDS = [...range(20, (i) => 'w' + i), 'MARY', '-0', '+5'];
const BIG_INTS = range(600, (i) => String(i * 11));

/** Commands at the given positions are random (helper keeping indexes next to the commands). */
function randomCase(name: string, universe: string[], distinct: boolean, parts: [readonly string[], boolean][]): RandomCase {
  return { name, universe, distinct, cmds: parts.map((p) => p[0]), random: parts.flatMap((p, i) => (p[1] ? [i] : [])) };
}

export const SET_RANDOM_CASES: RandomCase[] = [
  ...[['intset', INTS], ['hashtable', WORDS]].flatMap(([label, members]) => {
    const m = members as string[];
    return [
      randomCase(`SRANDMEMBER every path - ${label}`, m, false, [
        [['SADD', 's', ...m], false], [['SRANDMEMBER', 's'], true], [['SRANDMEMBER', 's', '-5'], true], [['SRANDMEMBER', 's', '-100'], true],
        [['SRANDMEMBER', 's', '1'], true], [['SCARD', 's'], false],
      ]),
      randomCase(`SRANDMEMBER distinct paths - ${label}`, m, true, [
        [['SADD', 's', ...m], false], [['SRANDMEMBER', 's', '3'], true], [['SRANDMEMBER', 's', String(m.length - 2)], true],
        [['SRANDMEMBER', 's', String(m.length)], true], [['SRANDMEMBER', 's', '1000'], true], [['SCARD', 's'], false],
      ]),
      randomCase(`SPOP every path - ${label}`, m, true, [
        [['SADD', 's', ...m], false], [['SPOP', 's'], true], [['SCARD', 's'], false], [['SPOP', 's', '2'], true], [['SCARD', 's'], false],
        [['SPOP', 's', String(m.length - 5)], true], [['SCARD', 's'], false], [['OBJECT', 'ENCODING', 's'], false], [['SPOP', 's', '1'], true],
        [['SPOP', 's', '100'], true], [['EXISTS', 's'], false],
      ]),
    ];
  }),
  randomCase('SPOP rebuilding the rest re-encodes it (hashtable of integers back to intset)', BIG_INTS, true, [
    [['SADD', 's', ...BIG_INTS], false], [['OBJECT', 'ENCODING', 's'], false], [['SPOP', 's', '550'], true], [['SCARD', 's'], false],
    [['OBJECT', 'ENCODING', 's'], false], [['SPOP', 's', '10'], true], [['OBJECT', 'ENCODING', 's'], false], [['SCARD', 's'], false],
  ]),
];
