/**
 * Keyspace-notification scenarios (test/differential/keyspace-events.test.ts): every write
 * command group runs with notify-keyspace-events on while another connection listens on
 * `__key*__:*`, and the event stream is compared byte for byte with redis-server's (event names,
 * classes, database numbers and order). Each group also runs on a single RESP3 connection that
 * listens to its own events, so the order of each push relative to the command's reply is
 * compared as well.
 */
import type { CommandInput } from '../../helpers/raw-connection.js';
import type { StreamCase, StreamStep } from '../../helpers/stream-scenario.js';
import { REDIS_PAYLOADS } from './dump.js';

/** Every class, plus new-key and key-miss events (not part of "A"). */
const ALL = 'KEAnm';

/** A phase of a scenario: commands, or a pause (a TTL passing). */
type Phase = readonly CommandInput[] | { readonly sleep: number };

function phases(on: number, list: readonly Phase[]): StreamStep[] {
  return list.map((p) => ('sleep' in p ? { sleep: p.sleep } : { on, send: p as readonly CommandInput[] }));
}

/**
 * Connection 0 listens to every keyspace and keyevent channel; connection 1 sets `flags` and
 * runs the phases; then the events connection 0 received are compared.
 */
function listened(name: string, flags: string, list: readonly Phase[]): StreamCase {
  return {
    name,
    conns: 2,
    steps: [
      { on: 0, send: [['PSUBSCRIBE', '__key*__:*']] },
      { on: 1, send: [['CONFIG', 'SET', 'notify-keyspace-events', flags]] },
      ...phases(1, list),
      { on: 0, send: [] },
    ],
  };
}

/** One RESP3 connection that listens to its own events: pushes interleave with its replies. */
function self(name: string, flags: string, list: readonly Phase[]): StreamCase {
  return {
    name: `${name} (own events, RESP3)`,
    conns: 1,
    proto: 3,
    steps: [{ on: 0, send: [['PSUBSCRIBE', '__key*__:*'], ['CONFIG', 'SET', 'notify-keyspace-events', flags]] }, ...phases(0, list)],
  };
}

/** Both forms of a group's scenario. */
function group(name: string, list: readonly Phase[], flags = ALL): StreamCase[] {
  return [listened(name, flags, list), self(name, flags, list)];
}

const STRINGS: Phase[] = [
  [
    ['SET', 's', 'v'],
    ['SET', 's', 'v2', 'EX', '100'],
    ['SET', 's', 'v3', 'KEEPTTL'],
    ['SET', 's', 'x', 'NX'],
    ['SET', 's', 'v4', 'XX', 'GET'],
    ['SET', 'nx', 'v', 'NX', 'PX', '100000'],
    ['SETNX', 's', 'x'],
    ['SETNX', 's2', 'x'],
    ['SETEX', 's3', '100', 'x'],
    ['PSETEX', 's4', '100000', 'x'],
    ['GETSET', 's', 'y'],
    ['GETDEL', 's2'],
    ['GETDEL', 'missing'],
    ['GETEX', 's3', 'EX', '200'],
    ['GETEX', 's3', 'PERSIST'],
    ['GETEX', 's3', 'PERSIST'],
    ['GETEX', 's4', 'PXAT', '1'],
    ['GETEX', 'missing'],
    ['MSET', 'm1', 'a', 'm2', 'b'],
    ['MSETNX', 'm1', 'a', 'm3', 'c'],
    ['MSETNX', 'm4', 'a', 'm5', 'c'],
    ['APPEND', 'ap', 'x'],
    ['APPEND', 'ap', 'y'],
    ['APPEND', 'ap', ''],
    ['SETRANGE', 'sr', '2', 'ab'],
    ['SETRANGE', 'sr', '0', 'z'],
    ['SETRANGE', 'sr', '0', ''],
    ['SETRANGE', 'sr2', '5', ''],
    ['INCR', 'n'],
    ['DECR', 'n'],
    ['INCRBY', 'n', '5'],
    ['DECRBY', 'n', '2'],
    ['INCRBYFLOAT', 'n', '1.5'],
    ['INCR', 'ap'],
    ['GET', 'missing'],
    ['MGET', 'm1', 'missing', 'm2'],
    ['STRLEN', 'missing'],
    ['GETRANGE', 'missing', '0', '1'],
    ['LCS', 'm1', 'missing'],
  ],
];

const BITS: Phase[] = [
  [
    ['SETBIT', 'b', '7', '1'],
    ['SETBIT', 'b', '7', '1'],
    ['SETBIT', 'b', '7', '0'],
    ['SETBIT', 'b', '100', '0'],
    ['BITFIELD', 'bf', 'SET', 'u8', '0', '5'],
    ['BITFIELD', 'bf', 'SET', 'u8', '0', '5'],
    ['BITFIELD', 'bf', 'GET', 'u8', '0'],
    ['BITFIELD', 'bf', 'INCRBY', 'u8', '0', '1'],
    ['BITFIELD_RO', 'bf', 'GET', 'u8', '0'],
    ['SET', 'x', 'abc'],
    ['BITOP', 'AND', 'dest', 'x', 'bf'],
    ['BITOP', 'OR', 'dest', 'missing1', 'missing2'],
    ['BITOP', 'OR', 'dest', 'missing1', 'missing2'],
    ['BITCOUNT', 'missing'],
    ['BITPOS', 'missing', '1'],
    ['GETBIT', 'missing', '1'],
  ],
];

const GENERIC: Phase[] = [
  [
    ['MSET', 'a', '1', 'b', '2', 'c', '3'],
    ['DEL', 'a', 'missing', 'b'],
    ['UNLINK', 'c', 'missing'],
    ['SET', 'r1', 'v'],
    ['SET', 'r2', 'w'],
    ['RENAME', 'r1', 'r3'],
    ['RENAME', 'r3', 'r2'],
    ['RENAME', 'r2', 'r2'],
    ['RENAMENX', 'r2', 'r4'],
    ['SET', 'r5', 'x'],
    ['RENAMENX', 'r4', 'r5'],
    ['RENAME', 'missing', 'x'],
    ['SET', 'mv', 'v'],
    ['MOVE', 'mv', '3'],
    ['MOVE', 'mv', '3'],
    ['SET', 'cp', 'v'],
    ['COPY', 'cp', 'cp2'],
    ['COPY', 'cp', 'cp2'],
    ['COPY', 'cp', 'cp2', 'REPLACE'],
    ['COPY', 'cp', 'cp2', 'DB', '4'],
    ['COPY', 'missing', 'cp3'],
    ['EXPIRE', 'cp', '100'],
    ['PEXPIRE', 'cp', '100000'],
    ['EXPIRE', 'cp', '50', 'NX'],
    ['EXPIREAT', 'cp', '99999999999'],
    ['PEXPIREAT', 'cp2', '99999999999999'],
    ['PERSIST', 'cp'],
    ['PERSIST', 'cp'],
    ['EXPIRE', 'missing', '10'],
    ['EXPIRE', 'cp2', '0'],
    ['PEXPIREAT', 'r5', '1'],
    ['SET', 'ttl', 'v', 'EX', '100'],
    ['RENAME', 'ttl', 'ttl2'],
    ['EXISTS', 'missing'],
    ['TYPE', 'missing'],
    ['TTL', 'missing'],
    ['OBJECT', 'ENCODING', 'missing'],
    ['TOUCH', 'missing'],
    ['SELECT', '5'],
    ['SET', 'db5', 'x'],
    ['DEL', 'db5'],
    ['SELECT', '0'],
    ['RESTORE', 'rs', '0', REDIS_PAYLOADS['set:str']],
    ['RESTORE', 'rs', '0', REDIS_PAYLOADS['set:str'], 'REPLACE'],
    ['RESTORE', 'rs', '1', REDIS_PAYLOADS['set:str'], 'REPLACE', 'ABSTTL'],
    ['RESTORE', 'rs2', '100000', REDIS_PAYLOADS['set:str']],
    ['FLUSHDB'],
    ['SET', 'f', 'v'],
    ['SWAPDB', '0', '1'],
    ['FLUSHALL'],
  ],
];

const EXPIRY: Phase[] = [
  [['DEBUG', 'SET-ACTIVE-EXPIRE', '0'], ['PSETEX', 'e1', '20', 'v'], ['SET', 'e2', 'v', 'PX', '20'], ['PSETEX', 'e3', '20', 'v'], ['PSETEX', 'e4', '20', 'v']],
  { sleep: 120 },
  // Lazily: a read (expired, then keymiss), a write (expired, then new), EXISTS.
  [['GET', 'e1'], ['SET', 'e2', 'w'], ['EXISTS', 'e3'], ['LPUSH', 'e4', 'x'], ['DEBUG', 'SET-ACTIVE-EXPIRE', '1']],
];

const ACTIVE_EXPIRY: Phase[] = [
  // One key: Redis samples volatile keys at random, so several would expire in any order.
  [['HSET', 'a', 'f', 'v'], ['PEXPIRE', 'a', '20']],
  // Nothing touches the keys: the background cycle (hz 10) expires them.
  { sleep: 600 },
  [['DBSIZE']],
];

const HASHES: Phase[] = [
  [
    ['HSET', 'h', 'a', '1', 'b', '2'],
    ['HSET', 'h', 'a', '1'],
    ['HMSET', 'h', 'c', '3'],
    ['HSETNX', 'h', 'a', 'x'],
    ['HSETNX', 'h', 'd', 'x'],
    ['HINCRBY', 'h', 'a', '5'],
    ['HINCRBYFLOAT', 'h', 'a', '0.5'],
    ['HINCRBY', 'h2', 'x', '1'],
    ['HDEL', 'h', 'missing'],
    ['HDEL', 'h', 'a', 'b'],
    ['HDEL', 'h', 'c', 'd', 'e'],
    ['HDEL', 'h', 'x'],
    ['HGET', 'missing', 'f'],
    ['HGETALL', 'missing'],
    ['HINCRBY', 'h2', 'x', 'notanumber'],
  ],
];

const LISTS: Phase[] = [
  [
    ['LPUSH', 'l', 'a', 'b'],
    ['RPUSH', 'l', 'c'],
    ['LPUSHX', 'missing', 'x'],
    ['RPUSHX', 'l', 'd'],
    ['LINSERT', 'l', 'BEFORE', 'c', 'x'],
    ['LINSERT', 'l', 'BEFORE', 'nope', 'x'],
    ['LSET', 'l', '0', 'z'],
    ['LPOP', 'l'],
    ['RPOP', 'l', '2'],
    ['LPOP', 'l', '0'],
    ['LREM', 'l', '0', 'nope'],
    ['RPUSH', 'l', 'x', 'x', 'y'],
    ['LREM', 'l', '2', 'x'],
    ['LTRIM', 'l', '0', '100'],
    ['LTRIM', 'l', '5', '1'],
    ['RPUSH', 'src', '1', '2', '3'],
    ['LMOVE', 'src', 'dst', 'LEFT', 'RIGHT'],
    ['RPOPLPUSH', 'src', 'dst'],
    ['RPOPLPUSH', 'src', 'src'],
    ['LMOVE', 'src', 'dst', 'RIGHT', 'LEFT'],
    ['LMPOP', '2', 'missing', 'dst', 'LEFT', 'COUNT', '2'],
    ['BLPOP', 'missing', 'dst', '0'],
    ['RPUSH', 'b1', 'v'],
    ['BLMOVE', 'b1', 'b2', 'LEFT', 'LEFT', '0'],
    ['BRPOPLPUSH', 'b2', 'b3', '0'],
    ['BLMPOP', '0', '1', 'b3', 'RIGHT'],
    ['RPUSH', 'one', 'v'],
    ['LREM', 'one', '0', 'v'],
    ['LRANGE', 'missing', '0', '-1'],
    ['LLEN', 'missing'],
    ['LPOS', 'missing', 'x'],
  ],
];

const SETS: Phase[] = [
  [
    ['SADD', 's', 'a', 'b', 'c'],
    ['SADD', 's', 'a'],
    ['SREM', 's', 'nope'],
    ['SREM', 's', 'a'],
    ['SMOVE', 's', 'd', 'b'],
    ['SMOVE', 's', 'd', 'nope'],
    ['SADD', 'd', 'c'],
    ['SMOVE', 's', 'd', 'c'],
    ['SMOVE', 'd', 'd', 'c'],
    ['SADD', 'p', 'only'],
    ['SPOP', 'p'],
    // (One member: the order of several popped at once is Redis's hash-table order.)
    ['SADD', 'p', 'x'],
    ['SPOP', 'p', '5'],
    ['SPOP', 'p', '0'],
    ['SADD', 's1', '1', '2', '3'],
    ['SADD', 's2', '2', '3', '4'],
    ['SINTERSTORE', 'i', 's1', 's2'],
    ['SUNIONSTORE', 'u', 's1', 's2'],
    ['SDIFFSTORE', 'df', 's1', 's2'],
    ['SINTERSTORE', 'i', 's1', 'missing'],
    ['SDIFFSTORE', 'df', 's1', 's1'],
    ['SUNIONSTORE', 'u', 'missing'],
    ['SDIFFSTORE', 'df', 's1', 's1'],
    ['SREM', 'd', 'b', 'c', 'x'],
    ['SMEMBERS', 'missing'],
    ['SISMEMBER', 'missing', 'a'],
    ['SCARD', 'missing'],
    ['SINTERCARD', '2', 's1', 'missing'],
  ],
];

const ZSETS: Phase[] = [
  [
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd'],
    ['ZADD', 'z', '1', 'a'],
    ['ZADD', 'z', 'XX', '5', 'a'],
    ['ZADD', 'z', 'NX', '5', 'a'],
    ['ZADD', 'z', 'INCR', '1', 'a'],
    ['ZINCRBY', 'z', '2', 'e'],
    ['ZADD', 'z', 'GT', 'CH', '0', 'b'],
    ['ZREM', 'z', 'nope'],
    ['ZREM', 'z', 'e'],
    ['ZREMRANGEBYRANK', 'z', '0', '0'],
    ['ZREMRANGEBYSCORE', 'z', '100', '200'],
    ['ZREMRANGEBYSCORE', 'z', '3', '3'],
    ['ZADD', 'lex', '0', 'a', '0', 'b', '0', 'c'],
    ['ZREMRANGEBYLEX', 'lex', '[a', '[b'],
    ['ZREMRANGEBYLEX', 'lex', '-', '+'],
    ['ZPOPMIN', 'z'],
    ['ZPOPMAX', 'z', '5'],
    ['ZPOPMIN', 'missing'],
    ['ZADD', 'z1', '1', 'a', '2', 'b'],
    ['ZADD', 'z2', '2', 'b', '3', 'c'],
    ['ZUNIONSTORE', 'zu', '2', 'z1', 'z2'],
    ['ZINTERSTORE', 'zi', '2', 'z1', 'z2'],
    ['ZDIFFSTORE', 'zd', '2', 'z1', 'z2'],
    ['ZINTERSTORE', 'zi', '2', 'z1', 'missing'],
    ['ZDIFFSTORE', 'zd', '2', 'z1', 'z1'],
    ['ZRANGESTORE', 'zr', 'z1', '0', '-1'],
    ['ZRANGESTORE', 'zr', 'z1', '5', '10'],
    ['ZRANGESTORE', 'zr', 'missing', '0', '-1'],
    ['ZMPOP', '2', 'missing', 'z1', 'MIN', 'COUNT', '5'],
    ['BZPOPMIN', 'z2', '0'],
    ['BZPOPMAX', 'z2', '0'],
    ['ZADD', 'bz', '1', 'x'],
    ['BZMPOP', '0', '1', 'bz', 'MAX'],
    ['ZRANGE', 'missing', '0', '-1'],
    ['ZSCORE', 'missing', 'a'],
    ['ZCARD', 'missing'],
  ],
];

const GEO_HLL_SORT: Phase[] = [
  [
    ['GEOADD', 'g', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania'],
    ['GEOADD', 'g', 'XX', '13.361389', '38.115556', 'Palermo'],
    ['GEOSEARCHSTORE', 'gs', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km'],
    ['GEOSEARCHSTORE', 'gs', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'STOREDIST'],
    ['GEOSEARCHSTORE', 'gs', 'g', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'],
    ['GEORADIUS', 'g', '15', '37', '200', 'km', 'STORE', 'gr'],
    ['GEORADIUSBYMEMBER', 'g', 'Palermo', '10', 'km', 'STORE', 'gr'],
    ['GEORADIUS', 'missing', '15', '37', '200', 'km', 'STORE', 'gr'],
    ['GEOPOS', 'missing', 'x'],
    ['PFADD', 'hll', 'a', 'b'],
    ['PFADD', 'hll', 'a'],
    ['PFADD', 'hll2'],
    ['PFADD', 'hll2'],
    ['PFCOUNT', 'hll'],
    ['PFMERGE', 'hll3', 'hll', 'hll2'],
    ['PFMERGE', 'hll3'],
    ['PFCOUNT', 'missing'],
    ['RPUSH', 'sl', '3', '1', '2'],
    ['SORT', 'sl', 'STORE', 'sorted'],
    ['SORT', 'missing', 'STORE', 'sorted'],
    ['SORT', 'missing', 'STORE', 'sorted'],
    ['SORT_RO', 'missing'],
  ],
];

const STREAMS: Phase[] = [
  [
    ['XADD', 'x', '1-1', 'f', 'v'],
    ['XADD', 'x', '2-1', 'f', 'v'],
    ['XADD', 'x', 'MAXLEN', '1', '3-1', 'f', 'v'],
    ['XADD', 'x', 'MAXLEN', '5', '4-1', 'f', 'v'],
    ['XADD', 'nox', 'NOMKSTREAM', '*', 'f', 'v'],
    ['XADD', 'x', '1-0', 'f', 'v'],
    ['XTRIM', 'x', 'MAXLEN', '1'],
    ['XTRIM', 'x', 'MAXLEN', '1'],
    ['XDEL', 'x', '4-1'],
    ['XDEL', 'x', '4-1'],
    ['XSETID', 'x', '9-9'],
    ['XGROUP', 'CREATE', 'x', 'g', '0'],
    ['XGROUP', 'CREATE', 'x', 'g', '0'],
    ['XGROUP', 'CREATE', 'mk', 'g', '$', 'MKSTREAM'],
    ['XGROUP', 'SETID', 'x', 'g', '$'],
    ['XGROUP', 'CREATECONSUMER', 'x', 'g', 'c0'],
    ['XGROUP', 'CREATECONSUMER', 'x', 'g', 'c0'],
    ['XADD', 'x', '10-1', 'f', 'v'],
    ['XADD', 'x', '11-1', 'f', 'v'],
    ['XREADGROUP', 'GROUP', 'g', 'c1', 'STREAMS', 'x', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'c1', 'STREAMS', 'x', '>'],
    ['XACK', 'x', 'g', '10-1'],
    ['XGROUP', 'DELCONSUMER', 'x', 'g', 'c1'],
    ['XGROUP', 'DELCONSUMER', 'x', 'g', 'nobody'],
    ['XGROUP', 'DESTROY', 'x', 'g'],
    ['XGROUP', 'DESTROY', 'x', 'g'],
    ['XRANGE', 'missing', '-', '+'],
    ['XLEN', 'x'],
    ['DEL', 'x'],
  ],
];

/**
 * XCLAIM and XAUTOCLAIM create their consumer on the first claim, after Redis 7.0 has begun the
 * reply array: a RESP3 client listening to its own events gets the push inside the array (a
 * Redis 7.0 quirk Sonic does not copy), so these run with a separate listener only.
 */
const STREAM_CLAIMS: Phase[] = [
  [
    ['XADD', 'x', '10-1', 'f', 'v'],
    ['XADD', 'x', '11-1', 'f', 'v'],
    ['XGROUP', 'CREATE', 'x', 'g', '0'],
    ['XREADGROUP', 'GROUP', 'g', 'c1', 'STREAMS', 'x', '>'],
    ['XCLAIM', 'x', 'g', 'c2', '0', '10-1'],
    ['XCLAIM', 'x', 'g', 'c2', '0', '11-1'],
    ['XAUTOCLAIM', 'x', 'g', 'c3', '0', '0'],
    ['XAUTOCLAIM', 'x', 'g', 'c3', '0', '0'],
  ],
];

/** Which classes reach the listener: masks, K or E alone, no class at all. */
const MASKS: StreamCase[] = [
  listened('only list events, both channels', 'KEl', [[['SET', 'k', 'v'], ['LPUSH', 'l', 'a'], ['DEL', 'l'], ['HSET', 'h', 'f', 'v']]]),
  listened('keyevent channel only, generic class', 'Eg', [[['SET', 'k', 'v'], ['EXPIRE', 'k', '100'], ['DEL', 'k'], ['LPUSH', 'l', 'a']]]),
  listened('keyspace channel only, string class', 'K$', [[['SET', 'k', 'v'], ['INCR', 'n'], ['DEL', 'k'], ['SETBIT', 'b', '1', '1']]]),
  listened('classes without K or E publish nothing', 'A', [[['SET', 'k', 'v'], ['DEL', 'k']]]),
  listened('K and E without a class publish nothing', 'KE', [[['SET', 'k', 'v'], ['DEL', 'k']]]),
  listened('new keys only', 'En', [[['SET', 'k', 'v'], ['SET', 'k', 'w'], ['SET', 'k2', 'v'], ['RPUSH', 'l', 'a'], ['RPUSH', 'l', 'b']]]),
  listened('key misses only', 'Km', [[['GET', 'nope'], ['SET', 'k', 'v'], ['GET', 'k'], ['LRANGE', 'l', '0', '-1'], ['HGET', 'h', 'f']]]),
  listened('sets, hashes, zsets by class', 'Kshz', [[['SADD', 's', 'a'], ['HSET', 'h', 'f', 'v'], ['ZADD', 'z', '1', 'm'], ['DEL', 's'], ['SET', 'k', 'v']]]),
  listened('expired class only', 'Ex', [[['DEBUG', 'SET-ACTIVE-EXPIRE', '0'], ['PSETEX', 'k', '10', 'v'], ['DEL', 'x']], { sleep: 60 }, [['GET', 'k'], ['DEBUG', 'SET-ACTIVE-EXPIRE', '1']]]),
  listened('turned off again', 'KEA', [[['SET', 'k', 'v'], ['CONFIG', 'SET', 'notify-keyspace-events', ''], ['SET', 'k', 'w']]]),
];

/** A database other than 0 appears in both channel names. */
const OTHER_DB: StreamCase = {
  name: 'events of database 9 name it',
  conns: 2,
  steps: [
    { on: 0, send: [['PSUBSCRIBE', '__key*@9__:*']] },
    { on: 1, send: [['CONFIG', 'SET', 'notify-keyspace-events', 'KEA'], ['SELECT', '9'], ['SET', 'k', 'v'], ['SELECT', '0'], ['SET', 'k', 'v']] },
    { on: 0, send: [] },
  ],
};

/** A client blocked on a list is served by a push: the pops are its events, after the push's. */
const BLOCKED: StreamCase = {
  name: 'BLPOP and BLMOVE served by a later push',
  conns: 4,
  steps: [
    { on: 0, send: [['PSUBSCRIBE', '__key*__:*']] },
    { on: 1, send: [['CONFIG', 'SET', 'notify-keyspace-events', ALL]] },
    { on: 2, send: [['BLPOP', 'q', '0']], noSync: true },
    { on: 3, send: [['BLMOVE', 'q2', 'q3', 'RIGHT', 'LEFT', '0']], noSync: true },
    { on: 1, send: [['RPUSH', 'q', 'a', 'b'], ['RPUSH', 'q2', 'x']] },
    { on: 2, send: [] },
    { on: 3, send: [] },
    { on: 0, send: [] },
  ],
};

export const KEYSPACE_EVENT_CASES: StreamCase[] = [
  ...group('strings', STRINGS),
  ...group('bitmaps', BITS),
  ...group('generic keyspace commands', GENERIC),
  ...group('lazy expiry', EXPIRY),
  listened('active expiry', ALL, ACTIVE_EXPIRY),
  ...group('hashes', HASHES),
  ...group('lists', LISTS),
  ...group('sets', SETS),
  ...group('sorted sets', ZSETS),
  ...group('geo, hyperloglog, sort', GEO_HLL_SORT),
  ...group('streams', STREAMS),
  listened('stream claims', ALL, STREAM_CLAIMS),
  ...MASKS,
  OTHER_DB,
  BLOCKED,
];
