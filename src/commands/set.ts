/**
 * Set commands (the set group of Redis 7.0). The value type is types/set.ts (intset or
 * hashtable encoding). This file has the single-key commands and SSCAN, and merges the group:
 * random picks (SRANDMEMBER, SPOP) live in set-random.ts, the algebra (SINTER, SUNION, SDIFF,
 * their STORE forms, SINTERCARD, SMEMBERS) in set-algebra.ts.
 *
 * Writes count in `engine.dirty` as Redis's server.dirty does; keyspace notifications and
 * propagation hook in next to each `dirty` change.
 */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { defineCommands } from './define.js';
import { parseScanOptions } from './scan.js';
import { maxIntset, setForRead, setForWrite } from './set-common.js';
import { algebraCommands } from './set-algebra.js';
import { randomCommands } from './set-random.js';
import { parseCursor, resumeOrStart, scanCursorsOf } from '../keyspace/scan-cursor.js';
import { SetValue } from '../types/set.js';
import { globMatch } from '../util/glob.js';
import { notify, Notify } from '../engine/notify.js';

function sadd(c: Client, argv: string[]): void {
  const key = argv[1];
  let set = setForWrite(c, key);
  if (set === null) return;
  if (set === undefined) {
    set = SetValue.forFirstMember(argv[2]);
    c.db.set(key, set);
  }
  const max = maxIntset(c);
  let added = 0;
  for (let j = 2; j < argv.length; j++) if (set.add(argv[j], max)) added++;
  if (added > 0) {
    c.db.signalModified(key);
    notify(c, Notify.Set, 'sadd', key);
  }
  c.engine.dirty += added;
  c.reply.int(added);
}

function srem(c: Client, argv: string[]): void {
  const key = argv[1];
  const set = setForWrite(c, key);
  if (set === null) return;
  if (set === undefined) return c.reply.int(0);
  let deleted = 0;
  let removed = false;
  for (let j = 2; j < argv.length; j++) {
    if (!set.remove(argv[j])) continue;
    deleted++;
    if (set.size === 0) {
      // The key goes with its last member; the remaining arguments are not looked at.
      removed = c.db.remove(key);
      break;
    }
  }
  if (deleted > 0) {
    c.db.signalModified(key);
    notify(c, Notify.Set, 'srem', key);
    if (removed) notify(c, Notify.Generic, 'del', key);
  }
  c.engine.dirty += deleted;
  c.reply.int(deleted);
}

function smove(c: Client, argv: string[]): void {
  const [, srcKey, dstKey, member] = argv;
  const db = c.db;
  const src = db.lookup(srcKey);
  const dst = db.lookup(dstKey);
  // A missing source answers 0 before any type check, as in Redis.
  if (src === undefined) return c.reply.int(0);
  if (!(src instanceof SetValue) || (dst !== undefined && !(dst instanceof SetValue))) {
    return c.reply.error(Errors.wrongType);
  }
  if (src === dst) return c.reply.int(src.has(member) ? 1 : 0);
  if (!src.remove(member)) return c.reply.int(0);
  notify(c, Notify.Set, 'srem', srcKey);
  if (src.size === 0) {
    db.remove(srcKey);
    notify(c, Notify.Generic, 'del', srcKey);
  }
  let target = dst;
  if (target === undefined) {
    target = SetValue.forFirstMember(member);
    db.set(dstKey, target);
  }
  c.engine.dirty++;
  db.signalModified(srcKey);
  if (target.add(member, maxIntset(c))) {
    c.engine.dirty++;
    db.signalModified(dstKey);
    notify(c, Notify.Set, 'sadd', dstKey);
  }
  c.reply.int(1);
}

function sismember(c: Client, argv: string[]): void {
  const set = setForRead(c, argv[1]);
  if (set === null) return;
  c.reply.int(set !== undefined && set.has(argv[2]) ? 1 : 0);
}

function smismember(c: Client, argv: string[]): void {
  const set = setForRead(c, argv[1]);
  if (set === null) return;
  let out = '*' + (argv.length - 2) + '\r\n';
  for (let j = 2; j < argv.length; j++) out += set !== undefined && set.has(argv[j]) ? ':1\r\n' : ':0\r\n';
  c.reply.raw(out);
}

function scard(c: Client, argv: string[]): void {
  const set = setForRead(c, argv[1]);
  if (set === null) return;
  c.reply.int(set === undefined ? 0 : set.size);
}

/**
 * SSCAN key cursor [MATCH p] [COUNT n]. Redis checks the cursor, then the key (a missing key
 * answers an empty scan before the options are parsed), then the options. An intset replies with
 * everything and cursor 0 whatever the cursor; a hashtable is walked with a saved live iterator
 * over its Map (keyspace/scan-cursor.ts).
 */
function sscan(c: Client, argv: string[]): void {
  const cursor = parseCursor(argv[2]);
  if (cursor === null) return c.reply.error(Errors.invalidCursor);
  const set = setForRead(c, argv[1]);
  if (set === null) return;
  if (set === undefined) return c.reply.raw('*2\r\n$1\r\n0\r\n*0\r\n');
  const opts = parseScanOptions(c, argv, 3, false);
  if (opts === null) return;
  const pattern = opts.pattern;
  const out: string[] = [];
  let next = '0';
  const table = set.hashtable();
  if (table === undefined) {
    for (const m of set.members()) if (pattern === null || globMatch(pattern, m)) out.push(m);
  } else {
    const registry = scanCursorsOf(c.engine);
    const it = resumeOrStart(registry, cursor, table, table.version, () => table.keys(), table.size);
    for (let n = 0; n < opts.count; n++) {
      const m = it.next();
      if (m === undefined) break;
      // The member read ahead by the previous call may be gone since.
      if (!table.has(m)) continue;
      if (pattern !== null && !globMatch(pattern, m)) continue;
      out.push(m);
    }
    if (it.hasMore()) next = String(registry.save(it));
  }
  const r = c.reply;
  r.arrayLen(2);
  r.bulk(next);
  r.bulkArray(out);
}

export const setCommands = defineCommands({
  sadd,
  srem,
  smove,
  sismember,
  smismember,
  scard,
  sscan,
  ...randomCommands,
  ...algebraCommands,
});
