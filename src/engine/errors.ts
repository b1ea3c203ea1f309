/**
 * The catalog of error replies shared by several commands, byte-identical to Redis 7.0.15
 * (a differential test compares them with redis-server). Messages include their code prefix.
 */
import { cString } from '../util/bytes.js';

export const Errors = {
  wrongType: 'WRONGTYPE Operation against a key holding the wrong kind of value',
  syntax: 'ERR syntax error',
  notInteger: 'ERR value is not an integer or out of range',
  notFloat: 'ERR value is not a valid float',
  overflow: 'ERR increment or decrement would overflow',
  decrementOverflow: 'ERR decrement would overflow',
  nanOrInfinity: 'ERR increment would produce NaN or Infinity',
  offsetOutOfRange: 'ERR offset is out of range',
  noSuchKey: 'ERR no such key',
  outOfRangeDb: 'ERR Out of range database',
  notHashTable: 'ERR The value stored at the specified key is not represented using an hash table',
  outOfRangeIndex: 'ERR index out of range',
  noAuth: 'NOAUTH Authentication required.',
  wrongPass: 'WRONGPASS invalid username-password pair or user is disabled.',
  invalidExpire: (cmd: string) => `ERR invalid expire time in '${cmd}' command`,
  wrongArity: (cmd: string) => `ERR wrong number of arguments for '${cmd}' command`,
  unknownSubcommand: (sub: string, cmd: string) =>
    `ERR unknown subcommand '${sub.slice(0, 128)}'. Try ${cmd.toUpperCase()} HELP.`,
  /** Redis's addReplySubcommandSyntaxError. */
  subcommandSyntax: (sub: string, cmd: string) =>
    `ERR unknown subcommand or wrong number of arguments for '${sub.slice(0, 128)}'. Try ${cmd.toUpperCase()} HELP.`,
  dbIndexOutOfRange: 'ERR DB index is out of range',
  sameObject: 'ERR source and destination objects are the same',
  busyKey: 'BUSYKEY Target key name already exists.',
  stringTooLong: 'ERR string exceeds maximum allowed size (proto-max-bulk-len)',
  invalidCursor: 'ERR invalid cursor',
  /** Every cluster command on a server that is not a cluster node. */
  clusterDisabled: 'ERR This instance has cluster support disabled',
  oom: "OOM command not allowed when used memory > 'maxmemory'.",
  noReplicas: 'NOREPLICAS Not enough good replicas to write.',
  // Redis's getPositiveLongFromObjectOrReply / getRangeLongFromObjectOrReply without a message.
  mustBePositive: 'ERR value is out of range, must be positive',
  rangeBetween: (min: number | bigint, max: number | bigint) => `ERR value is out of range, value must between ${min} and ${max}`,
  // Commands taking numkeys (SINTERCARD, ZINTERCARD, LMPOP, ...).
  numkeysPositive: 'ERR numkeys should be greater than 0',
  numkeysTooMany: "ERR Number of keys can't be greater than number of args",
  limitNegative: "ERR LIMIT can't be negative",
  // Sorted sets.
  minMaxNotFloat: 'ERR min or max is not a float',
  minMaxNotLex: 'ERR min or max not valid string range item',
  scoreNaN: 'ERR resulting score is not a number (NaN)',
  weightNotFloat: 'ERR weight value is not a float',
  // Hashes.
  hashNotInteger: 'ERR hash value is not an integer',
  hashNotFloat: 'ERR hash value is not a float',
  nanOrInfinityArg: 'ERR value is NaN or Infinity',
  outOfRange: 'ERR value is out of range',
  // Streams (t_stream.c). Names inside messages are C strings there: cut at the first NUL.
  invalidStreamId: 'ERR Invalid stream ID specified as stream command argument',
  maxlenAndMinid: 'ERR syntax error, MAXLEN and MINID options at the same time are not compatible',
  maxlenNegative: 'ERR The MAXLEN argument must be >= 0.',
  limitArgNegative: 'ERR The LIMIT argument must be >= 0.',
  limitWithoutTrim: 'ERR syntax error, LIMIT cannot be used without specifying a trimming strategy',
  xtrimWithoutStrategy: 'ERR syntax error, XTRIM must be called with a trimming strategy',
  limitWithoutApprox: 'ERR syntax error, LIMIT cannot be used without the special ~ option',
  xaddIdZero: 'ERR The ID specified in XADD must be greater than 0-0',
  streamExhausted: 'ERR The stream has exhausted the last possible ID, unable to add more items',
  xaddIdTooSmall: 'ERR The ID specified in XADD is equal or smaller than the target stream top item',
  streamElementsTooLarge: 'ERR Elements are too large to be stored',
  invalidStartInterval: 'ERR invalid start ID for the interval',
  invalidEndInterval: 'ERR invalid end ID for the interval',
  xreadUnbalanced: "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.",
  xreadGroupOption: 'ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.',
  xreadNoackOption: 'ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.',
  xreadgroupMissingGroup: 'ERR Missing GROUP option for XREADGROUP',
  xreadgroupDollar:
    'ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.',
  xreadGreaterId: 'ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.',
  noGroupForRead: (key: string, group: string) => `NOGROUP No such key '${cString(key)}' or consumer group '${cString(group)}' in XREADGROUP with GROUP option`,
  noKeyOrGroup: (key: string, group: string) => `NOGROUP No such key '${cString(key)}' or consumer group '${cString(group)}'`,
  noSuchGroup: (group: string, key: string) => `NOGROUP No such consumer group '${cString(group)}' for key name '${cString(key)}'`,
  entriesReadInvalid: 'ERR value for ENTRIESREAD must be positive or -1',
  xgroupNoKey:
    'ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.',
  busyGroup: 'BUSYGROUP Consumer Group name already exists',
  entriesAddedNegative: 'ERR entries_added must be positive',
  xsetidBelowMaxDeleted: 'ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id',
  xsetidBelowTop: 'ERR The ID specified in XSETID is smaller than the target stream top item',
  xsetidEntriesAdded: 'ERR The entries_added specified in XSETID is smaller than the target stream length',
  xclaimMinIdle: 'ERR Invalid min-idle-time argument for XCLAIM',
  xclaimIdle: 'ERR Invalid IDLE option argument for XCLAIM',
  xclaimTime: 'ERR Invalid TIME option argument for XCLAIM',
  xclaimRetryCount: 'ERR Invalid RETRYCOUNT option argument for XCLAIM',
  xclaimOption: (opt: string) => `ERR Unrecognized XCLAIM option '${cString(opt)}'`,
  xautoclaimMinIdle: 'ERR Invalid min-idle-time argument for XAUTOCLAIM',
  xautoclaimCount: 'ERR COUNT must be > 0',
  xautoclaimTooHigh: 'ERR Insufficient memory, failed allocating transient memory, COUNT too high.',
} as const;


/** Redis's `-ERR` text for an option/argument that must be positive, etc., kept close to its use. */
export function errMsg(text: string): string {
  return 'ERR ' + text;
}
