/**
 * The keyspace ("generic") command group: DEL, UNLINK, EXISTS, TYPE, RENAME, RENAMENX, MOVE,
 * COPY, KEYS, RANDOMKEY, TOUCH. Expiry commands live in expire.ts, SCAN in scan.ts, OBJECT in
 * object.ts, database management (SELECT, SWAPDB, FLUSH*, DBSIZE) in database.ts; this file
 * merges them into one group.
 *
 * Writes count in `engine.dirty` as Redis's server.dirty does; keyspace notifications
 * (del, rename_from/rename_to, move_from/move_to, copy_to), WATCH invalidation and propagation
 * hook in next to each `dirty++`.
 */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { defineCommands } from './define.js';
import { clusterEnabled, dbAt, intArgOrReply, lookupNoTouch, removeKey } from './keyspace-common.js';
import { expireCommands } from './expire.js';
import { scanCommands } from './scan.js';
import { objectCommands } from './object.js';
import { databaseCommands } from './database.js';
import { optionIs } from './string-common.js';
import { randomKey } from '../keyspace/random-key.js';
import { lazyFreeOf } from '../keyspace/lazy-free.js';
import type { Db } from '../keyspace/db.js';
import { MutableString } from '../types/mutable-string.js';
import { typeOf, type Value } from '../types/value.js';
import { globMatch, matchesEverything } from '../util/glob.js';
import { notify, notifyKeyspaceEvent, Notify } from '../engine/notify.js';

/** DEL and UNLINK: the number of keys removed (expired keys do not count). */
function del(c: Client, argv: string[], lazy: boolean): void {
  const db = c.db;
  let n = 0;
  for (let j = 1; j < argv.length; j++) {
    const key = argv[j];
    if (db.expireIfNeeded(key)) continue;
    if (removeKey(c.engine, db, key, lazy)) {
      notify(c, Notify.Generic, 'del', key);
      c.engine.dirty++;
      n++;
    }
  }
  c.reply.int(n);
}

/** Frees the value about to be overwritten at `key`, lazily under lazyfree-lazy-server-del. */
function releaseOverwritten(c: Client, db: Db, key: string): void {
  if (!c.engine.config.bool('lazyfree-lazy-server-del')) return;
  const old = db.peek(key);
  if (old !== undefined) lazyFreeOf(c.engine).freeValue(old);
}

/** RENAME / RENAMENX. The destination keeps its place in the keyspace (SCAN order). */
function rename(c: Client, argv: string[], nx: boolean): void {
  const db = c.db;
  const src = argv[1];
  const dst = argv[2];
  const v = db.lookup(src);
  if (v === undefined) return c.reply.error(Errors.noSuchKey);
  if (src === dst) return nx ? c.reply.int(0) : c.reply.ok();
  const when = db.getExpire(src);
  const overwritten = db.lookup(dst) !== undefined;
  if (overwritten) {
    if (nx) return c.reply.int(0);
    releaseOverwritten(c, db, dst);
  }
  // Redis signals the source as modified before the destination (client-side caches are told
  // in that order); its removal below signals it again, to no further effect.
  db.signalModified(src);
  // Overwriting in place (not delete + add) keeps the destination's place in SCAN order.
  db.set(dst, v);
  // Redis deletes and re-adds an overwritten destination: it is a new key all the same.
  if (overwritten) notify(c, Notify.New, 'new', dst);
  if (when !== undefined) db.setExpire(dst, when);
  db.remove(src);
  notify(c, Notify.Generic, 'rename_from', src);
  notify(c, Notify.Generic, 'rename_to', dst);
  c.engine.dirty++;
  if (nx) c.reply.int(1);
  else c.reply.ok();
}

function move(c: Client, argv: string[]): void {
  if (clusterEnabled(c.engine)) return c.reply.error('ERR MOVE is not allowed in cluster mode');
  const src = c.db;
  const id = intArgOrReply(c, argv[2]);
  if (id === null) return;
  const dst = dbAt(c.engine, id);
  if (dst === undefined) return c.reply.error(Errors.dbIndexOutOfRange);
  if (dst === src) return c.reply.error(Errors.sameObject);
  const key = argv[1];
  const v = src.lookup(key);
  if (v === undefined) return c.reply.int(0);
  const when = src.getExpire(key);
  if (dst.lookup(key) !== undefined) return c.reply.int(0);
  dst.set(key, v);
  if (when !== undefined) dst.setExpire(key, when);
  src.remove(key);
  notifyKeyspaceEvent(c.engine, Notify.Generic, 'move_from', key, src.id);
  notifyKeyspaceEvent(c.engine, Notify.Generic, 'move_to', key, dst.id);
  c.engine.dirty++;
  c.reply.int(1);
}

/** An independent copy of a value (COPY); undefined for a type that cannot be copied. */
function dup(v: Value): Value | undefined {
  if (typeof v === 'string') return v; // JS strings are immutable: sharing is copying
  if (v instanceof MutableString) return new MutableString(v.toString());
  return v.dup?.();
}

function copy(c: Client, argv: string[]): void {
  const engine = c.engine;
  const src = c.db;
  let dst = c.db;
  let replace = false;
  for (let j = 3; j < argv.length; j++) {
    if (optionIs(argv[j], 'replace')) {
      replace = true;
    } else if (optionIs(argv[j], 'db') && j + 1 < argv.length) {
      const id = intArgOrReply(c, argv[j + 1]);
      if (id === null) return;
      const d = dbAt(engine, id);
      if (d === undefined) return c.reply.error(Errors.dbIndexOutOfRange);
      dst = d;
      j++;
    } else {
      return c.reply.error(Errors.syntax);
    }
  }
  if (clusterEnabled(engine) && (src.id !== 0 || dst.id !== 0)) {
    return c.reply.error('ERR Copying to another database is not allowed in cluster mode');
  }
  const key = argv[1];
  const newkey = argv[2];
  if (src === dst && key === newkey) return c.reply.error(Errors.sameObject);
  const v = src.lookupRead(key);
  if (v === undefined) return c.reply.int(0);
  const when = src.getExpire(key);
  const exists = dst.lookup(newkey) !== undefined;
  if (exists && !replace) return c.reply.int(0);
  const copied = dup(v);
  if (copied === undefined) return c.reply.error('ERR unknown type object');
  if (exists) releaseOverwritten(c, dst, newkey);
  dst.set(newkey, copied);
  if (exists) notifyKeyspaceEvent(engine, Notify.New, 'new', newkey, dst.id);
  if (when !== undefined) dst.setExpire(newkey, when);
  notifyKeyspaceEvent(engine, Notify.Generic, 'copy_to', newkey, dst.id);
  engine.dirty++;
  c.reply.int(1);
}

/** KEYS: every live key matching the pattern. Expired keys are skipped but not deleted (no writes). */
function keys(c: Client, argv: string[]): void {
  const db = c.db;
  const pattern = argv[1];
  const all = matchesEverything(pattern);
  const out: string[] = [];
  for (const k of db.keys()) {
    if ((all || globMatch(pattern, k)) && !db.isExpired(k)) out.push(k);
  }
  c.reply.bulkArray(out);
}

export const keyspaceCommands = defineCommands({
  del: (c, argv) => del(c, argv, c.engine.config.bool('lazyfree-lazy-user-del')),
  unlink: (c, argv) => del(c, argv, true),
  exists: (c, argv) => {
    let n = 0;
    for (let j = 1; j < argv.length; j++) if (lookupNoTouch(c, argv[j]) !== undefined) n++;
    c.reply.int(n);
  },
  type: (c, argv) => {
    const v = lookupNoTouch(c, argv[1]);
    c.reply.simple(v === undefined ? 'none' : typeOf(v));
  },
  rename: (c, argv) => rename(c, argv, false),
  renamenx: (c, argv) => rename(c, argv, true),
  move,
  copy,
  keys,
  randomkey: (c) => {
    const k = randomKey(c.db);
    if (k === null) c.reply.nullBulk();
    else c.reply.bulk(k);
  },
  touch: (c, argv) => {
    let n = 0;
    for (let j = 1; j < argv.length; j++) if (c.db.lookupRead(argv[j]) !== undefined) n++;
    c.reply.int(n);
  },
  ...expireCommands,
  ...scanCommands,
  ...objectCommands,
  ...databaseCommands,
});
