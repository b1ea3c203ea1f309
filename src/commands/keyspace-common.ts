/** Pieces shared by the keyspace command files (keyspace.ts, expire.ts, object.ts, database.ts, scan.ts). */
import type { Client } from '../engine/client.js';
import type { Engine } from '../engine/engine.js';
import type { Db } from '../keyspace/db.js';
import { Errors } from '../engine/errors.js';
import { lazyFreeOf } from '../keyspace/lazy-free.js';
import type { Value } from '../types/value.js';
import { parseInt64 } from '../util/int64.js';
import { notify, Notify } from '../engine/notify.js';
import { MAX_STRING_BYTES } from './string-common.js';

/**
 * Redis's lookupKeyReadWithFlags(LOOKUP_NOTOUCH): expires the key if needed and counts a
 * keyspace hit or miss, but leaves its access time alone (EXISTS, TYPE, TTL, OBJECT). A miss
 * raises the keymiss event unless `notifyMiss` is false (OBJECT's LOOKUP_NONOTIFY).
 */
export function lookupNoTouch(c: Client, key: string, notifyMiss = true): Value | undefined {
  const db = c.db;
  const v = db.exists(key) ? db.peek(key) : undefined;
  c.engine.hit(v !== undefined);
  if (v === undefined && notifyMiss) notify(c, Notify.KeyMiss, 'keymiss', key);
  return v;
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/**
 * Redis's getIntFromObjectOrReply: a C int, or (after replying) null. With `msg`, every failure
 * replies `ERR <msg>`; without, "not an integer" or the range error.
 */
export function intArgOrReply(c: Client, arg: string, msg?: string): number | null {
  const v = parseInt64(arg);
  if (v === null) {
    c.reply.error(msg !== undefined ? 'ERR ' + msg : Errors.notInteger);
    return null;
  }
  if (typeof v === 'bigint' || v < INT_MIN || v > INT_MAX) {
    c.reply.error(msg !== undefined ? 'ERR ' + msg : `ERR value is out of range, value must between ${INT_MIN} and ${INT_MAX}`);
    return null;
  }
  return v;
}

/** The database with index `id`, or undefined when out of range (Redis's selectDb check). */
export function dbAt(engine: Engine, id: number): Db | undefined {
  return id >= 0 && id < engine.dbs.length ? engine.dbs[id] : undefined;
}

/** True when the server runs in cluster mode (one database, no SELECT/MOVE/SWAPDB). */
export function clusterEnabled(engine: Engine): boolean {
  return engine.config.get('cluster-enabled') === true;
}

/**
 * Deletes `key` from `db` (which must hold it), freeing its value lazily when `lazy` (UNLINK and
 * the lazyfree-lazy-* configs). Returns what Db.remove returns.
 */
export function removeKey(engine: Engine, db: Db, key: string, lazy: boolean): boolean {
  if (lazy) {
    const v = db.peek(key);
    if (v !== undefined) lazyFreeOf(engine).freeValue(v);
  }
  return db.remove(key);
}

/** A collection value class, for the instanceof check of the typed lookups below. */
type ValueClass<T> = abstract new (...args: never[]) => T;

/**
 * The value at `key` as an instance of `cls`, for reading (Redis's lookupKeyRead: counts a
 * keyspace hit or miss): undefined when missing, null after replying WRONGTYPE when the key
 * holds another type.
 */
export function readTyped<T>(c: Client, key: string, cls: ValueClass<T>): T | undefined | null {
  const v = c.db.lookupRead(key);
  if (v === undefined || v instanceof cls) return v as T | undefined;
  c.reply.error(Errors.wrongType);
  return null;
}

/** As readTyped, for commands that write (Redis's lookupKeyWrite: no hit/miss accounting). */
export function writeTyped<T>(c: Client, key: string, cls: ValueClass<T>): T | undefined | null {
  const v = c.db.lookup(key);
  if (v === undefined || v instanceof cls) return v as T | undefined;
  c.reply.error(Errors.wrongType);
  return null;
}

/**
 * Above this many reply bytes a runaway reply (SRANDMEMBER / HRANDFIELD with a huge negative
 * count) is abandoned: Redis streams such a reply and closes the client once it passes its
 * output limit; Sonic's reply is one JS string, which could not hold it.
 */
export const MAX_REPLY_BYTES = MAX_STRING_BYTES >> 1;

/** Drops the pending reply and closes the connection (an over-long reply, see MAX_REPLY_BYTES). */
export function abandonReply(c: Client): void {
  c.reply.take();
  c.closeAfterReply = true;
  c.transport.close(false);
}
