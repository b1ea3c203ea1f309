/**
 * The numbers of Redis's RDB format (version 10, Redis 7.0). They are written to disk and into
 * DUMP payloads, so they must never change: test/unit/rdb-constants.test.ts pins every value.
 */

/** The RDB version Sonic writes (Redis 7.0) and the newest it reads. */
export const RDB_VERSION = 10;

/** Value type codes: the byte before each key. */
export const RdbType = {
  STRING: 0,
  LIST: 1,
  SET: 2,
  ZSET: 3,
  HASH: 4,
  /** Sorted set with scores as binary little-endian doubles (RDB 8+). */
  ZSET_2: 5,
  MODULE: 6,
  MODULE_2: 7,
  HASH_ZIPMAP: 9,
  LIST_ZIPLIST: 10,
  SET_INTSET: 11,
  ZSET_ZIPLIST: 12,
  HASH_ZIPLIST: 13,
  LIST_QUICKLIST: 14,
  STREAM_LISTPACKS: 15,
  HASH_LISTPACK: 16,
  ZSET_LISTPACK: 17,
  LIST_QUICKLIST_2: 18,
  STREAM_LISTPACKS_2: 19,
  /** Redis 7.2 (RDB 11): consumers also carry an active time. Read, never written. */
  STREAM_LISTPACKS_3: 21,
} as const;

/** True for the bytes Redis 7.0 accepts as a value type (rdbIsObjectType). */
export function isObjectType(t: number): boolean {
  return (t >= 0 && t <= 7) || (t >= 9 && t <= 19);
}

/** Opcodes that may appear where a value type is expected. */
export const RdbOpcode = {
  /** A FUNCTION library (its code), Redis 7.0 GA. */
  FUNCTION2: 245,
  /** The 7.0-rc1/rc2 form of a function library (name, engine, description, code). */
  FUNCTION: 246,
  MODULE_AUX: 247,
  /** LRU idle time in seconds of the next key. */
  IDLE: 248,
  /** LFU counter (one byte) of the next key. */
  FREQ: 249,
  AUX: 250,
  RESIZEDB: 251,
  /** Absolute expiry in ms (8 bytes little-endian) of the next key. */
  EXPIRETIME_MS: 252,
  /** Absolute expiry in s (4 bytes), written before RDB 3. */
  EXPIRETIME: 253,
  SELECTDB: 254,
  EOF: 255,
} as const;

/** Length prefix kinds: the top two bits of the first byte. */
export const RdbLen = {
  BITS6: 0,
  BITS14: 1,
  /** Whole first byte: a 32-bit big-endian length follows. */
  BITS32: 0x80,
  /** Whole first byte: a 64-bit big-endian length follows. */
  BITS64: 0x81,
  /** Top bits 11: the low six bits name a special string encoding (RdbEnc). */
  ENCVAL: 3,
} as const;

/** Special string encodings (after an ENCVAL length byte). */
export const RdbEnc = {
  INT8: 0,
  INT16: 1,
  INT32: 2,
  LZF: 3,
} as const;

/** Quicklist v2 node containers. */
export const QuicklistContainer = {
  PLAIN: 1,
  PACKED: 2,
} as const;

/** Module value sub-opcodes (RDB_TYPE_MODULE_2 and MODULE_AUX payloads). */
export const ModuleOpcode = {
  EOF: 0,
  SINT: 1,
  UINT: 2,
  FLOAT: 3,
  DOUBLE: 4,
  STRING: 5,
} as const;

/** Special score lengths of the old string-double format (RDB_TYPE_ZSET). */
export const DoubleLen = {
  NAN: 253,
  POS_INF: 254,
  NEG_INF: 255,
} as const;
