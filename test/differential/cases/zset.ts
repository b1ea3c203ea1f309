/**
 * Sorted-set cases (test/differential/zset.test.ts), one independent scenario each, as data:
 * option parsing and error texts, score parsing and formatting edges, every range form on both
 * encodings, set operations, pops, random members, ZSCAN, conversions, binary members, and a
 * long seeded random sequence. Sent in RESP2 and RESP3.
 */
import type { DiffCase } from '../../helpers/differential.js';

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
/** All 256 byte values in four members of 64 bytes (the longest a listpack member may be). */
const BYTES_LOW = ALL_BYTES.slice(0, 64);
const BYTES_HIGH = ALL_BYTES.slice(192);
/** A member longer than zset-max-listpack-value (64): its set is skiplist-encoded. */
const LONG = 'L'.repeat(65);

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function rng(seed: number): (n: number) => number {
  return (n) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
}

/** The two encodings: commands that build `key` from pairs, small (listpack) or forced skiplist. */
const ENCODINGS: [string, (key: string, pairs: string[]) => string[][]][] = [
  ['listpack', (key, pairs) => [['ZADD', key, ...pairs]]],
  ['skiplist', (key, pairs) => [['ZADD', key, '0', LONG, ...pairs], ['ZREM', key, LONG]]],
];

const SCORES = ['0', '-0', '1', '-1', '1.5', '0.1', '1e308', '-1e308', '1.7976931348623157e308', '4.9e-324', '1e-310', 'inf', '-inf', '+inf',
  'INF', 'Infinity', '-infinity', '0x10', '0x1.8p1', '0X1P-2', '1e17', '123456789012345678', '4611686018427387904', '9007199254740993',
  '0.1234567890123456789', '3.0000000000000004', '1e-5', '0.0001', '100000000000000000000', '2.5e-7', '.5', '5.', '+7', '007', '-.25'];
const BAD_SCORES = ['', ' 1', '1 ', 'nan', 'NaN', '-nan', 'abc', '1e400', '-1e400', '1e-400', '1e', '0x', '1.2.3', '--1', '1\0'];

function scoreCases(): DiffCase[] {
  return ENCODINGS.map(([enc, make]) => ({
    name: `scores parse and format like Redis (${enc})`,
    cmds: [
      ...make('z', ['0', 'seed']),
      ...SCORES.map((s, i) => ['ZADD', 'z', s, `m${i}`]),
      ...BAD_SCORES.map((s) => ['ZADD', 'z', s, 'bad']),
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ...SCORES.map((_, i) => ['ZSCORE', 'z', `m${i}`]),
      ['ZMSCORE', 'z', 'm0', 'm1', 'nosuch', 'm11', 'm12'],
      ['ZSCAN', 'z', '0', 'COUNT', '1000'],
      ['ZINCRBY', 'z', '0.1', 'm5'], ['ZINCRBY', 'z', '0.2', 'm5'], ['ZINCRBY', 'z', '-inf', 'm11'], ['ZINCRBY', 'z', 'inf', 'm12'],
      ['ZINCRBY', 'z', '1', 'm11'], ['ZINCRBY', 'z', 'x', 'm1'], ['ZINCRBY', 'z', '-0', 'newzero'], ['ZSCORE', 'z', 'newzero'],
      ['ZADD', 'z', 'INCR', '-0', 'm1'], ['ZSCORE', 'z', 'm1'], ['ZADD', 'z', '-0', 'negz'], ['ZSCORE', 'z', 'negz'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], ['OBJECT', 'ENCODING', 'z'],
    ],
  }));
}

function zaddCases(): DiffCase[] {
  return [{
    name: 'ZADD options, their conflicts and replies',
    cmds: [
      ['ZADD', 'z'], ['ZADD', 'z', '1'], ['ZADD', 'z', 'NX'], ['ZADD', 'z', 'NX', '1'], ['ZADD', 'z', '1', 'a', '2'],
      ['ZADD', 'z', 'NX', 'XX', '1', 'a'], ['ZADD', 'z', 'GT', 'LT', '1', 'a'], ['ZADD', 'z', 'GT', 'NX', '1', 'a'], ['ZADD', 'z', 'LT', 'NX', '1', 'a'],
      ['ZADD', 'z', 'INCR', '1', 'a', '2', 'b'], ['ZADD', 'z', 'x', 'a', '1', 'b'], ['EXISTS', 'z'],
      ['ZADD', 'z', 'XX', '1', 'a'], ['EXISTS', 'z'], ['ZADD', 'z', 'XX', 'INCR', '1', 'a'], ['EXISTS', 'z'],
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['ZADD', 'z', 'NX', '10', 'a', '4', 'd'], ['ZADD', 'z', 'XX', 'CH', '10', 'a', '5', 'e'],
      ['ZADD', 'z', 'GT', 'CH', '5', 'a', '20', 'b', '1', 'f'], ['ZADD', 'z', 'LT', 'CH', '50', 'a', '0', 'b'], ['ZADD', 'z', 'XX', 'GT', 'CH', '100', 'c', '1', 'd'],
      ['ZADD', 'z', 'ch', 'nx', '1', 'a', '9', 'new'], ['ZADD', 'z', 'CH', '1', 'a', '1', 'a'], ['ZADD', 'z', 'INCR', 'GT', '-1', 'a'],
      ['ZADD', 'z', 'INCR', 'LT', '-1', 'a'], ['ZADD', 'z', 'INCR', 'NX', '1', 'a'], ['ZADD', 'z', 'INCR', 'XX', '1', 'nosuch'],
      ['ZADD', 'z', 'INCR', 'inf', 'a'], ['ZADD', 'z', 'INCR', '-inf', 'a'], ['ZSCORE', 'z', 'a'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], ['ZCARD', 'z'], ['ZCARD', 'nokey'],
      ['ZINCRBY', 'nokey2', '5', 'm'], ['ZRANGE', 'nokey2', '0', '-1', 'WITHSCORES'], ['ZINCRBY', 'z', '1'],
      ['ZADD', 'z', 'nx\0', '1', 'a'], ['ZADD', 'z', 'Ch', 'Incr', '1', 'a'],
    ],
  }];
}

function readerCases(): DiffCase[] {
  return ENCODINGS.map(([enc, make]) => ({
    name: `ZSCORE/ZMSCORE/ZRANK/ZREVRANK/ZREM/ZCARD (${enc})`,
    cmds: [
      ...make('z', ['1', 'a', '2', 'b', '3', 'c', '3', 'cc', '-5', 'neg']),
      ['ZRANK', 'z', 'a'], ['ZRANK', 'z', 'neg'], ['ZRANK', 'z', 'cc'], ['ZREVRANK', 'z', 'cc'], ['ZREVRANK', 'z', 'neg'],
      ['ZRANK', 'z', 'nosuch'], ['ZREVRANK', 'z', 'nosuch'], ['ZRANK', 'nokey', 'a'], ['ZREVRANK', 'nokey', 'a'],
      ['ZSCORE', 'z', 'b'], ['ZSCORE', 'z', 'nosuch'], ['ZSCORE', 'nokey', 'a'], ['ZMSCORE', 'nokey', 'a', 'b'], ['ZMSCORE', 'z', 'a', 'x', 'c'],
      ['ZREM', 'z', 'a', 'a', 'nosuch'], ['ZREM', 'nokey', 'a'], ['ZCARD', 'z'], ['OBJECT', 'ENCODING', 'z'],
      ['ZREM', 'z', 'b', 'c', 'cc', 'neg', 'more'], ['EXISTS', 'z'], ['ZCARD', 'z'],
    ],
  }));
}

function rangeCases(): DiffCase[] {
  const out: DiffCase[] = [];
  for (const [enc, make] of ENCODINGS) {
    const pairs = ['-inf', 'ninf', '1', 'a', '1', 'b', '2', 'c', '2.5', 'd', '3', 'e', '3', 'f', '10', 'g', 'inf', 'pinf'];
    const rank: string[][] = [];
    for (const [s, e] of [['0', '-1'], ['0', '0'], ['-1', '-1'], ['2', '5'], ['-3', '-1'], ['5', '2'], ['-100', '100'], ['100', '200'], ['-1', '-100'],
      ['1', '-2'], ['9223372036854775807', '-9223372036854775808'], ['-9223372036854775808', '9223372036854775807'], ['x', '1'], ['1', '1.5']]) {
      rank.push(['ZRANGE', 'z', s, e], ['ZRANGE', 'z', s, e, 'WITHSCORES'], ['ZREVRANGE', 'z', s, e], ['ZREVRANGE', 'z', s, e, 'WITHSCORES'],
        ['ZRANGE', 'z', s, e, 'REV', 'WITHSCORES']);
    }
    const score: string[][] = [];
    for (const [a, b] of [['-inf', '+inf'], ['1', '3'], ['(1', '3'], ['1', '(3'], ['(1', '(3'], ['(1', '(1'], ['1', '1'], ['3', '1'], ['-inf', '-inf'],
      ['(-inf', '(inf'], ['inf', 'inf'], ['2', '2.5'], ['', ''], [' 1', ' 3'], ['(', '('], ['1e400', '-1e400'], ['-1e400', '1e400'], ['0x1', '0x3'],
      ['1\0zz', '3'], ['nan', '1'], ['1', '(nan'], ['x', '1'], ['1', '3x'], ['((1', '3']]) {
      score.push(['ZRANGEBYSCORE', 'z', a, b], ['ZRANGEBYSCORE', 'z', a, b, 'WITHSCORES'], ['ZREVRANGEBYSCORE', 'z', b, a, 'WITHSCORES'],
        ['ZRANGE', 'z', a, b, 'BYSCORE'], ['ZRANGE', 'z', b, a, 'BYSCORE', 'REV', 'WITHSCORES'], ['ZCOUNT', 'z', a, b]);
    }
    const limits: string[][] = [];
    for (const [o, n] of [['0', '2'], ['1', '2'], ['2', '-1'], ['-1', '2'], ['0', '0'], ['100', '1'], ['7', '5'], ['3', '100'], ['x', '1'], ['0', 'y']]) {
      limits.push(['ZRANGEBYSCORE', 'z', '-inf', '+inf', 'LIMIT', o, n], ['ZREVRANGEBYSCORE', 'z', '+inf', '-inf', 'WITHSCORES', 'LIMIT', o, n],
        ['ZRANGE', 'z', '(1', '10', 'BYSCORE', 'LIMIT', o, n, 'WITHSCORES'], ['ZRANGE', 'z', '10', '(1', 'BYSCORE', 'REV', 'LIMIT', o, n]);
    }
    out.push({ name: `ranges by rank (${enc})`, cmds: [...make('z', pairs), ...rank, ['ZRANGE', 'nokey', '0', '-1'], ['ZREVRANGE', 'nokey', '0', '-1', 'WITHSCORES']] });
    out.push({ name: `ranges by score and ZCOUNT (${enc})`, cmds: [...make('z', pairs), ...score, ['ZCOUNT', 'nokey', '0', '1'], ['ZRANGEBYSCORE', 'nokey', '0', '1']] });
    out.push({ name: `LIMIT and option errors (${enc})`, cmds: [
      ...make('z', pairs), ...limits,
      ['ZRANGE', 'z', '0', '-1', 'LIMIT', '0', '1'], ['ZRANGE', 'z', '-', '+', 'BYLEX', 'WITHSCORES'], ['ZRANGE', 'z', '0', '1', 'BYSCORE', 'BYLEX'],
      ['ZRANGE', 'z', '0', '1', 'REV', 'REV'], ['ZRANGE', 'z', '0', '1', 'LIMIT', '1'], ['ZRANGE', 'z', '0', '1', 'bogus'],
      ['ZREVRANGE', 'z', '0', '1', 'REV'], ['ZRANGEBYSCORE', 'z', '0', '1', 'BYSCORE'], ['ZRANGEBYSCORE', 'z', '0', '1', 'REV'],
      ['ZREVRANGE', 'z', '0', '1', 'LIMIT', '0', '1'], ['ZRANGEBYSCORE', 'z', '0', '1', 'LIMIT', '0'], ['ZRANGEBYSCORE', 'z', '0', '1', 'WITHSCORES', 'WITHSCORES'],
      ['ZRANGE', 'z', '0', '1', 'WITHSCORES', 'LIMIT', 'x', '1'], ['ZRANGE', 'z', 'x', '1', 'BYSCORE', 'LIMIT', 'x', '1'],
      ['ZRANGE', 'z', '0', '-1', 'withscores', 'rev'], ['ZRANGE', 'z', '(1', '+inf', 'byscore', 'limit', '1', '1', 'limit', '0', '2'],
    ] });
    const words = ['0', 'a', '0', 'b', '0', 'c', '0', 'd', '0', 'e', '0', 'ee', '0', 'f', '0', BYTES_LOW, '0', BYTES_HIGH, '0', ALL_BYTES.slice(64, 128),
      '0', ALL_BYTES.slice(128, 192), '0', '\xff', '0', ''];
    const lex: string[][] = [];
    for (const [a, b] of [['-', '+'], ['[a', '[c'], ['(a', '(c'], ['[b', '+'], ['-', '(e'], ['[e', '[e'], ['(e', '[e'], ['[', '+'], ['(', '+'],
      ['+', '-'], ['-', '-'], ['+', '+'], ['[\xff', '+'], ['[c', '[a'], ['a', '[b'], ['[a', 'b'], ['+x', '+'], ['-\0', '+'], ['[' + BYTES_LOW, '+'], ['(' + BYTES_HIGH, '+'], ['-', '(' + BYTES_HIGH]]) {
      lex.push(['ZRANGEBYLEX', 'z', a, b], ['ZREVRANGEBYLEX', 'z', b, a], ['ZRANGE', 'z', a, b, 'BYLEX'], ['ZRANGE', 'z', b, a, 'BYLEX', 'REV'],
        ['ZLEXCOUNT', 'z', a, b]);
    }
    for (const [o, n] of [['0', '2'], ['2', '3'], ['-1', '1'], ['1', '-1'], ['20', '1']]) {
      lex.push(['ZRANGEBYLEX', 'z', '-', '+', 'LIMIT', o, n], ['ZREVRANGEBYLEX', 'z', '+', '-', 'LIMIT', o, n], ['ZRANGE', 'z', '[b', '(f', 'BYLEX', 'LIMIT', o, n]);
    }
    out.push({ name: `lex ranges and ZLEXCOUNT (${enc})`, cmds: [...make('z', words), ...lex, ['ZLEXCOUNT', 'nokey', '-', '+'], ['ZRANGEBYLEX', 'nokey', '-', '+']] });
  }
  return out;
}

function storeCases(): DiffCase[] {
  return [{
    name: 'ZRANGESTORE and the encodings of stored results',
    cmds: [
      ['ZADD', 'src', '1', 'a', '2', 'b', '3', 'c', '4', 'd'],
      ['ZRANGESTORE', 'dst', 'src', '0', '-1'], ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'], ['OBJECT', 'ENCODING', 'dst'],
      ['ZRANGESTORE', 'dst', 'src', '1', '2', 'REV'], ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['ZRANGESTORE', 'dst', 'src', '(1', '+inf', 'BYSCORE', 'LIMIT', '1', '5'], ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['ZRANGESTORE', 'dst', 'src', '[d', '-', 'BYLEX', 'REV', 'LIMIT', '0', '2'], ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['ZRANGESTORE', 'dst', 'src', '0', '-1', 'WITHSCORES'], ['ZRANGESTORE', 'dst', 'src', '5', '10'], ['EXISTS', 'dst'],
      ['SET', 'str', 'x'], ['ZRANGESTORE', 'str', 'src', '0', '0'], ['TYPE', 'str'], ['ZRANGESTORE', 'dst', 'str', '0', '0'],
      ['ZRANGESTORE', 'dst', 'nokey', '0', '-1'], ['SET', 'dst', 'x'], ['EXPIRE', 'dst', '100'], ['ZRANGESTORE', 'dst', 'src', '0', '0'], ['TTL', 'dst'],
      ['ZADD', 'big', '0', LONG, '1', 'x'], ['ZRANGESTORE', 'dst', 'big', '0', '-1'], ['OBJECT', 'ENCODING', 'dst'],
      ['ZRANGESTORE', 'dst', 'big', '1', '1'], ['OBJECT', 'ENCODING', 'dst'], ['ZRANGESTORE', 'dst', 'big', '-inf', 'inf', 'BYSCORE'], ['OBJECT', 'ENCODING', 'dst'],
      ['ZUNIONSTORE', 'u', '1', 'big'], ['OBJECT', 'ENCODING', 'u'], ['ZREM', 'big', LONG], ['OBJECT', 'ENCODING', 'big'],
      ['ZUNIONSTORE', 'u', '1', 'big'], ['OBJECT', 'ENCODING', 'u'], ['ZDIFFSTORE', 'u', '1', 'big'], ['OBJECT', 'ENCODING', 'u'],
      ['ZINTERSTORE', 'u', '2', 'big', 'big'], ['OBJECT', 'ENCODING', 'u'],
    ],
  }];
}

function setopCases(): DiffCase[] {
  const setup = [
    ['ZADD', 'z1', '1', 'a', '2', 'b', '3', 'c', 'inf', 'i', '-inf', 'n'],
    ['ZADD', 'z2', '10', 'b', '20', 'c', '30', 'd', '-inf', 'i', 'inf', 'n'],
    ['ZADD', 'z3', '0', LONG, '5', 'c', '6', 'e', '7', 'b'],
  ];
  const cmds: string[][] = [...setup];
  for (const cmd of ['ZUNION', 'ZINTER']) {
    for (const opts of [[], ['WITHSCORES'], ['WEIGHTS', '2', '3', 'WITHSCORES'], ['AGGREGATE', 'MIN', 'WITHSCORES'], ['AGGREGATE', 'max', 'WITHSCORES'],
      ['WEIGHTS', '0', '0', 'WITHSCORES'], ['WEIGHTS', 'inf', '-1', 'WITHSCORES'], ['WEIGHTS', '1', 'nan'], ['WEIGHTS', '1'], ['WEIGHTS', '1', 'x'],
      ['AGGREGATE', 'avg'], ['AGGREGATE'], ['WITHSCORES', 'WITHSCORES'], ['bogus'], ['LIMIT', '1']]) {
      cmds.push([cmd, '2', 'z1', 'z2', ...opts], [cmd, '2', 'z2', 'z1', ...opts]);
    }
    cmds.push([cmd, '3', 'z1', 'z2', 'z3', 'WITHSCORES'], [cmd, '2', 'z1', 'z1', 'WITHSCORES'], [cmd, '2', 'z1', 'nokey', 'WITHSCORES'],
      [cmd, '0', 'z1'], [cmd, '-1', 'z1'], [cmd, '3', 'z1', 'z2'], [cmd, 'x', 'z1'], [cmd, '1', 'z3', 'WITHSCORES']);
  }
  for (const opts of [[], ['WITHSCORES'], ['WEIGHTS', '1', '1'], ['AGGREGATE', 'SUM']]) cmds.push(['ZDIFF', '2', 'z1', 'z2', ...opts]);
  cmds.push(['ZDIFF', '1', 'z1', 'WITHSCORES'], ['ZDIFF', '2', 'z1', 'z1'], ['ZDIFF', '2', 'nokey', 'z1'], ['ZDIFF', '3', 'z3', 'z1', 'z2', 'WITHSCORES'],
    ['ZDIFF', '0', 'z1'], ['ZDIFF', '2', 'z1']);
  for (const cmd of ['ZUNIONSTORE', 'ZINTERSTORE', 'ZDIFFSTORE']) {
    cmds.push([cmd, 'out', '2', 'z1', 'z2'], ['ZRANGE', 'out', '0', '-1', 'WITHSCORES'], ['OBJECT', 'ENCODING', 'out'],
      [cmd, 'out', '2', 'z1', 'z2', 'WITHSCORES'], [cmd, 'out', '1', 'nokey'], ['EXISTS', 'out'], [cmd, 'out', '0', 'z1'],
      [cmd, 'out', '3', 'z1', 'z2', 'z3'], ['ZRANGE', 'out', '0', '-1', 'WITHSCORES'], ['OBJECT', 'ENCODING', 'out'], [cmd, 'z1', '2', 'z1', 'z2'],
      ['ZRANGE', 'z1', '0', '-1', 'WITHSCORES'], ...setup);
  }
  cmds.push(['ZUNIONSTORE', 'out', '2', 'z1', 'z2', 'WEIGHTS', '2', '0.5', 'AGGREGATE', 'MAX'], ['ZRANGE', 'out', '0', '-1', 'WITHSCORES']);
  cmds.push(['ZINTERCARD', '2', 'z1', 'z2'], ['ZINTERCARD', '2', 'z1', 'z2', 'LIMIT', '1'], ['ZINTERCARD', '2', 'z1', 'z2', 'LIMIT', '0'],
    ['ZINTERCARD', '2', 'z1', 'z2', 'LIMIT', '-1'], ['ZINTERCARD', '2', 'z1', 'z2', 'LIMIT', 'x'], ['ZINTERCARD', '1', 'nokey'],
    ['ZINTERCARD', '0', 'z1'], ['ZINTERCARD', '2', 'z1'], ['ZINTERCARD', '2', 'z1', 'z2', 'WITHSCORES'], ['ZINTERCARD', '2', 'z1', 'z2', 'LIMIT'],
    ['ZINTERCARD', '3', 'z1', 'z2', 'z3']);
  cmds.push(['SET', 'str', 'x'], ['ZUNION', '2', 'z1', 'str'], ['ZUNION', '2', 'z1', 'str', 'bogus'], ['ZINTERSTORE', 'out', '2', 'str', 'z1'],
    ['ZINTERCARD', '1', 'str'], ['ZDIFF', '2', 'str', 'z1']);
  const withSets: string[][] = [
    ['ZADD', 'z', '1', 'a', '2', '10', '3', 'c', '-1', '7'], ['SADD', 'ints', '10', '7', '100'], ['SADD', 'strs', 'a', 'c', 'zz', '10'],
  ];
  for (const cmd of ['ZUNION', 'ZINTER']) {
    for (const opts of [['WITHSCORES'], ['WEIGHTS', '2', '3', 'WITHSCORES'], ['AGGREGATE', 'MIN', 'WITHSCORES'], ['WEIGHTS', 'inf', '0', 'WITHSCORES']]) {
      withSets.push([cmd, '2', 'z', 'ints', ...opts], [cmd, '2', 'strs', 'z', ...opts]);
    }
    withSets.push([cmd, '3', 'ints', 'strs', 'z', 'WITHSCORES'], [cmd, '2', 'ints', 'strs', 'WITHSCORES']);
  }
  withSets.push(['ZDIFF', '2', 'strs', 'z', 'WITHSCORES'], ['ZDIFF', '2', 'z', 'ints', 'WITHSCORES'], ['ZDIFF', '1', 'ints'],
    ['ZINTERCARD', '2', 'strs', 'z'], ['ZUNIONSTORE', 'out', '2', 'ints', 'strs'], ['ZRANGE', 'out', '0', '-1', 'WITHSCORES'],
    ['OBJECT', 'ENCODING', 'out'], ['ZINTERSTORE', 'out', '2', 'ints', 'z', 'WEIGHTS', '5', '1'], ['ZRANGE', 'out', '0', '-1', 'WITHSCORES'],
    ['ZDIFFSTORE', 'out', '2', 'strs', 'ints'], ['ZRANGE', 'out', '0', '-1', 'WITHSCORES'], ['TYPE', 'out']);
  return [{ name: 'ZUNION/ZINTER/ZDIFF, *STORE and ZINTERCARD', cmds }, { name: 'plain sets as inputs (members score 1)', cmds: withSets }];
}

function removeCases(): DiffCase[] {
  return ENCODINGS.map(([enc, make]) => {
    const pairs = ['1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e', '6', 'f'];
    const cmds: string[][] = [];
    for (const [s, e] of [['0', '0'], ['-1', '-1'], ['1', '-2'], ['3', '1'], ['10', '20'], ['-100', '0'], ['x', '1']]) {
      cmds.push(...make('z', pairs), ['ZREMRANGEBYRANK', 'z', s, e], ['ZRANGE', 'z', '0', '-1']);
    }
    for (const [a, b] of [['2', '4'], ['(2', '(4'], ['-inf', '+inf'], ['3', '1'], ['x', '1'], ['(5', 'inf']]) {
      cmds.push(...make('z', pairs), ['ZREMRANGEBYSCORE', 'z', a, b], ['ZRANGE', 'z', '0', '-1']);
    }
    const lexPairs = ['0', 'a', '0', 'b', '0', 'c', '0', 'd'];
    for (const [a, b] of [['[b', '[c'], ['(a', '(d'], ['-', '+'], ['[c', '[a'], ['a', 'b'], ['+', '-']]) {
      cmds.push(...make('l', lexPairs), ['ZREMRANGEBYLEX', 'l', a, b], ['ZRANGE', 'l', '0', '-1']);
    }
    cmds.push(['ZREMRANGEBYRANK', 'nokey', '0', '-1'], ['ZREMRANGEBYSCORE', 'nokey', '-inf', 'inf'], ['ZREMRANGEBYLEX', 'nokey', '-', '+'],
      ['ZREMRANGEBYRANK', 'z', '0', '-1'], ['EXISTS', 'z'], ['ZREMRANGEBYLEX', 'l', '-', '+'], ['EXISTS', 'l']);
    return { name: `ZREMRANGEBYRANK/BYSCORE/BYLEX (${enc})`, cmds };
  });
}

function popCases(): DiffCase[] {
  return ENCODINGS.map(([enc, make]) => ({
    name: `ZPOPMIN/ZPOPMAX/ZMPOP (${enc})`,
    cmds: [
      ...make('z', ['1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e', '-inf', 'n', 'inf', 'p']),
      ['ZPOPMIN', 'z'], ['ZPOPMAX', 'z'], ['ZPOPMIN', 'z', '2'], ['ZPOPMAX', 'z', '1'], ['ZPOPMIN', 'z', '0'], ['ZPOPMIN', 'z', '-1'],
      ['ZPOPMIN', 'z', 'x'], ['ZPOPMIN', 'z', '1', '2'], ['ZPOPMIN', 'nokey'], ['ZPOPMIN', 'nokey', '3'], ['ZPOPMAX', 'z', '100'], ['EXISTS', 'z'],
      ...make('z', ['1', 'a', '2', 'b', '3', 'c']),
      ['ZMPOP', '1', 'z', 'MIN'], ['ZMPOP', '2', 'nokey', 'z', 'max', 'COUNT', '10'], ['EXISTS', 'z'], ['ZMPOP', '1', 'z', 'MIN'],
      ['ZMPOP', '0', 'z', 'MIN'], ['ZMPOP', '-1', 'z', 'MIN'], ['ZMPOP', 'x', 'z', 'MIN'], ['ZMPOP', '1', 'z'], ['ZMPOP', '2', 'z', 'MIN'],
      ['ZMPOP', '1', 'z', 'middle'], ['ZMPOP', '1', 'z', 'MIN', 'COUNT'], ['ZMPOP', '1', 'z', 'MIN', 'COUNT', '0'], ['ZMPOP', '1', 'z', 'MIN', 'COUNT', 'x'],
      ['ZMPOP', '1', 'z', 'MIN', 'COUNT', '1', 'COUNT', '2'], ['ZMPOP', '1', 'z', 'MIN', 'bogus'],
      ['SET', 'str', 'x'], ['ZMPOP', '2', 'str', 'z', 'MIN'], ['ZMPOP', '2', 'nokey', 'str', 'MIN'], ['ZPOPMIN', 'str'], ['ZPOPMAX', 'str', '0'],
      ...make('z2', ['1', 'a']), ['ZMPOP', '3', 'nokey', 'z2', 'str', 'MAX'],
    ],
  }));
}

function randomMemberCases(): DiffCase[] {
  return ENCODINGS.map(([enc, make]) => ({
    name: `ZRANDMEMBER deterministic forms and errors (${enc})`,
    cmds: [
      ...make('one', ['1.5', 'only']),
      ['ZRANDMEMBER', 'one'], ['ZRANDMEMBER', 'one', '1'], ['ZRANDMEMBER', 'one', '-3'], ['ZRANDMEMBER', 'one', '-3', 'WITHSCORES'],
      ['ZRANDMEMBER', 'one', '5', 'WITHSCORES'], ['ZRANDMEMBER', 'one', '0'], ['ZRANDMEMBER', 'one', '0', 'WITHSCORES'],
      ...make('z', ['1', 'a', '2', 'b', '3', 'c', 'inf', 'd']),
      ['ZRANDMEMBER', 'z', '4'], ['ZRANDMEMBER', 'z', '100', 'WITHSCORES'], ['ZRANDMEMBER', 'z', 'x'], ['ZRANDMEMBER', 'z', '1', 'bogus'],
      ['ZRANDMEMBER', 'z', '1', 'WITHSCORES', 'x'], ['ZRANDMEMBER', 'z', '-9223372036854775808'], ['ZRANDMEMBER', 'z', '9223372036854775807', 'WITHSCORES'],
      ['ZRANDMEMBER', 'z', '-9223372036854775807', 'WITHSCORES'], ['ZRANDMEMBER', 'z', '4611686018427387904', 'WITHSCORES'],
      ['ZRANDMEMBER', 'nokey'], ['ZRANDMEMBER', 'nokey', '5'], ['ZRANDMEMBER', 'nokey', '-5', 'WITHSCORES'], ['ZRANDMEMBER', 'nokey', 'x'],
    ],
  }));
}

function scanCases(): DiffCase[] {
  return ENCODINGS.map(([enc, make]) => ({
    name: `ZSCAN (${enc})`,
    cmds: [
      ...make('z', ['1', 'a', '2.5', 'b', '1e17', 'c', '-0', 'd', 'inf', 'e', '0.1', 'f', '4611686018427387904', 'g', '-4611686018427387904', 'h',
        '1e-310', BYTES_LOW, '-1e-5', BYTES_HIGH, '123456789012345678', 'i']),
      ['ZSCAN', 'z', '0', 'COUNT', '100'], ['ZSCAN', 'z', '0', 'MATCH', '[a-c]', 'COUNT', '100'], ['ZSCAN', 'z', '0', 'COUNT', '0'],
      ['ZSCAN', 'z', '0', 'COUNT', 'x'], ['ZSCAN', 'z', '0', 'TYPE', 'zset'], ['ZSCAN', 'z', '0', 'MATCH'], ['ZSCAN', 'z', 'x'],
      // A listpack replies everything whatever the cursor; a hash table's cursor means a bucket
      // in Redis, while Sonic restarts on a cursor it did not hand out (keyspace/scan-cursor.ts).
      ...(enc === 'listpack' ? [['ZSCAN', 'z', '-1'], ['ZSCAN', 'z', '12345', 'MATCH', '*']] : []),
      ['OBJECT', 'ENCODING', 'z'],
      ['ZSCAN', 'nokey', '0'], ['ZSCAN', 'nokey', '0', 'COUNT', '0'], ['ZSCAN', 'nokey', 'x'],
    ],
  }));
}

function conversionCases(): DiffCase[] {
  const many: string[] = [];
  for (let i = 0; i < 129; i++) many.push(String(i), `m${i}`);
  return [{
    name: 'listpack -> skiplist conversions, never back',
    cmds: [
      ['ZADD', 'z', ...many.slice(0, 256)], ['OBJECT', 'ENCODING', 'z'], ['ZADD', 'z', ...many.slice(256)], ['OBJECT', 'ENCODING', 'z'],
      ['ZREMRANGEBYRANK', 'z', '0', '-3'], ['OBJECT', 'ENCODING', 'z'], ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['ZADD', 'v', '1', 'x'.repeat(64)], ['OBJECT', 'ENCODING', 'v'], ['ZADD', 'v', '1', 'y'.repeat(65)], ['OBJECT', 'ENCODING', 'v'],
      ['ZREM', 'v', 'y'.repeat(65)], ['OBJECT', 'ENCODING', 'v'], ['ZADD', 'w', '1', 'y'.repeat(65)], ['OBJECT', 'ENCODING', 'w'],
      ['ZINCRBY', 'q', '1', 'y'.repeat(65)], ['OBJECT', 'ENCODING', 'q'], ['ZADD', 'r', 'XX', '1', 'y'.repeat(65)], ['EXISTS', 'r'],
      ['ZADD', 'bin', '0', ALL_BYTES, '0', '\x00', '0', '\xff\xfe', '0', 'A', '1', '\x80'], ['ZRANGE', 'bin', '0', '-1', 'WITHSCORES'],
      ['ZRANGEBYLEX', 'bin', '[\x7f', '+'], ['ZRANK', 'bin', ALL_BYTES], ['ZSCORE', 'bin', '\x80'], ['COPY', 'z', 'zc'], ['OBJECT', 'ENCODING', 'zc'],
      ['ZRANGE', 'zc', '0', '-1'], ['COPY', 'bin', 'binc'], ['ZRANGE', 'binc', '0', '-1'], ['TYPE', 'zc'],
      ['CONFIG', 'SET', 'zset-max-listpack-entries', '0'], ['ZADD', 'e0', '1', 'a'], ['OBJECT', 'ENCODING', 'e0'],
      ['ZUNIONSTORE', 'u0', '1', 'bin'], ['OBJECT', 'ENCODING', 'u0'], ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'],
      ['CONFIG', 'SET', 'zset-max-listpack-value', '0'], ['ZADD', 'e1', '1', 'a'], ['OBJECT', 'ENCODING', 'e1'], ['ZADD', 'e2', '1', ''],
      ['OBJECT', 'ENCODING', 'e2'], ['ZADD', 'e2', '1', 'b'], ['OBJECT', 'ENCODING', 'e2'], ['CONFIG', 'SET', 'zset-max-listpack-value', '64'],
    ],
  }];
}

function wrongTypeCases(): DiffCase[] {
  const probes: string[][] = [
    ['ZADD', 'w', '1', 'a'], ['ZINCRBY', 'w', '1', 'a'], ['ZREM', 'w', 'a'], ['ZCARD', 'w'], ['ZCOUNT', 'w', '0', '1'], ['ZCOUNT', 'w', 'x', '1'],
    ['ZSCORE', 'w', 'a'], ['ZMSCORE', 'w', 'a'], ['ZRANK', 'w', 'a'], ['ZREVRANK', 'w', 'a'], ['ZRANGE', 'w', '0', '1'], ['ZRANGE', 'w', 'x', '1'],
    ['ZRANGESTORE', 'd', 'w', '0', '1'], ['ZREVRANGE', 'w', '0', '1'], ['ZRANGEBYSCORE', 'w', '0', '1'], ['ZREVRANGEBYSCORE', 'w', '1', '0'],
    ['ZRANGEBYLEX', 'w', '-', '+'], ['ZREVRANGEBYLEX', 'w', '+', '-'], ['ZLEXCOUNT', 'w', '-', '+'], ['ZLEXCOUNT', 'w', 'x', '+'],
    ['ZREMRANGEBYRANK', 'w', '0', '1'], ['ZREMRANGEBYSCORE', 'w', '0', '1'], ['ZREMRANGEBYLEX', 'w', '-', '+'], ['ZUNION', '1', 'w'],
    ['ZINTER', '1', 'w'], ['ZDIFF', '1', 'w'], ['ZUNIONSTORE', 'd', '1', 'w'], ['ZINTERSTORE', 'd', '1', 'w'], ['ZDIFFSTORE', 'd', '1', 'w'],
    ['ZINTERCARD', '1', 'w'], ['ZRANDMEMBER', 'w'], ['ZRANDMEMBER', 'w', '1'], ['ZRANDMEMBER', 'w', 'x'], ['ZMPOP', '1', 'w', 'MIN'],
    ['ZPOPMIN', 'w'], ['ZPOPMAX', 'w', '2'], ['ZSCAN', 'w', '0'], ['ZSCAN', 'w', 'x'], ['GET', 'w'],
  ];
  return [{ name: 'sorted-set commands on a string key', cmds: [['SET', 'w', 'v'], ...probes] }];
}

/** A long seeded sequence of mixed writes and reads on a few keys of both encodings. */
function randomSequence(): DiffCase {
  const rnd = rng(7);
  const cmds: string[][] = [];
  const member = () => (rnd(10) === 0 ? 'M'.repeat(60 + rnd(10)) : 'm' + rnd(40));
  const score = () => ['0', '1', '-1', '2.5', '1e10', 'inf', '-inf', '0.1', String(rnd(1000) - 500), '3.3333333333333335'][rnd(10)];
  const bound = () => ['-inf', '+inf', '(0', '1', '(2.5', String(rnd(600) - 300), '(' + String(rnd(600) - 300)][rnd(7)];
  for (let i = 0; i < 1500; i++) {
    const key = 'k' + rnd(4);
    const op = rnd(16);
    if (op < 5) cmds.push(['ZADD', key, ...(rnd(4) === 0 ? ['CH'] : []), score(), member(), score(), member()]);
    else if (op === 5) cmds.push(['ZINCRBY', key, score(), member()]);
    else if (op === 6) cmds.push(['ZREM', key, member(), member()]);
    else if (op === 7) cmds.push(['ZRANGE', key, String(rnd(20) - 10), String(rnd(20) - 10), 'WITHSCORES']);
    else if (op === 8) cmds.push(['ZRANGEBYSCORE', key, bound(), bound(), 'WITHSCORES', 'LIMIT', String(rnd(3)), String(rnd(5) - 1)]);
    else if (op === 9) cmds.push(['ZREVRANGEBYSCORE', key, bound(), bound()]);
    else if (op === 10) cmds.push(['ZRANK', key, member()], ['ZREVRANK', key, member()], ['ZSCORE', key, member()]);
    else if (op === 11) cmds.push(['ZCOUNT', key, bound(), bound()], ['ZCARD', key]);
    else if (op === 12) cmds.push([['ZPOPMIN', 'ZPOPMAX'][rnd(2)], key, String(rnd(3))]);
    else if (op === 13) cmds.push(['ZREMRANGEBYSCORE', key, bound(), bound()]);
    else if (op === 14) cmds.push(['ZUNIONSTORE', 'k' + rnd(4), '2', key, 'k' + rnd(4), 'WEIGHTS', '1', score() === 'inf' ? '2' : '-1']);
    else cmds.push(['ZREMRANGEBYRANK', key, String(rnd(6)), String(rnd(6))], ['OBJECT', 'ENCODING', key]);
  }
  for (let k = 0; k < 4; k++) cmds.push(['ZRANGE', 'k' + k, '0', '-1', 'WITHSCORES']);
  return { name: 'seeded random sequence on both encodings', cmds };
}

export const ZSET_CASES: DiffCase[] = [
  ...zaddCases(), ...scoreCases(), ...readerCases(), ...rangeCases(), ...storeCases(), ...setopCases(), ...removeCases(), ...popCases(),
  ...randomMemberCases(), ...scanCases(), ...conversionCases(), ...wrongTypeCases(), randomSequence(),
];
