/**
 * Database management: SELECT, DBSIZE, SWAPDB, FLUSHDB, FLUSHALL.
 *
 * FLUSHDB/FLUSHALL/SWAPDB replace a database's contents wholesale: Db.clear()/swapWith() bump its
 * generation, and the SCAN cursors saved for it are dropped here so they do not keep the old
 * contents alive (a client resuming such a cursor restarts on the new contents).
 */
import type { Client } from '../engine/client.js';
import type { Engine } from '../engine/engine.js';
import { Errors } from '../engine/errors.js';
import { defineCommands } from './define.js';
import { clusterEnabled, dbAt, intArgOrReply } from './keyspace-common.js';
import { optionIs } from './string-common.js';
import { scanCursorsOf } from '../keyspace/scan-cursor.js';
import { lazyFreeOf } from '../keyspace/lazy-free.js';
import type { Db } from '../keyspace/db.js';
import { forcePropagation } from '../engine/propagation/api.js';

/**
 * Called after FLUSHALL emptied every database (the persistence layer saves an empty snapshot
 * when save points are configured, as Redis's flushAllDataAndResetRDB does).
 */
export const afterFlushAll: ((engine: Engine) => void)[] = [];

/** Redis's getFlushCommandFlags: true for ASYNC, false for SYNC, null (after replying) if invalid. */
function flushMode(c: Client, argv: string[]): boolean | null {
  if (argv.length === 1) return c.engine.config.bool('lazyfree-lazy-user-flush');
  if (argv.length === 2 && optionIs(argv[1], 'sync')) return false;
  if (argv.length === 2 && optionIs(argv[1], 'async')) return true;
  c.reply.error(Errors.syntax);
  return null;
}

/** Empties `db`; returns the number of keys removed. */
export function emptyDb(engine: Engine, db: Db, async: boolean): number {
  const n = db.clear();
  scanCursorsOf(engine).forget(db);
  // The old contents are already unreachable; ASYNC only changes what INFO reports.
  if (async) lazyFreeOf(engine).freeMany(null, n);
  return n;
}

export const databaseCommands = defineCommands({
  select: (c, argv) => {
    const id = intArgOrReply(c, argv[1]);
    if (id === null) return;
    if (clusterEnabled(c.engine) && id !== 0) return c.reply.error('ERR SELECT is not allowed in cluster mode');
    const db = dbAt(c.engine, id);
    if (db === undefined) return c.reply.error(Errors.dbIndexOutOfRange);
    c.db = db;
    c.reply.ok();
  },
  // Like Redis, counts keys whose TTL passed but that were not reclaimed yet.
  dbsize: (c) => c.reply.int(c.db.size),
  swapdb: (c, argv) => {
    const engine = c.engine;
    if (clusterEnabled(engine)) return c.reply.error('ERR SWAPDB is not allowed in cluster mode');
    const id1 = intArgOrReply(c, argv[1], 'invalid first DB index');
    if (id1 === null) return;
    const id2 = intArgOrReply(c, argv[2], 'invalid second DB index');
    if (id2 === null) return;
    const a = dbAt(engine, id1);
    const b = dbAt(engine, id2);
    if (a === undefined || b === undefined) return c.reply.error(Errors.dbIndexOutOfRange);
    if (a !== b) {
      a.swapWith(b);
      const cursors = scanCursorsOf(engine);
      cursors.forget(a);
      cursors.forget(b);
    }
    // Redis 7.0 sends client-side caches no invalidation for SWAPDB.
    engine.dirty++;
    c.reply.ok();
  },
  flushdb: (c, argv) => {
    const async = flushMode(c, argv);
    if (async === null) return;
    c.engine.dirty += emptyDb(c.engine, c.db, async);
    // Replicas must flush too even when this database looked empty here.
    forcePropagation(c);
    c.engine.tracking.invalidateAll();
    c.reply.ok();
  },
  flushall: (c, argv) => {
    const async = flushMode(c, argv);
    if (async === null) return;
    const engine = c.engine;
    for (const db of engine.dbs) engine.dirty += emptyDb(engine, db, async);
    engine.tracking.invalidateAll();
    for (const fn of afterFlushAll) fn(engine);
    forcePropagation(c);
    c.reply.ok();
  },
});
