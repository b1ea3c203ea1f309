/**
 * Cases of the hash differential test (test/differential/hash.test.ts), as data.
 *
 * HASH_CASES are compared byte for byte (HSCAN replies as sorted pairs, test/helpers/loose.ts):
 * their hashes stay listpack-encoded wherever the whole hash is replied, because a listpack keeps
 * insertion order in Redis too. HASHTABLE_CASES hold hashtable-encoded hashes, whose order is
 * Redis's hash-table order: their commands are compared through HASHTABLE_LOOSE (sorted elements
 * or pairs). HRANDFIELD_SHAPES lists the random picks, checked for shape and membership.
 */
import type { DiffCase } from '../../helpers/differential.js';

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

/** Restores the listpack limits a case changed (sent at the end of such cases). */
const RESET_LIMITS: string[][] = [
  ['CONFIG', 'SET', 'hash-max-listpack-entries', '512'],
  ['CONFIG', 'SET', 'hash-max-listpack-value', '64'],
];

/** Every read command on `key` (listpack-encoded hashes only: replies compared exactly). */
function readAll(key: string, fields: string[]): string[][] {
  return [
    ['HGETALL', key], ['HKEYS', key], ['HVALS', key], ['HLEN', key], ['HMGET', key, ...fields, 'nofield'],
    ...fields.flatMap((f) => [['HGET', key, f], ['HEXISTS', key, f], ['HSTRLEN', key, f]]),
    ['OBJECT', 'ENCODING', key], ['TYPE', key],
  ];
}

/** INCRBYFLOAT-style operands, valid and invalid, for HINCRBYFLOAT. */
const FLOATS = ['10.5', '0.1', '1e-7', '1e400', '-1e400', '1e4932', '1e-4940', '0x1.8p3', '0x', 'inf', '-inf', '+inf', 'nan', ' 1', '1 ', '.',
  '1.', '.5', '1e', '12345678.123', '-0', '4.9999999999999999999', '1.7976931348623157e308', '3', '-3', 'abc', '', '1\x002'];

/** Integer operands for HINCRBY, valid and invalid. */
const INTS = ['1', '-1', '0', '9223372036854775807', '-9223372036854775808', '9223372036854775808', '4294967296', '9007199254740993',
  ' 1', '1 ', '01', '-0', '+1', '1.0', 'abc', ''];

export const HASH_CASES: DiffCase[] = [
  {
    name: 'HSET/HMSET create, update and insert; every reader on a small hash',
    cmds: [
      ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'],
      ['HSET', 'h', 'a', '10', 'd', '4'],
      ['HSET', 'h', 'a', '10'],
      ['HSET', 'h', 'e', '5', 'e', '6'],
      ['HMSET', 'h', 'f', '7', 'b', '20'],
      ...readAll('h', ['a', 'b', 'c', 'd', 'e', 'f']),
      ['HGET', 'h', 'nofield'], ['HEXISTS', 'h', 'nofield'], ['HSTRLEN', 'h', 'nofield'],
    ],
  },
  {
    name: 'missing keys read as empty hashes',
    cmds: [
      ['HGET', 'nokey', 'f'], ['HMGET', 'nokey', 'a', 'b'], ['HLEN', 'nokey'], ['HSTRLEN', 'nokey', 'f'], ['HEXISTS', 'nokey', 'f'],
      ['HGETALL', 'nokey'], ['HKEYS', 'nokey'], ['HVALS', 'nokey'], ['HDEL', 'nokey', 'f'], ['HSCAN', 'nokey', '0'],
      ['HSCAN', 'nokey', '0', 'COUNT', '0'], ['HSCAN', 'nokey', '0', 'bogus'], ['HRANDFIELD', 'nokey'], ['HRANDFIELD', 'nokey', '5'],
      ['HRANDFIELD', 'nokey', '-5', 'WITHVALUES'], ['HRANDFIELD', 'nokey', '0'], ['EXISTS', 'nokey'],
    ],
  },
  {
    name: 'wrong number of arguments (odd field/value counts checked by the command)',
    cmds: [
      ['HSET', 'h', 'a'], ['HSET', 'h', 'a', '1', 'b'], ['HMSET', 'h', 'a'], ['HMSET', 'h', 'a', '1', 'b'], ['HSET', 'h'], ['HMSET', 'h'],
      ['HSETNX', 'h', 'a'], ['HGET', 'h'], ['HMGET', 'h'], ['HDEL', 'h'], ['HLEN'], ['HINCRBY', 'h', 'a'], ['HINCRBYFLOAT', 'h', 'a'],
      ['HRANDFIELD'], ['HSCAN', 'h'], ['HGETALL'], ['HKEYS', 'h', 'x'], ['EXISTS', 'h'],
      // Arity is checked before the key's type.
      ['SET', 's', 'x'], ['HSET', 's', 'a'], ['HMSET', 's', 'a', '1', 'b'],
    ],
  },
  {
    name: 'WRONGTYPE from every command, after argument parsing where Redis parses first',
    cmds: [
      ['SET', 's', 'x'],
      ['HSET', 's', 'a', '1'], ['HMSET', 's', 'a', '1'], ['HSETNX', 's', 'a', '1'], ['HGET', 's', 'a'], ['HMGET', 's', 'a'], ['HDEL', 's', 'a'],
      ['HLEN', 's'], ['HSTRLEN', 's', 'a'], ['HEXISTS', 's', 'a'], ['HKEYS', 's'], ['HVALS', 's'], ['HGETALL', 's'],
      ['HINCRBY', 's', 'a', '1'], ['HINCRBY', 's', 'a', 'x'], ['HINCRBYFLOAT', 's', 'a', '1'], ['HINCRBYFLOAT', 's', 'a', 'x'],
      ['HINCRBYFLOAT', 's', 'a', 'inf'], ['HRANDFIELD', 's'], ['HRANDFIELD', 's', '1'], ['HRANDFIELD', 's', 'x'],
      ['HRANDFIELD', 's', '1', 'bogus'], ['HRANDFIELD', 's', '1', 'WITHVALUES'], ['HSCAN', 's', '0'], ['HSCAN', 's', 'x'],
      ['HSCAN', 's', '0', 'COUNT', '0'], ['GET', 's'],
      ['HSET', 'h', 'a', '1'], ['GET', 'h'], ['INCR', 'h'], ['APPEND', 'h', 'x'], ['TYPE', 'h'],
    ],
  },
  {
    name: 'HSETNX on a missing key, an existing field and a new field',
    cmds: [
      ['HSETNX', 'h', 'a', '1'], ['HSETNX', 'h', 'a', '2'], ['HSETNX', 'h', 'b', '3'], ['HSETNX', 'h', '', ''], ...readAll('h', ['a', 'b', '']),
    ],
  },
  {
    name: 'HDEL return values, repeated fields, and the key going away with its last field',
    cmds: [
      ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3', 'd', '4'],
      ['HDEL', 'h', 'a'], ['HDEL', 'h', 'a'], ['HDEL', 'h', 'nofield'], ['HDEL', 'h', 'b', 'b', 'nofield'], ['HGETALL', 'h'],
      ['HSET', 'h', 'e', '5'], ['HGETALL', 'h'], ['HDEL', 'h', 'd', 'c', 'e', 'x'], ['EXISTS', 'h'], ['HLEN', 'h'],
      ['HSET', 'h', 'a', '1'], ['HDEL', 'h', 'a', 'a'], ['EXISTS', 'h'],
      ['HSET', 'h', 'x', '1', 'y', '2', 'z', '3'], ['HDEL', 'h', 'y'], ['HGETALL', 'h'], ['HDEL', 'h', 'x'], ['HGETALL', 'h'],
    ],
  },
  {
    name: 'HINCRBY: missing key/field, 64-bit edges, overflow, unparsable values and increments',
    cmds: [
      ['HINCRBY', 'h', 'a', '5'], ['HINCRBY', 'h', 'a', '-7'], ['HGET', 'h', 'a'], ['HINCRBY', 'h2', 'x', '0'], ['HGETALL', 'h2'],
      ...INTS.flatMap((v) => [
        ['HSET', 'h', 'v', v], ['HINCRBY', 'h', 'v', '1'], ['HGET', 'h', 'v'],
        ['HSET', 'h', 'v', v], ['HINCRBY', 'h', 'v', '-9223372036854775807'], ['HGET', 'h', 'v'],
        ['HSET', 'h', 'n', '5'], ['HINCRBY', 'h', 'n', v], ['HGET', 'h', 'n'],
        ['HINCRBY', 'nokey', 'f', v],
      ]),
      ['HSET', 'h', 'big', '17179869184'], ['HINCRBY', 'h', 'big', '17179869184'], ['HINCRBY', 'h', 'big', '1'],
      ['HSET', 'h', 'max', '9223372036854775806'], ['HINCRBY', 'h', 'max', '1'], ['HINCRBY', 'h', 'max', '1'], ['HGET', 'h', 'max'],
      ['HSET', 'h', 'min', '-9223372036854775807'], ['HINCRBY', 'h', 'min', '-1'], ['HINCRBY', 'h', 'min', '-1'], ['HGET', 'h', 'min'],
      ['HSET', 'h', 'safe', '9007199254740991'], ['HINCRBY', 'h', 'safe', '2'], ['HINCRBY', 'h', 'safe', '-4'], ['HSTRLEN', 'h', 'safe'],
      ['HGETALL', 'h'], ['EXISTS', 'nokey'],
    ],
  },
  {
    name: 'HINCRBYFLOAT: long double arithmetic and formatting, NaN/Infinity, unparsable values',
    cmds: [
      ['HINCRBYFLOAT', 'h', 'f', '10.5'], ['HINCRBYFLOAT', 'h', 'f', '0.1'], ['HINCRBYFLOAT', 'h', 'f', '-10.6'], ['HGET', 'h', 'f'],
      ...FLOATS.flatMap((a) =>
        ['0.1', '-1.1', '1', '1e-20', '3.14159'].flatMap((b) => [
          ['HSET', 'h', 'x', a], ['HINCRBYFLOAT', 'h', 'x', b], ['HSET', 'h', 'y', b], ['HINCRBYFLOAT', 'h', 'y', a],
        ]),
      ),
      ['HINCRBYFLOAT', 'nokey', 'f', 'inf'], ['HINCRBYFLOAT', 'nokey', 'f', 'nan'], ['HINCRBYFLOAT', 'nokey', 'f', '1e5000'], ['EXISTS', 'nokey'],
      ['HSET', 'h', 'big', '1e4932'], ['HINCRBYFLOAT', 'h', 'big', '1e4932'], ['HGET', 'h', 'big'],
      ['HSET', 'h', 'int', '7'], ['HINCRBYFLOAT', 'h', 'int', '1'], ['HINCRBYFLOAT', 'h', 'int', '1.5'], ['HINCRBY', 'h', 'int', '1'],
      ['HSET', 'h', 'nul', '1\x002'], ['HINCRBYFLOAT', 'h', 'nul', '1'],
      ['HSET', 'h', 'rep', '10.5'], ...Array.from({ length: 20 }, () => ['HINCRBYFLOAT', 'h', 'rep', '0.1']),
      // Results such as 1e400 + 0.1 print hundreds of digits: the hash is hashtable-encoded by now.
      ['OBJECT', 'ENCODING', 'h'], ['HLEN', 'h'], ['HMGET', 'h', 'f', 'x', 'y', 'big', 'int', 'nul', 'rep'],
    ],
  },
  {
    name: 'HSTRLEN and HGET of integer-like and other values (Redis stores integers in the listpack)',
    cmds: [
      ['HSET', 'h', 'a', '-0', 'b', '01', 'c', '9223372036854775808', 'd', '-9223372036854775808', 'e', '0', 'f', '1e3', 'g', ' 12', 'h', '-1'],
      ['HSET', 'h', '12', 'int-field', '-5', 'neg', '007', 'x'],
      ...readAll('h', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', '12', '-5', '007']),
    ],
  },
  {
    name: 'every byte value as field and value (listpack: exact order)',
    cmds: [
      ...Array.from({ length: 256 }, (_, i) => ['HSET', 'h', String.fromCharCode(i), String.fromCharCode(255 - i) + String.fromCharCode(i)]),
      ['HLEN', 'h'], ['HGETALL', 'h'], ['HKEYS', 'h'], ['HVALS', 'h'], ['OBJECT', 'ENCODING', 'h'],
      ['HMGET', 'h', '\x00', '\xff', '\r\n', 'x'], ['HDEL', 'h', '\x00', '\x80', '\xff'], ['HGETALL', 'h'],
      ['CONFIG', 'SET', 'hash-max-listpack-value', '300'],
      ['HSET', 'all', ALL_BYTES, ALL_BYTES, 'x', ALL_BYTES + ALL_BYTES.slice(0, 44)], ['OBJECT', 'ENCODING', 'all'], ['HGETALL', 'all'],
      ['HSTRLEN', 'all', ALL_BYTES], ['HGET', 'all', ALL_BYTES],
      ...RESET_LIMITS,
    ],
  },
  {
    name: 'listpack -> hashtable by field count, never back (config limits and their aliases)',
    cmds: [
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '4'],
      ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3', 'd', '4'], ['OBJECT', 'ENCODING', 'h'], ['HGETALL', 'h'],
      ['HSET', 'h', 'e', '5'], ['OBJECT', 'ENCODING', 'h'], ['HLEN', 'h'],
      ['HDEL', 'h', 'a', 'b', 'c', 'd'], ['OBJECT', 'ENCODING', 'h'], ['HGETALL', 'h'],
      ['HSET', 'h2', 'a', '1', 'b', '2', 'c', '3', 'd', '4', 'e', '5'], ['OBJECT', 'ENCODING', 'h2'], ['HMGET', 'h2', 'a', 'e', 'z'],
      ['HSETNX', 'h3', 'a', '1'], ['HSETNX', 'h3', 'b', '1'], ['HSETNX', 'h3', 'c', '1'], ['HSETNX', 'h3', 'd', '1'], ['OBJECT', 'ENCODING', 'h3'],
      ['HSETNX', 'h3', 'e', '1'], ['OBJECT', 'ENCODING', 'h3'],
      ['HINCRBY', 'h4', 'a', '1'], ['HINCRBY', 'h4', 'b', '1'], ['HINCRBY', 'h4', 'c', '1'], ['HINCRBY', 'h4', 'd', '1'], ['OBJECT', 'ENCODING', 'h4'],
      ['HINCRBYFLOAT', 'h4', 'e', '1.5'], ['OBJECT', 'ENCODING', 'h4'],
      ['CONFIG', 'SET', 'hash-max-ziplist-entries', '0'], ['HSET', 'h5', 'a', '1'], ['OBJECT', 'ENCODING', 'h5'], ['HGETALL', 'h5'],
      ...RESET_LIMITS,
      ['HSET', 'h6', 'a', '1'], ['OBJECT', 'ENCODING', 'h6'],
    ],
  },
  {
    name: 'listpack -> hashtable by field or value length (64 stays, 65 converts), also through HINCRBYFLOAT',
    cmds: [
      ['HSET', 'h', 'f'.repeat(64), 'v'.repeat(64)], ['OBJECT', 'ENCODING', 'h'], ['HGETALL', 'h'],
      ['HSET', 'h', 'g', 'v'.repeat(65)], ['OBJECT', 'ENCODING', 'h'], ['HSTRLEN', 'h', 'g'],
      ['HSET', 'h2', 'f'.repeat(65), '1'], ['OBJECT', 'ENCODING', 'h2'],
      ['HSET', 'h3', 'a', '1', 'b', 'x'.repeat(65)], ['OBJECT', 'ENCODING', 'h3'],
      ['HSETNX', 'h4', 'a', 'x'.repeat(65)], ['OBJECT', 'ENCODING', 'h4'],
      ['HSETNX', 'h5', 'a', '1'], ['HSETNX', 'h5', 'a', 'x'.repeat(65)], ['OBJECT', 'ENCODING', 'h5'],
      ['CONFIG', 'SET', 'hash-max-listpack-value', '8'],
      ['HSET', 'h6', 'f', '1'], ['HINCRBYFLOAT', 'h6', 'f', '0.5'], ['OBJECT', 'ENCODING', 'h6'],
      ['HINCRBYFLOAT', 'h6', 'f', '0.123456789'], ['OBJECT', 'ENCODING', 'h6'], ['HGET', 'h6', 'f'],
      ['HSET', 'h7', 'f', '1'], ['HINCRBY', 'h7', 'f', '123456789012'], ['OBJECT', 'ENCODING', 'h7'],
      ['CONFIG', 'SET', 'hash-max-ziplist-value', '0'], ['HSET', 'h8', '', ''], ['OBJECT', 'ENCODING', 'h8'], ['HSET', 'h9', 'a', ''],
      ['OBJECT', 'ENCODING', 'h9'],
      ...RESET_LIMITS,
    ],
  },
  {
    name: 'COPY duplicates a hash (both encodings): the copy changes alone',
    cmds: [
      ['HSET', 'h', 'a', '1', 'b', '2'], ['COPY', 'h', 'c'], ['HSET', 'c', 'a', '9', 'z', '26'], ['HDEL', 'c', 'b'],
      ['HGETALL', 'h'], ['HGETALL', 'c'], ['OBJECT', 'ENCODING', 'c'],
      ['HSET', 'big', 'a', 'x'.repeat(100)], ['COPY', 'big', 'big2'], ['OBJECT', 'ENCODING', 'big2'], ['HSET', 'big2', 'a', '1'],
      ['HGET', 'big', 'a'], ['HGET', 'big2', 'a'], ['DEL', 'h'], ['HGETALL', 'c'],
    ],
  },
  {
    name: 'HRANDFIELD argument errors, in Redis order',
    cmds: [
      ['HSET', 'h', 'a', '1', 'b', '2'],
      ['HRANDFIELD', 'h', 'abc'], ['HRANDFIELD', 'h', '1.5'], ['HRANDFIELD', 'h', ''], ['HRANDFIELD', 'h', '9223372036854775808'],
      ['HRANDFIELD', 'h', '-9223372036854775808'], ['HRANDFIELD', 'h', '-9223372036854775808', 'WITHVALUES'],
      ['HRANDFIELD', 'h', '-9223372036854770000', 'WITHVALUES'], ['HRANDFIELD', 'h', '4611686018427387904', 'WITHVALUES'],
      ['HRANDFIELD', 'h', '-4611686018427387904', 'WITHVALUES'], ['HRANDFIELD', 'h', '4611686018427387903', 'WITHVALUES'],
      ['HRANDFIELD', 'h', '9223372036854775807'], ['HRANDFIELD', 'h', '1', 'WITHVALUE'], ['HRANDFIELD', 'h', '1', 'WITHVALUES', 'x'],
      ['HRANDFIELD', 'h', 'abc', 'bogus'], ['HSET', 'one', 'f', 'v'], ['HRANDFIELD', 'one', '1', 'withVALUES\x00junk'],
      ['HRANDFIELD', 'nokey', '1', 'bogus'],
      ['HRANDFIELD', 'nokey', '-9223372036854770000', 'WITHVALUES'],
    ],
  },
  {
    name: 'HRANDFIELD replies that are not random (count 0, count >= size, one field)',
    cmds: [
      ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'],
      ['HRANDFIELD', 'h', '0'], ['HRANDFIELD', 'h', '0', 'WITHVALUES'], ['HRANDFIELD', 'h', '3'], ['HRANDFIELD', 'h', '10'],
      ['HRANDFIELD', 'h', '10', 'WITHVALUES'], ['HRANDFIELD', 'h', '3', 'withvalues'],
      ['HSET', 'one', 'f', 'v'], ['HRANDFIELD', 'one'], ['HRANDFIELD', 'one', '1'], ['HRANDFIELD', 'one', '1', 'WITHVALUES'],
      ['HRANDFIELD', 'one', '-3'], ['HRANDFIELD', 'one', '-3', 'WITHVALUES'], ['HRANDFIELD', 'one', '-1', 'WITHVALUES'],
    ],
  },
  {
    name: 'HSCAN of a listpack hash: everything at once with cursor 0; options and cursor errors',
    cmds: [
      ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3', 'aa', '4', 'x\x00y', '5'],
      ['HSCAN', 'h', '0'], ['HSCAN', 'h', '0', 'COUNT', '1'], ['HSCAN', 'h', '12345'], ['HSCAN', 'h', '-1'], ['HSCAN', 'h', '0', 'MATCH', 'a*'],
      ['HSCAN', 'h', '0', 'MATCH', 'x*', 'COUNT', '100'], ['HSCAN', 'h', '0', 'match', 'nothing'], ['HSCAN', 'h', '0', 'MATCH', '*'],
      ['HSCAN', 'h', '0', 'MATCH', 'a*', 'MATCH', 'b*'], ['HSCAN', 'h', '0', 'COUNT', '0'], ['HSCAN', 'h', '0', 'COUNT', '-1'],
      ['HSCAN', 'h', '0', 'COUNT', 'abc'], ['HSCAN', 'h', '0', 'COUNT'], ['HSCAN', 'h', '0', 'MATCH'], ['HSCAN', 'h', '0', 'TYPE', 'hash'],
      ['HSCAN', 'h', '0', 'bogus', 'x'], ['HSCAN', 'h', 'abc'], ['HSCAN', 'h', '18446744073709551616'], ['HSCAN', 'h', ' 1'],
      ['HSCAN', 'h', '18446744073709551615'], ['HSCAN', 'h', ''],
    ],
  },
];

/**
 * Cases with hashtable-encoded hashes. Commands whose reply lists the whole hash are compared
 * loosely (HASHTABLE_LOOSE); everything else exactly.
 */
export const HASHTABLE_CASES: DiffCase[] = [
  {
    name: 'hashtable-encoded hash: readers, writers, conversion by length',
    cmds: [
      ...Array.from({ length: 20 }, (_, i) => ['HSET', 'h', `field${i}`, `value${i}`]),
      ['HSET', 'h', 'long', 'x'.repeat(100)], ['OBJECT', 'ENCODING', 'h'],
      ['HGETALL', 'h'], ['HKEYS', 'h'], ['HVALS', 'h'], ['HLEN', 'h'], ['HMGET', 'h', 'field0', 'long', 'nofield'], ['HSTRLEN', 'h', 'long'],
      ['HDEL', 'h', 'field3', 'field4', 'nofield'], ['HINCRBY', 'h', 'n', '5'], ['HINCRBYFLOAT', 'h', 'n', '0.25'], ['HSETNX', 'h', 'n', '1'],
      ['HGETALL', 'h'], ['HSCAN', 'h', '0', 'COUNT', '1000'], ['HSCAN', 'h', '0', 'MATCH', 'field1*', 'COUNT', '1000'],
      ['HRANDFIELD', 'h', '100'], ['HRANDFIELD', 'h', '100', 'WITHVALUES'],
    ],
  },
  {
    name: 'hashtable-encoded hash by count (600 fields past the default 512), all byte values',
    cmds: [
      ['HSET', 'h', ...Array.from({ length: 600 }, (_, i) => [`f${i}`, String.fromCharCode(i % 256)]).flat()],
      ['OBJECT', 'ENCODING', 'h'], ['HLEN', 'h'], ['HGETALL', 'h'], ['HKEYS', 'h'], ['HVALS', 'h'],
      ['HSET', 'bytes', ALL_BYTES, ALL_BYTES, ...Array.from({ length: 256 }, (_, i) => [String.fromCharCode(i), ALL_BYTES.slice(i)]).flat()],
      ['OBJECT', 'ENCODING', 'bytes'], ['HGETALL', 'bytes'], ['HGET', 'bytes', ALL_BYTES], ['HSTRLEN', 'bytes', '\x05'],
    ],
  },
];

/** Commands of HASHTABLE_CASES compared as sorted elements (1) or sorted pairs (2). */
export const HASHTABLE_LOOSE: Record<string, 1 | 2> = { hgetall: 2, hkeys: 1, hvals: 1, hscan: 2, hrandfield: 1 };

/**
 * HRANDFIELD calls whose picks are random: [hash setup, the call, whether picks are distinct].
 * Checked on both servers for reply shape, count and membership (not compared with each other).
 */
export const HRANDFIELD_SHAPES: { setup: string[][]; call: string[]; distinct: boolean }[] = (() => {
  const small = [['HSET', 'h', ...Array.from({ length: 10 }, (_, i) => [`f${i}`, `v${i}`]).flat()]];
  const big = [['HSET', 'h', ...Array.from({ length: 10 }, (_, i) => [`f${i}`, `v${i}`]).flat(), 'long', 'x'.repeat(80)]];
  const out: { setup: string[][]; call: string[]; distinct: boolean }[] = [];
  for (const setup of [small, big]) {
    for (const count of ['-1', '-5', '-20', '-1001', '1', '2', '3', '8', '9']) {
      for (const wv of [[], ['WITHVALUES']]) out.push({ setup, call: ['HRANDFIELD', 'h', count, ...wv], distinct: !count.startsWith('-') });
    }
    out.push({ setup, call: ['HRANDFIELD', 'h'], distinct: true });
  }
  return out;
})();
