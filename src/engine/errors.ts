/**
 * The catalog of error replies shared by several commands, byte-identical to Redis 7.0.15
 * (a differential test compares them with redis-server). Messages include their code prefix.
 */
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
} as const;

/** Redis's `-ERR` text for an option/argument that must be positive, etc., kept close to its use. */
export function errMsg(text: string): string {
  return 'ERR ' + text;
}
