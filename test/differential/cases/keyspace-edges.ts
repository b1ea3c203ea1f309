/**
 * Hand-written keyspace, expiry and database cases (test/differential/keyspace-edges.test.ts),
 * one small independent scenario each, as data. KEYS and SCAN replies are compared as sorted
 * sets (test/helpers/loose.ts); everything else byte for byte.
 */
import type { DiffCase } from '../../helpers/differential.js';

/** An absolute Unix time (seconds) far enough ahead to stay valid for the whole run. */
const FAR = String(Math.floor(Date.now() / 1000) + 100_000);
const FARTHER = String(Math.floor(Date.now() / 1000) + 200_000);

/** EXPIRE-family option matrix: each option against a key with and without a TTL. */
function expireOptionCases(): DiffCase[] {
  const out: DiffCase[] = [];
  for (const cmd of ['EXPIRE', 'PEXPIRE', 'EXPIREAT', 'PEXPIREAT']) {
    const ms = cmd.startsWith('P');
    const abs = cmd.endsWith('AT');
    // A later and an earlier time than the TTL the key is given first (EXPIRE k 1000 / EXPIREAT FAR).
    const base = abs ? (ms ? FAR + '000' : FAR) : ms ? '1000000' : '1000';
    const later = abs ? (ms ? FARTHER + '000' : FARTHER) : ms ? '2000000' : '2000';
    const earlier = abs ? (ms ? String(Number(FAR) - 500) + '000' : String(Number(FAR) - 500)) : ms ? '500000' : '500';
    // An absolute time is read back absolutely: a TTL of it is rounded from the two servers'
    // slightly different "now" and could differ by one across a rounding boundary.
    const probe = abs ? 'PEXPIRETIME' : 'TTL';
    const cmds: string[][] = [];
    for (const opt of ['NX', 'XX', 'GT', 'LT']) {
      cmds.push(['SET', 'p', 'v'], [cmd, 'p', later, opt], [probe, 'p'], [cmd, 'nokey', later, opt]);
      cmds.push(['SET', 't', 'v'], [cmd, 't', base], [cmd, 't', later, opt], [probe, 't'], [cmd, 't', earlier, opt], [probe, 't']);
      cmds.push([cmd, 't', base, opt.toLowerCase()], [probe, 't']);
    }
    for (const bad of [['NX', 'XX'], ['XX', 'NX'], ['GT', 'LT'], ['NX', 'GT'], ['NX', 'LT'], ['XX', 'GT'], ['GT', 'GT'], ['XX', 'XX', 'LT'], ['NX', 'bogus'], ['bogus']]) {
      // XX GT just set `later`; a relative GT GT with the same `later` would compare two "now"s a
      // millisecond apart (0 or 1 by timing), so it asks for twice as long.
      const when = bad[0] === 'GT' && bad[1] === 'GT' && !abs ? String(Number(later) * 2) : later;
      cmds.push([cmd, 't', when, ...bad]);
    }
    cmds.push([cmd, 't', 'x', 'NX', 'XX'], [cmd, 't', later, 'NX', 'XX', 'x']);
    out.push({ name: `${cmd} NX/XX/GT/LT`, cmds });
  }
  return out;
}

/** KEYS patterns that exercise Redis's glob rules (ranges, negation, escapes, unterminated classes). */
const GLOB_KEYS = ['hello', 'hallo', 'hxllo', 'hllo', 'heeello', 'a*b', 'a?b', 'a[b', 'a]b', 'a\\b', 'a-b', 'a^b', '[', ']', '\\', '-', '^',
  '', 'é', '\x00', 'a\x00b', '\xff', 'A', 'Z', 'z', 'ab', 'abc', '*', '?'];
const GLOB_PATTERNS = ['*', '?', '??', 'h?llo', 'h*llo', 'h[ae]llo', 'h[^e]llo', 'h[a-b]llo', 'h[b-a]llo', 'h[a-]llo', 'h[-a]llo', 'a\\*b',
  'a\\?b', 'a\\[b', 'a\\\\b', 'a[\\]]b', 'a[]]b', 'a[[]b', 'a[', 'a[b', '[', '\\', 'a\\', '[^a]', '[!a]', '[a-z]', '[A-z]', '[z-a]',
  '***', '*?*', 'a*', '*b', 'a[*]b', 'a[?]b', '[\x00]', 'a?b', '\xff', '[\x00-\xff]', 'h[^]llo', '[^\\]]', '[-]', '[^-]', 'h\\ello', '*\\'];

export const KEYSPACE_EDGE_CASES: DiffCase[] = [
  {
    name: 'DEL/UNLINK/EXISTS/TOUCH with duplicates and missing keys',
    cmds: [
      ['MSET', 'a', '1', 'b', '2', 'c', '3'], ['EXISTS', 'a', 'a', 'nokey', 'b'], ['TOUCH', 'a', 'a', 'nokey'], ['DEL', 'a', 'a', 'nokey'],
      ['UNLINK', 'b', 'b', 'c'], ['EXISTS', 'a', 'b', 'c'], ['DEL', 'nokey'], ['DBSIZE'],
    ],
  },
  {
    name: 'TYPE of every value type',
    cmds: [
      ['SET', 's', 'v'], ['LPUSH', 'l', 'a'], ['SADD', 'st', 'a'], ['HSET', 'h', 'f', 'v'], ['ZADD', 'z', '1', 'a'], ['XADD', 'x', '1-1', 'f', 'v'],
      ['TYPE', 's'], ['TYPE', 'l'], ['TYPE', 'st'], ['TYPE', 'h'], ['TYPE', 'z'], ['TYPE', 'x'], ['TYPE', 'nokey'],
      ['OBJECT', 'ENCODING', 'l'], ['OBJECT', 'ENCODING', 'st'], ['OBJECT', 'ENCODING', 'h'], ['OBJECT', 'ENCODING', 'z'], ['OBJECT', 'ENCODING', 'x'],
    ],
  },
  {
    name: 'RENAME and RENAMENX with TTLs',
    cmds: [
      ['SET', 'a', '1', 'EXAT', FAR], ['SET', 'b', '2', 'EXAT', FARTHER], ['RENAME', 'a', 'b'], ['GET', 'b'], ['EXPIRETIME', 'b'], ['EXISTS', 'a'],
      ['SET', 'c', '3'], ['RENAMENX', 'b', 'c'], ['RENAMENX', 'b', 'd'], ['EXPIRETIME', 'd'], ['RENAME', 'd', 'd'], ['EXPIRETIME', 'd'],
      ['RENAMENX', 'd', 'd'], ['RENAME', 'nokey', 'nokey'], ['RENAMENX', 'nokey', 'x'], ['SET', 'e', '5'], ['EXPIREAT', 'c', FAR], ['RENAME', 'e', 'c'],
      ['EXPIRETIME', 'c'], ['GET', 'c'],
    ],
  },
  {
    name: 'COPY across databases, REPLACE, TTL kept',
    cmds: [
      ['SET', 'a', 'v', 'EXAT', FAR], ['COPY', 'a', 'b'], ['EXPIRETIME', 'b'], ['COPY', 'a', 'b'], ['COPY', 'a', 'b', 'REPLACE'], ['COPY', 'a', 'a'],
      ['COPY', 'a', 'a', 'DB', '0'], ['COPY', 'a', 'a', 'DB', '1'], ['COPY', 'a', 'a', 'DB', '1'], ['COPY', 'a', 'a', 'DB', '1', 'REPLACE'],
      ['COPY', 'a', 'c', 'DB', '-1'], ['COPY', 'a', 'c', 'DB', '16'], ['COPY', 'a', 'c', 'DB', '1.5'], ['COPY', 'a', 'c', 'REPLACE', 'REPLACE'],
      ['COPY', 'a', 'c', 'DB', '1', 'DB', '2'], ['COPY', 'a', 'c', 'db'], ['COPY', 'nokey', 'c'], ['SELECT', '1'], ['EXPIRETIME', 'a'], ['GET', 'a'],
      ['DBSIZE'], ['SET', 'i', '42'], ['COPY', 'i', 'j'], ['OBJECT', 'ENCODING', 'j'],
    ],
  },
  {
    name: 'MOVE keeps the TTL and refuses existing targets',
    cmds: [
      ['SET', 'a', 'v', 'EXAT', FAR], ['MOVE', 'a', '1'], ['EXISTS', 'a'], ['SELECT', '1'], ['EXPIRETIME', 'a'], ['SET', 'b', 'x'], ['SELECT', '0'],
      ['SET', 'b', 'y'], ['MOVE', 'b', '1'], ['GET', 'b'], ['MOVE', 'b', '0'], ['MOVE', 'b', '-1'], ['MOVE', 'b', '16'], ['MOVE', 'b', '1.0'],
      ['MOVE', 'b', ''], ['MOVE', 'nokey', '1'], ['MOVE', 'nokey', '99'],
    ],
  },
  {
    name: 'SELECT and SWAPDB errors and effects',
    cmds: [
      ['SELECT', '15'], ['SET', 'in15', 'v'], ['SELECT', '-0'], ['SELECT', '+1'], ['SELECT', ' 1'], ['SELECT', '01'], ['DBSIZE'], ['SELECT', '1.0'],
      ['SELECT', ''], ['SELECT', '9223372036854775808'], ['SELECT', '0'], ['SWAPDB', '0', '15'], ['GET', 'in15'], ['SWAPDB', '-1', '0'],
      ['SWAPDB', '0', '-1'], ['SWAPDB', 'a', 'b'], ['SWAPDB', '1', 'b'], ['SWAPDB', '16', '0'], ['SWAPDB', '1', '1'], ['SWAPDB', '0', '1.5'],
      ['DBSIZE'],
    ],
  },
  {
    name: 'FLUSHDB/FLUSHALL options and DBSIZE',
    cmds: [
      ['MSET', 'a', '1', 'b', '2'], ['SELECT', '3'], ['SET', 'c', '3'], ['FLUSHDB', 'SYNC'], ['DBSIZE'], ['SELECT', '0'], ['DBSIZE'], ['FLUSHDB', 'ASYNC', 'SYNC'],
      ['FLUSHDB', 'bogus'], ['FLUSHDB', 'async'], ['DBSIZE'], ['SET', 'a', '1'], ['FLUSHALL', 'SYNC'], ['DBSIZE'], ['FLUSHALL', 'x'],
      ['FLUSHALL', 'ASYNC', 'x'], ['FLUSHALL'], ['FLUSHDB'], ['DBSIZE', 'x'],
    ],
  },
  {
    name: 'KEYS with tricky glob patterns',
    cmds: [['MSET', ...GLOB_KEYS.flatMap((k) => [k, 'v'])], ...GLOB_PATTERNS.map((p) => ['KEYS', p])],
  },
  {
    name: 'KEYS skips expired keys and other databases',
    cmds: [['SET', 'a', '1'], ['SET', 'b', '1', 'PXAT', '1'], ['SELECT', '1'], ['SET', 'c', '1'], ['SELECT', '0'], ['KEYS', '*'], ['DBSIZE']],
  },
  {
    name: 'SCAN on a small keyspace: MATCH, COUNT, TYPE, errors',
    cmds: [
      ['MSET', 'k1', 'v', 'k2', 'v', 'x1', 'v'], ['SCAN', '0'], ['SCAN', '0', 'COUNT', '1000'], ['SCAN', '0', 'MATCH', 'k*', 'COUNT', '1000'],
      ['SCAN', '0', 'TYPE', 'string', 'COUNT', '1000'], ['SCAN', '0', 'TYPE', 'list', 'COUNT', '1000'], ['SCAN', '0', 'TYPE', 'LIST', 'COUNT', '1000'],
      ['SCAN', '0', 'TYPE', 'nosuchtype'], ['SCAN', '0', 'MATCH', '*', 'MATCH', 'x*'], ['SCAN', '0', 'COUNT', '-1'], ['SCAN', '0', 'COUNT', '0'],
      // (Not SCAN -1 or 18446744073709551615: a cursor the server did not hand out names a hash-table
      // bucket, so what it returns depends on the table layout.)
      ['SCAN', '0', 'COUNT'], ['SCAN', '1.5'], ['SCAN', ''], ['SCAN', '18446744073709551616'], ['SCAN', '+0', 'COUNT', '1000'],
    ],
  },
  {
    name: 'SCAN TYPE filters by value type',
    cmds: [['SET', 's', 'v'], ['LPUSH', 'l', 'a'], ['SADD', 'st', 'a'], ['HSET', 'h', 'f', 'v'], ['ZADD', 'z', '1', 'a'],
      ...['string', 'list', 'set', 'hash', 'zset', 'stream', 'LIST', 'none'].map((t) => ['SCAN', '0', 'TYPE', t, 'COUNT', '1000'])],
  },
  ...expireOptionCases(),
  {
    name: 'EXPIRE family edge values',
    cmds: [
      ['SET', 'k', 'v'], ['EXPIRE', 'k', '0'], ['EXISTS', 'k'], ['SET', 'k', 'v'], ['PEXPIRE', 'k', '-1'], ['EXISTS', 'k'], ['SET', 'k', 'v'],
      ['EXPIREAT', 'k', '1'], ['EXISTS', 'k'], ['SET', 'k', 'v'], ['PEXPIREAT', 'k', '0'], ['EXISTS', 'k'], ['SET', 'k', 'v'], ['EXPIRE', 'k', '1.5'],
      ['EXPIRE', 'k', ' 10'], ['EXPIRE', 'k', '9223372036854775807'], ['EXPIRE', 'k', '-9223372036854775808'], ['PEXPIRE', 'k', '9223372036854775807'],
      ['PEXPIRE', 'k', '-9223372036854775808'], ['EXPIREAT', 'k', '9223372036854775807'], ['PEXPIREAT', 'k', '9223372036854775807'],
      ['PEXPIREAT', 'k', '9223372036854775806'], ['PEXPIRETIME', 'k'], ['EXPIRETIME', 'k'], ['PERSIST', 'k'], ['PERSIST', 'k'],
      ['PERSIST', 'nokey'], ['TTL', 'k'], ['PTTL', 'k'], ['TTL', 'nokey'], ['PTTL', 'nokey'], ['EXPIRETIME', 'k'], ['PEXPIRETIME', 'nokey'],
      ['EXPIRE', 'k', '100'], ['TTL', 'k'], ['EXPIREAT', 'k', FAR], ['EXPIRETIME', 'k'], ['PEXPIRETIME', 'k'], ['SET', 'k', 'w'], ['TTL', 'k'],
      ['EXPIRE', 'k', '9223372036854775'], ['EXPIRE', 'k', '9223372036854776'], ['EXPIREAT', 'k', '-1'], ['EXISTS', 'k'],
    ],
  },
  {
    name: 'OBJECT subcommands and errors',
    cmds: [
      ['SET', 'k', 'v'], ['OBJECT', 'ENCODING', 'k'], ['OBJECT', 'REFCOUNT', 'k'], ['OBJECT', 'FREQ', 'k'], ['OBJECT', 'IDLETIME', 'nokey'],
      ['OBJECT', 'ENCODING', 'nokey'], ['OBJECT', 'REFCOUNT', 'nokey'], ['OBJECT', 'FREQ', 'nokey'], ['OBJECT', 'encoding', 'k'], ['OBJECT', 'HELP'],
      ['OBJECT', 'help', 'x'], ['OBJECT', 'bogus'], ['OBJECT', 'bogus', 'k'], ['OBJECT'], ['OBJECT', 'ENCODING', 'k', 'extra'],
    ],
  },
  {
    name: 'RANDOMKEY on empty and single-key databases',
    cmds: [['RANDOMKEY'], ['SET', 'only', 'v'], ['RANDOMKEY'], ['SET', 'gone', 'v', 'PXAT', '1'], ['DEL', 'only'], ['RANDOMKEY']],
  },
];
