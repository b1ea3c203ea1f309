/** Pieces shared by the hash command files (hash.ts, hash-random.ts). */
import { readTyped, writeTyped } from './keyspace-common.js';
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { HashValue, type HashLimits } from '../types/hash.js';

/** Reused by every call (no allocation per command); valid until the next call. */
const limits = { maxEntries: 0, maxValue: 0 };

/** The listpack limits from the config (hash-max-listpack-entries / -value), read per command. */
export function hashLimits(c: Client): HashLimits {
  const cfg = c.engine.config;
  limits.maxEntries = cfg.num('hash-max-listpack-entries');
  limits.maxValue = cfg.num('hash-max-listpack-value');
  return limits;
}

/**
 * The hash at `key` for reading (counts a hit/miss): undefined when missing, null after
 * replying WRONGTYPE when the key holds another type.
 */
export function readHash(c: Client, key: string): HashValue | undefined | null {
  return readTyped(c, key, HashValue);
}

/** Like readHash, for commands that write (no hit/miss counted, as Redis's lookupKeyWrite). */
export function lookupWriteHash(c: Client, key: string): HashValue | undefined | null {
  return writeTyped(c, key, HashValue);
}

/**
 * The hash at `key` for writing, created empty (and stored) when missing - Redis's
 * hashTypeLookupWriteOrCreate. Null after replying WRONGTYPE.
 */
export function writeHash(c: Client, key: string): HashValue | null {
  const v = c.db.lookup(key);
  if (v instanceof HashValue) return v;
  if (v !== undefined) {
    c.reply.error(Errors.wrongType);
    return null;
  }
  const h = new HashValue();
  c.db.set(key, h);
  return h;
}
