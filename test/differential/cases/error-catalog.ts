/**
 * How to make redis-server and Sonic send each message of Sonic's error catalog
 * (src/engine/errors.ts), for test/differential/error-catalog.test.ts. Every catalog entry needs
 * at least one trigger here: the test fails for an entry without one, so a message that no Redis
 * command can produce (a typo, or a text Redis 7.0.15 does not have) shows up as a failure.
 */
import { Errors } from '../../../src/engine/errors.js';

/** One way to trigger a catalog message. */
export interface ErrorTrigger {
  /** Commands sent pipelined after FLUSHALL. */
  readonly cmds: readonly (readonly string[])[];
  /** The catalog message (without "-" and CRLF) the reply at `at` must be, on redis-server first. */
  readonly expect: string;
  /** Index of the reply that carries the message; default the last. */
  readonly at?: number;
  /**
   * Set this password first (CONFIG SET requirepass, on the already authenticated control
   * connection) and send `cmds` on a fresh connection; the password is cleared afterwards.
   */
  readonly requirepass?: string;
}

/** Redis's DUMP of the string "v" (RDB version 10), for RESTORE. */
const DUMP_OF_V = '\x00\x01v\n\x00\x91\x08\xce\xb2\x19\x38\x8a\xce';

export const ERROR_TRIGGERS: Record<string, readonly ErrorTrigger[]> = {
  wrongType: [
    { cmds: [['LPUSH', 'l', 'a'], ['GET', 'l']], expect: Errors.wrongType },
    { cmds: [['SADD', 's', 'a'], ['INCR', 's']], expect: Errors.wrongType },
    { cmds: [['HSET', 'h', 'f', 'v'], ['APPEND', 'h', 'x']], expect: Errors.wrongType },
  ],
  syntax: [
    { cmds: [['SET', 'k', 'v', 'NX', 'XX']], expect: Errors.syntax },
    { cmds: [['SET', 'k', 'v', 'bogus']], expect: Errors.syntax },
    { cmds: [['COPY', 'a', 'b', 'bogus']], expect: Errors.syntax },
    { cmds: [['FLUSHALL', 'bogus']], expect: Errors.syntax },
    { cmds: [['GETEX', 'k', 'bogus']], expect: Errors.syntax },
  ],
  notInteger: [
    { cmds: [['SET', 'k', 'abc'], ['INCR', 'k']], expect: Errors.notInteger },
    { cmds: [['INCRBY', 'k', '1.5']], expect: Errors.notInteger },
    { cmds: [['SET', 'k', 'v', 'EX', 'x']], expect: Errors.notInteger },
    { cmds: [['SELECT', 'x']], expect: Errors.notInteger },
    { cmds: [['SETRANGE', 'k', 'x', 'v']], expect: Errors.notInteger },
  ],
  notFloat: [
    { cmds: [['INCRBYFLOAT', 'k', 'abc']], expect: Errors.notFloat },
    { cmds: [['SET', 'k', 'abc'], ['INCRBYFLOAT', 'k', '1']], expect: Errors.notFloat },
  ],
  overflow: [
    { cmds: [['SET', 'k', '9223372036854775807'], ['INCR', 'k']], expect: Errors.overflow },
    { cmds: [['SET', 'k', '-9223372036854775808'], ['DECR', 'k']], expect: Errors.overflow },
    { cmds: [['SET', 'k', '1'], ['INCRBY', 'k', '9223372036854775807']], expect: Errors.overflow },
  ],
  decrementOverflow: [{ cmds: [['DECRBY', 'k', '-9223372036854775808']], expect: Errors.decrementOverflow }],
  nanOrInfinity: [
    { cmds: [['SET', 'k', '1e4932'], ['INCRBYFLOAT', 'k', '1e4932']], expect: Errors.nanOrInfinity },
    { cmds: [['SET', 'k', '1'], ['INCRBYFLOAT', 'k', 'inf']], expect: Errors.nanOrInfinity },
  ],
  offsetOutOfRange: [{ cmds: [['SETRANGE', 'k', '-1', 'v']], expect: Errors.offsetOutOfRange }],
  noSuchKey: [
    { cmds: [['RENAME', 'nokey', 'x']], expect: Errors.noSuchKey },
    { cmds: [['RENAMENX', 'nokey', 'x']], expect: Errors.noSuchKey },
  ],
  outOfRangeDb: [{ cmds: [['DEBUG', 'HTSTATS', '16']], expect: Errors.outOfRangeDb }],
  notHashTable: [{ cmds: [['SET', 'k', 'v'], ['DEBUG', 'HTSTATS-KEY', 'k']], expect: Errors.notHashTable }],
  outOfRangeIndex: [{ cmds: [['LPUSH', 'l', 'a'], ['LSET', 'l', '5', 'x']], expect: Errors.outOfRangeIndex }],
  noAuth: [{ cmds: [['GET', 'k']], expect: Errors.noAuth, requirepass: 'pw' }],
  wrongPass: [
    { cmds: [['AUTH', 'wrong']], expect: Errors.wrongPass, requirepass: 'pw' },
    { cmds: [['AUTH', 'default', 'wrong']], expect: Errors.wrongPass, requirepass: 'pw' },
    { cmds: [['AUTH', 'nobody', 'x']], expect: Errors.wrongPass },
  ],
  invalidExpire: [
    { cmds: [['SET', 'k', 'v', 'EX', '0']], expect: Errors.invalidExpire('set') },
    { cmds: [['SETEX', 'k', '-1', 'v']], expect: Errors.invalidExpire('setex') },
    { cmds: [['PSETEX', 'k', '0', 'v']], expect: Errors.invalidExpire('psetex') },
    { cmds: [['SET', 'k', 'v'], ['GETEX', 'k', 'EX', '0']], expect: Errors.invalidExpire('getex') },
    { cmds: [['SET', 'k', 'v'], ['EXPIRE', 'k', '9223372036854775807']], expect: Errors.invalidExpire('expire') },
    { cmds: [['SET', 'k', 'v'], ['PEXPIRE', 'k', '9223372036854775807']], expect: Errors.invalidExpire('pexpire') },
    { cmds: [['SET', 'k', 'v'], ['EXPIREAT', 'k', '9223372036854775807']], expect: Errors.invalidExpire('expireat') },
  ],
  wrongArity: [
    { cmds: [['GET']], expect: Errors.wrongArity('get') },
    { cmds: [['CLIENT', 'SETNAME']], expect: Errors.wrongArity('client|setname') },
    { cmds: [['MSET', 'a']], expect: Errors.wrongArity('mset') },
    { cmds: [['CLIENT']], expect: Errors.wrongArity('client') },
  ],
  unknownSubcommand: [
    { cmds: [['CLIENT', 'bogus']], expect: Errors.unknownSubcommand('bogus', 'client') },
    { cmds: [['OBJECT', 'x'.repeat(200)]], expect: Errors.unknownSubcommand('x'.repeat(200), 'object') },
  ],
  subcommandSyntax: [
    { cmds: [['DEBUG', 'bogus']], expect: Errors.subcommandSyntax('bogus', 'debug') },
    { cmds: [['FUNCTION', 'FLUSH', 'a', 'b']], expect: Errors.subcommandSyntax('FLUSH', 'function') },
  ],
  dbIndexOutOfRange: [
    { cmds: [['SELECT', '16']], expect: Errors.dbIndexOutOfRange },
    { cmds: [['SET', 'k', 'v'], ['MOVE', 'k', '16']], expect: Errors.dbIndexOutOfRange },
    { cmds: [['SWAPDB', '0', '16']], expect: Errors.dbIndexOutOfRange },
    { cmds: [['SET', 'k', 'v'], ['COPY', 'k', 'x', 'DB', '16']], expect: Errors.dbIndexOutOfRange },
  ],
  // invalidDbIndex: NO trigger. "ERR invalid DB index" is not an error text of Redis 7.0.15
  // (SWAPDB says "invalid first DB index" / "invalid second DB index"); the catalog entry is dead.
  sameObject: [
    { cmds: [['SET', 'k', 'v'], ['MOVE', 'k', '0']], expect: Errors.sameObject },
    { cmds: [['SET', 'k', 'v'], ['COPY', 'k', 'k']], expect: Errors.sameObject },
  ],
  busyKey: [{ cmds: [['SET', 'a', 'x'], ['RESTORE', 'a', '0', DUMP_OF_V]], expect: Errors.busyKey }],
  stringTooLong: [
    { cmds: [['SETRANGE', 'k', '536870912', 'v']], expect: Errors.stringTooLong },
    { cmds: [['SETRANGE', 'k', '536870911', 'vv']], expect: Errors.stringTooLong },
  ],
  invalidCursor: [
    { cmds: [['SCAN', 'x']], expect: Errors.invalidCursor },
    { cmds: [['SCAN', '1.5']], expect: Errors.invalidCursor },
    { cmds: [['SCAN', '18446744073709551616']], expect: Errors.invalidCursor },
  ],
  noReplicas: [
    { cmds: [['CONFIG', 'SET', 'min-replicas-to-write', '1'], ['SET', 'k', 'v'], ['CONFIG', 'SET', 'min-replicas-to-write', '0']], expect: Errors.noReplicas, at: 1 },
  ],
  clusterDisabled: [
    { cmds: [['CLUSTER', 'INFO']], expect: Errors.clusterDisabled, at: 0 },
    { cmds: [['READONLY']], expect: Errors.clusterDisabled, at: 0 },
  ],
  oom: [
    { cmds: [['CONFIG', 'SET', 'maxmemory', '1'], ['SET', 'k', 'v'], ['CONFIG', 'SET', 'maxmemory', '0']], expect: Errors.oom, at: 1 },
  ],
  mustBePositive: [
    { cmds: [['SPOP', 's', '-1']], expect: Errors.mustBePositive },
    { cmds: [['SPOP', 's', 'x']], expect: Errors.mustBePositive },
  ],
  rangeBetween: [{ cmds: [['SRANDMEMBER', 's', '-9223372036854775808']], expect: Errors.rangeBetween(-9223372036854775807n, 9223372036854775807n) }],
  numkeysPositive: [
    { cmds: [['SINTERCARD', '0', 'a']], expect: Errors.numkeysPositive },
    { cmds: [['SINTERCARD', 'x', 'a']], expect: Errors.numkeysPositive },
  ],
  numkeysTooMany: [{ cmds: [['SINTERCARD', '3', 'a', 'b']], expect: Errors.numkeysTooMany }],
  limitNegative: [
    { cmds: [['SINTERCARD', '1', 'a', 'LIMIT', '-1']], expect: Errors.limitNegative },
    { cmds: [['SINTERCARD', '1', 'a', 'LIMIT', 'x']], expect: Errors.limitNegative },
  ],
  minMaxNotFloat: [{ cmds: [['ZADD', 'z', '1', 'a'], ['ZRANGEBYSCORE', 'z', 'a', 'b']], expect: Errors.minMaxNotFloat }],
  minMaxNotLex: [{ cmds: [['ZADD', 'z', '0', 'a'], ['ZRANGEBYLEX', 'z', 'a', 'b']], expect: Errors.minMaxNotLex }],
  scoreNaN: [{ cmds: [['ZADD', 'z', 'inf', 'a'], ['ZINCRBY', 'z', '-inf', 'a']], expect: Errors.scoreNaN }],
  weightNotFloat: [{ cmds: [['ZADD', 'z', '1', 'a'], ['ZUNIONSTORE', 'd', '1', 'z', 'WEIGHTS', 'x']], expect: Errors.weightNotFloat }],
  hashNotInteger: [{ cmds: [['HSET', 'h', 'f', 'x'], ['HINCRBY', 'h', 'f', '1']], expect: Errors.hashNotInteger }],
  hashNotFloat: [{ cmds: [['HSET', 'h', 'f', 'x'], ['HINCRBYFLOAT', 'h', 'f', '1']], expect: Errors.hashNotFloat }],
  nanOrInfinityArg: [{ cmds: [['HSET', 'h', 'f', '1'], ['HINCRBYFLOAT', 'h', 'f', 'inf']], expect: Errors.nanOrInfinityArg }],
  outOfRange: [{ cmds: [['HSET', 'h', 'f', 'v'], ['HRANDFIELD', 'h', '-9223372036854775807', 'WITHVALUES']], expect: Errors.outOfRange }],
  // Streams.
  invalidStreamId: [
    { cmds: [['XADD', 's', 'x', 'f', 'v']], expect: Errors.invalidStreamId },
    { cmds: [['XRANGE', 's', '(-', '+']], expect: Errors.invalidStreamId },
    { cmds: [['XADD', 's', '1-1', 'f', 'v'], ['XDEL', 's', '+']], expect: Errors.invalidStreamId },
  ],
  maxlenAndMinid: [{ cmds: [['XTRIM', 's', 'MAXLEN', '1', 'MINID', '1']], expect: Errors.maxlenAndMinid }],
  maxlenNegative: [{ cmds: [['XADD', 's', 'MAXLEN', '-1', '*', 'f', 'v']], expect: Errors.maxlenNegative }],
  limitArgNegative: [{ cmds: [['XTRIM', 's', 'MAXLEN', '~', '1', 'LIMIT', '-1']], expect: Errors.limitArgNegative }],
  limitWithoutTrim: [{ cmds: [['XADD', 's', 'LIMIT', '5', '*', 'f', 'v']], expect: Errors.limitWithoutTrim }],
  xtrimWithoutStrategy: [{ cmds: [['XTRIM', 's', 'LIMIT', '0']], expect: Errors.xtrimWithoutStrategy }],
  limitWithoutApprox: [{ cmds: [['XTRIM', 's', 'MAXLEN', '1', 'LIMIT', '5']], expect: Errors.limitWithoutApprox }],
  xaddIdZero: [{ cmds: [['XADD', 's', '0-0', 'f', 'v']], expect: Errors.xaddIdZero }],
  streamExhausted: [{ cmds: [['XADD', 's', '18446744073709551615-18446744073709551615', 'f', 'v'], ['XADD', 's', '*', 'f', 'v']], expect: Errors.streamExhausted }],
  xaddIdTooSmall: [{ cmds: [['XADD', 's', '5-5', 'f', 'v'], ['XADD', 's', '5-5', 'f', 'v']], expect: Errors.xaddIdTooSmall }],
  // Redis's reply to an overflowing "<ms>-*" depends on errno left by earlier calls: only the
  // fresh-connection form is deterministic on both sides.
  streamElementsTooLarge: [{ cmds: [['XADD', 's', '1-18446744073709551615', 'f', 'v'], ['XADD', 's', '1-*', 'f', 'v']], expect: Errors.streamElementsTooLarge }],
  invalidStartInterval: [{ cmds: [['XRANGE', 's', '(18446744073709551615-18446744073709551615', '+']], expect: Errors.invalidStartInterval }],
  invalidEndInterval: [{ cmds: [['XRANGE', 's', '-', '(0-0']], expect: Errors.invalidEndInterval }],
  xreadUnbalanced: [{ cmds: [['XREAD', 'STREAMS', 'a', 'b', '0']], expect: Errors.xreadUnbalanced }],
  xreadGroupOption: [{ cmds: [['XREAD', 'GROUP', 'g', 'c', 'STREAMS', 'a', '0']], expect: Errors.xreadGroupOption }],
  xreadNoackOption: [{ cmds: [['XREAD', 'NOACK', 'STREAMS', 'a', '0']], expect: Errors.xreadNoackOption }],
  xreadgroupMissingGroup: [{ cmds: [['XREADGROUP', 'NOACK', 'COUNT', '1', 'STREAMS', 'a', '>']], expect: Errors.xreadgroupMissingGroup }],
  xreadgroupDollar: [{ cmds: [['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '$']], expect: Errors.xreadgroupDollar }],
  xreadGreaterId: [{ cmds: [['XREAD', 'STREAMS', 's', '>']], expect: Errors.xreadGreaterId }],
  noGroupForRead: [
    { cmds: [['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'nokey', '>']], expect: Errors.noGroupForRead('nokey', 'g') },
    { cmds: [['XADD', 'k\x00x', '1-1', 'f', 'v'], ['XREADGROUP', 'GROUP', 'g\x00y', 'c', 'STREAMS', 'k\x00x', '>']], expect: Errors.noGroupForRead('k', 'g') },
  ],
  noKeyOrGroup: [
    { cmds: [['XPENDING', 'nokey', 'g']], expect: Errors.noKeyOrGroup('nokey', 'g') },
    { cmds: [['XCLAIM', 'nokey', 'g', 'c', '0', '1-1']], expect: Errors.noKeyOrGroup('nokey', 'g') },
  ],
  noSuchGroup: [
    { cmds: [['XADD', 's', '1-1', 'f', 'v'], ['XGROUP', 'SETID', 's', 'g', '0']], expect: Errors.noSuchGroup('g', 's') },
    { cmds: [['XADD', 's', '1-1', 'f', 'v'], ['XINFO', 'CONSUMERS', 's', 'g']], expect: Errors.noSuchGroup('g', 's') },
  ],
  entriesReadInvalid: [{ cmds: [['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM', 'ENTRIESREAD', '-2']], expect: Errors.entriesReadInvalid }],
  xgroupNoKey: [{ cmds: [['XGROUP', 'CREATE', 's', 'g', '$']], expect: Errors.xgroupNoKey }],
  busyGroup: [{ cmds: [['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'], ['XGROUP', 'CREATE', 's', 'g', '$']], expect: Errors.busyGroup }],
  entriesAddedNegative: [{ cmds: [['XSETID', 's', '1-1', 'ENTRIESADDED', '-1']], expect: Errors.entriesAddedNegative }],
  xsetidBelowMaxDeleted: [{ cmds: [['XSETID', 's', '1-1', 'MAXDELETEDID', '2-2']], expect: Errors.xsetidBelowMaxDeleted }],
  xsetidBelowTop: [{ cmds: [['XADD', 's', '5-5', 'f', 'v'], ['XSETID', 's', '5-4']], expect: Errors.xsetidBelowTop }],
  xsetidEntriesAdded: [{ cmds: [['XADD', 's', '5-5', 'f', 'v'], ['XADD', 's', '5-6', 'f', 'v'], ['XSETID', 's', '6-0', 'ENTRIESADDED', '1']], expect: Errors.xsetidEntriesAdded }],
  xclaimMinIdle: [{ cmds: [['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'], ['XCLAIM', 's', 'g', 'c', 'x', '1-1']], expect: Errors.xclaimMinIdle }],
  xclaimIdle: [{ cmds: [['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'], ['XCLAIM', 's', 'g', 'c', '0', '1-1', 'IDLE', 'x']], expect: Errors.xclaimIdle }],
  xclaimTime: [{ cmds: [['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'], ['XCLAIM', 's', 'g', 'c', '0', '1-1', 'TIME', 'x']], expect: Errors.xclaimTime }],
  xclaimRetryCount: [{ cmds: [['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'], ['XCLAIM', 's', 'g', 'c', '0', '1-1', 'RETRYCOUNT', 'x']], expect: Errors.xclaimRetryCount }],
  xclaimOption: [{ cmds: [['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'], ['XCLAIM', 's', 'g', 'c', '0', '1-1', 'BOGUS\x00x']], expect: Errors.xclaimOption('BOGUS') }],
  xautoclaimMinIdle: [{ cmds: [['XAUTOCLAIM', 's', 'g', 'c', 'x', '0']], expect: Errors.xautoclaimMinIdle }],
  xautoclaimCount: [
    { cmds: [['XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'COUNT', '0']], expect: Errors.xautoclaimCount },
    { cmds: [['XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'COUNT', 'x']], expect: Errors.xautoclaimCount },
  ],
  xautoclaimTooHigh: [{ cmds: [['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'], ['XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'COUNT', '576460752303423487']], expect: Errors.xautoclaimTooHigh }],
};
