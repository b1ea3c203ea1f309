/**
 * Hand-written string cases (test/differential/string-edges.test.ts), one small independent
 * scenario each, as data. The long seeded sequence of ./string.ts covers value edges in bulk;
 * these pin down option parsing, error precedence, encodings and wrong-type handling by name.
 */
import type { DiffCase } from '../../helpers/differential.js';

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

/** Every string command against a key of each non-string type (needs LPUSH/SADD/HSET/ZADD). */
function wrongTypeCases(): DiffCase[] {
  const makers: Record<string, string[]> = {
    list: ['LPUSH', 'w', 'a'],
    set: ['SADD', 'w', 'a'],
    hash: ['HSET', 'w', 'f', 'v'],
    zset: ['ZADD', 'w', '1', 'a'],
  };
  const probes: string[][] = [
    ['GET', 'w'], ['GETEX', 'w'], ['GETEX', 'w', 'PERSIST'], ['GETDEL', 'w'], ['GETSET', 'w', 'x'], ['APPEND', 'w', 'x'],
    ['SETRANGE', 'w', '0', 'x'], ['SETRANGE', 'w', '-1', 'x'], ['GETRANGE', 'w', '0', '1'], ['SUBSTR', 'w', '0', '1'],
    ['STRLEN', 'w'], ['INCR', 'w'], ['INCRBY', 'w', '1'], ['INCRBY', 'w', 'x'], ['DECR', 'w'], ['DECRBY', 'w', '1'],
    ['INCRBYFLOAT', 'w', '1'], ['INCRBYFLOAT', 'w', 'x'], ['SET', 'w', 'v', 'GET'], ['SET', 'w', 'v', 'NX', 'GET'],
    ['MGET', 'w', 'nokey'], ['SETNX', 'w', 'v'], ['MSETNX', 'w', 'v', 'other', 'v'], ['LCS', 'w', 'nokey'],
    ['LCS', 'nokey', 'w'], ['TYPE', 'w'], ['OBJECT', 'ENCODING', 'w'],
    // Last: plain SET replaces a value of any type.
    ['SET', 'w', 'v'], ['TYPE', 'w'], ['GET', 'w'],
  ];
  return Object.entries(makers).map(([type, make]) => ({ name: `string commands on a ${type} key`, cmds: [make, ...probes.map((p) => [...p])] }));
}

export const STRING_EDGE_CASES: DiffCase[] = [
  {
    name: 'SET option errors and their precedence',
    cmds: [
      ['SET', 'k', 'v', 'NX', 'XX'], ['SET', 'k', 'v', 'XX', 'NX'], ['SET', 'k', 'v', 'EX', '1', 'PX', '1'], ['SET', 'k', 'v', 'PX', '1', 'EX', '1'],
      ['SET', 'k', 'v', 'EXAT', '1', 'PXAT', '1'], ['SET', 'k', 'v', 'KEEPTTL', 'PXAT', '1'], ['SET', 'k', 'v', 'PX'], ['SET', 'k', 'v', 'EX', ''],
      ['SET', 'k', 'v', 'EX', '1.5'], ['SET', 'k', 'v', 'EX', '+1'], ['SET', 'k', 'v', 'EX', ' 1'], ['SET', 'k', 'v', 'PX', '0'],
      ['SET', 'k', 'v', 'PX', '-1'], ['SET', 'k', 'v', 'PXAT', '0'], ['SET', 'k', 'v', 'EXAT', '-1'], ['SET', 'k', 'v', 'EX', '0', 'NX', 'XX'],
      ['SET', 'k', 'v', 'NX', 'XX', 'EX', '0'], ['SET', 'k', 'v', 'EX', 'x', 'EX', '1'], ['SET', 'k', 'v', 'bogus'], ['SET', 'k', 'v', 'EX', '1', 'bogus'],
      ['SET', 'k', 'v', 'GET', 'GET'], ['SET', 'k', 'v', 'persist'], ['EXISTS', 'k'],
    ],
  },
  {
    name: 'SET NX/XX/GET/KEEPTTL semantics',
    cmds: [
      ['SET', 'k', 'v1', 'XX'], ['SET', 'k', 'v1', 'XX', 'GET'], ['SET', 'k', 'v1', 'NX', 'GET'], ['SET', 'k', 'v2', 'NX', 'GET'],
      ['SET', 'k', 'v3', 'XX', 'GET'], ['GET', 'k'], ['SET', 'k', 'v4', 'GET', 'EX', '100'], ['TTL', 'k'], ['SET', 'k', 'v5', 'KEEPTTL'], ['TTL', 'k'],
      ['SET', 'k', 'v6', 'KEEPTTL', 'GET'], ['TTL', 'k'], ['SET', 'k', 'v7'], ['TTL', 'k'], ['SET', 'k', '', 'EXAT', '99999999999'], ['EXPIRETIME', 'k'],
      ['SET', 'k', 'x', 'PXAT', '99999999999999'], ['PEXPIRETIME', 'k'], ['GET', 'k'], ['SET', 'k', 'y', 'EXAT', '1'], ['EXISTS', 'k'],
      ['SET', 'k', 'z', 'PXAT', '1', 'GET'], ['SET', 'k', 'z', 'EX', '100', 'XX'], ['EXISTS', 'k'],
    ],
  },
  {
    name: 'GET family on missing and present keys, binary and empty values',
    cmds: [
      ['GET', 'nokey'], ['GETDEL', 'nokey'], ['GETEX', 'nokey'], ['GETSET', 'k', ''], ['GET', 'k'], ['STRLEN', 'k'], ['SET', ALL_BYTES, ALL_BYTES],
      ['GET', ALL_BYTES], ['GETEX', ALL_BYTES, 'EX', '100'], ['TTL', ALL_BYTES], ['GETEX', ALL_BYTES, 'PERSIST'], ['TTL', ALL_BYTES],
      ['GETEX', ALL_BYTES, 'PXAT', '99999999999999'], ['PEXPIRETIME', ALL_BYTES], ['GETEX', ALL_BYTES, 'EXAT', '1'], ['EXISTS', ALL_BYTES],
      ['SET', '', ''], ['GET', ''], ['GETDEL', ''], ['GETDEL', ''], ['SET', 'k', 'v'], ['GETEX', 'k', 'EX', '10', 'PX', '10'],
      ['GETEX', 'k', 'EX', '10', 'PERSIST'], ['GETEX', 'k', 'PERSIST', 'PERSIST'], ['GETEX', 'k', 'EX', '0'], ['GETEX', 'k', 'PX', '-1'],
      ['GETEX', 'k', 'EXAT', '9223372036854775807'], ['GETEX', 'k', 'PX', '9223372036854775807'], ['GETEX', 'k', 'KEEPTTL'], ['GETEX', 'k', 'bogus'],
      ['GETEX', 'k', 'EX'], ['TTL', 'k'],
    ],
  },
  {
    name: 'MSET/MGET/MSETNX',
    cmds: [
      ['MSET', 'a', '1', 'b'], ['MSET', 'a', '1', 'a', '2'], ['GET', 'a'], ['MGET', 'a', 'b', 'a', ''], ['MSETNX', 'a', '1'], ['MSETNX', 'c', '1', 'd', '2'],
      ['MSETNX', 'e', '1', 'e', '2'], ['GET', 'e'], ['MSETNX', 'f', '1', 'a', '2'], ['EXISTS', 'f'], ['MSETNX', 'g'], ['MGET', 'a', ALL_BYTES],
      ['SET', 't', 'v', 'EX', '100'], ['MSET', 't', 'w'], ['TTL', 't'],
    ],
  },
  {
    name: 'APPEND, SETRANGE and GETRANGE edges',
    cmds: [
      ['APPEND', 'a', ''], ['EXISTS', 'a'], ['APPEND', 'a', 'x'], ['SET', 'i', '123'], ['OBJECT', 'ENCODING', 'i'], ['APPEND', 'i', '4'], ['GET', 'i'],
      ['OBJECT', 'ENCODING', 'i'], ['SETRANGE', 'n', '0', ''], ['EXISTS', 'n'], ['SETRANGE', 'n', '10', ''], ['EXISTS', 'n'], ['SETRANGE', 'n', '2', 'ab'],
      ['GET', 'n'], ['SETRANGE', 'n', '-1', ''], ['SETRANGE', 'n', 'x', ''], ['SETRANGE', 'n', '536870912', ''],
      ['SETRANGE', 'n', '536870912', 'x'], ['SETRANGE', 'i', '1', 'Z'], ['GET', 'i'], ['SET', 'i', '-987'], ['GETRANGE', 'i', '0', '1'],
      ['GETRANGE', 'i', '-2', '-1'], ['GETRANGE', 'i', '5', '1'], ['GETRANGE', 'i', '-100', '100'], ['GETRANGE', 'i', '0', '-100'],
      ['GETRANGE', 'i', '2', '2'], ['GETRANGE', 'i', '1', '0'], ['GETRANGE', 'i', 'a', '0'], ['GETRANGE', 'i', '0', 'b'], ['GETRANGE', 'nokey', '0', '-1'],
      ['SET', 'e', ''], ['GETRANGE', 'e', '0', '-1'], ['GETRANGE', 'e', '-1', '0'], ['SUBSTR', 'i', '0', '-1'], ['STRLEN', 'i'],
    ],
  },
  {
    name: 'INCR family: parsing, overflow, encodings',
    cmds: [
      ['INCR', 'c'], ['INCRBY', 'c', '-2'], ['DECRBY', 'c', '-5'], ['DECR', 'c'], ['INCRBY', 'c', '9223372036854775807'], ['INCRBY', 'c', '9223372036854775805'],
      ['SET', 'c', '9223372036854775806'], ['INCR', 'c'], ['INCR', 'c'], ['GET', 'c'], ['SET', 'c', '-9223372036854775807'], ['DECR', 'c'], ['DECR', 'c'],
      ['DECRBY', 'c', '-9223372036854775808'], ['INCRBY', 'c', '-9223372036854775808'], ['SET', 'c', '0'], ['DECRBY', 'c', '-9223372036854775808'],
      ['INCRBY', 'c', '-9223372036854775808'], ['INCRBY', 'c', '9223372036854775808'], ['INCRBY', 'c', ''], ['INCRBY', 'c', '1.0'], ['INCRBY', 'c', '0x1'],
      ['INCRBY', 'c', '+1'], ['INCRBY', 'c', '-0'], ['INCRBY', 'c', '00001'], ['SET', 'z', '007'], ['INCR', 'z'], ['SET', 'z', '7 '], ['INCR', 'z'],
      ['SET', 'z', '\x00'], ['INCR', 'z'], ['SET', 'z', '18446744073709551615'], ['INCR', 'z'], ['SET', 'z', '10000'], ['OBJECT', 'ENCODING', 'z'],
      ['OBJECT', 'REFCOUNT', 'z'], ['SET', 'z', '9999'], ['OBJECT', 'REFCOUNT', 'z'], ['INCR', 'z'], ['OBJECT', 'ENCODING', 'z'], ['OBJECT', 'REFCOUNT', 'z'],
      ['SET', 'z', '123456789012345678901'], ['OBJECT', 'ENCODING', 'z'], ['INCR', 'z'],
    ],
  },
  {
    name: 'INCRBYFLOAT formatting and errors',
    cmds: [
      ['INCRBYFLOAT', 'f', '1'], ['INCRBYFLOAT', 'f', '0.1'], ['INCRBYFLOAT', 'f', '-1.1'], ['INCRBYFLOAT', 'f', '5.0e3'], ['INCRBYFLOAT', 'f', '1e-17'],
      ['INCRBYFLOAT', 'f', '3.0000000000000003'], ['INCRBYFLOAT', 'f', 'inf'], ['INCRBYFLOAT', 'f', '-inf'], ['INCRBYFLOAT', 'f', 'nan'],
      ['INCRBYFLOAT', 'f', ''], ['INCRBYFLOAT', 'f', ' 1'], ['INCRBYFLOAT', 'f', '1e309'], ['SET', 'f', '1e308'], ['INCRBYFLOAT', 'f', '1e308'],
      ['SET', 'f', '1.5'], ['INCRBYFLOAT', 'f', '1e308'], ['INCRBYFLOAT', 'f', '-1e308'], ['SET', 'f', '0x10'], ['INCRBYFLOAT', 'f', '1'],
      ['SET', 'f', '9007199254740993'], ['INCRBYFLOAT', 'f', '0'], ['SET', 'f', '-0.0'], ['INCRBYFLOAT', 'f', '0'],
      ['SET', 'f', '3'], ['INCRBYFLOAT', 'f', '1.5e1'], ['SET', 'f', 'abc'], ['INCRBYFLOAT', 'f', '1'],
      ['SET', 'f', '1.23456789012345678901234567890'], ['INCRBYFLOAT', 'f', '0'],
    ],
  },
  {
    name: 'SETNX, SETEX, PSETEX',
    cmds: [
      ['SETNX', 'k', 'a'], ['SETNX', 'k', 'b'], ['GET', 'k'], ['SETEX', 'k', '100', 'c'], ['TTL', 'k'], ['GET', 'k'], ['SETEX', 'k', '0', 'c'],
      ['SETEX', 'k', '-1', 'c'], ['SETEX', 'k', '1.5', 'c'], ['SETEX', 'k', '9223372036854775807', 'c'], ['PSETEX', 'k', '100000', 'd'], ['GET', 'k'],
      ['PSETEX', 'k', '0', 'd'], ['PSETEX', 'k', 'x', 'd'], ['GET', 'k'], ['SETNX', 'k', 'e'], ['TTL', 'k'],
    ],
  },
  {
    name: 'LCS options and errors',
    cmds: [
      ['LCS', 'a', 'b'], ['LCS', 'a', 'b', 'LEN'], ['LCS', 'a', 'b', 'IDX'], ['MSET', 'a', 'ohmytext', 'b', 'mynewtext'], ['LCS', 'a', 'b'],
      ['LCS', 'a', 'b', 'LEN'], ['LCS', 'a', 'b', 'IDX'], ['LCS', 'a', 'b', 'IDX', 'WITHMATCHLEN'], ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4'],
      ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'], ['LCS', 'a', 'b', 'LEN', 'IDX'], ['LCS', 'a', 'b', 'WITHMATCHLEN'],
      ['LCS', 'a', 'b', 'LEN', 'WITHMATCHLEN'], ['LCS', 'a', 'b', 'MINMATCHLEN', 'x'], ['LCS', 'a', 'b', 'MINMATCHLEN', '-1', 'IDX'],
      ['LCS', 'a', 'b', 'MINMATCHLEN'], ['LCS', 'a', 'b', 'bogus'], ['LCS', 'a', 'a'], ['LCS', 'a', 'nokey', 'IDX'], ['SET', 'c', ALL_BYTES],
      ['LCS', 'c', 'a', 'IDX', 'WITHMATCHLEN'],
    ],
  },
  {
    name: 'string encodings (OBJECT ENCODING) by length and content',
    cmds: [
      ['SET', 'a', 'x'.repeat(44)], ['OBJECT', 'ENCODING', 'a'], ['SET', 'a', 'x'.repeat(45)], ['OBJECT', 'ENCODING', 'a'], ['SET', 'a', '12'],
      ['OBJECT', 'ENCODING', 'a'], ['SET', 'a', '-9223372036854775808'], ['OBJECT', 'ENCODING', 'a'], ['SET', 'a', '12345678901234567890'],
      ['OBJECT', 'ENCODING', 'a'], ['SET', 'a', '0012'], ['OBJECT', 'ENCODING', 'a'], ['SET', 'a', '12'], ['APPEND', 'a', ''], ['OBJECT', 'ENCODING', 'a'],
      ['SETRANGE', 'b', '0', 'x'], ['OBJECT', 'ENCODING', 'b'], ['INCRBYFLOAT', 'c', '1.5'], ['OBJECT', 'ENCODING', 'c'],
      ['INCRBYFLOAT', 'c', '1.5'], ['OBJECT', 'ENCODING', 'c'], ['SET', 'c', '3'], ['INCRBYFLOAT', 'c', '1.5e1'], ['OBJECT', 'ENCODING', 'c'], ['GETSET', 'd', '5'],
      ['OBJECT', 'ENCODING', 'd'], ['SETEX', 'e', '100', '5'], ['OBJECT', 'ENCODING', 'e'], ['SET', 'g', '5', 'EX', '100'], ['OBJECT', 'ENCODING', 'g'],
      ['OBJECT', 'REFCOUNT', 'g'], ['MSET', 'h', '5'], ['OBJECT', 'ENCODING', 'h'], ['OBJECT', 'REFCOUNT', 'h'],
    ],
  },
  ...wrongTypeCases(),
];
