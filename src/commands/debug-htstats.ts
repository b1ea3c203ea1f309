/**
 * DEBUG HTSTATS <dbid> and DEBUG HTSTATS-KEY <key>: Redis's hash table statistics, in its text
 * layout. Sonic's tables are JavaScript Maps, whose bucket arrays are not observable, so only
 * what is true is reported: the number of elements of each table (Redis's "number of elements"
 * line); the table size and chain-length lines, which would describe a dict Sonic does not have,
 * are left out rather than invented.
 */
import { registerDebugSubcommand } from './debug.js';
import { stringEncoding } from './debug.js';
import { Errors } from '../engine/errors.js';
import { lookupNoTouch } from './keyspace-common.js';
import type { Value } from '../types/value.js';

/** Redis's dictGetStats text for a table of `n` elements, as far as Sonic can tell it truly. */
function tableStats(n: number): string {
  // Redis prints the main table's header even for an empty dictionary.
  const head = 'Hash table 0 stats (main hash table):\n';
  return n === 0 ? `${head}No stats available for empty dictionaries\n` : `${head} number of elements: ${n}\n`;
}

registerDebugSubcommand(
  'htstats',
  (n) => n === 3,
  (c, argv) => {
    const s = argv[2];
    if (!/^-?\d+$/.test(s) || !Number.isSafeInteger(Number(s))) return c.reply.error(Errors.notInteger);
    const id = Number(s);
    if (id < 0 || id >= c.engine.dbs.length) return c.reply.error(Errors.outOfRangeDb);
    const db = c.engine.dbs[id];
    c.reply.verbatim(`[Dictionary HT]\n${tableStats(db.data.size)}[Expires HT]\n${tableStats(db.expires.size)}`);
  },
  ['HTSTATS <dbid>', '    Return hash table statistics of the specified Redis database.'],
);

registerDebugSubcommand(
  'htstats-key',
  (n) => n === 3,
  (c, argv) => {
    const v: Value | undefined = lookupNoTouch(c, argv[2], false);
    if (v === undefined) return c.reply.error(Errors.noSuchKey);
    const enc = stringEncoding(v);
    if (enc !== 'hashtable' && enc !== 'skiplist') return c.reply.error(Errors.notHashTable);
    c.reply.verbatim(tableStats((v as unknown as { size: number }).size));
  },
  ['HTSTATS-KEY <key>', "    Like HTSTATS but for the hash table stored at <key>'s value."],
);
