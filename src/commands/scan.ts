/**
 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type].
 *
 * A cursor names a saved live iterator over the database (see keyspace/scan-cursor.ts for the
 * design and its guarantee). Each call reads COUNT entries (Redis's COUNT is likewise a number of
 * entries looked at, not returned), then filters them in Redis's order: pattern, type, expiry
 * (expired keys are deleted as a side effect, as Redis's expireIfNeeded does).
 *
 * parseScanOptions() is shared with SSCAN/HSCAN/ZSCAN (they pass allowType = false).
 */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { defineCommands } from './define.js';
import { optionIs } from './string-common.js';
import { lookupNoTouch } from './keyspace-common.js';
import { parseCursor, resumeOrStart, scanCursorsOf } from '../keyspace/scan-cursor.js';
import { typeOf } from '../types/value.js';
import { globMatch, matchesEverything } from '../util/glob.js';
import { parseInt64 } from '../util/int64.js';

/** Options of the SCAN family. */
export interface ScanOptions {
  count: number;
  /** The MATCH pattern, or null when absent or exactly "*". */
  pattern: string | null;
  /** The TYPE name (SCAN only), or null. */
  type: string | null;
}

/**
 * Parses [MATCH p] [COUNT n] [TYPE t] from argv[start] on, as Redis's scanGenericCommand: the last
 * of a repeated option wins, COUNT must be an integer >= 1 (else a syntax error), an option
 * without its value is a syntax error. Replies and returns null on error.
 */
export function parseScanOptions(c: Client, argv: string[], start: number, allowType: boolean): ScanOptions | null {
  const opts: ScanOptions = { count: 10, pattern: null, type: null };
  for (let i = start; i < argv.length; i += 2) {
    const opt = argv[i];
    const hasValue = i + 1 < argv.length;
    if (hasValue && optionIs(opt, 'count')) {
      const n = parseInt64(argv[i + 1]);
      if (n === null) {
        c.reply.error(Errors.notInteger);
        return null;
      }
      if (n < 1) {
        c.reply.error(Errors.syntax);
        return null;
      }
      // Past 2^53 a count is "everything" in practice; keep it a number.
      opts.count = Number(n);
    } else if (hasValue && optionIs(opt, 'match')) {
      const p = argv[i + 1];
      opts.pattern = matchesEverything(p) ? null : p;
    } else if (hasValue && allowType && optionIs(opt, 'type')) {
      opts.type = argv[i + 1];
    } else {
      c.reply.error(Errors.syntax);
      return null;
    }
  }
  return opts;
}

/** strcasecmp on ASCII, as Redis compares TYPE names (bytes after a NUL are ignored). */
function typeNameIs(wanted: string, actual: string): boolean {
  const nul = wanted.indexOf('\0');
  const w = nul === -1 ? wanted : wanted.slice(0, nul);
  return w.length === actual.length && w.toLowerCase() === actual;
}

function scan(c: Client, argv: string[]): void {
  const cursor = parseCursor(argv[1]);
  if (cursor === null) return c.reply.error(Errors.invalidCursor);
  const opts = parseScanOptions(c, argv, 2, true);
  if (opts === null) return;
  const db = c.db;
  const registry = scanCursorsOf(c.engine);
  // Cursor 0 starts; an unknown cursor restarts (see scan-cursor.ts: never miss a key).
  const it = resumeOrStart(registry, cursor, db, db.generation, () => db.keys(), db.size);

  const out: string[] = [];
  for (let n = 0; n < opts.count; n++) {
    const key = it.next();
    if (key === undefined) break;
    // The key read ahead by the previous call may be gone since.
    if (db.peek(key) === undefined) continue;
    if (opts.pattern !== null && !globMatch(opts.pattern, key)) continue;
    if (opts.type !== null) {
      // Redis looks the key up (expiring it, counting a hit/miss) to learn its type.
      const v = lookupNoTouch(c, key);
      if (!typeNameIs(opts.type, v === undefined ? 'none' : typeOf(v))) continue;
    }
    if (db.expireIfNeeded(key)) continue;
    out.push(key);
  }
  const next = it.hasMore() ? String(registry.save(it)) : '0';
  const r = c.reply;
  r.arrayLen(2);
  r.bulk(next);
  r.bulkArray(out);
}

export const scanCommands = defineCommands({ scan });
