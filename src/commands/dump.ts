/**
 * DUMP, RESTORE, SAVE and DEBUG RELOAD: the commands built on the RDB codec
 * (src/persistence/rdb) and the snapshot files (src/persistence/snapshot.ts).
 */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { setLruOrLfu } from '../engine/eviction.js';
import { createDumpPayload, decodeDumpPayload, verifyDumpPayload } from '../persistence/rdb/payload.js';
import { buildValue, describeValue } from '../persistence/rdb/values.js';
import { encodingLimits, loadRdb, logLoadResult, rdbPath, saveRdb } from '../persistence/snapshot.js';
import { snapshotInProgress } from '../persistence/bgsave/bgsave.js';
import { saveStateOf } from '../persistence/bgsave/state.js';
import { RdbError } from '../persistence/rdb/errors.js';
import { parseInt64 } from '../util/int64.js';
import { defineCommands } from './define.js';
import { notify, Notify } from '../engine/notify.js';
import { registerDebugSubcommand } from './debug.js';
import { optionIs } from './string-common.js';
import { isPropagating, propagateAs } from '../engine/propagation/api.js';

/** maxmemory-policy values with the LFU flag (volatile-lfu, allkeys-lfu). */

/** Redis's getLongLongFromObjectOrReply: the value, or null after replying. */
function longLongOrReply(c: Client, arg: string): number | null {
  const v = parseInt64(arg);
  if (v === null) {
    c.reply.error(Errors.notInteger);
    return null;
  }
  return Number(v);
}

function restore(c: Client, argv: string[]): void {
  let replace = false;
  let absttl = false;
  let idle = -1;
  let freq = -1;
  for (let j = 4; j < argv.length; j++) {
    const more = argv.length - j - 1;
    const opt = argv[j];
    if (optionIs(opt, 'replace')) {
      replace = true;
    } else if (optionIs(opt, 'absttl')) {
      absttl = true;
    } else if (optionIs(opt, 'idletime') && more >= 1 && freq === -1) {
      const v = longLongOrReply(c, argv[++j]);
      if (v === null) return;
      if (v < 0) return c.reply.error('ERR Invalid IDLETIME value, must be >= 0');
      idle = v;
    } else if (optionIs(opt, 'freq') && more >= 1 && idle === -1) {
      const v = longLongOrReply(c, argv[++j]);
      if (v === null) return;
      if (v < 0 || v > 255) return c.reply.error('ERR Invalid FREQ value, must be >= 0 and <= 255');
      freq = v;
    } else {
      return c.reply.error(Errors.syntax);
    }
  }
  const key = argv[1];
  const db = c.db;
  if (!replace && db.lookup(key) !== undefined) return c.reply.error(Errors.busyKey);
  const ttlArg = parseInt64(argv[2]);
  if (ttlArg === null) return c.reply.error(Errors.notInteger);
  if (ttlArg < 0) return c.reply.error('ERR Invalid TTL value, must be >= 0');
  const payload = Buffer.from(argv[3], 'latin1');
  if (!verifyDumpPayload(payload)) return c.reply.error('ERR DUMP payload version or checksum are wrong');
  let value;
  try {
    const decoded = decodeDumpPayload(payload, encodingLimits(c.engine), true);
    value = buildValue(decoded);
  } catch (e) {
    if (!(e instanceof RdbError)) throw e;
    c.engine.log('verbose', `Internal error in RESTORE payload at offset ${e.offset}: ${e.message}`);
    value = null;
  }
  if (value === null || value === undefined) return c.reply.error('ERR Bad data format');

  const deleted = replace ? db.delete(key) : false;
  let ttl = Number(ttlArg);
  const now = c.engine.clock.now();
  if (ttl !== 0 && !absttl) ttl += now;
  if (ttl !== 0 && ttl <= now) {
    // Already expired: the key is gone (the old one deleted by REPLACE, which propagates as DEL),
    // nothing is created.
    if (deleted) {
      notify(c, Notify.Generic, 'del', key);
      c.engine.dirty++;
      propagateAs(c, ['DEL', key]);
    }
    return c.reply.ok();
  }
  db.set(key, value);
  if (ttl !== 0) db.setExpire(key, ttl);
  // FREQ sets the LFU counter under an LFU policy, IDLETIME the access time under any other.
  setLruOrLfu(c.engine, db.id, key, freq, idle);
  notify(c, Notify.Generic, 'restore', key);
  c.engine.dirty++;
  c.reply.ok();
  // A relative TTL propagates as the absolute time: RESTORE key <ms> payload ... ABSTTL.
  if (ttl !== 0 && !absttl && isPropagating(c.engine)) {
    const form = argv.slice();
    form[2] = String(ttl);
    form.push('ABSTTL');
    propagateAs(c, form);
  }
}

export const dumpCommands = defineCommands({
  dump: (c, argv) => {
    const v = c.db.lookupRead(argv[1]);
    if (v === undefined) return c.reply.nullBulk();
    const d = describeValue(v);
    if (d === null) return c.reply.error('ERR DUMP is not supported for this value type yet');
    const payload = createDumpPayload(d, encodingLimits(c.engine), c.engine.config.bool('rdbcompression'));
    c.reply.bulk(payload.toString('latin1'));
  },
  restore,
  save: (c) => {
    if (snapshotInProgress(c.engine) === 'rdb') return c.reply.error('ERR Background save already in progress');
    saveStateOf(c.engine).saves++;
    if (saveRdb(c.engine) !== null) return c.reply.error('ERR');
    c.reply.ok();
  },
});

registerDebugSubcommand(
  'reload',
  (n) => n >= 2,
  (c, argv) => {
    let flush = true;
    let save = true;
    let merge = false;
    for (let j = 2; j < argv.length; j++) {
      const opt = argv[j].toLowerCase();
      if (opt === 'merge') merge = true;
      else if (opt === 'noflush') flush = false;
      else if (opt === 'nosave') save = false;
      else return c.reply.error('ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.');
    }
    const engine = c.engine;
    if (save && saveRdb(engine) !== null) return c.reply.error('ERR');
    try {
      const result = loadRdb(engine, rdbPath(engine), { flush, merge });
      logLoadResult(engine, result);
    } catch (e) {
      const where = e instanceof RdbError ? ` at offset ${e.offset}` : '';
      engine.log('warning', `Error loading ${rdbPath(engine)}${where}: ${(e as Error).message}`);
      return c.reply.error('ERR Error trying to load the RDB dump');
    }
    engine.log('warning', 'DB reloaded by DEBUG RELOAD');
    c.reply.ok();
  },
  [
    'RELOAD [option ...]',
    '    Save the RDB on disk and reload it back to memory. Available <option> values:',
    '    * MERGE: conflicting keys will be loaded from RDB.',
    '    * NOFLUSH: the existing database will not be removed before load, but',
    '      conflicting keys will generate an exception and kill the server.',
    '    * NOSAVE: the database will be loaded from an existing RDB file.',
    '    Examples:',
    '    * DEBUG RELOAD: verify that the server is able to persist, flush and reload',
    '      the database.',
    '    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an',
    '      existing RDB file.',
    '    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB',
    '      file to the database.',
  ],
);
