/**
 * DUMP / RESTORE / SAVE cases: the same commands to Sonic and redis-server, replies compared
 * byte for byte. Payloads written by Redis 7.0.15 are restored on both sides (Redis -> Sonic);
 * with rdbcompression off, Sonic's DUMP of deterministic encodings must equal Redis's byte for
 * byte (with compression on, LZF output may legitimately differ, so those are compared only
 * through RESTORE). Sonic -> Redis is covered by test/unit/rdb-server.test.ts.
 */
import type { DiffCase } from '../../helpers/differential.js';
import { crc64 } from '../../../src/persistence/rdb/crc64.js';

/** DUMP payloads written by redis-server 7.0.15 (rdbcompression yes), one per type/encoding. */
export const REDIS_PAYLOADS = {
  'list:small': '\x12\x01\x02\x19\x19\x00\x00\x00\x05\x00\x81a\x02\x01\x01\xdf\xfe\x02\x83bbb\x04\xf2p\x11\x01\x04\xff\x0a\x00\xe9\xda5\xf3)[\xb5u',
  'set:int': '\x0b\x18\x04\x00\x00\x00\x04\x00\x00\x00\xc0c\xff\xff\x01\x00\x00\x00\x02\x00\x00\x00\x03\x00\x00\x00\x0a\x00Xm\x1b\xea6\xfa\xb7\xff',
  'set:str': '\x02\x01\x01a\x0a\x00b\x96\xe9~D\xd2\x1am',
  'hash:lp': '\x10\x12\x12\x00\x00\x00\x04\x00\x81f\x02\x81v\x02\x81n\x02\x0c\x01\xff\x0a\x00\x016\x94\x81\xd3[\x89t',
  'zset:lp': '\x11\xc319\x1f9\x00\x00\x00\x08\x00\x81c\x02\x84-inf\x05\x81a\x02\x01\x01\x81b\x02\x832.5\x04\x81d\x02\x97\x021.0\xe0\x05\x00\x071e+300\x18\xff\x0a\x00\xb1\xd5\x84ak?\x9d[',
  'str:int': '\x00\xc190\x0a\x00\x9d\x94\xea\'\x93\xfc\x08\xb9',
  'str:raw': '\x00\x0bhello world\x0a\x00\x0b\xfcI\xb9\xa6\xc7\xa04',
  'str:long': '\x00\xc3\x09,\x01aa\xe0\x1f\x00\x01aa\x0a\x00\x98\x11\xf4\xb6\xaaSv\xff',
} as const;

/** A payload with a right footer and checksum around an arbitrary body. */
function payload(body: string, version = 10): string {
  const b = Buffer.from(body + String.fromCharCode(version & 0xff, version >> 8), 'latin1');
  return b.toString('latin1') + crc64(b).bytes().toString('latin1');
}

const P = REDIS_PAYLOADS;

/** Restores `name`'s Redis payload into key k, then reads it back with `read`. */
function restoreAndRead(name: keyof typeof REDIS_PAYLOADS, read: string[][]): DiffCase {
  return {
    name: `RESTORE of Redis's ${name} payload, read back, DUMPed again uncompressed`,
    cmds: [
      ['RESTORE', 'k', '0', P[name]],
      ['TYPE', 'k'],
      ['OBJECT', 'ENCODING', 'k'],
      ...read,
      ['CONFIG', 'SET', 'rdbcompression', 'no'],
      ['DUMP', 'k'],
      ['CONFIG', 'SET', 'rdbcompression', 'yes'],
      ['DEL', 'k'],
    ],
  };
}

export const DUMP_CASES: DiffCase[] = [
  {
    name: 'DUMP of strings: missing key, integers in every int encoding, short and long strings',
    cmds: [
      ['DUMP', 'nokey'],
      ...['0', '-1', '127', '128', '-129', '32767', '32768', '-2147483648', '2147483647', '2147483648', '01', '-0', '+1', 'hello', '', 'abcdefghijklmnopqrstu'].flatMap((v) => [
        ['SET', 's', v],
        ['DUMP', 's'],
      ]),
      ['SET', 'bin', Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('')],
      ['CONFIG', 'SET', 'rdbcompression', 'no'],
      ['DUMP', 'bin'],
      ['SET', 'long', 'a'.repeat(1000)],
      ['DUMP', 'long'],
      ['CONFIG', 'SET', 'rdbcompression', 'yes'],
    ],
  },
  {
    name: 'DUMP then RESTORE round-trips strings, with and without TTL',
    cmds: [
      ['SET', 'foo', 'bar'],
      ['RESTORE', 'foo2', '0', P['str:raw']],
      ['GET', 'foo2'],
      ['TTL', 'foo2'],
      ['RESTORE', 'foo3', '5000', P['str:int']],
      ['GET', 'foo3'],
      ['TTL', 'foo3'],
      ['RESTORE', 'foo4', '2569591501', P['str:long']],
      ['GET', 'foo4'],
      ['OBJECT', 'ENCODING', 'foo3'],
      ['OBJECT', 'ENCODING', 'foo4'],
      ['RESTORE', 'past', '1000', P['str:raw'], 'ABSTTL'],
      ['EXISTS', 'past'],
      ['RESTORE', 'foo', '1000', P['str:raw'], 'ABSTTL', 'REPLACE'],
      ['EXISTS', 'foo'],
      ['RESTORE', 'far', '99999999999999', P['str:raw'], 'ABSTTL'],
      ['PEXPIRETIME', 'far'],
      ['RESTORE', 'idle', '0', P['str:raw'], 'IDLETIME', '1000'],
      ['OBJECT', 'IDLETIME', 'idle'],
      ['RESTORE', 'freq', '0', P['str:raw'], 'FREQ', '100'],
      ['EXISTS', 'freq'],
    ],
  },
  {
    name: 'RESTORE errors: busy key, options, TTL, payload version/checksum, bad data',
    cmds: [
      ['SET', 'foo', 'bar'],
      ['RESTORE', 'foo', '0', P['str:raw']],
      ['RESTORE', 'foo', '0', '...'],
      ['RESTORE', 'foo', '0', P['str:raw'], 'REPLACE'],
      ['GET', 'foo'],
      ['RESTORE', 'x', '0', '...', 'invalid-option'],
      ['RESTORE', 'x', '0', P['str:raw'], 'IDLETIME'],
      ['RESTORE', 'x', '0', P['str:raw'], 'IDLETIME', 'abc'],
      ['RESTORE', 'x', '0', P['str:raw'], 'IDLETIME', '-1'],
      ['RESTORE', 'x', '0', P['str:raw'], 'FREQ', '256'],
      ['RESTORE', 'x', '0', P['str:raw'], 'FREQ', '-1'],
      ['RESTORE', 'x', '0', P['str:raw'], 'FREQ', 'x'],
      ['RESTORE', 'x', '0', P['str:raw'], 'IDLETIME', '10', 'FREQ', '10'],
      ['RESTORE', 'x', '0', P['str:raw'], 'FREQ', '10', 'IDLETIME', '10'],
      ['RESTORE', 'x', '-1', P['str:raw']],
      ['RESTORE', 'x', 'abc', P['str:raw']],
      ['RESTORE', 'x', '0', '...'],
      ['RESTORE', 'x', '0', ''],
      ['RESTORE', 'x', '0', P['str:raw'].slice(0, -1) + 'X'],
      ['RESTORE', 'x', '0', payload('\x00\x0bhello world', 11)],
      ['RESTORE', 'x', '0', payload('\x00\x32ab')],
      ['RESTORE', 'x', '0', payload('\x63ab')],
      ['RESTORE', 'x', '0', payload('\x01\x00')],
      ['RESTORE', 'x', '0', payload('\x07\x81\x00\x00\x00\x00\x00\x00\x04\x01')],
      ['RESTORE', 'x', '0', payload('\x11\x07\x00\x00\x00\x00\x00\xff')],
      ['RESTORE', 'x', '0', payload('\x00\x0bhello world', 9)],
      ['EXISTS', 'x'],
      ['GET', 'x'],
    ],
  },
  restoreAndRead('list:small', [['LRANGE', 'k', '0', '-1']]),
  restoreAndRead('set:int', [['SMEMBERS', 'k']]),
  restoreAndRead('set:str', [['SMEMBERS', 'k']]),
  restoreAndRead('hash:lp', [['HGETALL', 'k']]),
  restoreAndRead('zset:lp', [['ZRANGE', 'k', '0', '-1', 'WITHSCORES']]),
  {
    name: 'DEBUG DIGEST and DIGEST-VALUE: every type, both encodings, TTLs, several databases',
    cmds: [
      ['DEBUG', 'DIGEST'],
      ['RPUSH', 'l', 'a', 'b', '1', '\x00\xff'],
      ['SADD', 'si', '1', '2', '3'],
      ['SADD', 'ss', 'a', 'b', '1', ...Array.from({ length: 200 }, (_, i) => `m${i}`)],
      ['ZADD', 'zl', '1.5', 'a', '2', 'b', '3e30', 'c', '-0.1', '7'],
      ['ZADD', 'zs', ...Array.from({ length: 200 }, (_, i) => [String(i / 3), `m${i}`]).flat()],
      ['HSET', 'hl', 'f', 'v', 'g', '1'],
      ['HSET', 'hs', ...Array.from({ length: 200 }, (_, i) => [`f${i}`, `v${i}`]).flat()],
      ['SET', 'str', 'hello'],
      ['SET', 'n', '123', 'EX', '1000'],
      ['XADD', 'st', '1-1', 'a', 'b', 'c', 'd'],
      ['XADD', 'st', '2-0', 'a', 'x'],
      ['SELECT', '3'],
      ['SET', 'x', 'y'],
      ['DEBUG', 'DIGEST-VALUE', 'x', 'l'],
      ['SELECT', '9'],
      ['DEBUG', 'DIGEST'],
      ['DEBUG', 'DIGEST-VALUE', 'l', 'si', 'ss', 'zl', 'zs', 'hl', 'hs', 'str', 'n', 'st', 'nokey'],
      ['DEBUG', 'DIGEST-VALUE'],
      ['DEBUG', 'DIGEST', 'extra'],
      ['SELECT', '3'],
      ['FLUSHDB'],
      ['SELECT', '9'],
    ],
  },
  {
    name: 'SAVE replies OK and LASTSAVE stays an integer',
    cmds: [['SET', 'a', '1'], ['CONFIG', 'SET', 'dir', '/tmp'], ['CONFIG', 'SET', 'dbfilename', 'sonic-diff-save-test.rdb'], ['SAVE'], ['DBSIZE']],
  },
];
