/**
 * OBJECT ENCODING | FREQ | IDLETIME | REFCOUNT | HELP.
 *
 * Sonic stores values its own way; OBJECT reports what Redis would: string encodings by Redis's
 * rules ("int" for canonical 64-bit integers up to 20 bytes, "embstr" up to 44 bytes, "raw"
 * beyond or once modified in place), collection encodings from each type's encoding(). REFCOUNT
 * is 2147483647 (Redis's OBJ_SHARED_REFCOUNT) for the integers 0..9999 that Redis shares, unless
 * maxmemory is set with an LRU/LFU policy, where Redis stops sharing them; else 1.
 */
import type { Client } from '../engine/client.js';
import type { Engine } from '../engine/engine.js';
import { defineCommands } from './define.js';
import { replyHelp } from './help.js';
import { stringEncoding } from './debug.js';
import { lookupNoTouch } from './keyspace-common.js';
import type { Value } from '../types/value.js';
import { isLfuPolicy, isLruPolicy, maxmemoryPolicy } from '../engine/eviction.js';
import { lfuDecayed } from '../keyspace/lfu.js';

const HELP = [
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
] as const;

const OBJ_SHARED_REFCOUNT = 2147483647;
const OBJ_SHARED_INTEGERS = 10000;

function lfuPolicy(engine: Engine): boolean {
  return isLfuPolicy(maxmemoryPolicy(engine));
}

/** Whether Redis would store this value as one of its shared integer objects. */
function sharedInteger(engine: Engine, v: Value): boolean {
  if (typeof v !== 'string' || v.length > 4) return false;
  // With maxmemory and an LRU/LFU policy every key needs its own access field: nothing shared.
  const policy = maxmemoryPolicy(engine);
  const maxmemory = engine.config.get<unknown>('maxmemory');
  if ((isLruPolicy(policy) || isLfuPolicy(policy)) && maxmemory !== 0 && maxmemory !== 0n) return false;
  if (stringEncoding(v) !== 'int') return false;
  const n = Number(v);
  return n >= 0 && n < OBJ_SHARED_INTEGERS;
}

/** Looks the key up for OBJECT (no touch), replying null when it is missing. */
function lookupOrNull(c: Client, key: string): Value | undefined {
  const v = lookupNoTouch(c, key, false);
  if (v === undefined) c.reply.nullBulk();
  return v;
}

export const objectCommands = defineCommands({
  'object|help': (c, argv) => replyHelp(c, argv[0], HELP),
  'object|encoding': (c, argv) => {
    const v = lookupOrNull(c, argv[2]);
    // stringEncoding covers every type: Redis's rules for strings, encoding() for collections.
    if (v !== undefined) c.reply.bulk(stringEncoding(v));
  },
  'object|refcount': (c, argv) => {
    const v = lookupOrNull(c, argv[2]);
    if (v !== undefined) c.reply.int(sharedInteger(c.engine, v) ? OBJ_SHARED_REFCOUNT : 1);
  },
  'object|idletime': (c, argv) => {
    const v = lookupOrNull(c, argv[2]);
    if (v === undefined) return;
    if (lfuPolicy(c.engine)) {
      return c.reply.error(
        'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
      );
    }
    c.reply.int(c.db.idleSeconds(argv[2]));
  },
  'object|freq': (c, argv) => {
    const v = lookupOrNull(c, argv[2]);
    if (v === undefined) return;
    if (!lfuPolicy(c.engine)) {
      return c.reply.error(
        'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
      );
    }
    // The counter as decayed by now, not stored back (Redis's LFUDecrAndReturn).
    const field = c.db.accessTime(argv[2]);
    c.reply.int(field === undefined ? 0 : lfuDecayed(field, c.engine.lfuClock()));
  },
});
